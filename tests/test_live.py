"""The page's live chart without the page: what the browser is sent, and which clicks are believed."""

import json
import math

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plots import live
from plots.style import TEMPLATE
from tests.specs import numbers


def test_the_payload_carries_the_figure_and_how_to_draw_it():
    fig = go.Figure(go.Scatter(x=[0.0, 1.5, 3.0], y=[2.0, 1.0, 0.5], name="path"))
    sent = json.loads(live.payload(fig, "component/page.charts.plotly_js/plotly.min.js", clickable=True))
    assert sent["options"] == {
        "bundle": "component/page.charts.plotly_js/plotly.min.js",
        "config": live.CONFIG,
        "clickable": True,
        "tall": False,
    }
    assert sent["figure"]["layout"]["template"] == TEMPLATE, "the page's template, not Plotly's default"
    (trace,) = sent["figure"]["data"]
    assert trace["name"] == "path"
    assert list(numbers(trace["x"])) == [0.0, 1.5, 3.0]


def test_the_bundle_is_the_plotly_js_of_the_installed_package():
    bundle = live.BUNDLE_FOLDER / live.BUNDLE
    assert bundle.stat().st_size > 1_000_000
    assert b"plotly.js" in bundle.read_bytes()[:200]


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
