"""A learning-rate sweep as the charts' browser side uses it: each path and each loss curve at every swept η,
thinned, so that moving η on the chart redraws them without asking the server."""

from collections.abc import Callable, Mapping

import numpy as np

from landscapes import Landscape
from optimizers import Trajectory
from plots.loss import FLOOR, loss_uid, lowest
from plots.paths import path_uid

SWEEP_POINTS = 200
"""Points each swept path keeps (evenly spread, first and last always): 51 rates × 7 optimizers × 2,000 steps
would otherwise be 5 MB; the path at the chosen η arrives whole when the page syncs."""
AT_THIS_RATE = "at this η"
"""The id of a trace drawn for the page's η alone (the curve's tangent and step arrows), which the sweep does not
hold: the browser hides it while its η control shows another η, until the page syncs."""


def kept_rows(rows: int, points: int = SWEEP_POINTS) -> np.ndarray:
    return np.unique(np.linspace(0, rows - 1, min(rows, points)).round().astype(int))


def path_sweep(
    landscape: Landscape,
    sweeps: Mapping[str, Trajectory],
    texts: Mapping[str, list[str]],
    heights: Callable[[np.ndarray], np.ndarray] | None = None,
) -> dict:
    """For the main chart: per path, its points at every swept η (rows of `x` and `y`, one per η; for a 1D
    landscape x is θ and y is J; with `heights`, the 3D surface's, also `z`: each point's J as the surface
    draws it), the steps they were taken at, and the line saying how each run ended."""
    paths = {}
    for key, trajectory in sweeps.items():
        rows = kept_rows(len(trajectory.steps))
        points = trajectory.points[rows]
        if landscape.dim == 1:
            x, y = points[..., 0], trajectory.values[rows]
        else:
            x, y = points[..., 0], points[..., 1]
        paths[path_uid(key)] = {
            "key": key,
            "x": np.ascontiguousarray(x.T, dtype=np.float32),
            "y": np.ascontiguousarray(y.T, dtype=np.float32),
            "steps": trajectory.steps[rows].astype(np.int32),
            "outcomes": texts[key],
        }
        if heights is not None:
            paths[path_uid(key)]["z"] = np.ascontiguousarray(heights(trajectory.values[rows]).T, dtype=np.float32)
    return {"paths": paths}


def loss_sweep(landscape: Landscape, sweeps: Mapping[str, Trajectory]) -> dict:
    """For the loss chart: per path, the loss curve at every swept η, as the chart draws it (the gap to the
    lowest minimum where there is one), blank after a run stopped."""
    best = lowest(landscape)
    curves = {}
    for key, trajectory in sweeps.items():
        rows = kept_rows(len(trajectory.steps))
        values = trajectory.values[rows].T
        shown = values if best is None else np.maximum(values - best, FLOOR)
        stopped = trajectory.steps[rows][None, :] > trajectory.stopped_at[:, None]
        curves[loss_uid(key)] = {
            "key": key,
            "x": trajectory.steps[rows].astype(np.int32),
            "y": np.where(stopped, np.nan, shown).astype(np.float32),
        }
    return {"curves": curves}
