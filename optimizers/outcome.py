"""How each path ended, in facts the page can state: diverged, arrived at a minimum, or still on its way."""

from typing import Literal, NamedTuple

import numpy as np

from landscapes import Landscape, Minimum
from optimizers.basins import reached_minimum
from optimizers.runner import Trajectory


class Outcome(NamedTuple):
    """The end of one path.

    `kind`: "diverged" (left for good at step `step`), "reached" (settled in `minimum` for good from
    step `step` on), "on its way" (ran all `step` steps without settling; `minimum` is the nearest one),
    or "no minimum" (ran all `step` steps on a loss that has none). `distance` is from the last point to
    `minimum` (NaN where there is none).
    """

    kind: Literal["diverged", "reached", "on its way", "no minimum"]
    step: int
    minimum: Minimum | None
    distance: float


def outcomes(landscape: Landscape, trajectory: Trajectory) -> list[Outcome]:
    """How every start of `trajectory` ended, by the same settling rule as the basin maps, in one pass."""
    rows, n, dim = trajectory.points.shape
    steps = int(trajectory.steps[-1])
    if not landscape.minima:
        return [
            Outcome("diverged", int(trajectory.stopped_at[i]), None, float("nan"))
            if trajectory.diverged[i]
            else Outcome("no minimum", steps, None, float("nan"))
            for i in range(n)
        ]
    labels = reached_minimum(landscape, trajectory.points.reshape(-1, dim)).reshape(rows, n)
    minima = np.array([m.point for m in landscape.minima])
    distances = np.linalg.norm(trajectory.points[-1][:, None, :] - minima[None], axis=-1)
    ended = []
    for i in range(n):
        settled = int(labels[-1, i])
        if trajectory.diverged[i]:
            ended.append(Outcome("diverged", int(trajectory.stopped_at[i]), None, float("nan")))
        elif settled < 0:
            nearest = int(np.argmin(distances[i]))
            ended.append(Outcome("on its way", steps, landscape.minima[nearest], float(distances[i, nearest])))
        else:
            elsewhere = np.flatnonzero(labels[:, i] != settled)
            since = int(trajectory.steps[elsewhere[-1] + 1]) if len(elsewhere) else 0
            ended.append(Outcome("reached", since, landscape.minima[settled], float(distances[i, settled])))
    return ended


def outcome(landscape: Landscape, trajectory: Trajectory, start: int = 0) -> Outcome:
    """How start `start` of `trajectory` ended."""
    one = trajectory._replace(
        points=trajectory.points[:, start : start + 1],
        values=trajectory.values[:, start : start + 1],
        diverged=trajectory.diverged[start : start + 1],
        stopped_at=trajectory.stopped_at[start : start + 1],
    )
    return outcomes(landscape, one)[0]
