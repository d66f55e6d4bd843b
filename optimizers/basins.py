"""Which minimum each start reaches: basins of attraction, computed in one vectorized run."""

import functools
from typing import NamedTuple

import numpy as np

from landscapes import Landscape
from optimizers.catalog import Optimizer
from optimizers.runner import run
from optimizers.schedules import Schedule

NOT_SETTLED = -1
DIVERGED = -2

SETTLE_DISTANCE = 0.02
"""A final point has reached a minimum when it lies within this share of the bounds' diagonal of it …"""

SETTLE_GRADIENT = 0.01
"""… and its gradient is below this share of the landscape's typical slope (the 90th percentile over the bounds)."""


class BasinMap(NamedTuple):
    """Starts on a regular grid and where each ended.

    `labels[i]` (1D) or `labels[i, j]` (2D, start `(axes[0][i], axes[1][j])`) is the index into
    `landscape.minima` of the minimum reached, `NOT_SETTLED` (-1) or `DIVERGED` (-2);
    `final_values` holds J at each start's last point.
    """

    axes: tuple[np.ndarray, ...]
    labels: np.ndarray
    final_values: np.ndarray


@functools.lru_cache(maxsize=64)
def typical_slope(landscape: Landscape, per_axis: int = 64) -> float:
    """The 90th percentile of |∇J| over a grid of the bounds: the scale a 'small gradient' is measured against.

    Kept per landscape (landscapes hash by identity): every sentence about a run asks for it, and 4,096
    gradients each time were a tenth of a rerun's time under a class's load."""
    axes = [np.linspace(low, high, per_axis) for low, high in landscape.bounds]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)
    slopes = np.linalg.norm(landscape.grad(grid), axis=-1)
    return float(np.nanpercentile(slopes, 90)) if np.isfinite(slopes).any() else 1.0


def reached_minimum(landscape: Landscape, points: np.ndarray) -> np.ndarray:
    """For each point `(n, dim)`, the index of the minimum it has settled in, or `NOT_SETTLED`.

    The one rule for every landscape: within `SETTLE_DISTANCE` of the bounds' diagonal of that
    minimum, with a gradient under `SETTLE_GRADIENT` of the landscape's typical slope.
    """
    labels = np.full(len(points), NOT_SETTLED)
    if not landscape.minima:
        return labels
    low, high = np.array(landscape.bounds, dtype=float).T
    reach = SETTLE_DISTANCE * float(np.linalg.norm(high - low))
    minima = np.array([m.point for m in landscape.minima])
    distances = np.linalg.norm(points[:, None, :] - minima[None], axis=-1)
    nearest = distances.argmin(axis=1)
    close = distances[np.arange(len(points)), nearest] <= reach
    flat = np.linalg.norm(landscape.grad(points), axis=-1) <= SETTLE_GRADIENT * typical_slope(landscape)
    labels[close & flat] = nearest[close & flat]
    return labels


def basin_map(
    landscape: Landscape,
    optimizer: Optimizer,
    *,
    lr: float,
    steps: int,
    resolution: int = 200,
    schedule: Schedule | None = None,
    batch_size: int | None = None,
    seed: int = 0,
) -> BasinMap:
    """Run `optimizer` from every point of a `resolution`-per-axis grid over the bounds and label each end.

    A start where the loss is undefined (a typed formula outside its domain) counts as diverged.
    """
    axes = tuple(np.linspace(low, high, resolution) for low, high in landscape.bounds)
    starts = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, landscape.dim)
    trajectory = run(
        landscape,
        optimizer,
        starts,
        lr=lr,
        steps=steps,
        schedule=schedule,
        record_every=max(steps, 1),
        batch_size=batch_size,
        seed=seed,
    )
    undefined = ~np.isfinite(trajectory.values[0])
    labels = np.where(trajectory.diverged | undefined, DIVERGED, reached_minimum(landscape, trajectory.points[-1]))
    shape = (resolution,) * landscape.dim
    return BasinMap(axes, labels.reshape(shape), trajectory.values[-1].reshape(shape))


def basin_shares(landscape: Landscape, labels: np.ndarray) -> dict[str, float]:
    """The share of starts that reached a global minimum, a local one, diverged, or did not settle."""
    labels = np.asarray(labels).ravel()
    kinds = np.array([m.kind for m in landscape.minima] + ["diverged", "not settled"])
    named = kinds[np.where(labels >= 0, labels, np.where(labels == DIVERGED, len(kinds) - 2, len(kinds) - 1))]
    return {kind: float(np.mean(named == kind)) for kind in ("global", "local", "diverged", "not settled")}
