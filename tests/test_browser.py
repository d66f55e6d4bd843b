"""The page in a real headless Chromium: it loads, answers the keyboard, plays, and takes a click as the start."""

import contextlib
import csv
import io
import os
import re
import time
import urllib.parse
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import landscapes
import language
import optimizers
from page.lessons import catalog
from page.scene import LEARNING_RATES
from page.takeaway import PNG_SCALE, SCREEN_WIDTHS
from plots.loss import loss_figure
from plots.style import Track
from tests.browser import CHART_STATE, CHROMIUM, SHOWN, launch, process_tree_rss, served_app, server_pid

if os.environ.get("CI") == "true":
    # In CI a missing browser or a broken Playwright is a failure, never a skip.
    if not CHROMIUM.exists():
        raise RuntimeError(f"CI must run the browser tests, but {CHROMIUM} is missing: apt-get install chromium")
    from playwright import sync_api
else:
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (apt-get install chromium); browser tests skipped", allow_module_level=True
        )
    sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser
LESSONS = catalog()


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("server") / "streamlit.log"


@pytest.fixture(scope="module")
def url(server_log):
    with served_app(log_to=server_log) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, url):
    with visit(browser, url) as opened:
        yield opened


@contextlib.contextmanager
def visit(browser, url, query="", ready=".js-plotly-plot .main-svg"):
    """A new 1280x720 tab on the page at `query`, once `ready` is drawn and the page has finished running."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(url + query)
    page.wait_for_selector(ready, timeout=30_000)
    wait_until_idle(page)
    yield page
    assert page.locator('[data-testid="stException"]').count() == 0, "an exception box appeared"
    context.close()


def wait_until_idle(page, timeout=20.0):
    """Wait until Streamlit has finished rerunning the script (its status widget is gone)."""
    deadline = time.monotonic() + timeout
    page.wait_for_timeout(300)
    while page.locator('[data-testid="stStatusWidget"]').count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)


def path_of(page, name):
    for trace_name, length, last_x in page.evaluate(CHART_STATE):
        if trace_name == name:
            return length, last_x
    raise AssertionError(f"no trace named {name!r}")


def test_page_loads_with_a_chart_and_no_error(page, server_log):
    assert page.locator(".js-plotly-plot").count() >= 2
    assert landscape_drawn(page) == [1, 1]
    assert path_of(page, "Gradient descent")[0] == 101
    assert page.get_by_text("Gradient Descent Lab").count() >= 1
    log = server_log.read_text()
    assert "WARNING" not in log.upper(), log
    assert "Traceback" not in log, log


def test_no_chart_offers_to_share_itself_with_an_outside_service(page):
    page.locator(".js-plotly-plot").first.hover()
    buttons = page.locator(".modebar-btn")
    buttons.first.wait_for(state="attached", timeout=5_000)
    titles = [buttons.nth(i).get_attribute("data-title") or "" for i in range(buttons.count())]
    assert titles, "the modebar is there"
    assert not [title for title in titles if "share" in title.lower() or "cloud" in title.lower()], titles


# The plotly.js files the page has fetched, and the traces of its charts that no bundle drew (each trace's type as
# the figure names it, where Plotly has no module for it or drew it as another type).
BUNDLES_FETCHED = """() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())
  .filter((name) => name.startsWith('plotly'))"""
UNDRAWN_TRACES = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((chart) => chart.data.flatMap(
  (trace, i) => {
    const full = chart._fullData.find((drawn) => drawn.index === i);
    return full?._module && full.type === (trace.type ?? 'scatter') ? [] : [trace.type ?? 'scatter'];
  }))"""


@pytest.mark.parametrize(
    "query", ["/", "/?landscape=local_minimum", "/?landscape=logistic_regression", "/?landscape=himmelblau&basins=true"]
)
def test_a_2d_page_fetches_plotly_js_cartesian_bundle_alone_and_it_draws_every_trace(browser, url, query):
    with visit(browser, url, query) as page:
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
        assert page.evaluate(BUNDLES_FETCHED) == ["plotly-cartesian.min.js"], "a first visit reads 1.5 MB, not 3.3"
        assert page.evaluate(UNDRAWN_TRACES) == []


def test_the_3d_surface_is_drawn_by_the_gl3d_bundle_and_its_charts_eta_moves_its_paths(browser, url):
    sent = []
    with visit(browser, url, "/?view=surface") as page:
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        surface = ".st-key-surface .js-plotly-plot"
        page.wait_for_function(f"() => document.querySelector('{surface}')?._fullLayout?.scene?._scene")
        assert sorted(page.evaluate(BUNDLES_FETCHED)) == ["plotly-cartesian.min.js", "plotly-gl3d.min.js"]
        assert page.evaluate(UNDRAWN_TRACES) == []
        control = page.locator('.st-key-surface input[aria-label="Learning rate η"]')
        control.focus()
        sent.clear()
        page.keyboard.press("ArrowLeft")
        rate = LEARNING_RATES[int(control.input_value())]
        last_x = f"""() => Array.from(document.querySelector('{surface}').data
          .find((trace) => trace.type === 'scatter3d' && trace.name === 'Gradient descent').x).at(-1)"""
        engine = optimizers.run(landscapes.get("ravine"), optimizers.get("gd"), (-2.6, 1.8), lr=rate, steps=100)
        expected = float(np.float32(engine.points[-1, 0, 0]))
        page.wait_for_function(f"() => Math.abs(({last_x})() - {expected}) <= 1e-6 * Math.abs({expected}) + 1e-30")
        assert not sent, "the surface's paths move in the browser, before the page syncs"


MAP_HEIGHT = "() => document.querySelector('.st-key-contour .js-plotly-plot')._fullLayout.height"
HIDE_THE_MAP = """document.addEventListener('DOMContentLoaded', () => {
  const style = Object.assign(document.createElement('style'), { id: 'hidden-map' });
  style.textContent = '.st-key-contour { display: none !important; }';
  document.head.append(style);
})"""


def test_a_map_whose_column_has_no_width_yet_is_drawn_at_its_full_height_once_it_has(browser, url):
    """A figure can come before the page has laid out the chart's column (plotly.js ready first): the map is then
    fitted to the width and place it gets, not to a width and top of 0 (708 px tall for 426) and left so."""
    with visit(browser, url) as page:
        page.wait_for_selector(".st-key-contour .js-plotly-plot .main-svg")
        full = page.evaluate(MAP_HEIGHT)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(HIDE_THE_MAP)
    page.goto(url)
    page.wait_for_selector(".st-key-loss .js-plotly-plot .main-svg", timeout=30_000)
    wait_until_idle(page)
    page.evaluate("() => document.getElementById('hidden-map').remove()")
    page.wait_for_selector(".st-key-contour .js-plotly-plot .main-svg", timeout=10_000)
    page.wait_for_timeout(500)
    assert page.evaluate(MAP_HEIGHT) == full
    context.close()


