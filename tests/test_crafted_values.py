"""A client the page did not write can send any value under a control's or a chart's real id: an unknown name,
1e308 for a click, Infinity for the chart's η index, a number where a name belongs. The page falls back with its
usual notice and never shows a traceback, and the session runs normally on its next run."""

import asyncio
import json
import tomllib
import urllib.error
import urllib.request

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.browser import ROOT, served_app
from tests.crafted import CHART_EVENTS, connect, crafted, opened, run_once


@pytest.fixture(scope="module")
def url():
    with served_app() as address:
        yield address


def ids_of_the_page(url: str) -> dict[str, str]:
    async def first_run():
        async with await connect(url) as ws:
            return (await run_once(ws))[2]

    return asyncio.run(first_run())


CASES = sorted(crafted(dict.fromkeys(["landscape", "optimizers", "lr", "start_x", "steps", "schedule", "animate",
                                       "lang", "lesson", "contour", "rates", "steps_open", "settings_open",
                                       "takeaway_open", "lessons_open", "view"], "x")))  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_a_forged_value_under_a_real_id_shows_no_traceback_and_the_session_recovers(url, case):
    async def visit():
        async with await connect(url) as ws:
            _, _, ids = await run_once(ws)
            _, _, ids = await run_once(ws, opened(ids))  # every panel open: every control has its id
            forged = crafted(ids)[case]
            status, exceptions, _ = await run_once(ws, [forged])
            again, later, _ = await run_once(ws)
            return status, exceptions, again, later

    status, exceptions, again, later = asyncio.run(visit())
    assert exceptions == [], exceptions
    assert status == ForwardMsg.FINISHED_SUCCESSFULLY
    assert (again, later) == (ForwardMsg.FINISHED_SUCCESSFULLY, [])


@pytest.mark.parametrize("value", [{"int_value": 1}, {"string_value": "no such answer"}, {"double_value": 1e308}])
def test_a_forged_answer_to_a_lessons_question_shows_no_traceback(url, value):
    """The lesson's multiple choice is a radio whose options the browser sends as their words: a number, or words
    that are no option, count as no answer."""

    async def visit():
        async with await connect(url) as ws:
            _, _, ids = await run_once(ws, query="lesson=local_global")
            (radio,) = [widget for key, widget in ids.items() if key.startswith("answer ")]
            results = [await run_once(ws, [WidgetState(id=radio, **value)], query="lesson=local_global")]
            results.append(await run_once(ws, query="lesson=local_global"))
            return [(status, exceptions) for status, exceptions, _ in results]

    for status, exceptions in asyncio.run(visit()):
        assert exceptions == [], exceptions
        assert status == ForwardMsg.FINISHED_SUCCESSFULLY


def test_a_number_forged_under_a_select_slider_breaks_only_the_session_that_sent_it(url):
    """Streamlit 1.67 fails on a number sent for a select slider (the η scale) while it reads the message, before
    the page's code runs, and that session fails on every run after. The page cannot refuse it; what holds is
    that the forger sees no details, and every other visitor's page runs on."""

    async def visit():
        async with await connect(url) as forger, await connect(url) as other:
            _, _, ids = await run_once(forger)
            await run_once(other)
            forged = await run_once(forger, [WidgetState(id=ids["lr"], int_value=1)])
            moved = await run_once(other, [WidgetState(id=ids["lr"], string_array_value={"data": ["0.01"]})])
            return forged, moved

    (_, shown, _), (status, exceptions, _) = asyncio.run(visit())
    assert all("redacted" in message and "Traceback" not in message for message in shown), shown
    assert (status, exceptions) == (ForwardMsg.FINISHED_SUCCESSFULLY, [])


@pytest.mark.parametrize("case", ["animate", "settings_open"])
def test_a_forged_value_sent_while_its_panel_is_closed_is_refused_when_the_panel_opens(url, case):
    """A control in a closed panel has no widget, but its id can be known: a value sent for it then waits until
    the panel opens, and is held to the control's rules there."""

    async def visit():
        async with await connect(url) as ws:
            _, _, ids = await run_once(ws)
            _, _, ids = await run_once(ws, opened(ids))
            closed, forged = opened(ids, is_open=False), crafted(ids)[case]
            results = [await run_once(ws, [*closed, forged]), await run_once(ws, opened(ids))]
            return [(status, exceptions) for status, exceptions, _ in results]

    for status, exceptions in asyncio.run(visit()):
        assert exceptions == [], exceptions
        assert status == ForwardMsg.FINISHED_SUCCESSFULLY


def test_no_error_a_visitor_could_meet_shows_its_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_the_modules_route_serves_the_browsers_code_and_plotly_js_and_nothing_outside_them(url):
    from page.charts import _modules_url

    ids_of_the_page(url)  # the page's first run declares the route
    route = _modules_url()  # named by the module that declares it: the same name here as in the server
    for served, says in (("chart.js", b"Plotly"), ("vendor/plotly-cartesian.min.js", b"plotly.js (cartesian")):
        with urllib.request.urlopen(f"{url}/{route}/{served}", timeout=10) as answer:
            assert answer.status == 200
            assert says in answer.read(2_000), served
    for other in ("../app.py", "../../app.py", "..%2F..%2Fapp.py", "../live.py", "/etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/{route}/{other}", timeout=10)
        refused.value.close()
        assert refused.value.code in (400, 403, 404), other


FORGED_EDITS = {
    "far off": {"token": "t", "edits": [{"id": 1, "x": 1e308, "y": -1e308}]},
    "a drag from nowhere": {"token": "t", "edits": [{"id": 1, "from": {"x": 1e9, "y": 0}, "to": {"x": 0, "y": 0}}]},
    "a thousand at once": {"token": "t", "edits": [{"id": i, "x": 0.1, "y": 0.2} for i in range(1, 1001)]},
    "not edits": {"token": ["t"], "edits": {"id": 1}},
    "ids that are not numbers": {"token": "t", "edits": [{"id": "1", "x": 0, "y": 0}, {"id": None}]},
}


@pytest.mark.parametrize("case", FORGED_EDITS)
def test_forged_edits_on_the_data_chart_show_no_traceback_and_the_session_runs_on(url, case):
    async def visit():
        async with await connect(url) as ws:
            query = "landscape=logistic_regression"
            _, _, ids = await run_once(ws, query=query)
            payload = json.dumps([{"event": "edits", "value": FORGED_EDITS[case]}])
            forged = WidgetState(id=CHART_EVENTS.format(base=ids["data"]), json_trigger_value=payload)
            clicking = WidgetState(id=ids["data_click"], int_value=7)
            status, exceptions, _ = await run_once(ws, [forged, clicking], query=query)
            again, later, _ = await run_once(ws, query=query)
            return status, exceptions, again, later

    status, exceptions, again, later = asyncio.run(visit())
    assert exceptions == [], exceptions
    assert status == ForwardMsg.FINISHED_SUCCESSFULLY
    assert (again, later) == (ForwardMsg.FINISHED_SUCCESSFULLY, [])
