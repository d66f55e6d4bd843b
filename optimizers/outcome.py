"""How one path ended, in facts the page can state: diverged, arrived at a minimum, or still on its way."""

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


def outcome(landscape: Landscape, trajectory: Trajectory, start: int = 0) -> Outcome:
    """How start `start` of `trajectory` ended, by the same settling rule as the basin maps."""
    points = trajectory.points[:, start]
    end = points[-1]
    if trajectory.diverged[start]:
        return Outcome("diverged", int(trajectory.stopped_at[start]), None, float("nan"))
    steps = int(trajectory.steps[-1])
    if not landscape.minima:
        return Outcome("no minimum", steps, None, float("nan"))
    distances = [float(np.linalg.norm(end - np.array(m.point))) for m in landscape.minima]
    labels = reached_minimum(landscape, points)
    settled = int(labels[-1])
    if settled < 0:
        nearest = int(np.argmin(distances))
        return Outcome("on its way", steps, landscape.minima[nearest], distances[nearest])
    elsewhere = np.flatnonzero(labels != settled)
    since = int(trajectory.steps[elsewhere[-1] + 1]) if len(elsewhere) else 0
    return Outcome("reached", since, landscape.minima[settled], distances[settled])