def test_a_key_press_on_the_learning_rate_changes_the_chart(page):
    before = path_of(page, "Gradient descent")
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate").get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    changed = f"t => t[0] === 'Gradient descent' && t[2] !== {before[1]}"
    page.wait_for_function(f"() => {{ const s = ({CHART_STATE})(); return s && s.some({changed}); }}", timeout=15_000)
    # The link is written once the whole page has run, just after the chart.
    page.wait_for_function("() => new URL(location.href).searchParams.get('lr') === '0.04'", timeout=5_000)


def landscape_drawn(page) -> list[int]:
    """The main chart's landscape as drawn: its colour image and its level lines, counted."""
    return page.evaluate(
        """() => {
          const chart = document.querySelector('.js-plotly-plot');
          const lines = [...chart.querySelectorAll('.scatterlayer .trace')].filter(t => t.__data__ &&
            t.__data__[0].trace.name === 'level lines' && t.querySelector('path.js-line'));
          return [chart.querySelectorAll('.layer-subplot .imagelayer image').length, lines.length];
        }"""
    )


def test_play_advances_the_path(page):
    full = path_of(page, "Gradient descent")[0]
    page.get_by_text("▶ Play").click()
    page.wait_for_function(
        f"() => ({CHART_STATE})().some(t => t[0] === 'Gradient descent' && t[1] < {full})", timeout=5_000
    )
    shortest = path_of(page, "Gradient descent")[0]
    assert landscape_drawn(page) == [1, 1], "the landscape stays under the paths while they move"
    page.wait_for_function(
        f"() => ({CHART_STATE})().some(t => t[0] === 'Gradient descent' && t[1] > {shortest})", timeout=15_000
    )


def test_a_click_on_the_chart_moves_the_start(page):
    start_before = page.locator('[data-testid="stSlider"]').filter(has_text="Start x").inner_text()
    plot_area = page.locator(".js-plotly-plot .nsewdrag").first
    box = plot_area.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.9)
    page.wait_for_function("() => new URL(location.href).searchParams.has('start_y')", timeout=15_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stSlider"]').filter(has_text="Start x").inner_text() != start_before
    link = page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")
    x, y = float(link["start_x"]), float(link["start_y"])
    assert (x, y) == pytest.approx((-2.4, -1.6), abs=0.3), "the start is where the ravine map was clicked"
    assert [link["start_x"], link["start_y"]] == [f"{x:g}", f"{y:g}"], "the link shows a round start"


def test_a_click_on_the_1d_curve_moves_the_start(browser, url):
    with visit(browser, url, "/?landscape=local_minimum") as page:
        plot_area = page.locator(".js-plotly-plot .nsewdrag").first
        box = plot_area.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
        page.wait_for_function("() => new URL(location.href).searchParams.has('start_x')", timeout=15_000)
        wait_until_idle(page)
        start = float(page.evaluate("() => new URL(location.href).searchParams.get('start_x')"))
        assert start == pytest.approx(-1.5, abs=0.25), "the start is where the curve's θ axis was clicked"


def test_a_hostile_link_writes_nothing_on_the_page(browser, url):
    hostile = "x` **[Session expired: log in](http://ev.il)** ` <a href='http://ev.il'>x</a> www.ev.il"
    with visit(browser, url, "/?" + urllib.parse.urlencode({"lr": hostile, "start_x": hostile})) as page:
        assert_no_markup_from(page, url)


def assert_no_markup_from(page, url):
    notices = page.locator('[data-testid="stAlertContentWarning"]')
    assert notices.count() == 2
    assert "Session expired" in notices.first.inner_text(), "the value is shown, as text"
    assert notices.locator("a, strong, em, img").count() == 0
    hosts = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => new URL(a.href).host)")
    assert set(hosts) <= {urllib.parse.urlparse(url).netloc, ""}, hosts


def test_dragging_the_charts_learning_rate_redraws_the_paths_without_the_server(page):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.reload()
    page.wait_for_selector('input[aria-label="Learning rate η"]', timeout=30_000)
    wait_until_idle(page)
    control = page.locator('input[aria-label="Learning rate η"]')
    box = control.bounding_box()
    sent.clear()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    page.mouse.down()
    for share in (0.55, 0.6, 0.65, 0.7, 0.62):
        page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] / 2, steps=3)
        page.wait_for_timeout(120)
    index = int(control.input_value())
    rate = LEARNING_RATES[index]
    during = len(sent)
    drawn = path_of(page, "Gradient descent")
    page.mouse.up()
    assert during == 0, "no message to the server while the learner drags"

    land = landscapes.get("ravine")
    engine = optimizers.run(land, optimizers.get("gd"), (-2.6, 1.8), lr=rate, steps=100)
    assert drawn[1] == pytest.approx(float(np.float32(engine.points[-1, 0, 0])), rel=1e-6, abs=1e-30)
    assert f"η = {rate:g}" in page.locator(".rate-control output").inner_text()
    outcome = page.locator(".rate-outcome").inner_text()
    assert ("diverged" in outcome) == bool(engine.diverged[0])

    page.wait_for_function(f"() => new URL(location.href).searchParams.get('lr') === '{rate:g}'", timeout=15_000)
    wait_until_idle(page)
    assert len(sent) >= 1, "once let go, the page syncs"
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate η (log scale)")
    assert f"{rate:g}" in slider.inner_text(), "the sidebar η follows"


def test_keys_on_the_charts_learning_rate_sync_after_a_pause(page):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    control = page.locator('input[aria-label="Learning rate η"]')
    control.focus()
    start = int(control.input_value())
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(60)
    assert not sent, "key presses in quick succession stay in the browser"
    rate = LEARNING_RATES[start - 4]
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('lr') === '{rate:g}'", timeout=15_000)


def moved_rate_and_scrubbed(page, stops: int) -> tuple[int, int]:
    """In the browser alone: the chart's η control moved by `stops`, then the scrubber to its 21st stop; the η
    control's index and that stop's step."""
    return page.evaluate(
        """async (stops) => {
          const input = document.querySelector('input[aria-label="Learning rate η"]');
          input.value = String(Number(input.value) + stops);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((resolve) => setTimeout(resolve, 180));
          const chart = document.querySelector('.js-plotly-plot');
          const step = chart.layout.sliders[0].steps[20].label;
          await Plotly.animate(chart, [step], { mode: 'immediate', frame: { duration: 0, redraw: false },
                                                transition: { duration: 0 } });
          return [Number(input.value), Number(step)];
        }""",
        stops,
    )


def test_the_scrubber_follows_the_charts_learning_rate_before_the_page_syncs(page):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    index, step = moved_rate_and_scrubbed(page, -6)
    assert not sent, "all of this happened in the browser"
    length, last_x = path_of(page, "Gradient descent")
    engine = optimizers.run(landscapes.get("ravine"), optimizers.get("gd"), (-2.6, 1.8), lr=LEARNING_RATES[index],
                            steps=step)  # fmt: skip
    assert length == step + 1, "the scrubber's frame shows the path up to its step"
    assert last_x == pytest.approx(float(np.float32(engine.points[-1, 0, 0])), rel=1e-6)


