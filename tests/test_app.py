"""The page, run headlessly with Streamlit's AppTest: every landscape, optimizer and edge of every control."""

import concurrent.futures
import json
import re
import threading
import time
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

import landscapes
import optimizers
from page import work
from page.controls import OPTIONS_OPEN, SETTINGS_OPEN
from page.lessons import catalog
from page.panels import STEPS_OPEN
from page.scene import LEARNING_RATES
from page.takeaway import OPEN as TAKEAWAY_OPEN
from page.teaching import MENU_OPEN
from plots.style import SURFACE_COLORS
from tests.specs import figures, numbers, payloads, sent, summary, tables, written

APP = Path(__file__).resolve().parents[1] / "app.py"


def run_page(opened: bool = True, **query) -> AppTest:
    """The page at the address `query`; with `opened`, its step table, the chart's options and every optimizer's
    settings opened, as a learner opens them (so every test's health check reads that table, and can move every
    control)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if opened:
        at.session_state[STEPS_OPEN] = at.session_state[OPTIONS_OPEN] = at.session_state[SETTINGS_OPEN] = True
    return at.run()


WIDGETS = ("slider", "select_slider", "selectbox", "multiselect", "toggle", "radio", "number_input", "text_input")


def widget(at: AppTest, key: str):
    """The control `key`, whatever kind it is."""
    return next(w for kind in WIDGETS for w in at.get(kind) if w.key == key)


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for table in tables(at):
        assert not table.isna().to_numpy().any(), "a table shows NaN"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"landscape": "parabola"},
        {"landscape": "local_minimum", "basins": "true"},
        {"landscape": "himmelblau", "basins": "true"},
        {"landscape": "rastrigin", "basins": "true"},
        {"view": "surface"},
        {"landscape": "linear_regression"},
        {"landscape": "saddle", "optimizers": "gd,newton"},
        {"landscape": "ravine", "optimizers": "momentum,rmsprop,adam", "stepping": "true", "iteration": "12"},
        {"landscape": "parabola", "optimizers": "momentum", "stepping": "true", "iteration": "3"},
    ],
)
def test_every_figure_the_page_draws_is_one_plotly_accepts(query):
    """The figure builders skip Plotly's checks for speed, so Plotly's schema checks what the page sends: an
    unknown property or a bad value raises here instead of being dropped silently in the browser."""
    at = run_page(**query)
    assert_healthy(at)
    specs = figures(at)
    assert specs
    for spec in specs:
        go.Figure(spec)


def test_default_page_shows_a_race_on_a_2d_landscape():
    at = run_page()
    assert_healthy(at)
    main, loss, rates = figures(at)
    names = [trace.get("name") for trace in main["data"]]
    (image,) = main["layout"]["images"]
    assert image["source"].startswith("data:image/png;base64,"), "J as colour"
    assert image["layer"] == "below"
    assert [trace["name"] for trace in main["data"][:2]] == ["J", "level lines"], "hover reads J; lines over it"
    assert {"Gradient descent", "Nesterov momentum", "Adam"} <= set(names)
    assert "global minimum" in names
    assert not main["frames"], "the browser makes the map's frames from its sweep"
    scrubber = [int(step["label"]) for step in main["layout"]["sliders"][0]["steps"]]
    assert scrubber[0] == 0
    assert scrubber[-1] == 100
    assert len(scrubber) > 10
    assert {len(loss["data"])} == {3}
    assert len({t["marker"]["symbol"] for t in loss["data"]}) == 3, "a marker shape per optimizer, besides colour"
    assert loss["layout"]["yaxis"]["type"] == "log"
    lines = [trace for trace in rates["data"] if trace["mode"] == "lines+markers"]
    assert [trace["name"] for trace in lines] == ["Gradient descent", "Nesterov momentum", "Adam"]
    assert [len(numbers(trace["x"])) for trace in lines] == [len(LEARNING_RATES)] * 3
    marks = {a["text"] for a in rates["layout"]["annotations"]}
    assert marks == {"η now", "2/L", "diverged"}, "on the ravine, a quadratic, gradient descent's limit is drawn"
    (limit,) = [s for s in rates["layout"]["shapes"] if s["line"]["dash"] == "dash"]
    assert limit["x0"] == pytest.approx(2 / 25)


def test_the_limit_2_over_l_is_drawn_only_beside_plain_gradient_descent():
    """2/L is plain gradient descent's stability limit, not momentum's or Adam's."""
    at = run_page(optimizers="momentum,adam")
    rates = figures(at)[-1]
    assert {a["text"] for a in rates["layout"]["annotations"]} == {"η now", "diverged"}
    assert not [s for s in rates["layout"]["shapes"] if s["line"]["dash"] == "dash"]


