"""The page, run headlessly with Streamlit's AppTest: every landscape, optimizer and edge of every control."""

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import landscapes
import optimizers
from tests.specs import figures, numbers

APP = Path(__file__).resolve().parents[1] / "app.py"


def run_page(**query) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for table in at.dataframe:
        assert not table.value.isna().to_numpy().any(), "a table shows NaN"


def test_default_page_shows_a_race_on_a_2d_landscape():
    at = run_page()
    assert_healthy(at)
    main, loss = figures(at)
    names = [trace.get("name") for trace in main["data"]]
    (image,) = main["layout"]["images"]
    assert image["source"].startswith("data:image/png;base64,"), "J as colour"
    assert image["layer"] == "below"
    assert [trace["name"] for trace in main["data"][:2]] == ["J", "level lines"], "hover reads J; lines over it"
    assert {"Gradient descent", "Nesterov momentum", "Adam"} <= set(names)
    assert "global minimum" in names
    assert len(main["frames"]) > 10
    assert {len(loss["data"])} == {3}
    assert loss["layout"]["yaxis"]["type"] == "log"


def test_frames_carry_only_what_moves():
    main, _ = figures(run_page())
    moving = set(main["frames"][0]["traces"])
    assert {main["data"][i]["name"] for i in moving} == {"Gradient descent", "Nesterov momentum", "Adam"}
    for frame in main["frames"]:
        assert set(frame["traces"]) == moving
        for trace in frame["data"]:
            assert {"x", "y"} <= set(trace)
            assert not {"z", "hovertemplate", "line"} & set(trace), "a frame resends only what changes"


@pytest.mark.parametrize("name", landscapes.names())
def test_every_landscape_renders_with_paths_and_minima(name):
    at = run_page()
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
    at.multiselect(key="optimizers").set_value([name]).run()
    assert_healthy(at)
    title = optimizers.get(name).title
    assert title in [trace.get("name") for trace in figures(at)[0]["data"]]
    for param in optimizers.get(name).hyperparams:
        assert at.get("slider") or at.get("select_slider")
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
    at = run_page(landscape=landscapes.get(name).title + "  (2D)")
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


def test_a_link_sets_the_controls():
    at = run_page(landscape="Himmelblau's function  (2D)", lr="0.002", steps="500", start_x="1.5", optimizers="Adam")
    assert_healthy(at)
    assert at.selectbox(key="landscape").value == "himmelblau"
    assert at.select_slider(key="lr").value == 0.002
    assert at.select_slider(key="steps").value == 500
    assert at.slider(key="start_x").value == 1.5
    assert at.multiselect(key="optimizers").value == ["adam"]
    assert not at.warning


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
    query = {"optimizers": "Adam"} if key.startswith("adam") else {}
    at = run_page(**query, **{key: value})
    assert_healthy(at)
    widget = next(w for w in [*at.slider, *at.select_slider, *at.selectbox] if w.key == key)
    assert widget.value == default
    notices = " ".join(w.value for w in at.warning)
    assert f"`{key}=" in notices
    assert "default" in notices


def test_the_step_table_lists_forward_and_backward_pass():
    at = run_page()
    table = at.dataframe[-1].value
    assert list(table.columns[:4]) == ["step", "x", "y", "J(θ)"]
    assert {"∂J/∂x", "∂J/∂y", "η", "Δx", "Δy"} <= set(table.columns)
    assert len(table) == 100
    first = table.iloc[0]
    assert first["Δx"] == pytest.approx(-first["η"] * first["∂J/∂x"]), "gradient descent steps by −η·∇J"


def test_one_dimensional_view_draws_slope_and_step():
    at = run_page(landscape="A local minimum trap J(θ) = θ⁴/4 − θ² + θ/4  (1D)")
    assert_healthy(at)
    names = [trace.get("name") for trace in figures(at)[0]["data"]]
    assert "tangent (slope ∂J/∂θ)" in names
    assert {"η·∇J", "Δθ"} <= set(names)


def test_surface_view_and_no_optimizer():
    at = run_page(view="3D surface")
    assert_healthy(at)
    assert figures(at)[0]["data"][0]["type"] == "surface"
    at.multiselect(key="optimizers").set_value([]).run()
    assert_healthy(at)
    assert "Pick at least one optimizer" in at.info[0].value


def test_a_diverging_path_is_marked_where_it_left_the_chart():
    at = run_page(landscape="Saddle J = x² − y²  (2D)")
    assert_healthy(at)
    assert "no minimum" in " ".join(e.value for e in at.error)
    marks = [t for t in figures(at)[0]["data"] if "diverged at step" in str(t.get("text"))]
    assert marks
    (low, high) = landscapes.get("saddle").bounds[1]
    assert all(low <= numbers(mark["y"])[0] <= high for mark in marks)


@pytest.mark.parametrize(
    "query",
    [
        {"focus": "Nope"},
        {"view": "weird"},
        {"basins": "maybe"},
        {"animate": "sometimes"},
        {"landscape": "Your own formula…", "x_min": "1e9"},
        {"landscape": "Linear regression (w, b) on data  (2D)", "inspect": "99999"},
        {"landscape": "Linear regression (w, b) on data  (2D)", "sample": "-3"},
    ],
    ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items())[:40],
)
def test_a_strange_link_anywhere_on_the_page_gets_a_notice(query):
    at = run_page(**query)
    assert_healthy(at)
    key = list(query)[-1]
    assert f"`{key}={query[key]}`" in " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("name", landscapes.names())
@pytest.mark.parametrize("lr", ["0.0001", "10"])
def test_every_landscape_with_every_optimizer_at_both_learning_rate_ends(name, lr):
    land = landscapes.get(name)
    titles = [optimizers.get(n).title for n in optimizers.names()]
    at = run_page(landscape=f"{land.title}  ({land.dim}D)", lr=lr, optimizers=titles)
    assert_healthy(at)
    assert len([t for t in figures(at)[-1]["data"] if t.get("mode") == "lines"]) == len(titles)