ARROWS = ("tangent (slope ∂J/∂θ)", "−η·∇J", "Δθ")
# Each arrow's name, whether it is drawn (not hidden by Plotly, nor by the page's style), and its x values.
SHOWN_ARROWS = f"""() => {{
  const chart = document.querySelector('.js-plotly-plot');
  const groups = new Map([...chart.querySelectorAll('.scatterlayer > g.trace')]
    .map((g) => [g.__data__[0].trace.index, g]));
  const drawn = (t) => t.visible === true && groups.has(t.index)
    && getComputedStyle(groups.get(t.index)).visibility !== 'hidden';
  return chart._fullData.filter((t) => {list(ARROWS)}.includes(t.name)).map((t) => [t.name, drawn(t), Array.from(t.x)]);
}}"""


def test_on_the_curve_the_charts_learning_rate_moves_the_paths_and_hides_the_old_rates_arrows(browser, url):
    """On the 1D curve, η moved on the chart redraws each path and Play's frames at the new η in the browser; the
    tangent and the step arrows, drawn for the run at the page's η, are hidden until the page syncs, then drawn
    for the new η."""
    land, start = landscapes.get("local_minimum"), 2.5
    with visit(browser, url, f"/?landscape=local_minimum&start_x={start}") as page:
        assert {visible for _, visible, _ in page.evaluate(SHOWN_ARROWS)} == {True}
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        index, step = moved_rate_and_scrubbed(page, 5)
        hidden = page.evaluate(SHOWN_ARROWS)
        length, last_x = path_of(page, "Gradient descent")
        assert not sent, "all of this happened in the browser"
        rate = LEARNING_RATES[index]
        engine = optimizers.run(land, optimizers.get("gd"), (start,), lr=rate, steps=step)
        assert length == step + 1, "the scrubber's frame shows the path up to its step"
        assert last_x == pytest.approx(float(np.float32(engine.points[-1, 0, 0])), rel=1e-6)
        assert [name for name, visible, _ in hidden if visible is True] == [], "no arrow of the old η stays drawn"

        page.wait_for_function(f"() => new URL(location.href).searchParams.get('lr') === '{rate:g}'", timeout=15_000)
        wait_until_idle(page)
        shown = {name: (visible, x) for name, visible, x in page.evaluate(SHOWN_ARROWS)}
        assert {visible for visible, _ in shown.values()} == {True}, "synced, the arrows are back"
        whole = optimizers.run(land, optimizers.get("gd"), (start,), lr=rate, steps=100)
        here = float(whole.points[-2, 0, 0])
        (tail, head) = shown["−η·∇J"][1]
        assert (tail, head - tail) == pytest.approx((here, -rate * float(land.grad(np.array([here]))[0])), rel=1e-4)


def test_with_own_rates_the_chart_moves_every_optimizer_by_one_factor_or_the_focus_alone(browser, url):
    with visit(browser, url, "/?own_rates=true&gd_lr=0.02&adam_lr=0.3", 'input[aria-label="Learning rate η"]') as page:
        moved_together_then_alone(page)


def moved_together_then_alone(page):
    stop = LEARNING_RATES.index

    def link():
        return page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")

    control = page.locator('input[aria-label="Learning rate η"]')
    control.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    shifted = {name: LEARNING_RATES[stop(rate) + 3] for name, rate in (("gd", 0.02), ("nesterov", 0.05), ("adam", 0.3))}
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('gd_lr') === '{shifted['gd']:g}'")
    wait_until_idle(page)
    assert {key: float(value) for key, value in link().items() if key.endswith("_lr")} == {
        f"{name}_lr": rate for name, rate in shifted.items()
    }, "every optimizer moved by the same number of stops"

    page.get_by_text("move only Gradient descent").click()
    control.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    moved = LEARNING_RATES[stop(shifted["gd"]) - 2]
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('gd_lr') === '{moved:g}'")
    wait_until_idle(page)
    assert float(link()["adam_lr"]) == shifted["adam"], "the others stay where they were"


def inside(page, locator) -> bool:
    box = locator.bounding_box()
    view = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= view["height"] + 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_mode_fits_a_projector_and_answers_the_keys(browser, url, lang):
    with visit(browser, url, f"/?lesson=local_global&present=1&lang={lang}") as page:
        presented(page, language.words(lang))


def presented(page, say):
    """The lesson on a projector, in the language of `say`: all on screen, large, and driven by the keys."""
    lesson = LESSONS["local_global"]
    assert not page.locator('section[data-testid="stSidebar"]').is_visible(), "no sidebar on the projector"
    page.get_by_role("button", name=say("lesson.just_show")).click()
    page.wait_for_selector(f'input[aria-label="{say("chart.rate_aria")}"]', timeout=15_000)
    wait_until_idle(page)
    narration = page.get_by_text(say("lesson.step", number=1, count=len(lesson.steps)))
    question = lesson.steps[0].question
    right = question.answers[question.right][say.lang]
    answer = page.locator('[data-testid="stAlertContainer"]').filter(has_text=right)
    chart = page.locator(".js-plotly-plot").first
    for part in (narration, answer, chart, page.locator(".rate-outcome")):
        assert inside(page, part), "narration, answer, chart and outcome all on screen at 1280x720"
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('[data-testid=stMarkdownContainer] p')).fontSize)"
    )
    assert size >= 18

    page.mouse.click(5, 700)  # nothing focused: the keys go to the lesson
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('step') === '2'", timeout=15_000)
    wait_until_idle(page)
    page.get_by_role("button", name=say("lesson.just_show")).click()
    page.wait_for_selector(".js-plotly-plot .updatemenu-button", timeout=15_000)
    wait_until_idle(page)
    gd = say("optimizer.gd.title")
    full = path_of(page, gd)[0]
    page.mouse.click(5, 700)
    page.keyboard.press(" ")
    page.wait_for_function(f"() => ({CHART_STATE})().some(t => t[0] === '{gd}' && t[1] < {full})", timeout=5_000)


def test_leaving_presentation_keeps_the_chart_animated(page):
    """The chart's options move between a popover and the projector's column; a switch never seen open in the
    popover keeps its value on the way (Animate came back off, and Play was gone)."""
    page.get_by_text("Present", exact=True).click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('present') === 'true'", timeout=15_000)
    wait_until_idle(page)
    page.mouse.click(5, 700)
    page.keyboard.press(" ")
    page.get_by_role("button", name="Leave presentation").click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('present')", timeout=15_000)
    wait_until_idle(page)
    assert "animate" not in page.url, page.url
    # The chart is drawn after the run ends: wait for it (a chart without Play times out here).
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .updatemenu-button').length === 2",
                           timeout=15_000)  # fmt: skip


