"""Every sentence the page says about a run, read back against the run itself: each landscape with each
optimizer at a small, the default and a huge learning rate."""

import re

import numpy as np
import pytest

import landscapes
import optimizers
from language import words
from optimizers.basins import SETTLE_DISTANCE
from page.messages import curvature_text, divergence_text, outcome_text, safe_rate
from page.scene import LEARNING_RATES

SAY = words("en")

RATES = (1e-4, 0.05, 10.0)
CASES = [(name, optimizer) for name in landscapes.names() for optimizer in optimizers.names()]


def run(name, optimizer, lr):
    land = landscapes.get(name)
    return land, optimizers.run(land, optimizers.get(optimizer), _start(land), lr=lr, steps=100)


def _start(land):
    """A start a quarter of the box in from its lower corner: off every minimum and every axis of symmetry."""
    return tuple(low + 0.27 * (high - low) for low, high in land.bounds)


SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def numbers_of(text: str) -> list[float]:
    """The numbers in a text the page wrote (a true minus sign, powers of ten written out as 2.75×10⁻⁸ or 10⁵)."""
    powers = r"(?:(\d+(?:\.\d+)?)×)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    plain = re.sub(powers, lambda m: f"{m.group(1) or 1}e{m.group(2).translate(SUPERSCRIPT)}", text.replace("−", "-"))
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", plain)]


def point_in(text: str, before: str) -> np.ndarray:
    """The point written in parentheses right after `before` in `text`."""
    inside = re.search(re.escape(before) + r" \(([^)]*)\)", text).group(1)
    return np.array([numbers_of(part)[0] for part in inside.split(", ")])


RUNS = {(name, optimizer, lr): run(name, optimizer, lr) for name, optimizer in CASES for lr in RATES}
DIVERGED = [key for key, (_, trajectory) in RUNS.items() if trajectory.diverged[0]]
STAYED = [key for key, (_, trajectory) in RUNS.items() if not trajectory.diverged[0]]


def ids(keys):
    return [f"{n}-{o}-{lr:g}" for n, o, lr in keys]


@pytest.mark.parametrize("key", DIVERGED, ids=ids(DIVERGED))
def test_a_diverged_run_is_called_diverged_at_the_step_it_left(key):
    land, trajectory = RUNS[key]
    text = outcome_text(optimizers.outcome(land, trajectory), SAY)
    assert text == f"diverged at step {trajectory.stopped_at[0]}"


@pytest.mark.parametrize("key", STAYED, ids=ids(STAYED))
def test_every_outcome_of_a_run_that_stayed_holds_for_it(key):
    land, trajectory = RUNS[key]
    text = outcome_text(optimizers.outcome(land, trajectory), SAY)
    end = trajectory.points[-1, 0]
    low, high = np.array(land.bounds).T
    reach = SETTLE_DISTANCE * np.linalg.norm(high - low)
    assert not text.startswith("diverged"), text
    if text.startswith("reached the "):
        kind, point, step, within = re.fullmatch(
            r"reached the (global|local) minimum at \((.*)\) at step (\d+) \(within (\S+) of it from then on\)",
            text,
        ).groups()  # fmt: skip
        claimed = np.array([numbers_of(c)[0] for c in point.split(", ")])
        minimum = min(land.minima, key=lambda m: np.linalg.norm(np.array(m.point) - claimed))
        assert minimum.kind == kind
        np.testing.assert_allclose(claimed, minimum.point, rtol=5e-3, atol=5e-3)  # to three digits
        assert reach <= numbers_of(within)[0] <= 1.1 * reach, "the tolerance said is the one applied, rounded up"
        for later in trajectory.points[int(step) :, 0]:
            assert np.linalg.norm(later - minimum.point) <= reach, "from that step on it stays at the minimum"
        if int(step) > 0:
            before = optimizers.reached_minimum(land, trajectory.points[int(step) - 1])[0]
            assert land.minima[before] != minimum if before >= 0 else True, "the step named is the first there"
    elif text.startswith("not there yet"):
        steps, distance = numbers_of(text)[:2]
        assert steps == 100
        nearest = min(np.linalg.norm(end - np.array(m.point)) for m in land.minima)
        assert distance == pytest.approx(nearest, rel=5e-3), "said to three digits"
        assert optimizers.reached_minimum(land, end[None])[0] == optimizers.NOT_SETTLED, "it has not settled"
        assert np.all((low <= end) & (end <= high)), "a run that ended off the chart says so"
    elif text.startswith("ended outside the chart"):
        assert not np.all((low <= end) & (end <= high))
        np.testing.assert_allclose(point_in(text, "chart at"), end, rtol=5e-3, atol=1e-9)
    elif text.startswith("came to rest"):
        named = point_in(text, "maximum at" if "maximum" in text else "saddle point at")
        at = np.array(optimizers.outcome(land, trajectory).at)
        np.testing.assert_allclose(named, at, rtol=5e-3, atol=5e-3)  # to three digits
        assert np.linalg.norm(end - at) <= reach, "it ended next to the point named"
        assert np.abs(land.grad(at)).max() < 1e-2 * (1 + abs(float(land.value(at)))), "the slope is zero there"
        curvatures = np.linalg.eigvalsh(land.hessian(at))
        assert not np.all(curvatures > 0), "a maximum or a saddle, not a minimum"
    else:
        assert text == "ran all 100 steps; this loss has no minimum to reach"
        assert not land.minima


