"""The page in real headless Chromium: launch to first chart (from `streamlit run`, the browser already open, as
a teacher's is), the chart's learning-rate control (redraw time and messages sent while it moves), sidebar
learning-rate key presses (latency and bytes per rerun) and the bytes a landscape change costs.

Usage: python bench/page.py [?query] [--against REV] [--rounds N]
(needs Debian's chromium at /usr/bin/chromium and the test requirements). The optional query, such as
?animate=false, opens another scene. With --against, the app as it was at git revision REV is measured too,
turn about with this one, by the same code on the same machine (a version without the chart's control skips
those figures).
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
INPUTS = 24
"""Moves of the chart's learning-rate control, 40 ms apart: quicker than the pause after which the page syncs."""
ROUNDS = 2
"""Turns each version gets by default when compared: this machine's timings drift by a hundred milliseconds
over minutes."""

# One move of the chart's control, timed in the page: from the input event until the next frame is painted.
CHART_INPUT = """async (step) => {
  const input = document.querySelector('input[aria-label="Learning rate η"]');
  const begin = performance.now();
  input.value = String(Number(input.value) + step);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - begin;
}"""


def measure(root: Path, query: str) -> dict:
    """Seconds to the first chart; per chart-control move, milliseconds and messages sent; per sidebar key
    press, seconds and bytes received; bytes received for a landscape change."""
    figures = {}
    with sync_playwright() as playwright:
        begun = time.perf_counter()
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        figures["browser start"] = time.perf_counter() - begun
        # The clock starts with `streamlit run`: a teacher's browser is open already (its own start is told apart).
        launched = time.perf_counter()
        with served_app(root=root) as url:
            received, sent = [], []

            def watch(ws):
                ws.on("framereceived", lambda payload: received.append(len(payload)))
                ws.on("framesent", lambda payload: sent.append(len(payload)))

            page.on("websocket", watch)
            page.goto(url + query)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            figures["first chart"] = time.perf_counter() - launched
            page.wait_for_timeout(1500)

            if page.locator('input[aria-label="Learning rate η"]').count():
                sent.clear()
                figures["chart move"] = [page.evaluate(CHART_INPUT, -1 if i % 8 < 4 else 1) for i in range(INPUTS)]
                figures["sent while moving"] = len(sent)
                page.wait_for_timeout(1500)

            slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate").get_by_role("slider")
            latencies, sizes = [], []
            for _ in range(PRESSES):
                before = page.evaluate(CHART_STATE)
                received.clear()
                slider.focus()
                begin = time.perf_counter()
                page.keyboard.press("ArrowLeft")
                changed = f"(before) => JSON.stringify(({CHART_STATE})()) !== JSON.stringify(before)"
                page.wait_for_function(changed, arg=before, timeout=15_000)
                latencies.append(time.perf_counter() - begin)
                page.wait_for_timeout(800)
                sizes.append(sum(received))
            figures["key press"], figures["rerun bytes"] = latencies, sizes

            received.clear()
            picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Landscape")
            picker.click()
            page.keyboard.type("Himmelblau")
            page.keyboard.press("Enter")
            page.wait_for_timeout(3000)
            figures["landscape bytes"] = sum(received)
        browser.close()
    return figures


def report(name: str, figures: dict) -> None:
    def spread(values, scale=1.0):
        p50 = statistics.median(values) * scale
        p95 = statistics.quantiles(values, n=20)[-1] * scale
        return f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"

    first, browser = figures["first chart"], figures["browser start"]
    print(f"{name}: launch to first chart (server start included, the browser open) {first:.2f} s ", end="")
    print(f"(target <= 5 s); the browser's own start, before it: {browser:.2f} s")
    if "chart move" in figures:
        print(f"{name}: chart's η control, {len(figures['chart move'])} moves, input to frame painted: ", end="")
        print(f"{spread(figures['chart move'])} (target p50 <= 50, p95 <= 100); ", end="")
        print(f"messages sent while moving: {figures['sent while moving']} (target 0)")
    print(f"{name}: sidebar η key press to chart updated, {len(figures['key press'])} presses: ", end="")
    print(f"{spread(figures['key press'], 1e3)} (target p50 <= 250 ms)")
    sizes = figures["rerun bytes"]
    print(f"{name}: bytes received per sidebar η rerun: median {statistics.median(sizes) / 1e3:.0f} kB, ", end="")
    print(f"max {max(sizes) / 1e3:.0f} kB (target <= 40 kB)")
    print(f"{name}: bytes received for a landscape change: {figures['landscape bytes'] / 1e3:.0f} kB (target <= 1 MB)")


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
        report("this version", measure(ROOT, args.query))
        return
    with checkout(args.against) as baseline:
        versions = {"this version": ROOT, f"at {args.against}": baseline}
        for _ in range(args.rounds):
            for name, root in versions.items():
                report(name, measure(root, args.query))


if __name__ == "__main__":
    main()
