"""The page in real headless Chromium: time to the first chart, learning-rate key-press latency, bytes per rerun.

Usage: python bench/page.py [?query]   (needs Debian's chromium at /usr/bin/chromium and the test requirements;
the optional query, such as ?animate=false, opens another scene)
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.browser import CHART_STATE, launch, served_app

PRESSES = 12
"""Each press moves the learning rate one stop lower, so every rerun draws a scene the browser has not seen."""


def main():
    launched = time.perf_counter()
    with served_app() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        received = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
        page.goto(url + (sys.argv[1] if len(sys.argv) > 1 else ""))
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

    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"launch to first chart (server start included): {first_chart:.2f} s (target <= 8 s)")
    print(f"learning-rate key press to chart updated, {PRESSES} presses: ", end="")
    print(f"p50 {p50 * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms (target p50 <= 400 ms)")
    print(f"bytes received per rerun: median {statistics.median(sizes) / 1e3:.0f} kB, ", end="")
    print(f"max {max(sizes) / 1e3:.0f} kB (target <= 1 MB)")


if __name__ == "__main__":
    main()
