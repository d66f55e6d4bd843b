"""The processes that differentiate typed formulas: a few warm workers, a queue in arrival order, and a limit on
the CPU time each formula may use, so that a class typing at once is served in turn, never refused for the load.

A worker is a separate Python process with SymPy already imported. It reads one formula a line as JSON text on
its standard input and answers one line of JSON: ["ok", trees] or ["error", [code, fields]]. Before each formula it
sets a timer on its own CPU time (the kernel stops it with SIGPROF past it) and it runs under an address-space cap;
a worker that dies is replaced. Time spent waiting in the queue counts against nothing. Workers exit when the
pool closes or when the server dies (their standard input ends), so none outlives it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import threading
from collections import OrderedDict
from concurrent.futures import Future
from pathlib import Path

CPU_SECONDS = 5.0
"""CPU time one formula may use in its worker."""
MEMORY_BYTES = 2 << 30
"""Address space a worker may map (a cap against a formula that would eat the server's memory)."""
WALL_SECONDS = 60.0
"""A worker that answers nothing for this long although it should have hit its CPU limit is replaced."""
KEPT_RESULTS = 512
ROOT = Path(__file__).resolve().parents[1]


class FormulaPool:
    """`workers` warm processes answering formulas in arrival order; results kept for every visitor."""

    def __init__(self, workers: int | None = None, cpu_seconds: float = CPU_SECONDS):
        self.cpu_seconds = cpu_seconds
        self._waiting: list[tuple[str, Future]] = []
        self._futures: dict[str, Future] = {}
        self._results: OrderedDict[str, tuple[str, object]] = OrderedDict()
        self._changed = threading.Condition()
        self._closed = False
        self._processes: set[subprocess.Popen] = set()
        self._threads = [
            threading.Thread(target=self._serve, name=f"formula worker {i}", daemon=True)
            for i in range(workers or os.cpu_count() or 2)
        ]
        for thread in self._threads:
            thread.start()
        atexit.register(self.close)

    def submit(self, text: str) -> Future:
        """A future for `text`'s answer: ("ok", trees) or ("error", [code, fields]) of a FormulaError. A text
        already answered or already on its way shares that answer."""
        with self._changed:
            if text in self._results:
                self._results.move_to_end(text)
                return _done(self._results[text])
            if text in self._futures:
                return self._futures[text]
            if self._closed:
                return _done(("error", ["service_stopped", {}]))
            future: Future = Future()
            self._futures[text] = future
            self._waiting.append((text, future))
            self._changed.notify()
            return future

    def ahead(self, future: Future) -> int:
        """How many formulas wait in the queue before this one (0 once a worker has it)."""
        with self._changed:
            for position, (_, waiting) in enumerate(self._waiting):
                if waiting is future:
                    return position
            return 0

    def worker_pids(self) -> list[int]:
        with self._changed:
            return [process.pid for process in self._processes]

    def close(self) -> None:
        """Stop every worker; formulas still waiting are answered with an error."""
        with self._changed:
            if self._closed:
                return
            self._closed = True
            for text, future in self._waiting:
                self._futures.pop(text, None)
                future.set_result(("error", ["service_stopped", {}]))
            self._waiting.clear()
            processes = list(self._processes)
            self._changed.notify_all()
        for process in processes:
            _stop(process)
        for thread in self._threads:
            thread.join(timeout=5)

    # ------------------------------------------------------------------------------------------ the dispatchers

    def _serve(self) -> None:
        """One dispatcher thread per worker: take the next formula, ask the worker, replace it if it dies."""
        process = None
        while True:
            with self._changed:
                while not self._waiting and not self._closed:
                    self._changed.wait()
                if self._closed:
                    break
                text, future = self._waiting.pop(0)
            if process is None or process.poll() is not None:
                process = self._spawn()
            answer, lasting = self._ask(process, text)
            if process.poll() is not None:
                self._forget(process)
                process = None
            with self._changed:
                self._futures.pop(text, None)
                if lasting:
                    self._results[text] = answer
                    while len(self._results) > KEPT_RESULTS:
                        self._results.popitem(last=False)
            future.set_result(answer)
        if process is not None:
            _stop(process)

    def _spawn(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "landscapes.formula_workers", str(self.cpu_seconds), str(MEMORY_BYTES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        with self._changed:
            self._processes.add(process)
        return process

    def _forget(self, process: subprocess.Popen) -> None:
        with self._changed:
            self._processes.discard(process)

    def _ask(self, process: subprocess.Popen, text: str) -> tuple[tuple[str, object], bool]:
        """The worker's answer to `text`, and whether it is the formula's own (kept) or the worker's misfortune."""
        try:
            process.stdin.write(json.dumps(text).encode() + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], WALL_SECONDS)
            line = process.stdout.readline() if ready else b""
        except OSError:
            line = b""
        if line:
            try:
                status, payload = json.loads(line)
                return (status, payload), True
            except ValueError:
                pass
        _stop(process)
        if process.returncode == -signal.SIGPROF:
            return ("error", ["cpu_time", {"seconds": f"{self.cpu_seconds:g}"}]), True
        return ("error", ["worker_stopped", {}]), False


def _done(answer) -> Future:
    future: Future = Future()
    future.set_result(answer)
    return future


def _stop(process: subprocess.Popen) -> None:
    """End a worker: close its input (it exits on its own), then make sure."""
    with contextlib.suppress(OSError):
        process.stdin.close()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


# ------------------------------------------------------------------------------------------------ the worker


def _work(cpu_seconds: float, memory_bytes: int) -> None:
    """The worker's side: formulas in, answers out, each formula with its own CPU-time budget."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    import sympy  # noqa: F401  (warm: the import is most of a cold worker's first second)

    from landscapes.formula import FormulaError, symbolic

    for line in sys.stdin.buffer:
        # Counts this process's CPU time only, not time spent waiting for a core; past it, SIGPROF ends the worker.
        signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
        try:
            answer = ["ok", symbolic(json.loads(line))]
        except FormulaError as error:
            answer = ["error", [error.code, error.fields]]
        except Exception as error:  # whatever SymPy raises, the visitor gets a message, not a traceback
            answer = ["error", ["not_differentiable", {"kind": type(error).__name__}]]
        signal.setitimer(signal.ITIMER_PROF, 0)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _work(float(sys.argv[1]), int(sys.argv[2]))
