"""Dragging the start in real headless Chromium at 1280×720: each pointer move → the frame painted with every path
worked out again by the browser's twin of the engine, against today's η control on the chart (the same timing, in
the same run); messages sent while the hand is on the ring, and after it lets go.

Usage: python bench/drag.py [--rounds N]   (needs Debian's chromium at /usr/bin/chromium and the test requirements)
Scenes: the ravine with gradient descent, Nesterov and Adam over 100 steps (and with momentum, whose β slider in
the sidebar is moved too: from the pointer to the frame painted after the preview, two frames, as React redraws the
slider first); Rosenbrock with six optimizers over 2,000 steps.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from bench.page import CHART_INPUT
from tests.browser import launch, served_app

SCENES = {
    "ravine, 3 optimizers × 100 steps": "?landscape=ravine&optimizers=gd,nesterov,adam",
    "ravine, momentum's β": "?landscape=ravine&optimizers=gd,momentum,adam",
    "Rosenbrock, 6 optimizers × 2,000 steps": "?landscape=rosenbrock&optimizers=gd,momentum,nesterov,adam,rmsprop,lion"
    "&steps=2000&lr=0.0001",
}
MOVES = 40

# Press the start ring, then move the pointer MOVES times along a circle, each timed from the event to the frame
# painted after it (as CHART_INPUT times the η control); the ring is left pressed, for the caller to let go.
DRAG = """async (moves) => {
  const chart = document.querySelector('.st-key-contour .js-plotly-plot');
  const layout = chart._fullLayout, box = chart.querySelector('.nsewdrag').getBoundingClientRect();
  const at = (x, y) => [box.left + layout.xaxis.d2p(x), box.top + layout.yaxis.d2p(y)];
  const [sx, sy] = at(...chart.twin.start);
  const pointer = (type, x, y) => new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse',
                                                             pointerId: 1, isPrimary: true });
  chart.querySelector('.nsewdrag').dispatchEvent(pointer('pointerdown', sx, sy));
  const times = [];
  for (let i = 0; i < moves; i++) {
    const angle = (2 * Math.PI * i) / moves;
    const x = box.left + box.width * (0.5 + 0.3 * Math.cos(angle));
    const y = box.top + box.height * (0.5 + 0.3 * Math.sin(angle));
    const begin = performance.now();
    window.dispatchEvent(pointer('pointermove', x, y));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - begin);
  }
  return [times, box.left + box.width * 0.8, box.top + box.height * 0.5];
}"""
# The same for momentum's β on its sidebar slider: pressed, then moved MOVES times back and forth; left pressed.
SLIDE = """async (moves) => {
  const thumb = document.querySelector('.st-key-momentum_momentum [data-testid=stSliderThumbValue]').parentElement;
  thumb.scrollIntoView({ block: 'center' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const box = thumb.getBoundingClientRect();
  const [x0, y] = [box.left + box.width / 2, box.top + box.height / 2];
  thumb.querySelector('input').focus(); // as a hand's press does: the page previews only a slider in the hand
  const pointer = (type, x) => new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse',
                                                         pointerId: 1, isPrimary: true, button: 0, buttons: 1 });
  thumb.dispatchEvent(pointer('pointerdown', x0));
  const times = [];
  for (let i = 0; i < moves; i++) {
    const x = x0 - 8 * (1 + (i % 10));
    const begin = performance.now();
    window.dispatchEvent(pointer('pointermove', x));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
    times.push(performance.now() - begin);
  }
  return [times, x0 - 40, y];
}"""
RELEASE = """([x, y]) => window.dispatchEvent(new PointerEvent('pointerup', { clientX: x, clientY: y, bubbles: true,
                                                                         pointerType: 'mouse', pointerId: 1 }))"""


def measure(url: str, query: str) -> dict:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
        page.goto(url + "/" + query)
        page.wait_for_selector(".st-key-contour .js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').twin", timeout=30_000)
        page.wait_for_timeout(2000)
        figures = {}
        if page.locator('input[aria-label="Learning rate η"]').count():
            figures["η control"] = [page.evaluate(CHART_INPUT, -1 if i % 8 < 4 else 1) for i in range(MOVES)]
            page.wait_for_timeout(2500)
        sent.clear()
        times, x, y = page.evaluate(DRAG, MOVES)
        figures["drag"], figures["sent while dragging"] = times, len(sent)
        page.evaluate(RELEASE, [x, y])
        page.wait_for_timeout(2500)
        figures["sent after release"] = len(sent) - figures["sent while dragging"]
        if "momentum" in query:
            page.locator('[data-testid="stExpander"]').filter(has_text="settings").first.locator("summary").click()
            page.wait_for_timeout(2500)
            sent.clear()
            times, x, y = page.evaluate(SLIDE, MOVES)
            figures["β slider"], figures["sent while sliding"] = times, len(sent)
            page.evaluate(RELEASE, [x, y])
        browser.close()
    return figures


def spread(values) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {statistics.quantiles(values, n=20)[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with served_app() as url:
        for name, query in SCENES.items():
            for round_ in range(1, args.rounds + 1):
                figures = measure(url, query)
                line = f"{name}, round {round_}: drag {spread(figures['drag'])}"
                if "η control" in figures:
                    line += f"; η control {spread(figures['η control'])}"
                if "β slider" in figures:
                    line += f"; momentum's β slider {spread(figures['β slider'])}, {figures['sent while sliding']} sent"
                print(line + f"; messages sent while dragging {figures['sent while dragging']}, "
                             f"after letting go {figures['sent after release']}")  # fmt: skip


if __name__ == "__main__":
    main()