def test_an_eta_change_resends_neither_the_landscape_nor_the_sweep():
    at = run_page()
    first = payloads(at)[0]["parts"]
    assert {"backdrop", "sweep"} <= set(first)
    assert first["sweep"]["content"]["rates"] == list(LEARNING_RATES)
    at.select_slider(key="lr").set_value(0.02).run()
    again = sent(at)[0]
    assert {name: "content" in part for name, part in again["parts"].items()} == {
        "backdrop": False, "layout": False, "sweep": False
    }  # fmt: skip
    rates = sent(at)[-1]
    assert {name: "content" in part for name, part in rates["parts"].items()} == {"backdrop": False, "layout": False}
    assert not rates["figure"]["data"], "the η chart's lines and crosses are the same at every η: not sent again"
    limit = 2 / landscapes.get("ravine").curvature
    assert [shape["x0"] for shape in rates["figure"]["layout"]["shapes"]] == [0.02, limit], "η now moved; 2/L stays"
    assert again["parts"]["sweep"]["id"] == first["sweep"]["id"], "the same sweep, named by its id"
    assert again["options"]["rate"] == LEARNING_RATES.index(0.02)
    at.selectbox(key="landscape").set_value("bowl").run()
    moved = sent(at)[0]
    sent_whole = {name: "content" in part for name, part in moved["parts"].items()}
    assert sent_whole == {"backdrop": True, "layout": False, "sweep": True}, "a new landscape is sent whole"


def test_the_sweep_holds_each_path_at_every_learning_rate_as_the_engine_runs_it():
    at = run_page()
    sweep = payloads(at)[0]["parts"]["sweep"]["content"]
    gd = sweep["paths"]["path gd"]
    rates = len(LEARNING_RATES)
    x = numbers(gd["x"]).reshape(rates, -1)
    for index in (0, 20, rates - 1):
        run = optimizers.run(landscapes.get("ravine"), optimizers.get("gd"), (-2.6, 1.8), lr=LEARNING_RATES[index],
                             steps=100)  # fmt: skip
        np.testing.assert_array_equal(x[index], run.points[:, 0, 0].astype(np.float32))
        assert gd["outcomes"][index].startswith("diverged") == bool(run.diverged[0])


def test_frames_carry_only_what_moves():
    """On the curve, the browser makes the paths' frames from its sweep; the server's carry the focus's tangent
    and step arrows alone, and of those only what changes from step to step."""
    main = figures(run_page(landscape="local_minimum"))[0]
    moving = set(main["frames"][0]["traces"])
    names = {main["data"][i]["name"] for i in moving}
    assert names == {"tangent (slope ∂J/∂θ)", "−η·∇J", "Δθ"}
    assert {main["data"][i]["meta"] for i in moving} == {"at this η"}, "the browser hides them at another η"
    for frame in main["frames"]:
        assert set(frame["traces"]) == moving
        for trace in frame["data"]:
            assert {"x", "y"} <= set(trace)
            assert not {"z", "hovertemplate", "line"} & set(trace), "a frame resends only what changes"


