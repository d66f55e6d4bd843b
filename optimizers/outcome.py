"""How each path ended, in facts the page can state: diverged, arrived at a minimum, come to rest where the
slope vanishes on a maximum or a saddle, ended outside the chart, or still on its way."""

from typing import Literal, NamedTuple

import numpy as np

from landscapes import Landscape, Minimum
from optimizers.basins import SETTLE_DISTANCE, SETTLE_GRADIENT, reached_minimum, typical_slope
from optimizers.runner import Trajectory, one_start

NEWTON_ITERATIONS = 30
"""Newton iterations that pin the critical point a path came to rest near (it converges in a few)."""
NEWTON_SETTLED = 1e-13
"""Newton's method stops early once no step moves a coordinate by more than this share of it: settled."""


class Outcome(NamedTuple):
    """The end of one path.

    `kind`: "diverged" (its step `step` left for good, to `at`), "reached" (within `reach` of `minimum` at every
    step from `step` on), "maximum" or "saddle" (ran all `step` steps and came to rest at the critical point
    `at`, where the slope is zero and the curvature says maximum or saddle), "outside" (ran all `step` steps and
    ended outside the chart's box, at `at`), "on its way" (ran all `step` steps without settling; `minimum` is
    the nearest one), or "no minimum" (ran all `step` steps on a loss that has none).
    `distance` is from the last point to `minimum` (NaN where there is none).
    """

    kind: Literal["diverged", "reached", "maximum", "saddle", "outside", "on its way", "no minimum"]
    step: int
    minimum: Minimum | None
    distance: float
    at: tuple[float, ...] | None = None
    reach: float = float("nan")


def settle_reach(landscape: Landscape) -> float:
    """How near a minimum a path must stay to have reached it: a share of the chart's diagonal."""
    low, high = np.array(landscape.bounds, dtype=float).T
    return SETTLE_DISTANCE * float(np.linalg.norm(high - low))


def outcomes(landscape: Landscape, trajectory: Trajectory) -> list[Outcome]:
    """How every start of `trajectory` ended, by the same settling rule as the basin maps, in one pass."""
    rows, n, dim = trajectory.points.shape
    steps = int(trajectory.steps[-1])
    reach = settle_reach(landscape)
    low, high = np.array(landscape.bounds, dtype=float).T
    last = trajectory.points[-1]
    outside = ~np.all((low <= last) & (last <= high), axis=-1)
    escape = trajectory.escape if trajectory.escape is not None else last
    unsettled = ~trajectory.diverged
    if landscape.minima:
        labels = reached_minimum(landscape, trajectory.points.reshape(-1, dim)).reshape(rows, n)
        minima = np.array([m.point for m in landscape.minima])
        distances = np.linalg.norm(last[:, None, :] - minima[None], axis=-1)
        unsettled &= labels[-1] < 0
    resting = _resting(landscape, trajectory, reach, unsettled)
    ended = []
    for i in range(n):
        if trajectory.diverged[i]:
            ended.append(Outcome("diverged", int(trajectory.stopped_at[i]), None, float("nan"), _point(escape[i])))
            continue
        if landscape.minima and labels[-1, i] >= 0:
            settled = int(labels[-1, i])
            elsewhere = np.flatnonzero(labels[:, i] != settled)
            since = int(trajectory.steps[elsewhere[-1] + 1]) if len(elsewhere) else 0
            minimum = landscape.minima[settled]
            ended.append(Outcome("reached", since, minimum, float(distances[i, settled]), reach=reach))
        elif resting[i] is not None:
            kind, point = resting[i]
            ended.append(Outcome(kind, steps, None, float("nan"), point))
        elif outside[i]:
            ended.append(Outcome("outside", steps, None, float("nan"), _point(last[i])))
        elif landscape.minima:
            nearest = int(np.argmin(distances[i]))
            ended.append(Outcome("on its way", steps, landscape.minima[nearest], float(distances[i, nearest])))
        else:
            ended.append(Outcome("no minimum", steps, None, float("nan")))
    return ended


def _resting(
    landscape: Landscape, trajectory: Trajectory, reach: float, among: np.ndarray
) -> list[tuple[str, tuple] | None]:
    """Per start of `among` (a mask; the others are known to have diverged or reached a minimum), ("maximum" |
    "saddle", the critical point) where the path came to rest next to a point where the slope vanishes and the
    curvature is not that of a minimum: its last two recorded points within `reach` of that point (Newton's
    method from the last one finds it) and its slope there nearly flat, by the basin maps' rule. None
    elsewhere."""
    last = trajectory.points[-1]
    resting: list[tuple[str, tuple] | None] = [None] * len(last)
    if len(trajectory.steps) < 2:
        return resting
    with np.errstate(all="ignore"):
        flat = np.linalg.norm(landscape.grad(last), axis=-1) <= SETTLE_GRADIENT * typical_slope(landscape)
        flat &= among
        # Only a start whose slope is flat can rest at a critical point: Newton's method runs from those alone.
        candidates = np.flatnonzero(flat)
        if not len(candidates):
            return resting
        critical = last[candidates].copy()
        for _ in range(NEWTON_ITERATIONS):
            hessians, gradients = landscape.hessian(critical), landscape.grad(critical)
            solvable = np.all(np.isfinite(hessians), axis=(-2, -1)) & (np.abs(np.linalg.det(
                np.where(np.isfinite(hessians), hessians, 0.0))) > 1e-12)  # fmt: skip
            safe = np.where(solvable[:, None, None], hessians, np.eye(landscape.dim))
            step = np.where(solvable[:, None], np.linalg.solve(safe, gradients[..., None])[..., 0], 0)
            critical = critical - step
            if np.all(np.abs(step) <= NEWTON_SETTLED * (1 + np.abs(critical))):
                break
        pinned = np.abs(landscape.grad(critical)).max(axis=-1) <= 1e-9 * (1 + np.abs(landscape.value(critical)))
        near = (np.linalg.norm(last[candidates] - critical, axis=-1) <= reach) & (
            np.linalg.norm(trajectory.points[-2][candidates] - critical, axis=-1) <= reach
        )
        curvatures = np.linalg.eigvalsh(np.where(np.isfinite(landscape.hessian(critical)),
                                                 landscape.hessian(critical), 0.0))  # fmt: skip
    for j, i in enumerate(candidates):
        if not (pinned[j] and near[j] and np.all(np.isfinite(critical[j]))) or np.all(curvatures[j] > 0):
            continue
        kind = "maximum" if np.all(curvatures[j] < 0) else "saddle"
        resting[i] = (kind, _point(critical[j]))
    return resting


def _point(values) -> tuple[float, ...]:
    return tuple(float(c) for c in values)


def outcome(landscape: Landscape, trajectory: Trajectory, start: int = 0) -> Outcome:
    """How start `start` of `trajectory` ended."""
    return outcomes(landscape, one_start(trajectory, start))[0]