def test_on_a_phone_the_map_takes_the_width_and_answers_touch(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('input[aria-label="Learning rate η"]', timeout=30_000)
    wait_until_idle(page)
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    assert area["width"] >= 340, "the map uses the phone's width"
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.locator(".modebar").count() == 0, "no toolbar over the legend"

    before = path_of(page, "Gradient descent")
    control = page.locator('input[aria-label="Learning rate η"]').bounding_box()
    page.touchscreen.tap(control["x"] + control["width"] * 0.62, control["y"] + control["height"] / 2)
    page.wait_for_function(
        f"() => ({CHART_STATE})().some(t => t[0] === 'Gradient descent' && t[2] !== {before[1]})", timeout=5_000
    )
    wait_until_idle(page)
    page.wait_for_timeout(1000)
    page.locator(".js-plotly-plot .nsewdrag").first.scroll_into_view_if_needed()
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    page.touchscreen.tap(area["x"] + area["width"] * 0.1, area["y"] + area["height"] * 0.9)
    page.wait_for_function("() => new URL(location.href).searchParams.has('start_y')", timeout=15_000)
    x = float(page.evaluate("() => new URL(location.href).searchParams.get('start_x')"))
    assert x == pytest.approx(-2.4, abs=0.4), "a tap on the map moves the start there"
    context.close()


def test_under_the_dark_theme_the_charts_are_dark(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="dark")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    wait_until_idle(page)
    backgrounds = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(c => c._fullLayout.paper_bgcolor)"
    )
    assert backgrounds
    assert all(colour.lower() == "#0e1117" for colour in backgrounds), backgrounds
    text = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.font.color")
    assert text.lower() == "#fafafa", "light text on the dark chart"
    context.close()


CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stWidgetLabel"] *, [data-baseweb="select"] *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && e.textContent.trim() && getComputedStyle(e).overflow !== 'visible')
  .map(e => e.textContent.trim().slice(0, 30))"""


@pytest.mark.parametrize("zoom", [1.25, 1.5])
def test_zoomed_in_no_label_is_cut(browser, url, zoom):
    """Browser zoom on 1280x720 is a smaller viewport in CSS pixels at a higher pixel ratio."""
    size = {"width": round(1280 / zoom), "height": round(720 / zoom)}
    context = browser.new_context(viewport=size, device_scale_factor=zoom)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    wait_until_idle(page)
    assert page.evaluate(CUT_LABELS) == []
    page.get_by_text("Chart options").click()
    page.get_by_text("Focus optimizer").wait_for(timeout=5_000)
    assert page.evaluate(CUT_LABELS) == [], "nor in the chart's options"
    context.close()


GLYPHS = """(text) => {
  // Draw each character in the page's own font: a character the font lacks is drawn as the same empty box
  // as any other missing one, so two different missing characters would give two identical pictures.
  const font = getComputedStyle(document.querySelector('[data-testid="stMarkdownContainer"] p')).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const context = canvas.getContext("2d");
  return [...text].map((character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = `36px ${font}`;
    context.fillText(character, 4, 40);
    return context.getImageData(0, 0, 48, 48).data.join("");
  });
}"""


def test_a_chinese_browser_gets_the_page_in_chinese_with_its_glyphs(browser, url):
    """No `lang` in the link: the browser's language decides. The chart's own texts follow, and every character
    is drawn (a missing CJK font draws boxes)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('input[aria-label="学习率 η"]', timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_text("梯度下降实验室").count() == 1
    assert page.get_by_text("图上的学习率").count() == 1, "the chart's η control speaks Chinese too"
    assert page.locator(".updatemenu-button").first.text_content().strip() == "▶ 播放"
    pictures = page.evaluate(GLYPHS, "梯度下降损失函数")
    assert len(set(pictures)) == len(pictures), "each character drawn as itself, not as a box"
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()


BAND = """() => {
  const chart = document.querySelector('.js-plotly-plot');
  const curve = chart._fullLayout.yaxis;
  const band = [...chart.querySelectorAll('.shapelayer path')].map((p) => p.getBoundingClientRect());
  const top = chart.querySelector('.main-svg').getBoundingClientRect().top;
  return { curveBottom: top + curve._offset + curve._length, bandTops: band.map((b) => b.top) };
}"""


def test_the_1d_basin_band_lies_under_the_curve_not_on_it(browser, url):
    """Both runs of starts are wide enough to be labelled inside the band, so no legend entry sits on its axis."""
    with visit(browser, url, "/?landscape=local_minimum&basins=true") as page:
        drawn = page.evaluate(BAND)
        assert len(drawn["bandTops"]) == 2
        assert all(top >= drawn["curveBottom"] for top in drawn["bandTops"]), drawn


def take(page, label: str, role: str = "button"):
    """Click the take-away panel's `label` (a button, or the link a picture made in the browser is saved by) and
    return the file it gives the browser: (name, bytes)."""
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role(role, name=label).click()
    saved = download.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def make_gif(page, make: str = "Make an animated GIF", save: str = "Save the GIF") -> tuple[str, bytes]:
    """The GIF the take-away panel (open) makes in the browser: (name, bytes)."""
    page.get_by_role("button", name=make).click()
    page.get_by_role("link", name=save).wait_for(timeout=120_000)
    return take(page, save, role="link")


def frames_of(movie: bytes) -> list:
    """Each picture of a GIF, as RGB, and how long it stays up."""
    image = Image.open(io.BytesIO(movie))
    pictures = []
    for index in range(image.n_frames):
        image.seek(index)
        pictures.append((image.convert("RGB"), image.info["duration"]))
    return pictures


def test_the_take_away_panel_gives_each_file_and_the_browser_draws_the_pictures(browser, url):
    """A GIF, the offline page, a PNG of each chart and every optimizer's steps, each clicked for and received;
    the GIF and the PNGs made in the browser (nothing sent to the server meanwhile): one picture per frame of
    Play at 960 × 540, each PNG twice its chart's size on a 1280 × 720 screen."""
    query = "/?landscape=parabola&optimizers=gd,adam&lr=0.1&steps=20"
    with visit(browser, url, query) as page:
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        page.get_by_role("button", name="Take it away").click()
        page.wait_for_timeout(500)
        sent.clear()
        name, movie = make_gif(page)
        assert name == "gradient-descent-parabola.gif"
        assert movie[:6] == b"GIF89a"
        pictures = frames_of(movie)
        assert len(pictures) == 21, "one picture per frame of Play: the start and each of 20 steps"
        assert {picture.size for picture, _ in pictures} == {(960, 540)}
        assert pictures[0][0].tobytes() != pictures[-1][0].tobytes(), "the paths grow"
        assert [duration for _, duration in pictures[-1:]] == [2000], "the last picture stays up two seconds"
        assert {duration for _, duration in pictures[:-1]} == {300}, "a pass through the 21 pictures in 6 s"

        page.get_by_role("button", name="Make pictures of the charts (PNG)").click()
        land = landscapes.get("parabola")
        tracks = {"gd": Track(optimizers.run(land, optimizers.get("gd"), (2.5,), lr=0.1, steps=20), "GD", "red")}
        heights = {"loss": loss_figure(land, tracks, language.words("en")).layout["height"]}
        labels = {"map": "the map or curve", "loss": "the loss chart", "rates": "the learning-rate chart"}
        for chart, label in labels.items():
            page.get_by_role("link", name=f"Save {label} (PNG)").wait_for(timeout=120_000)
            name, picture = take(page, f"Save {label} (PNG)", role="link")
            assert name == f"gradient-descent-parabola-{chart}.png"
            width, height = Image.open(io.BytesIO(picture)).size
            assert width == PNG_SCALE * SCREEN_WIDTHS[chart], "twice its width on a 1280 x 720 screen"
            if chart in heights:
                assert height == PNG_SCALE * heights[chart], "and twice its own height"
        assert sent == [], "the pictures were made in the browser, without a word to the server"

        name, offline = take(page, "Save a page that plays offline (HTML)")
        assert name.endswith(".html")
        assert b"Plotly.addFrames" in offline
        link = re.search(rb"</h1>\s*<p>([^<]*)</p>", offline).group(1).decode()
        # Opened on the loopback address, which means nothing on another computer: the scene's part of the link.
        assert link == "?landscape=parabola&amp;optimizers=gd%2Cadam&amp;steps=20", "the scene's own link"
        assert offline.count(b"Plotly.newPlot") == 2, "the map and the loss chart"
        assert "<td>Gradient descent (η = 0.1), Adam (η = 0.1)</td>".encode() in offline

        name, table = take(page, "Save every optimizer's steps (CSV)")
        rows = list(csv.reader(io.StringIO(table.decode())))
        assert {row[0] for row in rows[1:]} == {"Gradient descent", "Adam"}
        assert len(rows) == 1 + 2 * 20, "a row per step of each run"


# Record the title of every picture plotly.js is asked to draw.
RECORD_TITLES = """() => {
  window.pictureTitles = [];
  const draw = window.Plotly.toImage;
  window.Plotly.toImage = (figure, options) => {
    window.pictureTitles.push(figure.layout?.title?.text);
    return draw(figure, options);
  };
}"""


def test_a_chinese_gif_is_titled_in_chinese_a_3d_surface_makes_one_and_a_still_chart_says_what_to_change(browser, url):
    with visit(browser, url, "/?lang=zh&animate=false") as page:
        page.get_by_role("button", name="导出").click()
        page.get_by_role("button", name="生成 GIF 动画").click()
        said = "GIF 播放的是地图或曲线的动画：请在图表选项中打开“动画”并关闭“逐步查看”"
        page.get_by_text(said).wait_for(timeout=20_000)
    with visit(browser, url, "/?view=surface&steps=10") as page:
        page.get_by_role("button", name="Take it away").click()
        _, surface = make_gif(page)
    assert len(frames_of(surface)) == 11, "the 3D surface's GIF: a picture a step"
    with visit(browser, url, "/?lang=zh&steps=20") as page:
        page.get_by_role("button", name="导出").click()
        page.evaluate(RECORD_TITLES)
        _, movie = make_gif(page, "生成 GIF 动画", "保存 GIF")
        titles = [title for title in page.evaluate("() => window.pictureTitles") if title]  # the still layer has none
    assert len(frames_of(movie)) == 21
    assert all(title.startswith("狭谷 J = (x² + 25y²) / 2  ·  η = ") for title in titles), titles[:2]
    assert titles[-1].endswith("  ·  第 20 步"), "the last picture names its step as the scrubber does"


# A map's GIF picture painted in its two layers (plots/browser/layers.js) against the same picture drawn whole by
# plotly.js: [pixels off by more than 24 in a channel, the largest difference, pixels in all].
LAYERED_AGAINST_WHOLE = """async () => {
  const base = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('/chart.js'))
    .replace('/chart.js', '');
  const { painter, stillLayout } = await import(base + '/pictures.js');
  const { stillCount } = await import(base + '/layers.js');
  const chart = document.querySelector('.st-key-contour .js-plotly-plot');
  const settings = { width: 960, height: 540, margin: { t: 110, b: 70 } };
  const figure = { data: chart.data, layout: stillLayout(chart.plainLayout, 'J  ·  step 100', settings) };
  const layered = await (await painter(chart.plotly, figure, 960, 540))(figure);
  const image = new Image();
  image.src = await Plotly.toImage(figure, { format: 'svg', width: 960, height: 540 });
  await image.decode();
  const context = new OffscreenCanvas(960, 540).getContext('2d');
  context.drawImage(image, 0, 0);
  const whole = context.getImageData(0, 0, 960, 540).data;
  let differing = 0, worst = 0;
  for (let p = 0; p < whole.length; p += 4) {
    const off = Math.max(...[0, 1, 2, 3].map((c) => Math.abs(whole[p + c] - layered[p + c])));
    worst = Math.max(worst, off);
    if (off > 24) differing += 1;
  }
  return [stillCount(figure), differing, worst, whole.length / 4];
}"""


@pytest.mark.parametrize(
    "query", ["/", "/?landscape=himmelblau&optimizers=gd,momentum,nesterov,adam,rmsprop,lion", "/?landscape=beale"]
)
def test_a_maps_gif_picture_drawn_in_two_layers_is_the_picture_drawn_whole(browser, url, query):
    """The landscape drawn once under each frame's paths, legend and title makes the picture plotly.js draws whole:
    no more than a few dozen of its half a million pixels differ (a path's edge meeting an axis line)."""
    with visit(browser, url, query) as page:
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').plainLayout")
        still, differing, worst, pixels = page.evaluate(LAYERED_AGAINST_WHOLE)
    assert still == 2, "the map's shading and its level lines are drawn once"
    assert differing <= 50, f"{differing} of {pixels} pixels differ (by up to {worst})"


def test_ten_gifs_one_after_another_leave_the_servers_memory_as_it_was(browser, tmp_path):
    """No browser runs on the server for pictures: making ten GIFs grows the server's processes by less than a
    headless Chromium holds (0.4 to 1.2 GB; the limit here is 40 MB, a rerun's garbage)."""
    with served_app(log_to=tmp_path / "log") as address:
        pid = server_pid(address)
        with visit(browser, address, "/?steps=20") as page:
            page.get_by_role("button", name="Take it away").click()
            make_gif(page)
            before = process_tree_rss(pid)
            sizes = [len(make_gif(page)[1]) for _ in range(10)]
            after = process_tree_rss(pid)
    assert all(size > 10_000 for size in sizes), "ten GIFs were made"
    assert after - before < 40 * 1024 * 1024, f"the server grew by {(after - before) / 2**20:.0f} MB"


DATA_AREA = ".st-key-data .nsewdrag"
MAP_VALUES = """() => {
  const chart = document.querySelector('.st-key-contour .js-plotly-plot');
  const shaded = chart && chart._fullData.find((trace) => trace.z);
  return shaded ? shaded.z.flat().map(Number) : null;
}"""
EXAMPLES_DRAWN = """() => {
  const chart = document.querySelector('.st-key-data .js-plotly-plot');
  return chart._fullData.filter((trace) => trace.name.startsWith('class'))
    .map((trace) => [trace.name, Array.from(trace.x, Number), Array.from(trace.y, Number)]);
}"""


def on_data_chart(page, at: tuple[float, float]) -> tuple[float, float]:
    """Where on the screen the data chart draws the point `at` (in data coordinates)."""
    box = page.locator(DATA_AREA).first.bounding_box()
    x, y = page.evaluate(
        """([x, y]) => { const layout = document.querySelector('.st-key-data .js-plotly-plot')._fullLayout;
                         return [layout.xaxis.d2p(x), layout.yaxis.d2p(y)]; }""",
        list(at),
    )
    return box["x"] + x, box["y"] + y


def own_count(page) -> int | None:
    found = re.search(r"Your own data: (\d+) examples", page.locator("body").inner_text())
    return int(found.group(1)) if found else None


def test_five_points_clicked_fast_on_a_networks_data_all_count_and_the_surface_changes(browser, url):
    with visit(browser, url, "/?landscape=network_moons&optimizers=gd,adam") as page:
        page.locator(DATA_AREA).first.scroll_into_view_if_needed()
        wait_until_idle(page)
        before = page.evaluate(MAP_VALUES)
        clicks = [(-1.2, 0.6), (-1.1, 0.65), (-1.15, 0.5), (1.3, -0.7), (1.2, -0.75)]
        for at in clicks:
            page.mouse.click(*on_data_chart(page, at))
            page.wait_for_timeout(40)  # faster than the page reruns: every click must still count
        page.get_by_text("Your own data: 205 examples").wait_for(timeout=30_000)
        wait_until_idle(page, timeout=30)
        assert "on 205 example(s)" in page.locator("body").inner_text(), "the passes use every example"
        drawn = page.evaluate(EXAMPLES_DRAWN)
        plus = next(points for name, *points in drawn if name == "class +1")
        for x, y in clicks:
            assert any(abs(px - x) < 0.02 and abs(py - y) < 0.02 for px, py in zip(*plus, strict=True)), (x, y)
        after = page.evaluate(MAP_VALUES)
        assert len(after) == len(before)
        assert not np.allclose(after, before), "the loss surface changed"
        link = page.evaluate("() => location.search")
        assert "landscape=network_moons" in link


def test_a_learner_drags_removes_and_uploads_points_and_a_bad_file_is_refused_by_its_row(browser, url, tmp_path):
    with visit(browser, url, "/?landscape=logistic_regression") as page:
        page.locator(DATA_AREA).first.scroll_into_view_if_needed()
        wait_until_idle(page)
        land = landscapes.get("logistic_regression")
        first = tuple(land.examples.inputs[0])
        start = on_data_chart(page, first)
        end = on_data_chart(page, (0.0, 0.0))
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=4)
        page.mouse.move(*end, steps=4)
        page.mouse.up()
        page.get_by_text("Your own data: 200 examples").wait_for(timeout=20_000)
        wait_until_idle(page)
        drawn = {name: list(zip(xs, ys, strict=True)) for name, xs, ys in page.evaluate(EXAMPLES_DRAWN)}
        every = [point for points in drawn.values() for point in points]
        assert any(abs(x) < 0.05 and abs(y) < 0.05 for x, y in every), "the point is where the drag let go"
        assert not any(abs(x - first[0]) < 1e-4 and abs(y - first[1]) < 1e-4 for x, y in every), "and gone from there"

        page.get_by_text("removes the nearest point").click()
        wait_until_idle(page)
        page.mouse.click(*on_data_chart(page, (0.0, 0.0)))
        page.get_by_text("Your own data: 199 examples").wait_for(timeout=20_000)
        wait_until_idle(page)
        page.mouse.click(*on_data_chart(page, (first[0] - 0.5, 2.9)))
        page.get_by_text("No point is near enough").wait_for(timeout=20_000)
        assert own_count(page) == 199

        bad = tmp_path / "bad.csv"
        bad.write_text("x1,x2,class\n0.5,1,1\n0.2,abc,-1\n")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(bad)
        page.get_by_text("Row 3, column x₂: “abc” is not a number.").wait_for(timeout=20_000)
        wait_until_idle(page)
        assert own_count(page) == 199, "the old data is kept"

        good = tmp_path / "good.csv"
        rows = [[f"{0.1 * i - 2:.2f}", f"{(-1) ** i * 0.5:.2f}", 1 if i % 2 == 0 else -1] for i in range(40)]
        good.write_text("x1,x2,class\n" + "\n".join(",".join(map(str, row)) for row in rows) + "\n")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(good)
        page.get_by_text("Your own data: 40 examples").wait_for(timeout=20_000)
        wait_until_idle(page)
        assert "on 40 example(s)" in page.locator("body").inner_text()

        page.get_by_role("button", name="Back to the sample").click()
        wait_until_idle(page)
        page.wait_for_function("() => !document.body.innerText.includes('Your own data:')", timeout=20_000)
        assert "on 200 example(s)" in page.locator("body").inner_text()


