"""What the page says about a run, built from the run's own facts (`optimizers.outcome`), so that every
sentence holds for the run it describes. Plain Python, no Streamlit: the tests read these against the runs."""

from __future__ import annotations

import numpy as np

import landscapes
import optimizers
from optimizers import Outcome, Trajectory


def point_text(point) -> str:
    return ", ".join(f"{c:.3g}" for c in point)


def minimum_text(minimum: landscapes.Minimum) -> str:
    return f"the {minimum.kind} minimum at ({point_text(minimum.point)})"


def outcome_text(outcome: Outcome) -> str:
    """A run's end in a few words, for the summary table."""
    if outcome.kind == "diverged":
        return f"diverged at step {outcome.step}"
    if outcome.kind == "reached":
        return f"reached {minimum_text(outcome.minimum)} by step {outcome.step}"
    if outcome.kind == "no minimum":
        return f"ran all {outcome.step} steps; this loss has no minimum to reach"
    return f"not there yet after {outcome.step} steps: {outcome.distance:.3g} away from {minimum_text(outcome.minimum)}"


def divergence_text(land: landscapes.Landscape, title: str, optimizer: str, trajectory: Trajectory, lr: float) -> str:
    """Why a diverged run diverged, and what to try: the saddle's missing minimum, the 2/L limit of plain
    gradient descent on a quadratic when η is past it, or a smaller learning rate."""
    step = int(trajectory.stopped_at[0])
    low, high = np.array(land.bounds).T
    last = trajectory.points[-1, 0]
    where = "it left far beyond the chart"
    if isinstance(land, landscapes.FormulaLandscape) and np.all((low <= last) & (last <= high)):
        where = "its next step landed where J is undefined, so it stops at its last defined point"
    if not land.minima:
        advice = "This loss has no minimum: along some direction it falls without end, whatever the learning rate."
    elif optimizer == "gd" and land.curvature and lr > 2 / land.curvature:
        advice = (
            f"On this quadratic the curvature is L = {land.curvature:g}, so plain gradient descent diverges for "
            f"η > 2/L = {2 / land.curvature:g}, and η is {lr:g}: try a learning rate below {2 / land.curvature:g}."
        )
    else:
        advice = "Try a smaller learning rate."
    return f"**{title} diverged** at step {step}: {where}. {advice}"


def summary_row(land: landscapes.Landscape, title: str, trajectory: Trajectory) -> dict:
    """One row of the table under the chart: where a run ended and how."""
    end = trajectory.points[-1, 0]
    return {
        "optimizer": title,
        "final θ": point_text(end),
        "final J(θ)": float(trajectory.values[-1, 0]),
        "outcome": outcome_text(optimizers.outcome(land, trajectory)),
    }
