"""Every step explained: the replay is the engine's own path, what each optimizer carries is worked out by hand
for its first two steps on J = θ², and the written-out lines state those numbers and the step taken."""

import re

import numpy as np
import pytest

import landscapes
import optimizers
from optimizers.explain import WRITERS
from tests.specs import figures, numbers
from tests.test_app import run_page
from tests.test_optimizers import HAND_WORKED, PARABOLA, nadam_iterates, second_iterate

# What each optimizer carries after steps 1 and 2 from θ₀ = 1 on J = θ² (g₁ = 2, g₂ = 2θ₁), by hand.
CARRIED = {
    "momentum": lambda t1: {"b": [2.0, 0.9 * 2.0 + 2 * t1]},
    "nesterov": lambda t1: {"b": [2.0, 0.9 * 2.0 + 2 * t1]},
    "adagrad": lambda t1: {"s": [4.0, 4.0 + (2 * t1) ** 2]},
    "rmsprop": lambda t1: {"v": [0.04, 0.99 * 0.04 + 0.01 * (2 * t1) ** 2]},
    "adam": lambda t1: {"m": [0.2, 0.9 * 0.2 + 0.1 * 2 * t1], "m̂": [2.0, (0.18 + 0.2 * t1) / (1 - 0.81)],
                        "v": [0.004, 0.999 * 0.004 + 0.001 * (2 * t1) ** 2]},
    "lion": lambda t1: {"m": [0.02, 0.99 * 0.02 + 0.01 * 2 * t1]},
    "adadelta": lambda t1: {"v": [0.4, 0.9 * 0.4 + 0.1 * (2 * t1) ** 2]},
}  # fmt: skip


def first_two(name):
    lr, (first, second) = HAND_WORKED[name]
    if name == "nadam":
        first, second = nadam_iterates(lr)
    if second is None:
        second = second_iterate(name, lr, first)
    return lr, first, second


def test_every_optimizer_is_written_out():
    assert set(WRITERS) == set(optimizers.names())


@pytest.mark.parametrize("name", optimizers.names())
def test_the_replay_is_the_engines_path_and_its_steps_are_the_hand_worked_ones(name):
    lr, first, second = first_two(name)
    moments = optimizers.replay(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2)
    path = optimizers.run(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2).points[:, 0, 0]
    np.testing.assert_array_equal([m.theta[0] for m in moments], path[:2])
    np.testing.assert_allclose([m.update[0] for m in moments], [first - 1.0, second - first], rtol=1e-12)
    settings = dict(optimizers.get(name).settings)
    for moment, step in zip(moments, (first - 1.0, second - first), strict=True):
        last = optimizers.lines(name, settings, moment, lambda x: f"{x:.12g}")[-1]
        assert float(last.split("=")[-1]) == pytest.approx(step, rel=1e-10), "the line states the step taken"


@pytest.mark.parametrize("name", CARRIED)
def test_what_each_optimizer_carries_is_the_hand_worked_state(name):
    lr, first, _ = first_two(name)
    moments = optimizers.replay(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2)
    settings = dict(optimizers.get(name).settings)
    for field, values in CARRIED[name](first).items():
        carried = [optimizers.memory(name, settings, moment)[field][0] for moment in moments]
        np.testing.assert_allclose(carried, values, rtol=1e-12, err_msg=field)
        written = " ".join(optimizers.lines(name, settings, moments[1], lambda x: f"{x:.12g}"))
        assert f"{values[1]:.12g}" in written or (name == "adam" and field == "v"), (field, written)


def test_a_diverging_replay_stops_where_the_path_leaves():
    land = landscapes.get("rosenbrock")
    moments = optimizers.replay(land, optimizers.get("gd"), (-1.5, 2.5), lr=10.0, steps=100)
    assert len(moments) < 100
    assert re.fullmatch(r"\\Delta\\theta = .*", optimizers.lines("gd", {}, moments[-1])[-1])


