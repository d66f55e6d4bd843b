"""Every sentence the page says about a run, read back against the run itself: each landscape with each
optimizer at a small, the default and a huge learning rate."""

import re

import numpy as np
import pytest

import landscapes
import optimizers
from language import words
from optimizers.basins import SETTLE_DISTANCE
from page.messages import curvature_text, divergence_text, outcome_text, summary_row

SAY = words("en")

RATES = (1e-4, 0.05, 10.0)
CASES = [(name, optimizer) for name in landscapes.names() for optimizer in optimizers.names()]


def run(name, optimizer, lr):
    land = landscapes.get(name)
    return land, optimizers.run(land, optimizers.get(optimizer), _start(land), lr=lr, steps=100)


def _start(land):
    """A start a quarter of the box in from its lower corner: off every minimum and every axis of symmetry."""
    return tuple(low + 0.27 * (high - low) for low, high in land.bounds)


def numbers_in(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


@pytest.mark.parametrize("lr", RATES)
@pytest.mark.parametrize(("name", "optimizer"), CASES, ids=[f"{n}-{o}" for n, o in CASES])
def test_every_outcome_holds_for_its_run(name, optimizer, lr):
    land, trajectory = run(name, optimizer, lr)
    text = outcome_text(optimizers.outcome(land, trajectory), SAY)
    end = trajectory.points[-1, 0]
    low, high = np.array(land.bounds).T
    reach = SETTLE_DISTANCE * np.linalg.norm(high - low)
    if text.startswith("diverged at step "):
        assert trajectory.diverged[0]
        assert int(text.removeprefix("diverged at step ")) == trajectory.stopped_at[0]
        return
    assert not trajectory.diverged[0], text
    if text.startswith("reached the "):
        kind, point, step = re.fullmatch(r"reached the (global|local) minimum at \((.*)\) by step (\d+)", text).groups()
        claimed = np.array([float(c) for c in point.split(", ")])
        minimum = min(land.minima, key=lambda m: np.linalg.norm(np.array(m.point) - claimed))
        assert minimum.kind == kind
        np.testing.assert_allclose(claimed, minimum.point, rtol=5e-3, atol=5e-3)  # to three digits
        for later in trajectory.points[int(step) :, 0]:
            assert np.linalg.norm(later - minimum.point) <= reach, "from that step on it stays at the minimum"
    elif text.startswith("not there yet"):
        steps, distance = numbers_in(text)[:2]
        assert steps == 100
        nearest = min(np.linalg.norm(end - np.array(m.point)) for m in land.minima)
        assert distance == pytest.approx(nearest, rel=5e-3), "said to three digits"
        assert distance > 0
    else:
        assert text == "ran all 100 steps; this loss has no minimum to reach"
        assert not land.minima


@pytest.mark.parametrize("lr", RATES)
@pytest.mark.parametrize(("name", "optimizer"), CASES, ids=[f"{n}-{o}" for n, o in CASES])
def test_every_divergence_message_holds_for_its_run(name, optimizer, lr):
    land, trajectory = run(name, optimizer, lr)
    if not trajectory.diverged[0]:
        return
    text = divergence_text(land, "It", optimizer, trajectory, lr, SAY)
    assert text.startswith(f"**It diverged** at step {trajectory.stopped_at[0]}:")
    if "2/L" in text:
        assert optimizer == "gd", "the limit 2/L is plain gradient descent's"
        assert land.minima, "a loss without a minimum has no limit that would make it converge"
        limit = 2 / land.curvature
        assert f"2/L = {limit:g}" in text
        assert lr > limit, "the page names the limit only when η is past it"
        assert f"η is {lr:g}" in text
    if "no minimum" in text:
        assert not land.minima


def test_the_saddle_says_it_has_no_minimum_and_names_no_limit():
    land, trajectory = run("saddle", "gd", 0.05)
    text = divergence_text(land, "Gradient descent", "gd", trajectory, 0.05, SAY)
    assert "no minimum" in text
    assert "2/L" not in text


def test_too_small_a_learning_rate_is_not_called_arrived():
    land = landscapes.get("parabola")
    trajectory = optimizers.run(land, optimizers.get("gd"), (2.5,), lr=1e-4, steps=100)
    row = summary_row(land, "Gradient descent", trajectory, SAY)
    assert float(row["final θ"]) == pytest.approx(2.45, abs=0.01)
    assert row["outcome"] == "not there yet after 100 steps: 2.45 away from the global minimum at (0)"


NEWTON_STARTS = [("local_minimum", (0.3,)), ("himmelblau", (0.0, -0.5)), ("saddle", (1.8, 0.05)), ("parabola", (2.5,)),
                 ("rosenbrock", (-1.5, 2.5)), ("six_hump_camel", (0.5, 0.1))]  # fmt: skip


@pytest.mark.parametrize(("name", "start"), NEWTON_STARTS)
def test_what_the_page_says_of_newtons_step_is_what_it_does(name, start):
    """A note where the curvature is not positive at the start, and none where it is; a 'maximum' note means
    the first step goes uphill; the run's end is named as the point it stands still on."""
    land = landscapes.get(name)
    run = optimizers.run(land, optimizers.get("newton"), start, lr=1.0, steps=30)
    note = curvature_text(land, start, 0.0, "Newton's method", SAY)
    curvatures = np.linalg.eigvalsh(land.hessian(np.array(start, dtype=float)))
    assert (note is None) == bool(np.all(curvatures > 0))
    if note and "maximum" in note:
        assert run.values[1, 0] > run.values[0, 0], "uphill"
    ended = optimizers.outcome(land, run)
    if ended.kind in ("maximum", "saddle"):
        assert np.abs(land.grad(run.points[-1, 0])).max() < 1e-9
        assert f"stopped on a {'maximum' if ended.kind == 'maximum' else 'saddle point'}" in outcome_text(ended, SAY)
