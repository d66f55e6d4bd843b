"""Dragging the start in real headless Chromium at 1280×720: each pointer move → the frame painted with every path
worked out again by the browser's twin of the engine, against the η control on the chart (the same timing, in the
same run); messages sent while the hand is on the ring, and after it lets go.

A hand's pointer moves come at any moment of the display's 60 frames a second, so each move here waits a
different part of a frame (0 to 16 ms, evenly spread) after the last frame before it is made; the floor printed
is the same timing of a change to one word of the page, the part of each figure that is the display's wait.

Usage: python bench/drag.py [--rounds N] [--against REV]
(needs Debian's chromium at /usr/bin/chromium and the test requirements; --against REV measures the app at
git revision REV too, in turns)
Scenes: the ravine with gradient descent, Nesterov and Adam over 100 steps (and with momentum, whose β slider in
the sidebar is moved too: from the pointer to the frame painted after the preview, two frames, as React redraws the
slider first); Rosenbrock with six optimizers over 2,000 steps.
"""

import argparse
import contextlib
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from bench.page import CHART_INPUT, checkout
from tests.browser import ROOT, launch, served_app

SCENES = {
    "ravine, 3 optimizers × 100 steps": "?landscape=ravine&optimizers=gd,nesterov,adam",
    "ravine, momentum's β": "?landscape=ravine&optimizers=gd,momentum,adam",
    "Rosenbrock, 6 optimizers × 2,000 steps": "?landscape=rosenbrock&optimizers=gd,momentum,nesterov,adam,rmsprop,lion"
    "&steps=2000&lr=0.0001",
}
MOVES = 40
FRAME_MS = 1000 / 60
# The part of a frame move i waits after the last frame: the golden ratio's multiples spread them over a frame.
WAITS = [round((i * 0.618034) % 1 * FRAME_MS, 2) for i in range(MOVES)]

# Press the start ring, then move the pointer MOVES times along a circle, each timed from the event to the frame
# painted after it (as CHART_INPUT times the η control); the ring is left pressed, for the caller to let go.
DRAG = """async (waits) => {
  const chart = document.querySelector('.st-key-contour .js-plotly-plot');
  const layout = chart._fullLayout, box = chart.querySelector('.nsewdrag').getBoundingClientRect();
  const at = (x, y) => [box.left + layout.xaxis.d2p(x), box.top + layout.yaxis.d2p(y)];
  const [sx, sy] = at(...chart.twin.start);
  const pointer = (type, x, y) => new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse',
                                                             pointerId: 1, isPrimary: true });
  chart.querySelector('.nsewdrag').dispatchEvent(pointer('pointerdown', sx, sy));
  const times = [];
  for (let i = 0; i < waits.length; i++) {
    const angle = (2 * Math.PI * i) / waits.length;
    const x = box.left + box.width * (0.5 + 0.3 * Math.cos(angle));
    const y = box.top + box.height * (0.5 + 0.3 * Math.sin(angle));
    await new Promise((resolve) => setTimeout(resolve, waits[i]));
    const begin = performance.now();
    window.dispatchEvent(pointer('pointermove', x, y));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - begin);
  }
  return [times, box.left + box.width * 0.8, box.top + box.height * 0.5];
}"""
# The same for momentum's β on its sidebar slider: pressed, then moved MOVES times back and forth; left pressed.
SLIDE = """async (waits) => {
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
  for (let i = 0; i < waits.length; i++) {
    const x = x0 - 8 * (1 + (i % 10));
    await new Promise((resolve) => setTimeout(resolve, waits[i]));
    const begin = performance.now();
    window.dispatchEvent(pointer('pointermove', x));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
    times.push(performance.now() - begin);
  }
  return [times, x0 - 40, y];
}"""
# The η control on the chart, moved as CHART_INPUT moves it, after waiting part of a frame.
RATE_MOVE = f"""async ([step, wait]) => {{
  await new Promise((resolve) => setTimeout(resolve, wait));
  return ({CHART_INPUT})(step);
}}"""
# The display's part: one word of the page changed, timed the same way.
FLOOR = """async (waits) => {
  const word = document.createElement('span');
  document.body.append(word);
  const times = [];
  for (let i = 0; i < waits.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, waits[i]));
    const begin = performance.now();
    word.textContent = String(i);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - begin);
  }
  word.remove();
  return times;
}"""
RELEASE = """([x, y]) => window.dispatchEvent(new PointerEvent('pointerup', { clientX: x, clientY: y, bubbles: true,
                                                                         pointerType: 'mouse', pointerId: 1 }))"""