@pytest.mark.parametrize("name", landscapes.names())
def test_every_landscape_renders_with_paths_and_minima(name):
    at = run_page()
    figures(at)  # what the browser keeps from the first run: the next sends the parts it has by their ids alone
    at.selectbox(key="landscape").set_value(name).run()
    assert_healthy(at)
    land = landscapes.get(name)
    main = figures(at)[0]
    names = [trace.get("name") for trace in main["data"]]
    assert main["data"][0]["type"] == ("scatter" if land.dim == 1 else "heatmap")
    assert ("global minimum" in names) == bool(land.minima)
    assert ("local minimum" in names) == any(m.kind == "local" for m in land.minima)
    low, high = np.array(land.bounds).T
    start = [at.slider(key=key).value for key in ("start_x", "start_y")[: land.dim]]
    assert np.all((low <= start) & (start <= high)), "a new landscape starts inside its own bounds"
    assert land.description in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("name", optimizers.names())
def test_every_optimizer_can_be_selected_with_its_settings(name):
    at = run_page()
    payloads(at)  # the parts the browser keeps from the first run, which the next one sends by id
    at.multiselect(key="optimizers").set_value([name]).run()
    assert_healthy(at)
    title = optimizers.get(name).title
    assert title in [trace.get("name") for trace in figures(at)[0]["data"]]
    for param in optimizers.get(name).hyperparams:
        assert any(widget.key == f"{name}_{param}" for widget in [*at.slider, *at.select_slider])


@pytest.mark.parametrize("lr", [1e-4, 10.0])
def test_learning_rate_at_both_ends(lr):
    at = run_page()
    at.select_slider(key="lr").set_value(lr).run()
    assert_healthy(at)
    errors = " ".join(e.value for e in at.error)
    if lr == 10.0:
        assert "Gradient descent diverged" in errors
        assert "2/L = 0.08" in errors, "on the ravine the page names the stability limit"
    else:
        assert not errors


@pytest.mark.parametrize("corner", [(0, 0), (0, 1), (1, 0), (1, 1)])
@pytest.mark.parametrize("name", ["rosenbrock", "beale", "ackley"])
def test_start_in_every_corner(name, corner):
    at = run_page(landscape=name)
    bounds = landscapes.get(name).bounds
    at.slider(key="start_x").set_value(bounds[0][corner[0]])
    at.slider(key="start_y").set_value(bounds[1][corner[1]]).run()
    assert_healthy(at)
    start = next(t for t in figures(at)[0]["data"] if t.get("name") == "start")
    assert (numbers(start["x"])[0], numbers(start["y"])[0]) == (bounds[0][corner[0]], bounds[1][corner[1]])


def test_a_start_on_the_minimum_stays_there():
    at = run_page()
    at.slider(key="start_x").set_value(0.0)
    at.slider(key="start_y").set_value(0.0).run()
    assert_healthy(at)
    assert not at.error
    paths = [t for t in figures(at)[0]["data"] if t.get("name") in {"Gradient descent", "Nesterov momentum", "Adam"}]
    assert len(paths) == 3
    for path in paths:
        assert np.all(numbers(path["x"]) == 0), path["name"]
        assert np.all(numbers(path["y"]) == 0), path["name"]
    outcomes = summary(at)["outcome"]
    assert all(text.startswith("reached the global minimum at (0, 0) at step 0") for text in outcomes)


@pytest.mark.parametrize(
    "link",
    [
        {"landscape": "himmelblau", "optimizers": "adam"},
        {"landscape": "Himmelblau's function  (2D)", "optimizers": "Adam"},
    ],
    ids=["stable names", "titles of earlier links"],
)
def test_a_link_sets_the_controls(link):
    at = run_page(**link, lr="0.002", steps="500", start_x="1.5")
    assert_healthy(at)
    assert at.selectbox(key="landscape").value == "himmelblau"
    assert at.select_slider(key="lr").value == 0.002
    assert at.select_slider(key="steps").value == 500
    assert at.slider(key="start_x").value == 1.5
    assert at.multiselect(key="optimizers").value == ["adam"]
    assert not at.warning
    assert at.query_params["landscape"] == "himmelblau", "the link is rewritten with stable names"
    assert at.query_params["optimizers"] == "adam"