def test_each_tap_on_a_phone_adds_one_point(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + "/?landscape=logistic_regression")
    page.wait_for_selector(DATA_AREA, timeout=30_000)
    page.locator(DATA_AREA).first.scroll_into_view_if_needed()
    wait_until_idle(page)
    for at in [(-1.0, 2.0), (1.0, -2.0), (2.0, 2.0)]:
        page.touchscreen.tap(*on_data_chart(page, at))
        page.wait_for_timeout(60)
    page.get_by_text("Your own data: 203 examples").wait_for(timeout=20_000)
    wait_until_idle(page)
    assert own_count(page) == 203, "three taps, three points"
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()


# Where the map shows each path's last point, by optimizer.
PATH_ENDS = (
    """() => {
  const chart = document.querySelector('.st-key-contour .js-plotly-plot');
  const shown = """
    + SHOWN
    + """;
  return Object.fromEntries(chart._fullData.filter((trace) => String(trace.meta).startsWith('path '))
    .map((trace) => [trace.meta.slice(5), shown(chart, trace)])
    .map(([key, { x, y }]) => [key, [Number(x[x.length - 1]), Number(y[y.length - 1])]]));
}"""
)
# Where the map (or the curve) shows the start ring.
RING = (
    """(key) => {
  const chart = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const ring = ("""
    + SHOWN
    + """)(chart, chart._fullData.find((t) => t.meta === 'start'));
  return [Number(ring.x[0]), Number(ring.y[0])];
}"""
)


def nearest_minimum(land, point) -> int:
    return int(np.argmin([np.hypot(*(np.array(m.point) - point)) for m in land.minima]))


def on_the_map(page, *points) -> list[float]:
    """Where the map draws the twin's start, then each of `points`, in the page's pixels (x, y, x, y, …)."""
    return page.evaluate(
        """(points) => { const c = document.querySelector('.st-key-contour .js-plotly-plot');
          const L = c._fullLayout, box = c.querySelector('.nsewdrag').getBoundingClientRect();
          const at = (x, y) => [box.left + L.xaxis.d2p(x), box.top + L.yaxis.d2p(y)];
          return [...at(...c.twin.start), ...points.flatMap((p) => at(...p))]; }""",
        [list(point) for point in points],
    )


