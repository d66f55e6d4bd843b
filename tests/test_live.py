"""The page's live chart without the page: what the browser is sent, and which clicks are believed."""

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline
import pytest
from hypothesis import given
from hypothesis import strategies as st

import landscapes
import language
from plots import live
from plots.animation import Figure, animate_in_browser, binary, frame_steps
from plots.contour import contour_figure, landscape_backdrop
from plots.shading import landscape_grid, shading_for
from plots.style import TEMPLATE
from tests.specs import numbers


def test_the_payload_carries_the_figure_and_how_to_draw_it():
    fig = go.Figure(go.Scatter(x=[0.0, 1.5, 3.0], y=[2.0, 1.0, 0.5], name="path"))
    data, carried = live.payload(fig, {"clickable": True})
    sent = json.loads(data)
    assert sent["options"] == {"config": live.CONFIG, "clickable": True}
    assert list(sent["parts"]) == [live.STILL_LAYOUT]
    still = sent["parts"][live.STILL_LAYOUT]
    assert still["content"]["template"] == TEMPLATE, "the page's template, not Plotly's default, beside the figure"
    assert "template" not in sent["figure"]["layout"]
    assert carried == [still["id"]]
    (trace,) = sent["figure"]["data"]
    assert trace["name"] == "path"
    assert list(numbers(trace["x"])) == [0.0, 1.5, 3.0]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_a_figure_is_sent_as_plotly_would_write_it(value):
    """The page's quick JSON reads back as Plotly's own encoder writes it: NaN and infinity as null."""
    assert json.loads(live.to_json(value)) == json.loads(pio.json.to_json_plotly(value))


def test_arrays_and_numpy_numbers_are_sent_as_plotly_would_write_them():
    value = {"x": np.arange(3.0), "n": np.float32(1.5), "k": np.int64(7), "y": [1.0, math.nan], "zh": "学习率 η"}
    assert json.loads(live.to_json(binary(value))) == json.loads(pio.json.to_json_plotly(binary(value)))


PLOTLY_JS_TYPES = {"i1": np.int8, "u1": np.uint8, "i2": np.int16, "u2": np.uint16, "i4": np.int32, "u4": np.uint32,
                   "f4": np.float32, "f8": np.float64}  # fmt: skip
"""The typed arrays plotly.js reads (its `dtype`s): it refuses a chart with any other ("Error in dtype")."""


@pytest.mark.parametrize(
    "array",
    [np.arange(101), np.array([-3, 40_000]), np.array([2**40, -1]), np.arange(5, dtype=np.uint64), np.arange(3.0),
     np.array([True, False]), np.arange(6).reshape(2, 3)],
    ids=["steps", "int16 range", "beyond int32", "uint64", "floats", "booleans", "2D"],
)  # fmt: skip
def test_an_array_is_sent_as_a_typed_array_plotly_js_reads_with_its_values(array):
    sent = binary(array)
    if isinstance(sent, list):  # no typed array holds it: sent as plain values
        assert sent == array.tolist()
    else:
        read = np.frombuffer(base64.b64decode(sent["bdata"]), dtype=PLOTLY_JS_TYPES[sent["dtype"]])
        assert read.tolist() == array.ravel().tolist()
        assert sent.get("shape", str(len(array))) == ", ".join(map(str, array.shape))


@pytest.mark.parametrize("bundle", ["plotly-cartesian.min.js", "plotly-gl3d.min.js"])
def test_the_browsers_plotly_js_is_the_version_the_installed_plotly_writes_figures_for(bundle):
    """A figure written by the installed plotly package is drawn by the plotly.js it was written for: upgrading
    one without the other fails here."""
    head = (live.MODULES / "vendor" / bundle).read_bytes()[:200].decode()
    assert f" v{plotly.offline.get_plotlyjs_version()}\n" in head, head


def test_no_chart_offers_to_upload_itself():
    assert live.CONFIG["showSendToCloud"] is False
    assert "sendChartToCloud" in live.CONFIG["modeBarButtonsToRemove"]


@pytest.mark.parametrize("value", [{"x": 1.25, "y": -0.5}, {"x": "1.25", "y": "-0.5"}])
def test_a_click_is_two_numbers(value):
    assert live.clicked_point(value) == (1.25, -0.5)


@pytest.mark.parametrize(
    "value",
    [None, "1,2", [1, 2], {"x": 1}, {"x": None, "y": 2}, {"x": "left", "y": 2}, {"x": math.nan, "y": 0}],
)
def test_a_malformed_click_is_ignored(value):
    assert live.clicked_point(value) is None


@given(st.dictionaries(st.sampled_from(["x", "y", "z"]), st.one_of(st.floats(), st.text(), st.none())))
def test_no_click_payload_raises(value):
    point = live.clicked_point(value)
    assert point is None or all(math.isfinite(c) for c in point)


def test_a_backdrop_and_a_part_go_once_and_then_by_id():
    backdrop = [go.Heatmap(z=[[1, 2], [3, 4]], meta=live.BACKDROP), go.Scatter(x=[0, 1], y=[1, 0], meta=live.BACKDROP)]
    fig = go.Figure([*backdrop, go.Scatter(x=[0.5], y=[0.5], name="path")], layout={"images": [{"source": "x.png"}]})
    sweep = {"rates": [0.1, 0.2], "paths": {"path gd": {"x": np.zeros((2, 3), np.float32)}}}
    first, carried = live.payload(fig, {}, {"sweep": sweep})
    sent = json.loads(first)
    assert [trace["name"] for trace in sent["figure"]["data"]] == ["path"], "the backdrop leaves the figure"
    assert "images" not in sent["figure"]["layout"]
    assert [t["type"] for t in sent["parts"]["backdrop"]["content"]["traces"]] == ["heatmap", "scatter"]
    assert sent["parts"]["backdrop"]["content"]["images"] == [{"source": "x.png"}]
    assert set(carried) == {part["id"] for part in sent["parts"].values()}
    assert set(sent["parts"]) == {"backdrop", live.STILL_LAYOUT, "sweep"}
    again, _ = live.payload(fig, {}, {"sweep": sweep}, known=carried)
    assert json.loads(again)["parts"] == {name: {"id": part["id"]} for name, part in sent["parts"].items()}
    assert len(first) - len(again) > 200


