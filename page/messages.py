"""What the page says about a run, built from the run's own facts (`optimizers.outcome`), so that every
sentence holds for the run it describes. Plain Python, no Streamlit: the tests read these against the runs.
Each takes `say`, the visitor's words (`language.words(lang)`)."""

from __future__ import annotations

import math

import numpy as np

import landscapes
import language
import optimizers
from language import Words
from optimizers import Outcome, Trajectory


def point_text(point) -> str:
    return language.point(point)


def minimum_text(minimum: landscapes.Minimum, say: Words) -> str:
    return say(f"outcome.{minimum.kind}", point=point_text(minimum.point))


def outcome_text(outcome: Outcome, say: Words) -> str:
    """A run's end in a few words, for the summary table and the line under the chart's η control."""
    if outcome.kind == "diverged":
        return say("outcome.diverged", step=outcome.step)
    if outcome.kind == "reached":
        minimum = minimum_text(outcome.minimum, say)
        reach = language.number(rounded_up(outcome.reach))
        return say("outcome.reached", minimum=minimum, step=outcome.step, reach=reach)
    if outcome.kind == "no minimum":
        return say("outcome.no_minimum", step=outcome.step)
    if outcome.kind in ("maximum", "saddle", "outside"):
        return say(f"outcome.{outcome.kind}", point=point_text(outcome.at), step=outcome.step)
    minimum = minimum_text(outcome.minimum, say)
    return say("outcome.not_yet", step=outcome.step, distance=language.number(outcome.distance, 3), minimum=minimum)


def rounded_up(value: float, digits: int = 2) -> float:
    """`value` rounded up to `digits` significant digits: a bound the page states stays a true bound."""
    unit = 10.0 ** (math.floor(math.log10(value)) - digits + 1)
    return float(f"{math.ceil(value / unit - 1e-9) * unit:.{digits}g}")


def safe_rate(rates, sweep: Trajectory, lr: float) -> float | None:
    """The largest of `rates` below `lr` at which the sweep's run (start k at `rates[k]`) does not diverge."""
    below = [rate for rate, diverged in zip(rates, sweep.diverged, strict=True) if rate < lr and not diverged]
    return max(below, default=None)


def divergence_text(land: landscapes.Landscape, title: str, optimizer: str, trajectory: Trajectory, lr: float,
                    say: Words, safer: float | None = None, swept: bool = True) -> str:  # fmt: skip
    """Why a diverged run diverged, read off the run: where its last step went, whether J rose on the way (the
    steps overshoot) or fell (downhill led off the chart, or on forever where the loss has no minimum), and
    what to try: 2/L for plain gradient descent on a quadratic when η is past it, else `safer`, the largest
    learning rate below `lr` at which the same run stays on the chart (from the sweep), if there is one; where
    there was no sweep to ask (`swept` false), only to try a smaller one."""
    step = int(trajectory.stopped_at[0])
    before, after = trajectory.points[step, 0], trajectory.escape[0]
    undefined = isinstance(land, landscapes.FormulaLandscape) and not np.isfinite(land.value(after))
    where = say("divergence.undefined" if undefined else "divergence.left")
    with np.errstate(all="ignore"):
        start_value, end_value = float(trajectory.values[0, 0]), float(land.value(after))
    if not np.isfinite(end_value) or end_value == start_value:
        trend = ""
    elif end_value > start_value:
        trend = say("divergence.rose", start=language.number(start_value), end=language.number(end_value))
    else:
        kind = "divergence.fell_forever" if not land.minima else "divergence.fell"
        trend = say(kind, start=language.number(start_value), end=language.number(end_value))
    if optimizer == "gd" and land.minima and land.curvature and lr > 2 / land.curvature:
        limit = language.number(2 / land.curvature)
        advice = say("divergence.quadratic", curvature=language.number(land.curvature), limit=limit,
                     rate=language.number(lr))  # fmt: skip
    elif safer is not None:
        advice = say("divergence.safer", rate=language.number(safer), steps=int(trajectory.steps[-1]))
    else:
        advice = say("divergence.no_safer" if swept else "divergence.smaller")
    fields = {"from": point_text(before), "to": point_text(after)}
    return say("divergence.text", title=title, step=step, where=where, trend=trend, advice=advice, **fields)


def curvature_text(land: landscapes.Landscape, start, damping: float, title: str, say: Words) -> str | None:
    """What Newton's method does from `start` when the curvature it divides by (H + λI) is not positive there:
    its step heads for a maximum or a saddle, or is infinite; None where it heads for a minimum."""
    with np.errstate(all="ignore"):
        curvature = land.hessian(np.asarray(start, dtype=float)) + damping * np.eye(land.dim)
        values = np.linalg.eigvalsh(curvature) if np.all(np.isfinite(curvature)) else np.array([np.nan])
    if not np.all(np.isfinite(values)) or np.all(values > 0):
        return None
    shown = language.point(values)
    if np.any(np.abs(values) <= 1e-12 * (1 + np.abs(values).max())):
        kind = "singular"
    elif np.all(values < 0):
        kind = "maximum"
    else:
        kind = "saddle"
    return say(f"curvature.{land.dim}d_{kind}", title=title, values=shown)


def summary_row(title: str, trajectory: Trajectory, ended: optimizers.Outcome, say: Words) -> dict:
    """One row of the table under the chart: where a run ended and how (`ended`, its outcome)."""
    end = trajectory.points[-1, 0]
    return {
        say("table.optimizer"): title,
        say("table.final_theta"): point_text(end),
        say("table.final_loss"): language.number(trajectory.values[-1, 0]),
        say("table.outcome"): outcome_text(ended, say),
    }