def test_a_run_that_converges_says_it_reached_the_minimum():
    """The other direction: a plain convergent run is never called on its way, diverged or stuck."""
    for name in ("parabola", "bowl", "ravine", "linear_regression"):
        land = landscapes.get(name)
        trajectory = optimizers.run(land, optimizers.get("gd"), _start(land), lr=0.01, steps=2000)
        assert outcome_text(optimizers.outcome(land, trajectory), SAY).startswith("reached the global minimum")


@pytest.mark.parametrize("key", DIVERGED, ids=ids(DIVERGED))
def test_every_divergence_message_holds_for_its_run(key):
    _, optimizer, lr = key
    land, trajectory = RUNS[key]
    safer = safe_rate(LEARNING_RATES, optimizers.sweep(land, optimizers.get(optimizer), _start(land),
                                                       LEARNING_RATES, steps=100), lr)  # fmt: skip
    text = divergence_text(land, "It", optimizer, trajectory, lr, SAY, safer)
    step = int(trajectory.stopped_at[0])
    assert text.startswith(f"**It diverged** at step {step}: from (")
    np.testing.assert_allclose(point_in(text, "from"), trajectory.points[step, 0], rtol=5e-3, atol=1e-12)
    went = trajectory.escape[0]
    np.testing.assert_allclose(point_in(text, "went to"), went, rtol=5e-3, atol=1e-12)
    with np.errstate(all="ignore"):
        start_value, end_value = float(land.value(trajectory.points[0, 0])), float(land.value(went))
    assert ("J rose" in text) == (np.isfinite(end_value) and end_value > start_value)
    assert ("J fell" in text) == (np.isfinite(end_value) and end_value < start_value)
    assert ("no minimum" in text) == ("J fell" in text and not land.minima)
    past_limit = optimizer == "gd" and bool(land.minima) and bool(land.curvature) and lr > 2 / land.curvature
    assert ("2/L" in text) == past_limit, "the limit 2/L is named exactly when plain gradient descent is past it"
    if past_limit:
        assert f"2/L = {2 / land.curvature:g}" in text
        assert f"η is {lr:g}" in text
    elif "stays on the chart" in text:
        rate = numbers_of(text.split("At η = ")[1])[0]
        assert rate < lr
        again = optimizers.run(land, optimizers.get(optimizer), _start(land), lr=rate, steps=100)
        assert not again.diverged[0], "at the η it names, the run does stay"
    else:
        assert "At every smaller η on the slider it leaves the chart too." in text
        smaller = [rate for rate in LEARNING_RATES if rate < lr]
        again = optimizers.run(land, optimizers.get(optimizer), np.repeat([_start(land)], len(smaller), axis=0),
                               lr=np.array(smaller), steps=100)  # fmt: skip
        assert again.diverged.all()


def test_the_saddle_blown_up_along_x_says_j_rose_and_names_a_learning_rate_that_stays():
    """At η = 10 the saddle's run leaves along x, where J rises: not "falls without end, whatever η"."""
    land = landscapes.get("saddle")
    trajectory = optimizers.run(land, optimizers.get("gd"), (1.8, 0.05), lr=10.0, steps=100)
    sweep = optimizers.sweep(land, optimizers.get("gd"), (1.8, 0.05), LEARNING_RATES, steps=100)
    text = divergence_text(land, "Gradient descent", "gd", trajectory, 10.0, SAY, safe_rate(LEARNING_RATES, sweep, 10))
    assert "J rose" in text
    assert "without end" not in text
    assert "whatever" not in text
    assert "At η = " in text


def test_a_run_that_leaves_at_its_first_step_shows_where_that_step_went():
    land = landscapes.get("rosenbrock")
    trajectory = optimizers.run(land, optimizers.get("gd"), (-1.5, 2.5), lr=10.0, steps=100)
    assert trajectory.stopped_at[0] == 0
    table = optimizers.step_table(land, trajectory, 0, 10.0)
    assert len(table.step) == 1, "the step that left is the table's row"
    gradient = land.grad(np.array([-1.5, 2.5]))
    np.testing.assert_allclose(table.move[0], -10.0 * gradient)
    text = divergence_text(land, "Gradient descent", "gd", trajectory, 10.0, SAY, None)
    np.testing.assert_allclose(point_in(text, "went to"), np.array([-1.5, 2.5]) - 10 * gradient, rtol=5e-3)


def test_the_saddle_lessons_start_on_the_axis_comes_to_rest_at_the_saddle_point():
    land = landscapes.get("saddle")
    trajectory = optimizers.run(land, optimizers.get("gd"), (1.8, 0.0), lr=0.05, steps=100)
    text = outcome_text(optimizers.outcome(land, trajectory), SAY)
    assert text.startswith("came to rest at a saddle point at (0, 0)"), text


def test_a_formula_whose_run_leaves_the_box_is_said_to_end_outside_the_chart():
    land = landscapes.from_formula("(x^2 - 4)^2 / 10 + (y - 1)^2", ((-1.5, 1.5), (-1.5, 1.5)))
    trajectory = optimizers.run(land, optimizers.get("gd"), (1.2, 0.5), lr=0.1, steps=100)
    assert not trajectory.diverged[0]
    assert trajectory.points[-1, 0, 0] > 1.5, "the run left the box for the minimum at x = 2"
    text = outcome_text(optimizers.outcome(land, trajectory), SAY)
    assert text.startswith("ended outside the chart at (2, 1)"), text


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
        assert f"came to rest {'on a maximum' if ended.kind == 'maximum' else 'at a saddle point'}" in outcome_text(
            ended, SAY
        )
