"""A visitor's request costs bounded work: every computation a link or a control can ask for is estimated
before it runs, and past the budget the page computes less (and says so) or refuses (and says what to lower)."""

import time

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


@pytest.mark.parametrize(("name", "optimizer"), [("network_moons", "adam"), ("ravine", "gd"), ("tiny_network", "gd")])
@pytest.mark.parametrize("starts", [1, 51])
def test_the_estimate_is_near_what_the_run_costs(name, optimizer, starts):
    """On a landscape whose every point is costly (a network's loss over its data), a few starts cost their points,
    not the overhead a line through the probes of 128 and 2,048 starts makes up (it refused the network's scene at
    1.6 s for runs of 0.03 s each): measured, the estimate stays within a factor of the run."""
    land = landscapes.get(name)
    cost._landscape_cost.cache_clear()  # probed afresh, as a server's first visit to the landscape probes it
    estimate = optimizers.run_seconds(land, optimizer, (), starts, 100)
    points = np.tile(land.start, (starts, 1))
    took = min(_cpu(lambda: optimizers.run(land, optimizers.get(optimizer), points, lr=0.01, steps=100)) for _ in "ab")
    assert took / 4 < estimate < 4 * took + 0.01, (estimate, took)


def _cpu(work) -> float:
    began = time.process_time()
    work()
    return time.process_time() - began
