"""Basins of attraction: which start ends in which minimum, for the engine and on the page."""

import itertools
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import landscapes
import optimizers
from optimizers import DIVERGED, NOT_SETTLED
from tests.specs import figures

APP = Path(__file__).resolve().parents[1] / "app.py"


def test_local_minimum_reproduces_the_chapters_figure_two():
    land = landscapes.get("local_minimum")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=0.01, steps=3000, resolution=1000)
    (theta,) = basins.axes
    # The hump between the valleys: the critical point of J' = θ³ − 2θ + 1/4 between the two minima.
    hump = next(r.real for r in np.roots([1, 0, -2, 0.25]) if abs(r.imag) < 1e-12 and 0 < r.real < 1)
    global_index = [m.kind for m in land.minima].index("global")
    left, right = theta < hump, theta > hump
    assert np.all(basins.labels[left] == global_index)
    assert np.all(basins.labels[right] == 1 - global_index)
    boundary = theta[np.flatnonzero(np.diff(basins.labels))[0]]
    assert abs(boundary - hump) <= theta[1] - theta[0]


def test_a_convex_bowl_is_one_basin():
    land = landscapes.get("bowl")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=0.1, steps=300, resolution=60)
    assert np.all(basins.labels == 0)
    assert optimizers.basin_shares(land, basins.labels)["global"] == 1.0


def test_himmelblau_has_four_nonempty_basins_and_shares_add_up():
    land = landscapes.get("himmelblau")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=0.01, steps=500, resolution=80)
    assert set(np.unique(basins.labels)) == {0, 1, 2, 3}
    shares = optimizers.basin_shares(land, basins.labels)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["global"] == 1.0


def test_momentum_crosses_a_barrier_plain_descent_cannot():
    land = landscapes.get("local_minimum")
    start = [[2.5]]
    plain = optimizers.run(land, optimizers.get("gd"), start, lr=0.01, steps=3000, record_every=3000)
    heavy = optimizers.run(land, optimizers.get("momentum"), start, lr=0.01, steps=3000, record_every=3000)
    kinds = [m.kind for m in land.minima]
    assert kinds[optimizers.reached_minimum(land, plain.points[-1])[0]] == "local"
    assert kinds[optimizers.reached_minimum(land, heavy.points[-1])[0]] == "global"


def test_a_learning_rate_far_above_the_limit_diverges_everywhere():
    land = landscapes.get("ravine")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=10.0, steps=200, resolution=50)
    assert np.all(basins.labels == DIVERGED)
    assert optimizers.basin_shares(land, basins.labels)["diverged"] == 1.0
    assert np.all(np.isfinite(basins.final_values))


def test_too_few_steps_do_not_settle():
    land = landscapes.get("rosenbrock")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=1e-4, steps=5, resolution=30)
    x, y = np.meshgrid(*basins.axes, indexing="ij")
    began_near = np.hypot(x - 1, y - 1) < 0.1
    assert np.all(basins.labels[~began_near] == NOT_SETTLED)
    assert optimizers.basin_shares(land, basins.labels)["not settled"] > 0.99


def test_labels_index_the_grid_as_documented():
    land = landscapes.get("himmelblau")
    basins = optimizers.basin_map(land, optimizers.get("gd"), lr=0.01, steps=500, resolution=41)
    x, y = basins.axes
    i, j = 35, 30  # a start at x ≈ 3.75, y ≈ 2.5: the basin of (3, 2)
    single = optimizers.run(land, optimizers.get("gd"), [x[i], y[j]], lr=0.01, steps=500, record_every=500)
    assert basins.labels[i, j] == optimizers.reached_minimum(land, single.points[-1])[0]
    assert land.minima[basins.labels[i, j]].point == pytest.approx((3.0, 2.0))


def page_with_basins(name):
    at = AppTest.from_file(str(APP), default_timeout=90)
    land = landscapes.get(name)
    at.query_params["landscape"] = f"{land.title}  ({land.dim}D)"
    at.query_params["basins"] = "true"
    at.query_params["steps"] = "50"
    return at.run()


COSTLY = tuple(name for name in landscapes.names() if name.startswith("network_"))
"""A basin map here is thousands of starts, each a network's loss over its data: past the budget at 50 steps."""


@pytest.mark.parametrize("name", [name for name in landscapes.names() if name not in COSTLY])
def test_the_page_draws_basins_for_every_landscape(name):
    at = page_with_basins(name)
    assert not at.exception, [e.value for e in at.exception]
    spec = figures(at)[0]
    heatmaps = [trace for trace in spec["data"] if trace["type"] == "heatmap"]
    land = landscapes.get(name)
    if land.dim == 1:
        band = [shape for shape in spec["layout"].get("shapes", []) if shape["yref"] == "y2 domain"]
        assert band, "a 1D landscape gets a band of starts under its curve"
        assert not heatmaps, "drawn as shapes, which stay while the curve plays (a heatmap would vanish)"
        ((low, high),) = land.bounds
        assert sum(s["x1"] - s["x0"] for s in band) == pytest.approx(high - low), "every start, once"
        assert all(a["x1"] == pytest.approx(b["x0"]) for a, b in itertools.pairwise(band))
    else:
        assert len(heatmaps) == 1
    facts = " ".join(m.value for m in at.markdown)
    assert "reach a global minimum" in facts
    assert "diverge" in facts
    if land.convex:
        assert "convex" in " ".join(i.value for i in at.info)


@pytest.mark.parametrize("name", COSTLY)
def test_a_basin_map_too_costly_even_coarse_is_refused_with_what_to_lower(name):
    at = page_with_basins(name)
    assert not at.exception, [e.value for e in at.exception]
    assert any("lower the steps (now 50) to draw one" in w.value for w in at.warning), [w.value for w in at.warning]
    assert not [t for t in figures(at)[0]["data"] if t["type"] == "heatmap" and not t.get("meta")], "no basin map"
