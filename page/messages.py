"""What the page says about a run, built from the run's own facts (`optimizers.outcome`), so that every
sentence holds for the run it describes. Plain Python, no Streamlit: the tests read these against the runs.
Each takes `say`, the visitor's words (`language.words(lang)`)."""

from __future__ import annotations

import numpy as np

import landscapes
import optimizers
from language import Words
from optimizers import Outcome, Trajectory


def point_text(point) -> str:
    return ", ".join(f"{c:.3g}" for c in point)


def minimum_text(minimum: landscapes.Minimum, say: Words) -> str:
    return say(f"outcome.{minimum.kind}", point=point_text(minimum.point))


def outcome_text(outcome: Outcome, say: Words) -> str:
    """A run's end in a few words, for the summary table."""
    if outcome.kind == "diverged":
        return say("outcome.diverged", step=outcome.step)
    if outcome.kind == "reached":
        return say("outcome.reached", minimum=minimum_text(outcome.minimum, say), step=outcome.step)
    if outcome.kind == "no minimum":
        return say("outcome.no_minimum", step=outcome.step)
    if outcome.kind in ("maximum", "saddle"):
        return say(f"outcome.{outcome.kind}", point=point_text(outcome.at))
    minimum = minimum_text(outcome.minimum, say)
    return say("outcome.not_yet", step=outcome.step, distance=f"{outcome.distance:.3g}", minimum=minimum)


def divergence_text(land: landscapes.Landscape, title: str, optimizer: str, trajectory: Trajectory, lr: float,
                    say: Words) -> str:  # fmt: skip
    """Why a diverged run diverged, and what to try: the saddle's missing minimum, the 2/L limit of plain
    gradient descent on a quadratic when η is past it, or a smaller learning rate."""
    step = int(trajectory.stopped_at[0])
    low, high = np.array(land.bounds).T
    last = trajectory.points[-1, 0]
    where = say("divergence.left")
    if isinstance(land, landscapes.FormulaLandscape) and np.all((low <= last) & (last <= high)):
        where = say("divergence.undefined")
    if not land.minima:
        advice = say("divergence.no_minimum")
    elif optimizer == "gd" and land.curvature and lr > 2 / land.curvature:
        limit = f"{2 / land.curvature:g}"
        advice = say("divergence.quadratic", curvature=f"{land.curvature:g}", limit=limit, rate=f"{lr:g}")
    else:
        advice = say("divergence.smaller")
    return say("divergence.text", title=title, step=step, where=where, advice=advice)


def curvature_text(land: landscapes.Landscape, start, damping: float, title: str, say: Words) -> str | None:
    """What Newton's method does from `start` when the curvature it divides by (H + λI) is not positive there:
    its step heads for a maximum or a saddle, or is infinite; None where it heads for a minimum."""
    with np.errstate(all="ignore"):
        curvature = land.hessian(np.asarray(start, dtype=float)) + damping * np.eye(land.dim)
        values = np.linalg.eigvalsh(curvature) if np.all(np.isfinite(curvature)) else np.array([np.nan])
    if not np.all(np.isfinite(values)) or np.all(values > 0):
        return None
    shown = ", ".join(f"{v:.3g}" for v in values)
    if np.any(np.abs(values) <= 1e-12 * (1 + np.abs(values).max())):
        kind = "singular"
    elif np.all(values < 0):
        kind = "maximum"
    else:
        kind = "saddle"
    return say(f"curvature.{land.dim}d_{kind}", title=title, values=shown)


def summary_row(land: landscapes.Landscape, title: str, trajectory: Trajectory, say: Words) -> dict:
    """One row of the table under the chart: where a run ended and how."""
    end = trajectory.points[-1, 0]
    return {
        say("table.optimizer"): title,
        say("table.final_theta"): point_text(end),
        say("table.final_loss"): float(trajectory.values[-1, 0]),
        say("table.outcome"): outcome_text(optimizers.outcome(land, trajectory), say),
    }