@pytest.mark.parametrize("optimizer_link", [["gd,adam"], ["gd", "adam"]], ids=["comma", "repeated"])
def test_a_link_opens_by_stable_names(optimizer_link):
    at = run_page(landscape="local_minimum", optimizers=optimizer_link, lr="0.1")
    assert_healthy(at)
    assert at.selectbox(key="landscape").value == "local_minimum"
    assert at.multiselect(key="optimizers").value == ["gd", "adam"]
    assert at.select_slider(key="lr").value == 0.1
    assert not at.warning
    assert dict(at.query_params) == {"landscape": "local_minimum", "optimizers": "gd,adam", "lr": "0.1"}


# Every control a link carries, set away from its default: (key, value), in an order in which each control exists.
EVERY_CONTROL = [
    ("landscape", "linear_regression"),
    ("optimizers", ["momentum", "adam", "rmsprop"]),
    ("lr", 0.02),
    ("own_rates", True),
    ("momentum_lr", 0.005),
    ("adam_lr", 0.2),
    ("start_x", 3.0),
    ("start_y", -1.0),
    ("steps", 50),
    ("batch_size", 16),
    ("sample", 3),
    ("schedule", "step"),
    ("schedule_gamma", 0.25),
    ("schedule_step_size", 11.7),
    ("momentum_momentum", 0.8),
    ("momentum_dampening", 0.1),
    ("adam_beta1", 0.85),
    ("adam_eps", 1e-6),
    ("rmsprop_alpha", 0.95),
    ("animate", False),
    ("focus", "adam"),
    ("basins", True),
    ("loss_axis", "examples"),
    ("inspect", 7),
]


def test_every_control_reaches_the_link_and_comes_back_from_it():
    at = run_page()
    for key, value in EVERY_CONTROL:
        widget(at, key).set_value(value).run()
        assert_healthy(at)
    link = dict(at.query_params)
    assert set(link) == {key for key, _ in EVERY_CONTROL}, "every moved control is in the link, nothing else"
    again = run_page(**link)
    assert_healthy(again)
    assert not again.warning
    for key, value in EVERY_CONTROL:
        assert widget(again, key).value == (pytest.approx(value) if isinstance(value, float) else value), key


def test_the_compare_switch_and_the_surface_view_reach_the_link_and_come_back():
    at = run_page(landscape="logistic_regression")
    at.toggle(key="compare").set_value(True).run()
    at.radio(key="view").set_value("surface").run()
    assert_healthy(at)
    link = dict(at.query_params)
    assert link == {"landscape": "logistic_regression", "compare": "true", "view": "surface"}
    again = run_page(**link)
    assert again.toggle(key="compare").value is True
    assert again.radio(key="view").value == "surface"


def test_a_formula_and_its_box_reach_the_link_and_come_back():
    at = run_page(landscape="formula", formula="x^4 - 3*x^2 + x", x_min="-2", x_max="2.5")
    assert_healthy(at)
    assert dict(at.query_params) == {
        "landscape": "formula",
        "formula": "x^4 - 3*x^2 + x",
        "x_min": "-2",
        "x_max": "2.5",
    }