def test_dragging_the_start_across_himmelblau_swings_every_path_at_once_and_syncs_once_let_go(browser, url):
    names = "gd,momentum,nesterov,adam,rmsprop,lion"
    with visit(browser, url, f"/?landscape=himmelblau&optimizers={names}") as page:
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').twin", timeout=20_000)
        land = landscapes.get("himmelblau")
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        ring = on_the_map(page, (-3.5, -3), (3.5, -2))
        page.mouse.move(ring[0], ring[1])
        page.mouse.down()
        seen = []
        for x, y in ((ring[2], ring[3]), (ring[4], ring[5])):
            page.mouse.move(x, y, steps=12)
            page.wait_for_timeout(150)
            ends = page.evaluate(PATH_ENDS)
            assert set(ends) == set(names.split(","))
            seen.append({nearest_minimum(land, end) for end in ends.values()})
        assert len(sent) == 0, "nothing goes to the server while the hand is on the ring"
        preview = page.evaluate(PATH_ENDS)
        page.mouse.up()
        page.wait_for_function("() => new URL(location.href).searchParams.has('start_x')", timeout=15_000)
        wait_until_idle(page)
        link = page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")
        assert (float(link["start_x"]), float(link["start_y"])) == pytest.approx((3.5, -2), abs=0.1)
        synced = page.evaluate(PATH_ENDS)
    assert seen[0] != seen[1], "the paths swung to other basins as the start crossed the map"
    start = np.array([float(link["start_x"]), float(link["start_y"])])
    for name, end in synced.items():
        ran = optimizers.run(land, optimizers.get(name), start, lr=land.opening_rate, steps=100)
        assert end == pytest.approx(ran.points[-1, 0], abs=1e-4), f"after the sync, {name}'s path is the engine's"
        assert nearest_minimum(land, preview[name]) == nearest_minimum(land, end), f"{name}: the preview's basin"


# The sketch canvas's pixel at the map's data point (x, y), offset `dx` pixels across, as [r, g, b, alpha], and
# whether Plotly's own drawing of each path and of the start ring is hidden.
SKETCHED_AT = """([x, y, dx]) => {
  const chart = document.querySelector('.st-key-contour .js-plotly-plot');
  const L = chart._fullLayout, canvas = chart.querySelector('canvas.gdl-sketches');
  const ratio = canvas.width / L.width;
  const px = (L.xaxis._offset + L.xaxis.c2p(x) + dx) * ratio, py = (L.yaxis._offset + L.yaxis.c2p(y)) * ratio;
  const pixel = [...canvas.getContext('2d').getImageData(Math.round(px), Math.round(py), 1, 1).data];
  const hidden = [...chart.querySelectorAll('.scatterlayer > g.trace')]
    .filter((g) => /^(path |start)/.test(String(g.__data__[0].trace.meta)))
    .map((g) => getComputedStyle(g).visibility === 'hidden');
  return [pixel, hidden];
}"""


# For each path on the map, whether Plotly drew a marker at its last point, and that marker's radius.
LAST_MARKERS = """() => [...document.querySelectorAll('.st-key-contour .scatterlayer > g.trace')]
  .filter((g) => String(g.__data__[0].trace.meta).startsWith('path '))
  .map((g) => { const last = g.__data__.length - 1;
                const marker = [...g.querySelectorAll('path.point')].find((point) => point.__data__.i === last);
                return [g.__data__[0].trace.meta, marker ? marker.__data__.mrc : null]; })"""


def test_every_path_of_a_100_step_run_ends_in_its_ring(page):
    """The ring marks where each path has got to (the point a learner drags from, Play's moving head): Plotly's
    thinning of a long path's markers had dropped it from every other path of the default 100-step run."""
    ends = page.evaluate(LAST_MARKERS)
    assert len(ends) == 3
    assert all(radius == 8.5 for _, radius in ends), ends


def test_a_dragged_start_is_painted_where_the_maps_axes_put_the_engines_path_and_goes_at_the_sync(browser, url):
    """The preview is painted on a canvas over the map (plots/browser/sketch.js): the path's last marker in its
    colour where the axes put the engine's last point, the start ring in black where the hand holds it, Plotly's
    own drawing of them hidden meanwhile; after the sync, the canvas is empty and Plotly's drawing shows."""
    with visit(browser, url, "/?landscape=himmelblau&optimizers=gd") as page:
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').twin", timeout=20_000)
        land = landscapes.get("himmelblau")
        ring = on_the_map(page, (-1.0, 1.5))
        page.mouse.move(ring[0], ring[1])
        page.mouse.down()
        page.mouse.move(ring[2], ring[3], steps=8)
        page.wait_for_timeout(300)
        start = page.evaluate(RING, "contour")
        ran = optimizers.run(land, optimizers.get("gd"), start, lr=land.opening_rate, steps=100)
        end = ran.points[-1, 0].tolist()
        at_end, hidden = page.evaluate(SKETCHED_AT, [*end, 0])
        on_ring, _ = page.evaluate(SKETCHED_AT, [*start, 10])
        beside_ring, _ = page.evaluate(SKETCHED_AT, [*start, 4])
        page.mouse.up()
        page.wait_for_function("() => new URL(location.href).searchParams.has('start_x')", timeout=15_000)
        wait_until_idle(page)
        after, shown_again = page.evaluate(SKETCHED_AT, [*end, 0])
    gold = (230, 159, 0)  # gradient descent's colour
    assert at_end[:3] == list(gold), f"the path's last marker, in its colour, at its end: {at_end}"
    assert at_end[3] > 150, f"the path's last marker is opaque enough to see: {at_end}"
    assert on_ring[:3] == [0, 0, 0], f"the start ring, black, 10 px from where it is held: {on_ring}"
    assert on_ring[3] > 200, f"the ring's stroke passes there (smoothed at its edge): {on_ring}"
    assert beside_ring[3] == 0, "inside the open ring, nothing"
    assert hidden == [True, True], "Plotly's own path and ring are hidden under the sketch"
    assert after[3] == 0, "after the sync the canvas is empty"
    assert shown_again == [False, False], "and Plotly draws the path and the ring again"


def test_the_twin_in_chromium_takes_the_engines_paths(browser, url):
    """The twin's modules as the page loads them, in Chromium's JavaScript engine: each optimizer's path on
    Himmelblau and on the ravine, step for step, against the engine's."""
    cases = []
    for land_name, start in (("himmelblau", (0.0, -0.5)), ("ravine", (-2.6, 1.8))):
        land = landscapes.get(land_name)
        for name in optimizers.names():
            ran = optimizers.run(land, optimizers.get(name), start, lr=0.01, steps=30)
            cases.append({"landscape": land_name, "bounds": [list(b) for b in land.bounds], "optimizer": name,
                          "settings": dict(optimizers.get(name).settings), "start": list(start),
                          "path": ran.points[:, 0].tolist(), "stoppedAt": int(ran.stopped_at[0])})  # fmt: skip
    with visit(browser, url, "/?landscape=himmelblau") as page:
        worst = page.evaluate(
            """async (cases) => {
              const loaded = performance.getEntriesByType('resource').map((entry) => entry.name);
              const base = loaded.find((name) => name.endsWith('/chart.js'));
              const { run } = await import(new URL('runner.js', base).href);
              const { LANDSCAPES } = await import(new URL('landscapes.js', base).href);
              return cases.map((c) => {
                const walk = { lr: 0.01, steps: 30 };
                const ran = run(LANDSCAPES[c.landscape], c.bounds, c.optimizer, c.settings, c.start, walk);
                const off = (v, k, i) => Math.abs(ran.points[k][i] - v) / Math.max(1, Math.abs(v));
                const error = Math.max(...c.path.flatMap((p, k) => p.map((v, i) => off(v, k, i))));
                return [c.landscape, c.optimizer, error, ran.stoppedAt === c.stoppedAt];
              });
            }""",
            cases,
        )
    for land_name, name, error, same_stop in worst:
        assert error <= 1e-9, (land_name, name, error)
        assert same_stop, (land_name, name)


