"""How each path ended, in facts the page can state: diverged, arrived at a minimum, stuck where the slope
vanishes on a maximum or a saddle (as Newton's method likes to be), or still on its way."""

from typing import Literal, NamedTuple

import numpy as np

from landscapes import Landscape, Minimum
from optimizers.basins import reached_minimum
from optimizers.runner import Trajectory


class Outcome(NamedTuple):
    """The end of one path.

    `kind`: "diverged" (left for good at step `step`), "reached" (settled in `minimum` for good from
    step `step` on), "maximum" or "saddle" (ran all `step` steps and stands still at `at`, where the slope is
    zero and the curvature says maximum or saddle), "on its way" (ran all `step` steps without settling;
    `minimum` is the nearest one), or "no minimum" (ran all `step` steps on a loss that has none).
    `distance` is from the last point to `minimum` (NaN where there is none).
    """

    kind: Literal["diverged", "reached", "maximum", "saddle", "on its way", "no minimum"]
    step: int
    minimum: Minimum | None
    distance: float
    at: tuple[float, ...] | None = None


def outcomes(landscape: Landscape, trajectory: Trajectory) -> list[Outcome]:
    """How every start of `trajectory` ended, by the same settling rule as the basin maps, in one pass."""
    rows, n, dim = trajectory.points.shape
    steps = int(trajectory.steps[-1])
    stuck = _stuck(landscape, trajectory)
    if not landscape.minima:
        return [
            Outcome("diverged", int(trajectory.stopped_at[i]), None, float("nan"))
            if trajectory.diverged[i]
            else _stuck_or(stuck[i], trajectory.points[-1, i], Outcome("no minimum", steps, None, float("nan")))
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
            on_its_way = Outcome("on its way", steps, landscape.minima[nearest], float(distances[i, nearest]))
            ended.append(_stuck_or(stuck[i], trajectory.points[-1, i], on_its_way))
        else:
            elsewhere = np.flatnonzero(labels[:, i] != settled)
            since = int(trajectory.steps[elsewhere[-1] + 1]) if len(elsewhere) else 0
            ended.append(Outcome("reached", since, landscape.minima[settled], float(distances[i, settled])))
    return ended


STILL = 1e-10
"""A path stands still on a critical point when its last step and its slope there are below this (relative)."""


def _stuck(landscape: Landscape, trajectory: Trajectory) -> list[str | None]:
    """Per start, "maximum" or "saddle" where the path ended standing still where the slope vanishes and the
    Hessian is not positive definite; None elsewhere."""
    last = trajectory.points[-1]
    if len(trajectory.steps) < 2:
        return [None] * len(last)
    scale = 1 + np.abs(last).max(axis=-1)
    with np.errstate(all="ignore"):
        still = np.abs(last - trajectory.points[-2]).max(axis=-1) <= STILL * scale
        flat = np.abs(landscape.grad(last)).max(axis=-1) <= STILL * (1 + np.abs(landscape.value(last)))
        curvatures = np.linalg.eigvalsh(landscape.hessian(last))
    kinds = np.where(np.all(curvatures < 0, axis=-1), "maximum", "saddle")
    return [str(kind) if ok else None for kind, ok in zip(kinds, still & flat & ~np.all(curvatures > 0, axis=-1),
                                                          strict=True)]  # fmt: skip


def _stuck_or(kind: str | None, point: np.ndarray, otherwise: Outcome) -> Outcome:
    if kind is None:
        return otherwise
    return Outcome(kind, otherwise.step, None, float("nan"), tuple(float(c) for c in point))


def outcome(landscape: Landscape, trajectory: Trajectory, start: int = 0) -> Outcome:
    """How start `start` of `trajectory` ended."""
    one = trajectory._replace(
        points=trajectory.points[:, start : start + 1],
        values=trajectory.values[:, start : start + 1],
        diverged=trajectory.diverged[start : start + 1],
        stopped_at=trajectory.stopped_at[start : start + 1],
    )
    return outcomes(landscape, one)[0]