@pytest.mark.parametrize(
    ("key", "value", "default"),
    [
        ("lr", "banana", 0.05),
        ("lr", "1e9", 0.05),
        ("start_x", "99", -2.6),
        ("start_x", "nan", -2.6),
        ("landscape", "../../etc/passwd", "ravine"),
        ("steps", "-5", 100),
        ("adam_beta1", "2", 0.9),
    ],
)
def test_a_bad_link_value_falls_back_with_a_notice(key, value, default):
    query = {"optimizers": "adam"} if key.startswith("adam") else {}
    at = run_page(**query, **{key: value})
    assert_healthy(at)
    widget = next(w for w in [*at.slider, *at.select_slider, *at.selectbox] if w.key == key)
    assert widget.value == default
    (notice,) = at.warning
    assert f"`{key}` = ` {value} `" in notice.value
    assert "default" in notice.value
    assert key not in at.query_params, "the refused value leaves the link"


def test_a_notice_stays_until_its_control_is_moved():
    at = run_page(lr="banana")
    at.select_slider(key="steps").set_value(200).run()
    assert len(at.warning) == 1, "another control leaves the notice in place"
    at.select_slider(key="lr").set_value(0.02).run()
    assert_healthy(at)
    assert not at.warning, "moving the learning rate answers its notice"


def test_the_step_table_lists_forward_and_backward_pass():
    at = run_page()
    table = at.dataframe[-1].value
    assert list(table.columns[:4]) == ["step", "x", "y", "J(θ)"]
    assert {"∂J/∂x", "∂J/∂y", "η", "Δx", "Δy"} <= set(table.columns)
    assert len(table) == 100
    first = table.iloc[0].map(written)
    assert first["Δx"] == pytest.approx(-first["η"] * first["∂J/∂x"], rel=1e-3), "gradient descent steps by −η·∇J"


def test_the_step_table_waits_closed_until_opened():
    at = run_page(opened=False)
    assert_healthy(at)
    (panel,) = [block for block in at.get("expander") if block.label.startswith("Every step of")]
    assert not panel.proto.expanded, "the step table starts closed"
    assert not at.dataframe, "closed, the step table is not sent"
    assert not [button for button in at.get("download_button") if button.key == "download_steps"]
    at.session_state[STEPS_OPEN] = True
    at.run()
    assert len(at.dataframe) == 1, "opened, the step table is sent"
    assert len(at.dataframe[-1].value) == 100, "every step is listed"
    at.select_slider(key="lr").set_value(0.3).run()
    assert set(at.dataframe[-1].value["η"].map(written)) == {0.3}, "it stays open as η moves, and follows it"


def test_one_dimensional_view_draws_slope_step_and_the_ringed_start():
    at = run_page(landscape="local_minimum")
    assert_healthy(at)
    names = [trace.get("name") for trace in figures(at)[0]["data"]]
    assert "tangent (slope ∂J/∂θ)" in names
    assert {"−η·∇J", "Δθ"} <= set(names)
    (ring,) = [t for t in figures(at)[0]["data"] if t.get("name") == "start"]
    assert ring["marker"]["symbol"] == "circle-open"
    assert numbers(ring["x"])[0] == at.slider(key="start_x").value
    assert at.slider(key="start_x").label == "Start θ"


def test_the_start_sliders_are_named_as_the_axes_are():
    at = run_page(landscape="linear_regression")
    assert [at.slider(key=key).label for key in ("start_x", "start_y")] == ["Start w", "Start b"]
    axes = figures(at)[0]["layout"]
    assert (axes["xaxis"]["title"]["text"], axes["yaxis"]["title"]["text"]) == ("w", "b")


def test_surface_view_and_no_optimizer():
    at = run_page(view="3D surface")
    assert_healthy(at)
    assert figures(at)[0]["data"][0]["type"] == "surface"
    surface = figures(at)[0]
    assert surface["data"][0]["colorscale"] == SURFACE_COLORS, "the map's grey, not another scale"
    assert [b["label"] for b in surface["layout"]["updatemenus"][0]["buttons"]] == ["▶ Play", "❚❚ Pause"]
    (sweep,) = [p for p in payloads(at) if "sweep" in p["parts"]]
    paths = sweep["parts"]["sweep"]["content"]["paths"]
    assert {"x", "y", "z"} <= set(paths["path gd"]), "the η control moves the paths in 3D too"
    at.multiselect(key="optimizers").set_value([]).run()
    assert_healthy(at)
    assert "Pick at least one optimizer" in at.info[0].value