def test_a_backdrop_made_before_is_sent_as_the_figure_would_send_it():
    """The page keeps each map's backdrop encoded; what it sends must be the very backdrop of the figure drawn."""
    land = landscapes.get("himmelblau")
    grid = landscape_grid(land, 40)
    shading = shading_for(land, grid)
    say = language.words("zh")
    backdrop = landscape_backdrop(grid, shading, say)
    fig = contour_figure(land, grid, shading, {}, (0.0, 0.0), animated=False, say=say, backdrop=backdrop)
    made = live.part({"traces": backdrop[0], "images": [backdrop[1]]})
    assert live.payload(fig, {}, {live.BACKDROP: made}) == live.payload(fig, {})
    assert contour_figure(land, grid, shading, {}, (0.0, 0.0), animated=False, say=say).to_dict() == fig.to_dict()


def test_play_the_scrubber_and_the_template_go_once_and_then_by_id():
    """What stays the same while η moves is sent with the first figure only: the next η's map is a fraction."""
    say = language.words("en")
    steps = frame_steps(100)

    def map_at(rate: float) -> Figure:
        fig = Figure([{"type": "scatter", "x": np.linspace(0, rate, 101), "y": np.zeros(101), "name": "path"}])
        fig.update_layout(xaxis={"range": [0, 1]})
        animate_in_browser(fig, steps, say)
        return fig

    first, carried = live.payload(map_at(0.1), {})
    sent = json.loads(first)
    still = sent["parts"][live.STILL_LAYOUT]["content"]
    assert [step["label"] for step in still["sliders"][0]["steps"]] == [str(step) for step in steps]
    assert [button["label"] for button in still["updatemenus"][0]["buttons"]] == ["▶ Play", "❚❚ Pause"]
    assert not set(live.STILL_KEYS) & set(sent["figure"]["layout"]), "none of them stays in the figure"
    assert sent["figure"]["layout"]["xaxis"] == {"range": [0, 1]}
    again, _ = live.payload(map_at(0.2), {}, known=carried)
    assert json.loads(again)["parts"] == {live.STILL_LAYOUT: {"id": carried[0]}}
    assert len(again) < len(first) / 3


def test_the_browser_is_told_which_parts_to_keep_and_forgets_the_rest():
    """The server remembers KEPT ids per chart; each payload names them, so the browser's cache is bounded."""
    fig = go.Figure([go.Scatter(x=[0.5], y=[0.5], name="path")])
    known: list[str] = []
    for k in range(5):
        sent, known = live.payload(fig, {}, {"sweep": {"rates": [k]}}, known=known, keep=3)
        assert json.loads(sent)["kept"] == known
    assert len(known) == 3, "only the latest three"


def test_play_and_the_scrubber_are_encoded_once_for_the_same_steps_and_words(monkeypatch):
    """A class moving η sends the same Play and scrubber each rerun: made into their part once, not each time."""
    encoded = []
    real = live.part
    monkeypatch.setattr(live, "part", lambda content: encoded.append(sorted(content)) or real(content))

    def still_id(steps, lang):
        fig = Figure(data=[], layout={})
        animate_in_browser(fig, np.array(steps), language.words(lang))
        return json.loads(live.payload(fig, {})[0])["parts"]["layout"]["id"]

    first = still_id([0, 10, 20], "en")
    assert still_id([0, 10, 20], "en") == first
    assert encoded.count(["sliders", "template", "updatemenus"]) == 1
    assert len({first, still_id([0, 10, 30], "en"), still_id([0, 10, 20], "zh")}) == 3, "other steps, other words"


def test_edits_reported_again_are_applied_once_and_in_order():
    report = {"token": "abc", "edits": [{"id": 1, "x": 0.5, "y": 1}, {"id": 2, "from": {"x": 0, "y": 0},
                                                                      "to": {"x": 1, "y": 2}}]}  # fmt: skip
    token, last, edits = live.new_edits(report, ("", 0))
    assert (token, last) == ("abc", 2)
    assert edits == [live.Edit((0.5, 1.0)), live.Edit((1.0, 2.0), (0.0, 0.0))]
    report["edits"].append({"id": 3, "x": 2, "y": 2})
    assert live.new_edits(report, (token, last)) == ("abc", 3, [live.Edit((2.0, 2.0))]), "the first two once"
    assert live.new_edits({"token": "new", "edits": [{"id": 1, "x": 0, "y": 0}]}, (token, 3))[2], "a new chart"


@pytest.mark.parametrize(
    "report",
    [None, "edits", {"token": 5, "edits": []}, {"token": "t", "edits": "all"},
     {"token": "t", "edits": [{"id": True, "x": 0, "y": 0}, {"id": "2", "x": 0, "y": 0}, "x",
                              {"id": 3, "x": float("nan"), "y": 0}, {"id": 4, "from": None, "to": {"x": 0, "y": 0}}]}],
)  # fmt: skip
def test_a_malformed_report_of_edits_changes_nothing(report):
    assert live.new_edits(report, ("t", 0))[2] == []
