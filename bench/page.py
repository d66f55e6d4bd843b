"""The page in real headless Chromium: time to the first chart, learning-rate key-press latency, bytes per rerun.

Usage: python bench/page.py [?query] [--against REV]
(needs Debian's chromium at /usr/bin/chromium and the test requirements). The optional query, such as
?animate=false, opens another scene. With --against, the app as it was at git revision REV is measured too,
turn about with this one, by the same code on the same machine.
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser import CHART_STATE, ROOT, launch, served_app

PRESSES = 12
"""Each press moves the learning rate one stop lower, so every rerun draws a scene the browser has not seen."""
ROUNDS = 2
"""Turns each version gets by default when compared: this machine's timings drift by a hundred milliseconds
over minutes."""


def measure(root: Path, query: str) -> tuple[float, list[float], list[int]]:
    """Seconds from launch to the first chart, seconds per key press, and bytes received per rerun."""
    launched = time.perf_counter()
    with served_app(root=root) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        received = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
        page.goto(url + query)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        first_chart = time.perf_counter() - launched
        page.wait_for_timeout(1500)

        slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate").get_by_role("slider")
        latencies, sizes = [], []
        for _ in range(PRESSES):
            before = page.evaluate(CHART_STATE)
            received.clear()
            slider.focus()
            begin = time.perf_counter()
            page.keyboard.press("ArrowLeft")
            page.wait_for_function(
                f"(before) => JSON.stringify(({CHART_STATE})()) !== JSON.stringify(before)", arg=before, timeout=15_000
            )
            latencies.append(time.perf_counter() - begin)
            page.wait_for_timeout(800)
            sizes.append(sum(received))
        browser.close()
    return first_chart, latencies, sizes


def report(name: str, first_chart: float, latencies: list[float], sizes: list[int]) -> None:
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"{name}: launch to first chart (server start included) {first_chart:.2f} s (target <= 8 s)")
    print(f"{name}: learning-rate key press to chart updated, {len(latencies)} presses: ", end="")
    print(f"p50 {p50 * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms (target p50 <= 400 ms)")
    print(f"{name}: bytes received per rerun: median {statistics.median(sizes) / 1e3:.0f} kB, ", end="")
    print(f"max {max(sizes) / 1e3:.0f} kB (target <= 1 MB)")


@contextlib.contextmanager
def checkout(revision: str):
    """The repository at `revision`, in a temporary worktree removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["git", "worktree", "add", "--detach", folder, revision], cwd=ROOT, check=True)
        try:
            yield Path(folder)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", folder], cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", nargs="?", default="")
    parser.add_argument("--against", metavar="REV", help="also measure the app at this git revision, in turns")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="turns each version gets when compared")
    args = parser.parse_args()
    if not args.against:
        report("this version", *measure(ROOT, args.query))
        return
    with checkout(args.against) as baseline:
        versions = {"this version": ROOT, f"at {args.against}": baseline}
        for _ in range(args.rounds):
            for name, root in versions.items():
                report(name, *measure(root, args.query))


if __name__ == "__main__":
    main()
