"""Whether a class's point and η predictions are right, from the run itself (no Streamlit): a tap is right near
where the focus optimizer's run ends, an η pick right at the stop from which the run diverges, or one beside it."""

import numpy as np

from optimizers import Trajectory

RIGHT_WITHIN = 0.1
"""A tap within this share of the box's diagonal from the run's end is right: a finger's width on a phone."""


def run_end(trajectory: Trajectory, bounds) -> np.ndarray:
    """Where the run ends, as the chart shows it: its last point, or where it left the box."""
    low, high = np.array(bounds, dtype=float).T
    return np.clip(trajectory.points[int(trajectory.stopped_at[0]), 0], low, high)


def reach(bounds) -> float:
    """How far from the run's end a right tap may be."""
    low, high = np.array(bounds, dtype=float).T
    return RIGHT_WITHIN * float(np.hypot.reduce(high - low))


def tap_is_right(tap, trajectory: Trajectory, bounds) -> bool:
    return float(np.hypot.reduce(np.asarray(tap, dtype=float) - run_end(trajectory, bounds))) <= reach(bounds)


def diverging_stop(diverged) -> int | None:
    """The first stop of the η slider at which the run diverges (each stop's flag in `diverged`), if any."""
    stops = np.flatnonzero(np.asarray(diverged, dtype=bool))
    return int(stops[0]) if len(stops) else None


def pick_is_right(pick: int, first: int) -> bool:
    """A pick of the stop where divergence begins, or one either side: the slider's stops are close together."""
    return abs(pick - first) <= 1
