"""What a student reads off the page in a real Chromium: the numbers on the charts' scales, their hover text,
axis titles that stay inside the chart, labels that do not sit on each other."""

import re

import numpy as np
import pytest

import landscapes
from page.scene import default_start
from plots.shading import landscape_grid
from tests.specs import written as number
from tests.test_browser import browser, server_log, url, visit  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


ONLY_LANDSCAPE_HOVERS = """() => {
  const chart = document.querySelector('.js-plotly-plot');
  const others = chart.data.flatMap((t, i) => (t.type === 'heatmap' ? [] : [i]));
  return window.Plotly.restyle(chart, {hoverinfo: 'skip', hovertemplate: null}, others);
}"""


def quiet_spot(land) -> tuple[float, float]:
    """Where on the plot (shares of its width from the left and of its height from the top) the map is farthest
    from every marked minimum and the start, so that hovering there finds the landscape itself."""
    (x0, x1), (y0, y1) = land.bounds
    points = [m.point for m in land.minima] + [default_start(land)]
    marked = [((p[0] - x0) / (x1 - x0), (y1 - p[1]) / (y1 - y0)) for p in points]
    shares = np.linspace(0.05, 0.95, 19)
    spots = [(a, d) for a in shares for d in shares]
    return max(spots, key=lambda s: min((np.hypot(s[0] - a, s[1] - d) for a, d in marked), default=1.0))


COLOURBAR_TICKS = """() => [...document.querySelector('.js-plotly-plot').querySelectorAll('.colorbar .cbaxis text')]
  .map(t => t.textContent)"""


@pytest.mark.parametrize("name", landscapes.names(dim=2))
def test_the_maps_colour_bar_reads_the_heights_on_the_map(browser, url, name):  # noqa: F811
    land = landscapes.get(name)
    heights = landscape_grid(land, 100).values
    low, high = float(np.nanmin(heights)), float(np.nanmax(heights))
    with visit(browser, url, f"/?landscape={name}&animate=false") as page:
        ticks = [number(text) for text in page.evaluate(COLOURBAR_TICKS)]
        assert len(ticks) >= 3, ticks
        span = high - low
        assert low - 0.01 * span <= min(ticks), (ticks, low, high)
        assert max(ticks) <= high + 0.01 * span, (ticks, low, high)
        assert min(ticks) <= low + 0.3 * span, f"the bar starts near the lowest J on the map ({low:.3g}): {ticks}"
        assert max(ticks) >= low + 0.5 * span, f"the bar reaches up the map's J (to {high:.3g}): {ticks}"

        # Only the landscape answers hover: the test reads its J, not a path's or a minimum's marker.
        page.evaluate(ONLY_LANDSCAPE_HOVERS)
        area = page.locator(".js-plotly-plot .nsewdrag").first
        area.scroll_into_view_if_needed()
        box = area.bounding_box()
        across, down = quiet_spot(land)
        page.mouse.move(box["x"] + across * box["width"], box["y"] + down * box["height"])
        page.wait_for_selector(".js-plotly-plot .hovertext", timeout=5_000)
        hover = page.locator(".js-plotly-plot .hovertext").first.text_content()
        shown = re.fullmatch(r"\((\S+), (\S+)\)J = (\S+)", hover)
        assert shown, f"hovering the map names the point and its J: {hover!r}"
        x, y, value = (number(part) for part in shown.groups())
        assert value == pytest.approx(float(land.value(np.array([x, y]))), rel=0.05, abs=0.01 * span), hover


BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(chart => {
  const box = (element) => { const r = element.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const text = (selector) => [...chart.querySelectorAll(selector)].filter(e => e.textContent.trim())
    .map(e => [e.textContent.trim(), box(e)]);
  return {
    chart: box(chart),
    titles: text('.g-xtitle text, .g-ytitle text'),
    notes: text('.annotation-text-g'),
    legend: [...chart.querySelectorAll('.legend')].map(box),
    rows: [...chart.querySelectorAll('.xy2 .scatterlayer .point, .xy2 .point')].map(box),
  };
})"""


def inside(inner, outer, slack=1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)  # fmt: skip


def overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def charts_below_the_map(page) -> list[dict]:
    """Each chart's box and the boxes of its axis titles, annotations, legend and the η chart's row of crosses,
    after scrolling every chart into view (charts further down are drawn when the page reaches them)."""
    for _ in range(8):
        page.mouse.wheel(0, 1200)
        page.wait_for_timeout(300)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=20_000)
    return page.evaluate(BOXES)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_loss_and_eta_charts_keep_their_axis_titles_and_labels_apart(browser, url, lang):  # noqa: F811
    """Two columns on a 1280x720 screen: each chart shows both axis titles inside itself (the loss chart plots
    J − J*, which a reader must be told), and on the η chart no label sits on another or on the row of crosses."""
    with visit(browser, url, f"/?lr=0.1&lang={lang}") as page:
        charts = charts_below_the_map(page)
        loss, rates = charts[-2], charts[-1]
        for chart in (loss, rates):
            assert len(chart["titles"]) == 2, chart["titles"]
            for text, box in chart["titles"]:
                assert inside(box, chart["chart"]), f"the axis title {text!r} is cut off"
        assert rates["rows"], "diverged runs show as crosses in the top row"
        labels = [*rates["notes"], *(("legend", box) for box in rates["legend"]), *rates["titles"]]
        for i, (first, a) in enumerate(labels):
            assert inside(a, rates["chart"]), f"{first!r} is cut off"
            for second, b in labels[i + 1 :]:
                assert not overlap(a, b), f"{first!r} sits on {second!r}"
            if first != "diverged":
                for cross in rates["rows"]:
                    assert not overlap(a, cross), f"{first!r} covers a cross of the diverged row"


def test_on_a_projector_at_1920x1080_the_text_and_the_charts_ticks_grow_with_the_screen(browser, url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(url + "/?lesson=local_global&present=1")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_timeout(1500)
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('[data-testid=stMarkdownContainer] p')).fontSize)"
    )
    assert size >= 28, f"narration at {size}px reads from the back of a room"
    tick = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.js-plotly-plot .xtick text')).fontSize)"
    )
    assert tick >= 22, f"the chart's ticks at {tick}px"
    context.close()


def test_on_a_phone_the_answer_the_legend_and_the_eta_slider_leave_the_chart_readable(browser, url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + "/?lesson=local_global")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.get_by_role("button", name="Just show me").click()
    page.wait_for_selector('input[aria-label="Learning rate η"]', timeout=30_000)
    page.wait_for_timeout(1500)
    answer = page.locator('[data-testid="stAlertContainer"]').first.bounding_box()
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] - (answer["y"] + answer["height"]) < 0.6 * 844, "the run is close under the answer"
    slider = page.locator('input[aria-label="Learning rate η"]').bounding_box()
    assert slider["width"] >= 300, f"η's five decades get the screen's width, not {slider['width']}px"
    legend = page.locator(".js-plotly-plot .legend").first.bounding_box()
    plot = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    assert legend["y"] + legend["height"] <= plot["y"] + 1, "the legend sits above the plot, covering nothing"
    context.close()
