"""Typed formulas under a class's load: thirty at once on the warm worker pool, against a fresh interpreter per
formula with a wall-clock limit (how the page worked before the pool), measured in the same run. Prints its figures.

Usage: python bench/formulas.py
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from landscapes import FormulaError
from landscapes import formula as formula_module
from landscapes.formula_workers import FormulaPool
from tests.browser import resident_bytes
from tests.test_formula import HOSTILE, SLOW

ROOT = Path(__file__).resolve().parents[1]

CLASS = 30
WALL_LIMIT = 5.0
FRESH = "import sys, json; from landscapes.formula import symbolic; print(json.dumps(symbolic(sys.stdin.read())))"


def fresh_interpreter(text: str) -> bool:
    """The old way: a new Python for each formula, refused after 5 s of wall-clock time."""
    try:
        subprocess.run([sys.executable, "-c", FRESH], input=text, capture_output=True, text=True, timeout=WALL_LIMIT,
                       cwd=ROOT, check=True)  # fmt: skip
        return True
    except subprocess.TimeoutExpired:
        return False


def children_rss() -> int:
    """Memory of every process this one started (the workers, or the fresh interpreters)."""
    pids = subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True).stdout
    return resident_bytes(int(pid) for pid in pids.split())


def flood(solve) -> tuple[int, float, int]:
    """Thirty different formulas at once: how many were accepted, when the last answered, peak memory."""
    texts = [f"x^4 - {k + 2}*x^2 + x + y^2" for k in range(CLASS)]
    peak, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], children_rss())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    begin = time.perf_counter()
    with ThreadPoolExecutor(CLASS) as class_:
        accepted = sum(class_.map(solve, texts))
    last = time.perf_counter() - begin
    done.set()
    watcher.join()
    return accepted, last, peak[0]


def main():
    pool = FormulaPool()

    def on_pool(text):
        try:
            formula_module.symbolic_in_worker(text, pool)
            return True
        except FormulaError:
            return False

    on_pool("x^2 + y^2")  # warm
    accepted, last, peak = flood(on_pool)
    print(f"{CLASS} formulas at once, warm pool of {len(pool.worker_pids())} workers: {accepted} accepted, ", end="")
    print(f"the last after {last:.1f} s, workers' memory at the peak {peak / 2**20:.0f} MB ", end="")
    print("(targets: 30 accepted, <= 15 s, <= 400 MB)")
    accepted, last, peak = flood(fresh_interpreter)
    print(f"{CLASS} formulas at once, a fresh interpreter each with a {WALL_LIMIT:g} s wall-clock limit: ", end="")
    print(f"{accepted} accepted, the last after {last:.1f} s, memory at the peak {peak / 2**20:.0f} MB")

    alone = []
    for k in range(5):
        begin = time.perf_counter()
        formula_module.symbolic_in_worker(f"x^3 - {k + 7}*x*y + y^4", pool)
        alone.append(time.perf_counter() - begin)
    print(f"one new formula alone on the warm pool: median {statistics.median(alone) * 1e3:.0f} ms, ", end="")
    print(f"range {min(alone) * 1e3:.0f}-{max(alone) * 1e3:.0f} ms over {len(alone)} (target <= 300 ms)")
    begin = time.perf_counter()
    print(
        f"one formula alone in a fresh interpreter: {'ok' if fresh_interpreter('x^3 - 9*x*y + y^4') else 'refused'}, ",
        end="",
    )
    print(f"{(time.perf_counter() - begin) * 1e3:.0f} ms")

    begin = time.perf_counter()
    refused = 0
    for text in HOSTILE.values():
        try:
            formula_module.submit(text, pool)
        except FormulaError:
            refused += 1
    print(f"{len(HOSTILE)} hostile inputs: {refused} refused by the allowlist before any worker, ", end="")
    print(f"in {(time.perf_counter() - begin) * 1e3:.1f} ms all together")
    begin = time.perf_counter()
    status, _ = FormulaPool(workers=1, cpu_seconds=0.5).submit(SLOW).result()
    print(f"a formula slow to differentiate, 0.5 s of CPU allowed: {status} after {time.perf_counter() - begin:.1f} s")
    pool.close()


if __name__ == "__main__":
    main()