def test_a_diverging_path_is_marked_where_it_left_the_chart():
    at = run_page(landscape="saddle", lr="0.05")
    assert_healthy(at)
    errors = " ".join(e.value for e in at.error)
    assert "no minimum" in errors
    assert "2/L" not in errors, "the saddle has no minimum, so no stability limit is named"
    marks = [t for t in figures(at)[0]["data"] if "diverged at step" in str(t.get("text"))]
    assert marks
    (low, high) = landscapes.get("saddle").bounds[1]
    assert all(low <= numbers(mark["y"])[0] <= high for mark in marks)
    places = [(numbers(m["x"])[0], numbers(m["y"])[0]) for m in marks]
    assert len(places) == len(set(places)), "one label per place, never two printed on each other"


def test_a_learning_rate_too_small_to_arrive_says_so_and_how_far():
    at = run_page(landscape="parabola", lr="0.0001", optimizers="gd")
    assert_healthy(at)
    (row,) = summary(at).to_dict("records")
    theta = float(row["final θ"])
    assert theta > 2
    assert row["outcome"] == f"not there yet after 100 steps: {theta:.3g} away from the global minimum at (0)"


def test_the_app_writes_nothing_into_its_own_folder(tmp_path):
    before = {p for p in APP.parent.iterdir()}
    at = run_page()
    assert_healthy(at)
    assert {p for p in APP.parent.iterdir()} == before
    assert not (APP.parent / "static").exists()


@pytest.mark.parametrize(
    "query",
    [
        {"focus": "Nope"},
        {"view": "weird"},
        {"basins": "maybe"},
        {"animate": "sometimes"},
        {"landscape": "formula", "x_min": "1e9"},
        {"landscape": "linear_regression", "inspect": "99999"},
        {"landscape": "linear_regression", "sample": "-3"},
        {"steps": "300"},
        {"optimizers": "gd,banana"},
        {"schedule": "sometimes"},
    ],
    ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items())[:40],
)
def test_a_strange_link_anywhere_on_the_page_gets_a_notice(query):
    at = run_page(**query)
    assert_healthy(at)
    key = list(query)[-1]
    notices = " ".join(w.value for w in at.warning)
    assert f"`{key}` = ` {query[key]} `" in notices


@pytest.mark.parametrize("name", landscapes.names())
@pytest.mark.parametrize("lr", ["0.0001", "10"])
def test_every_landscape_with_every_optimizer_at_both_learning_rate_ends(name, lr):
    # Thirteen optimizers on a network's loss sit at the edge of the budget at 100 steps: 20 keep the scene whole.
    steps = "20" if name.startswith("network_") else "100"
    at = run_page(landscape=name, lr=lr, optimizers=",".join(optimizers.names()), steps=steps)
    assert_healthy(at)
    lines = [t for f in figures(at) for t in f["data"] if str(t.get("meta", "")).startswith("loss ")]
    assert len(lines) == len(optimizers.names()), "a loss line per optimizer (the η chart may be off for its cost)"


