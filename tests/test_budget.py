"""A visitor's request costs bounded work: every computation a link or a control can ask for is estimated
before it runs, and past the budget the page computes less (and says so) or refuses (and says what to lower)."""

import numpy as np
import pytest

import landscapes
import optimizers
from optimizers import cost
from page import work
from page.scene import LEARNING_RATES
from tests.specs import figures
from tests.test_app import assert_healthy, run_page

WORST_BASINS = {"landscape": "rastrigin", "optimizers": "lbfgs", "basins": "true", "steps": "2000"}
"""The link that kept a server's core busy for 107-120 s: L-BFGS's basin map on Rastrigin over 2,000 steps."""


def test_the_worst_basin_link_draws_no_basin_map_and_says_what_to_lower():
    at = run_page(**WORST_BASINS)
    assert_healthy(at)
    said = [m.value for m in [*at.error, *at.warning]]
    assert any("lower the steps (now 2000)" in text for text in said), said
    assert not [f for f in figures(at) if any(t.get("type") == "heatmap" and not t.get("meta") for t in f["data"])]


def test_a_basin_map_past_the_budget_at_its_usual_grid_is_drawn_coarser_and_says_so():
    at = run_page(landscape="rastrigin", optimizers="lbfgs", basins="true", steps="50")
    assert_healthy(at)
    budget = work.budget(*scene_and_plan(at))
    assert budget.basins is not None
    assert budget.basins < budget.usual, "L-BFGS's memory makes the usual 200 x 200 grid too costly"
    captions = " ".join(c.value for c in at.caption)
    assert f"a grid of {budget.basins} starts per side (usually {budget.usual})" in captions
    heat = next(t for f in figures(at) for t in f["data"] if t.get("type") == "heatmap" and not t.get("meta"))
    assert len(heat["x"]["bdata"] if isinstance(heat["x"], dict) else heat["x"]) > 0


def test_the_usual_scene_is_computed_whole():
    at = run_page(basins="true")
    assert_healthy(at)
    budget = work.budget(*scene_and_plan(at))
    assert (budget.basins, budget.runs_fit, budget.sweep_fits) == (budget.usual, True, True)
    assert not [c.value for c in at.caption if "server's time" in c.value]


def test_a_scene_past_the_budget_is_refused_with_what_to_lower(monkeypatch):
    monkeypatch.setattr(work, "BUDGET", 1e-9)
    at = run_page(landscape="himmelblau", steps="500")
    assert_healthy(at)
    (error,) = [e.value for e in at.error]
    assert "lower the steps (now 500) or pick fewer optimizers" in error
    assert not figures(at), "nothing is run"


def test_a_sweep_past_the_budget_leaves_the_chart_without_its_eta_control(monkeypatch):
    """Where the runs fit but the 51 runs of the sweep do not, the chart is drawn from the runs alone."""
    at = run_page(landscape="himmelblau", steps="500")
    budget = work.budget(*scene_and_plan(at))
    monkeypatch.setattr(work, "BUDGET", (budget.runs + budget.sweep) / 2)
    at = run_page(landscape="himmelblau", steps="500")
    assert_healthy(at)
    assert any(f"running all {len(LEARNING_RATES)} learning rates" in c.value for c in at.caption)
    (main,) = [f for f in figures(at)[:1]]
    assert main["frames"], "Play's frames are made on the server when the browser has no sweep"


def scene_and_plan(at):
    """The scene and the plan the page ran, read back the way the page reads them (no Streamlit needed)."""
    from page.panels import plan_of
    from page.query import landscape_options
    from page.scene import DEFAULT_OPTIMIZERS, Batching, Built, Choice, Scene, View, default_start

    name = landscape_options().get(at.query_params.get("landscape", "ravine"), "ravine")
    land = landscapes.get(name)
    chosen = at.query_params.get("optimizers", ",".join(DEFAULT_OPTIMIZERS)).split(",")
    scene = Scene(
        Built(name), tuple(Choice(c) for c in chosen), float(at.select_slider(key="lr").value), default_start(land),
        int(at.query_params.get("steps", 100)), None, Batching(), View(focus=chosen[0]),
    )  # fmt: skip
    return scene, plan_of(scene)


@pytest.mark.parametrize(("name", "optimizer"), [("ravine", "gd"), ("rastrigin", "lbfgs"), ("tiny_network", "adam")])
def test_the_estimate_grows_with_the_work_asked_for(name, optimizer):
    land = landscapes.get(name)
    small = optimizers.run_seconds(land, optimizer, (), 100, 100)
    assert optimizers.run_seconds(land, optimizer, (), 1_000_000, 100) > 10 * small, "ten thousand times the starts"
    assert optimizers.run_seconds(land, optimizer, (), 100, 1000) > 5 * small, "ten times the steps"
    assert np.isfinite(small)
    assert small > 0


def test_a_few_starts_on_a_costly_landscape_cost_their_points_not_the_probes_overhead(monkeypatch):
    """A network's loss costs 0.3 ms a point alone, 25 ms for 128 points and 340 ms for 2,048 (as measured here):
    the line through the last two makes up 8 ms a step of overhead, which refused the network's scene at 1.6 s
    for runs of 0.03 s. One start costs what one point alone costs; many cost what the line says."""
    land = landscapes.get("network_moons")
    cost._update_cost("gd", 0)  # the update's own probes, measured as usual and kept
    cost._landscape_cost.cache_clear()
    probes = iter([0.0003, 0.025, 0.34])  # the gradient at 1, 128 and 2,048 points, in the order probed
    monkeypatch.setattr(cost, "_timed", lambda work: next(probes))
    update = cost._update_cost("gd", 0)
    one = optimizers.run_seconds(land, "gd", (), 1, 100)
    assert one == pytest.approx(100 * (update.fixed + update.per_start + 0.0003))
    per_start = (0.34 - 0.025) / (2048 - 128)
    many = optimizers.run_seconds(land, "gd", (), 1000, 100)
    assert many == pytest.approx(
        100 * (update.fixed + 1000 * update.per_start + 0.025 - 128 * per_start + 1000 * per_start)
    )
    cost._landscape_cost.cache_clear()
