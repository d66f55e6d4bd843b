"""A class in real Chromium: the teacher's projector page at 1280x720 and three students' phones at 390x844, on two
processes behind nginx (`serve/classroom.sh`) sharing one store (SQLite, then Redis). The students' taps reach the
teacher's map, the reveal reaches every phone, and the projector's view fits its screen."""

import contextlib
import os
import urllib.parse

import pytest

from tests.browser import CHROMIUM, launch
from tests.redis_server import redis_server
from tests.test_classroom import classroom, process_of, visitor

if os.environ.get("CI") == "true":
    if not CHROMIUM.exists():
        raise RuntimeError(f"CI must run the browser tests, but {CHROMIUM} is missing: apt-get install chromium")
    from playwright import sync_api
else:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

TAPS = """() => (document.querySelector('.js-plotly-plot')?._fullData ?? [])
  .filter((t) => t.name === "the class's taps").map((t) => t.x.length)[0] ?? 0"""
FOLDED = """() => [...document.querySelectorAll('[data-testid="stExpander"] details')]
  .some((d) => d.querySelector('summary')?.textContent.includes('Class code') && !d.open)"""
RUN_SHOWN = """() => (document.querySelector('.js-plotly-plot')?._fullData ?? [])
  .some((t) => t.name === 'Gradient descent' && t.x.length > 1)"""


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def class_server(request, tmp_path_factory):
    """Two processes behind nginx sharing one class store: the embedded SQLite file, or a Redis server, as a class
    that spans machines would share one."""
    folder = tmp_path_factory.mktemp("class")
    before = os.environ.get("GDL_STORE")
    try:
        with contextlib.ExitStack() as stack:
            if request.param == "redis":
                os.environ["GDL_STORE"] = stack.enter_context(redis_server(folder))
            else:
                os.environ["GDL_STORE"] = f"sqlite:///{folder / 'classes.sqlite3'}"
            url, _, _first = stack.enter_context(classroom(2, log=folder / "classroom.log"))
            yield url
    finally:
        if before is None:
            os.environ.pop("GDL_STORE", None)
        else:
            os.environ["GDL_STORE"] = before


def on_process(url: str, process: str) -> str:
    """A visitor id that nginx sends to `process`."""
    return next(v for v in iter(visitor, None) if process_of(url, v) == process)


def opened(browser, url: str, path: str, process: str, phone: bool):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 720}
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    host = urllib.parse.urlsplit(url).hostname
    context.add_cookies([{"name": "gdl_visitor", "value": on_process(url, process), "domain": host, "path": "/"}])
    page = context.new_page()
    page.goto(url + path)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    return page


def tap(page, share: float) -> None:
    """A tap on the chart's plot area, `share` of its width from the left, halfway down."""
    area = page.locator(".js-plotly-plot .nsewdrag").first
    area.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = area.bounding_box()
    page.mouse.click(box["x"] + box["width"] * share, box["y"] + box["height"] * 0.5)


def test_a_class_of_phones_predicts_on_the_projector_and_sees_the_run_revealed(class_server, tmp_path):
    url = class_server
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        teacher = opened(browser, url, "/?class=new&present=1", "gdl_0", phone=False)
        teacher.wait_for_function("() => new URL(location.href).searchParams.has('teacher')", timeout=30_000)
        code = teacher.evaluate("() => new URL(location.href).searchParams.get('class')")
        assert teacher.get_by_text(f"Class code {code}").count() == 1, "the code, large on the projector"
        qr = teacher.locator('[data-testid="stImage"] img').first
        assert qr.bounding_box()["width"] >= 200, "the QR code of the students' link, large enough to scan"

        students = [opened(browser, url, f"/?class={code}", process, phone=True)
                    for process in ("gdl_0", "gdl_1", "gdl_1")]  # fmt: skip
        teacher.wait_for_function(FOLDED, timeout=15_000)  # the QR code folds away once students are in
        for student, share in zip(students, (0.77, 0.79, 0.2), strict=True):  # θ = 1.35, 1.45 and −1.5
            student.get_by_text("Tap the curve where gradient descent ends.").first.wait_for(timeout=30_000)
            tap(student, share)
            student.wait_for_function(
                "() => [...document.querySelectorAll('p')].some(p => p.textContent.startsWith('Your tap is in'))",
                timeout=30_000,
            )
        teacher.wait_for_function(f"() => ({TAPS})() === 3", timeout=20_000)
        teacher.screenshot(path=str(tmp_path / "teacher-before.png"))

        plot = teacher.locator(".js-plotly-plot").first.bounding_box()
        assert plot["y"] + plot["height"] <= 720 + 1, "the projector's chart fits its screen"
        assert plot["x"] + plot["width"] <= 1280 + 1

        teacher.get_by_role("button", name="Show the run to the class").click()
        for student in students:
            student.wait_for_function(RUN_SHOWN, timeout=20_000)
        verdicts = [student.locator('[data-testid="stAlertContainer"]').all_inner_texts() for student in students]
        said = [" ".join(texts) for texts in verdicts]
        assert sum("is right" in text for text in said) == 2, said
        assert sum("is off" in text for text in said) == 1, said
        browser.close()