def test_each_optimizer_can_run_at_its_own_learning_rate():
    at = run_page(own_rates="true", gd_lr="0.02", adam_lr="0.3")
    assert_healthy(at)
    assert not at.warning
    assert [at.select_slider(key=f"{name}_lr").value for name in ("gd", "nesterov", "adam")] == [0.02, 0.05, 0.3]
    main = figures(at)[0]
    land = landscapes.get("ravine")
    for name, rate in (("gd", 0.02), ("nesterov", 0.05), ("adam", 0.3)):
        run = optimizers.run(land, optimizers.get(name), (-2.6, 1.8), lr=rate, steps=100)
        (path,) = [t for t in main["data"] if t.get("meta") == f"path {name}"]
        np.testing.assert_array_equal(numbers(path["x"]), run.points[:, 0, 0].astype(np.float32))
    table = at.dataframe[-1].value
    assert set(table["η"].map(written)) == {0.02}, "the step table shows the focus optimizer's own η"
    sent = payloads(at)[0]["options"]
    assert sent["own"] is True
    assert sent["paths"] == {name: LEARNING_RATES.index(rate) for name, rate in (("gd", 0.02), ("nesterov", 0.05),
                                                                                  ("adam", 0.3))}  # fmt: skip
    assert dict(at.query_params) == {"own_rates": "true", "gd_lr": "0.02", "adam_lr": "0.3"}


def test_without_own_rates_every_optimizer_shares_eta():
    at = run_page(gd_lr="0.02")
    assert_healthy(at)
    assert not [w for w in at.select_slider if w.key == "gd_lr"]
    assert "gd_lr" not in at.query_params


@pytest.mark.parametrize("name", landscapes.names())
def test_no_landscape_opens_with_its_optimizers_diverging(name):
    at = run_page(landscape=name)
    assert_healthy(at)
    assert not at.error, [e.value for e in at.error]
    rate = at.select_slider(key="lr").value
    land = landscapes.get(name)
    start = tuple(at.slider(key=key).value for key in ("start_x", "start_y")[: land.dim])
    for optimizer in ("gd", "nesterov", "adam"):
        run = optimizers.run(land, optimizers.get(optimizer), start, lr=rate, steps=100)
        assert not run.diverged[0], f"{optimizer} at η = {rate:g}"
    assert "lr" not in at.query_params, "a landscape's own η is its default, so the link leaves it out"


def test_picking_a_landscape_sets_its_eta_and_himmelblau_opens_with_basins_to_see():
    at = run_page()
    at.selectbox(key="landscape").set_value("himmelblau").run()
    assert at.select_slider(key="lr").value == 0.01
    at.toggle(key="basins").set_value(True).run()
    assert_healthy(at)
    facts = next(m.value for m in at.markdown if "reach a global minimum" in m.value)
    share = float(re.search(r"\*\*([\d.]+)%\*\* reach a global minimum", facts).group(1))
    assert share > 50, "most starts find one of the four minima, not a map of black"


def test_reset_returns_every_control_to_its_default_and_keeps_the_language():
    at = run_page(landscape="himmelblau", lr="0.02", optimizers="adam", lang="zh")
    assert_healthy(at)
    next(button for button in at.button if button.label == "重置").click().run()
    assert_healthy(at)
    assert at.selectbox(key="landscape").value == "ravine"
    assert at.select_slider(key="lr").value == 0.05
    assert at.multiselect(key="optimizers").value == ["gd", "nesterov", "adam"]
    assert dict(at.query_params) == {"lang": "zh"}, "the link is the page's own again, in its language"


def test_closed_settings_keep_their_values_and_their_part_of_the_link():
    at = run_page(opened=False, optimizers="adam", adam_beta1="0.8")
    assert_healthy(at)
    assert not [w for w in [*at.slider, *at.select_slider] if w.key.startswith("adam_")], "closed, none is sent"
    assert at.query_params["adam_beta1"] == "0.8", "the link keeps the setting"
    land = landscapes.get("ravine")
    run = optimizers.run(land, optimizers.get("adam", beta1=0.8), (-2.6, 1.8), lr=0.05, steps=100)
    (path,) = [t for t in figures(at)[0]["data"] if t.get("meta") == "path adam"]
    np.testing.assert_array_equal(numbers(path["x"]), run.points[:, 0, 0].astype(np.float32))
    at.select_slider(key="lr").set_value(0.02).run()
    assert at.query_params["adam_beta1"] == "0.8", "moving η keeps it too"
    at.session_state[SETTINGS_OPEN] = True
    at.run()
    assert widget(at, "adam_beta1").value == 0.8, "opened, its slider shows the value held"