def test_dragging_the_start_over_the_hump_of_a_curve_moves_every_path_to_the_other_valley(browser, url):
    ends = (
        """() => { const c = document.querySelector('.st-key-curve .js-plotly-plot'); const shown = """
        + SHOWN
        + """; return c._fullData.filter((t) => String(t.meta).startsWith('path '))
          .map((t) => shown(c, t).x).map((x) => Number(x[x.length - 1])); }"""
    )
    with visit(browser, url, "/?landscape=local_minimum&optimizers=gd,momentum,adam") as page:
        page.wait_for_function("() => document.querySelector('.st-key-curve .js-plotly-plot').twin", timeout=20_000)
        ring_x, ring_y, left, right = (
            page.evaluate("""() => { const c = document.querySelector('.st-key-curve .js-plotly-plot');
          const L = c._fullLayout, box = c.querySelector('.nsewdrag').getBoundingClientRect();
          const ring = c._fullData.find((t) => t.meta === 'start');
          return [box.left + L.xaxis.d2p(c.twin.start[0]), box.top + L.yaxis.d2p(Number(ring.y[0])),
                  box.left + L.xaxis.d2p(-2.2), box.left + L.xaxis.d2p(0.5)]; }""")
        )
        page.mouse.move(ring_x, ring_y)
        page.mouse.down()
        page.mouse.move(left, ring_y, steps=10)
        page.wait_for_timeout(200)
        assert all(end == pytest.approx(-1.47, abs=0.05) for end in page.evaluate(ends)), "the global minimum's valley"
        page.mouse.move(right, ring_y, steps=10)
        page.wait_for_timeout(200)
        assert all(end == pytest.approx(1.35, abs=0.05) for end in page.evaluate(ends)), "the local minimum's valley"
        page.mouse.up()
        page.wait_for_function("() => new URL(location.href).searchParams.get('start_x') === '0.5'", timeout=15_000)


def test_dragging_the_start_on_a_typed_formula_previews_its_paths_from_its_own_trees(browser, url):
    with visit(browser, url, "/?landscape=formula&optimizers=gd,adam") as page:
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').twin", timeout=20_000)
        land = landscapes.from_formula("sin(x)*cos(y) + 0.1*(x^2 + y^2)")
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        ring = on_the_map(page, (-1.0, -0.3))
        page.mouse.move(ring[0], ring[1])
        page.mouse.down()
        page.mouse.move(ring[2], ring[3], steps=12)
        page.wait_for_timeout(200)
        ends = page.evaluate(PATH_ENDS)
        assert len(sent) == 0
        page.mouse.up()
        page.wait_for_function("() => new URL(location.href).searchParams.has('start_x')", timeout=15_000)
    for name, end in ends.items():
        ran = optimizers.run(land, optimizers.get(name), [-1.0, -0.3], lr=0.05, steps=100)
        assert end == pytest.approx(ran.points[-1, 0], abs=0.05), f"{name}'s preview is the engine's path from there"


def test_moving_a_momentum_setting_in_the_sidebar_previews_its_path_until_let_go(browser, url):
    with visit(browser, url, "/?landscape=ravine&optimizers=gd,momentum,adam") as page:
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').twin", timeout=20_000)
        page.locator('[data-testid="stExpander"]').filter(has_text="settings").first.locator("summary").click()
        wait_until_idle(page)
        thumb = page.locator(".st-key-momentum_momentum [data-testid=stSliderThumbValue]").locator("xpath=..")
        thumb.scroll_into_view_if_needed()
        box = thumb.bounding_box()
        before = page.evaluate(PATH_ENDS)
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] - 120, box["y"] + box["height"] / 2, steps=10)
        page.wait_for_timeout(300)
        during = page.evaluate(PATH_ENDS)
        beta = float(page.evaluate("() => document.querySelector('.st-key-momentum_momentum input').value"))
        assert len(sent) == 0, "nothing is sent while the slider is held"
        page.mouse.up()
        page.wait_for_function("() => new URL(location.href).searchParams.has('momentum_momentum')", timeout=15_000)
        wait_until_idle(page)
        after = page.evaluate(PATH_ENDS)
    assert during["momentum"] != before["momentum"], "momentum's path moved with its β"
    assert during["gd"] == pytest.approx(before["gd"], abs=1e-6), "and only momentum's"
    land = landscapes.get("ravine")
    ran = optimizers.run(land, optimizers.get("momentum", momentum=beta), land.start, lr=land.opening_rate, steps=100)
    assert during["momentum"] == pytest.approx(ran.points[-1, 0], abs=1e-6), "the preview is the engine's path"
    assert after["momentum"] == pytest.approx(ran.points[-1, 0], abs=1e-6), "and so is the server's, once synced"


def test_dragging_the_start_on_a_loss_from_data_previews_the_engines_mini_batch_paths(browser, url):
    with visit(browser, url, "/?landscape=logistic_regression&optimizers=gd,adam&batch_size=32&sample=4") as page:
        page.wait_for_function("() => document.querySelector('.st-key-contour .js-plotly-plot').twin", timeout=20_000)
        ring = on_the_map(page, (3.2, -2.0))
        page.mouse.move(ring[0], ring[1])
        page.mouse.down()
        page.mouse.move(ring[2], ring[3], steps=8)
        page.wait_for_timeout(300)
        ends = page.evaluate(PATH_ENDS)
        start = page.evaluate(RING, "contour")
        data_dimmed = page.evaluate("() => document.querySelector('.st-key-data .js-plotly-plot').style.opacity")
        page.mouse.up()
    land = landscapes.with_data("logistic_regression", seed=4)
    for name, end in ends.items():
        ran = optimizers.run(land, optimizers.get(name), start, lr=land.opening_rate, steps=100, batch_size=32, seed=4)
        assert end == pytest.approx(ran.points[-1, 0], abs=1e-9), f"{name}: the engine's path on the same mini-batches"
    assert data_dimmed == "0.3", "the data chart shows the server's run, dimmed while the start moves"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_loss_charts_axis_title_stays_clear_of_its_tick_labels(browser, url, lang):
    """A loss falling to 10⁻¹⁰ gives the axis many tick labels: its long title once ran down over the lowest."""
    with visit(
        browser, url, f"/?landscape=ravine&optimizers=gd,nesterov,adam&start_x=1&start_y=0.5&lang={lang}"
    ) as page:
        overlaps = page.evaluate("""() => {
          const chart = document.querySelector('.st-key-loss .js-plotly-plot');
          const title = chart.querySelector('.g-ytitle').getBoundingClientRect();
          const over = (tick) => tick.right > title.left && tick.left < title.right && tick.bottom > title.top
                                 && tick.top < title.bottom;
          return [...chart.querySelectorAll('.ytick text')].filter((t) => over(t.getBoundingClientRect())).length; }""")
    assert overlaps == 0, "the y axis's title runs over its tick labels"