# The map drawn with its twin, or the page's refusal of a scene over the server's budget (a busy machine's
# estimate of Rosenbrock's 6 × 2,000 steps can pass it).
DRAWN_OR_REFUSED = """() => document.querySelector('.st-key-contour .js-plotly-plot')?.twin
  || document.body.innerText.includes('would take about')"""


def measure(url: str, query: str) -> dict | None:
    """The figures of one page of `query`, or None when the server refused the scene as over its budget."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
        page.goto(url + "/" + query)
        page.wait_for_function(DRAWN_OR_REFUSED, timeout=60_000)
        if page.locator("text=would take about").count():
            browser.close()
            return None
        page.wait_for_timeout(2000)
        figures = {"floor": page.evaluate(FLOOR, WAITS)}
        if page.locator('input[aria-label="Learning rate η"]').count():
            moves = [[-1 if i % 8 < 4 else 1, wait] for i, wait in enumerate(WAITS)]
            figures["η control"] = [page.evaluate(RATE_MOVE, move) for move in moves]
            page.wait_for_timeout(2500)
        sent.clear()
        times, x, y = page.evaluate(DRAG, WAITS)
        figures["drag"], figures["sent while dragging"] = times, len(sent)
        page.evaluate(RELEASE, [x, y])
        page.wait_for_timeout(2500)
        figures["sent after release"] = len(sent) - figures["sent while dragging"]
        if "momentum" in query:
            page.locator('[data-testid="stExpander"]').filter(has_text="settings").first.locator("summary").click()
            page.wait_for_timeout(2500)
            sent.clear()
            times, x, y = page.evaluate(SLIDE, WAITS)
            figures["β slider"], figures["sent while sliding"] = times, len(sent)
            page.evaluate(RELEASE, [x, y])
        browser.close()
    return figures


def spread(values) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {statistics.quantiles(values, n=20)[-1]:.1f} ms"


def measured(root: Path, query: str, tries: int = 3) -> dict | None:
    """The figures of `query` on the app in `root`, each try on a newly started server (whose estimate of a
    scene's cost is its own); None when every try was refused."""
    for _ in range(tries):
        with served_app(root=root) as url:
            figures = measure(url, query)
        if figures is not None:
            return figures
    return None


def report(label: str, figures: dict | None) -> None:
    if figures is None:
        print(f"{label}: refused by the server's budget on each try")
        return
    line = f"{label}: drag {spread(figures['drag'])}"
    if "η control" in figures:
        line += f"; η control {spread(figures['η control'])}"
    if "β slider" in figures:
        line += f"; momentum's β slider {spread(figures['β slider'])}, {figures['sent while sliding']} sent"
    line += f"; floor (one word changed) {spread(figures['floor'])}"
    print(line + f"; messages sent while dragging {figures['sent while dragging']}, "
                 f"after letting go {figures['sent after release']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also measure the app at this git revision, in turns")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        versions = {"this version": ROOT}
        if args.against:
            versions[f"at {args.against}"] = stack.enter_context(checkout(args.against))
        for name, query in SCENES.items():
            for round_ in range(1, args.rounds + 1):
                for version, root in versions.items():
                    report(f"{name}, round {round_}, {version}", measured(root, query))


if __name__ == "__main__":
    main()