def test_closed_chart_options_keep_their_values_and_their_part_of_the_link():
    at = run_page(opened=False, animate="false", focus="adam")
    assert_healthy(at)
    assert not [w for kind in WIDGETS for w in at.get(kind) if w.key in ("animate", "view", "focus", "basins")]
    assert "sliders" not in figures(at)[0]["layout"], "not animated: no Play, no scrubber"
    assert at.get("expander")[0].label == "Every step of Adam", "the focus held"
    at.select_slider(key="lr").set_value(0.02).run()
    assert dict(at.query_params) == {"animate": "false", "focus": "adam", "lr": "0.02"}
    at.session_state[OPTIONS_OPEN] = True
    at.run()
    assert (widget(at, "animate").value, widget(at, "focus").value) == (False, "adam"), "opened, as held"


def pictures_panel(at) -> list[dict]:
    """What the take-away panel's pictures (made in the browser, take_pictures.js) were sent, if it is drawn."""
    panels = [chart.proto for chart in at.get("bidi_component") if chart.proto.component_name == "take_pictures"]
    return [json.loads(panel.json) for panel in panels]


def test_the_files_to_take_away_wait_closed_until_asked_for():
    at = run_page()
    assert not [button for button in at.get("download_button") if button.key == "download_every_step"]
    assert pictures_panel(at) == [], "closed, nothing of the panel is sent"
    at.session_state[TAKEAWAY_OPEN] = True
    at.run()
    assert {"download_html", "download_every_step"} <= {button.key for button in at.get("download_button")}
    (pictures,) = pictures_panel(at)
    assert pictures["gif"]["caption"] == "Ravine J = (x² + 25y²) / 2  ·  η = 0.05", "the GIF's title line"
    assert [chart["name"] for chart in pictures["png"]["charts"]] == ["map", "loss", "rates"]
    assert pictures["texts"]["make_gif"] == "Make an animated GIF"


def test_the_first_screen_offers_every_lesson():
    at = run_page()
    assert not [button for button in at.button if button.key and button.key.startswith("open ")], "closed, none sent"
    at.session_state[MENU_OPEN] = True
    at.run()
    titles = [button.label for button in at.button if button.key and button.key.startswith("open ")]
    assert len(titles) == len(catalog())
    assert titles[0].startswith("1. ")
    next(button for button in at.button if button.key == "open local_global").click().run()
    assert_healthy(at)
    assert at.query_params["lesson"] == "local_global"
    assert "step" not in at.query_params, "the first step goes without saying"


def test_a_value_asked_for_by_many_visitors_at_once_is_made_once():
    """Thirty students opening one scene together wait for one sweep, not thirty; one that fails is made again."""
    kept, made, gate = work.Kept(4), [], threading.Event()

    def make():
        gate.wait(5)
        made.append(1)
        return len(made)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        asked = [pool.submit(kept.get, "sweep", make) for _ in range(8)]
        time.sleep(0.2)
        gate.set()
        assert {future.result() for future in asked} == {1}
    assert made == [1]

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        kept.get("broken", fail)
    assert kept.get("broken", lambda: 7) == 7


def test_kept_values_are_made_once_and_the_oldest_go_first():
    kept, made = work.Kept(2), []

    def make(value):
        return lambda: made.append(value) or value

    assert kept.get("a", make(1)) == 1
    assert kept.get("a", make(9)) == 1, "kept: not made again"
    kept.get("b", make(2))
    kept.get("a", make(9))  # "a" used again: "b" is now the oldest
    kept.get("c", make(3))
    assert kept.get("a", make(9)) == 1
    assert kept.get("b", make(4)) == 4, "the oldest went"
    assert made == [1, 2, 3, 4]
