"""Which predictions count as right, against runs the engine makes and numbers worked by hand."""

import numpy as np

import landscapes
import optimizers
from page.predictions import diverging_stop, pick_is_right, reach, run_end, tap_is_right
from page.scene import LEARNING_RATES


def test_a_tap_is_right_near_where_the_run_ends_and_wrong_in_the_other_valley():
    land = landscapes.get("local_minimum")
    run = optimizers.run(land, optimizers.get("gd"), (2.5,), lr=0.05, steps=100)
    end = float(run.points[-1, 0, 0])
    local = next(m.point[0] for m in land.minima if m.kind == "local")
    assert abs(end - local) < 0.05, "from θ = 2.5 it ends in the local minimum"
    assert tap_is_right((local,), run, land.bounds)
    glob = next(m.point[0] for m in land.minima if m.kind == "global")
    assert not tap_is_right((glob,), run, land.bounds)
    (low, high), edge = land.bounds[0], reach(land.bounds)
    assert edge == 0.1 * (high - low), "in 1D the diagonal is the width"
    assert tap_is_right((end + 0.99 * edge,), run, land.bounds)
    assert not tap_is_right((end + 1.01 * edge,), run, land.bounds)


def test_a_run_that_leaves_the_box_ends_on_its_edge():
    land = landscapes.get("parabola")
    run = optimizers.run(land, optimizers.get("gd"), (2.5,), lr=1.5, steps=50)
    assert run.diverged[0]
    assert run_end(run, land.bounds).tolist() == [land.bounds[0][1 if run.points[-1, 0, 0] > 0 else 0]]


def test_the_stop_where_divergence_begins_on_the_parabola_is_just_above_2_over_l():
    land = landscapes.get("parabola")  # J = θ²: L = 2, so gradient descent diverges for η > 1
    sweep = optimizers.sweep(land, optimizers.get("gd"), (2.5,), LEARNING_RATES, steps=50)
    first = diverging_stop(sweep.diverged)
    assert LEARNING_RATES[first - 1] <= 1.0 < LEARNING_RATES[first]
    assert pick_is_right(first, first)
    assert pick_is_right(first + 1, first)
    assert not pick_is_right(first - 2, first)
    assert diverging_stop(np.zeros(5, dtype=bool)) is None