def drawn_memory(optimizer: str) -> tuple[dict, np.ndarray, dict]:
    """The ravine at iteration 12 with `optimizer` in focus: its arrows by label, its path on the map (sent as
    float32, hence the tolerances), the box."""
    at = run_page(landscape="ravine", optimizers="momentum,adam", focus=optimizer, stepping="true", iteration="12")
    assert not at.exception, [e.value for e in at.exception]
    title = optimizers.get(optimizer).title
    assert any(f"update of {title} into iteration 12" in c.value for c in at.caption), "the lines' step is the map's"
    main = figures(at)[0]
    (track,) = [t for t in main["data"] if t.get("name") == title]
    path = np.column_stack([numbers(track["x"]), numbers(track["y"])])
    written = next(m.value for m in at.markdown if r"\Delta\theta = \left(" in m.value)
    last = written.split(r"\Delta\theta = \left(")[-1].replace("−", "-")
    stated = [float(x) for x in re.findall(r"-?\d+\.?\d*", last)][:2]
    drawn = [a for a in main["layout"]["annotations"] if a.get("name")]
    arrows = {a["name"]: np.array([a["x"] - a["ax"], a["y"] - a["ay"]]) for a in drawn}
    for a in drawn:
        np.testing.assert_allclose([a["ax"], a["ay"]], path[11], err_msg="each arrow starts where step 12 did")
    np.testing.assert_allclose(stated, path[12] - path[11], rtol=1e-3, err_msg="the written-out step is the map's")
    return arrows, path, main["layout"].get("shapes", [])


def test_momentums_velocity_arrow_is_its_step_and_longer_than_its_gradient_on_the_ravine():
    arrows, path, shapes = drawn_memory("momentum")
    land, eta = landscapes.get("ravine"), 0.05
    np.testing.assert_allclose(arrows["Δθ"], path[12] - path[11], atol=1e-7)
    np.testing.assert_allclose(arrows["−η·b"], path[12] - path[11], atol=1e-7, err_msg="momentum steps by −η·b")
    np.testing.assert_allclose(arrows["−η·g"], -eta * land.grad(path[11]), rtol=1e-6)
    assert np.linalg.norm(arrows["−η·b"]) > np.linalg.norm(arrows["−η·g"]), "the velocity carries it further"
    assert not shapes, "momentum scales no coordinate"


def test_adams_arrows_and_box_are_its_moments_worked_from_the_gradients_along_its_path():
    arrows, path, shapes = drawn_memory("adam")
    land, eta, (b1, b2, eps) = landscapes.get("ravine"), 0.05, (0.9, 0.999, 1e-8)
    m = v = np.zeros(2)
    for k in range(1, 13):
        g = land.grad(path[k - 1])
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
    m_hat, v_hat = m / (1 - b1**12), v / (1 - b2**12)
    np.testing.assert_allclose(arrows["−η·m̂"], -eta * m_hat, rtol=1e-6)
    np.testing.assert_allclose(arrows["Δθ"], -eta * m_hat / (np.sqrt(v_hat) + eps), rtol=1e-6)
    (box,) = shapes
    sides = np.array([box["x1"] - box["x0"], box["y1"] - box["y0"]]) / 2
    np.testing.assert_allclose(sides, np.abs(arrows["Δθ"]), rtol=1e-6)
    assert np.all(sides <= 1.1 * eta), "Adam's step stays about η in each coordinate"
    assert np.linalg.norm(arrows["−η·g"]) > 2 * eta, "whatever the slope"


def test_on_the_curve_momentums_velocity_arrow_is_its_step_beside_the_gradients():
    at = run_page(landscape="parabola", optimizers="momentum", stepping="true", iteration="3")
    assert not at.exception, [e.value for e in at.exception]
    traces = {trace.get("name"): trace for trace in figures(at)[0]["data"]}
    path = numbers(traces["Momentum"]["x"])
    arrow = lambda name: np.diff(numbers(traces[name]["x"]))[0]  # noqa: E731
    assert numbers(traces["−η·b"]["x"])[0] == pytest.approx(path[2], rel=1e-6), "from where step 3 began"
    assert arrow("−η·b") == pytest.approx(path[3] - path[2], rel=1e-6), "momentum steps by −η·b"
    assert abs(arrow("−η·b")) > abs(arrow("−η·∇J")), "the velocity carries it further than the slope alone"
