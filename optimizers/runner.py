"""The runner: many starts through one optimizer at once, with divergence caught and paths recorded."""

from typing import NamedTuple

import numpy as np

from landscapes import DataLandscape, Landscape
from optimizers.batches import batch_schedule
from optimizers.catalog import Optimizer
from optimizers.schedules import Schedule, factors

DIVERGENCE_MARGIN = 100.0
"""A start has diverged once it is this many widths of the plotting bounds beyond them (or non-finite)."""

CHUNK = 65_536
"""Starts run together at most, which bounds the working memory of a huge run."""


class Trajectory(NamedTuple):
    """Paths of `n` starts. Row `r` of `points` and `values` is the state after step `steps[r]`.

    `points (rows, n, dim)`, `values (rows, n)`, `diverged (n,)`, `stopped_at (n,)`: the step whose
    point is a diverged start's last finite position (it stays there in every later row), or the
    number of steps for a start that ran to the end. Values are finite, except for a start given
    where the loss itself is undefined (a typed formula outside its domain).

    `escape (n, dim)`: where a diverged start's last step went, the point beyond the box (or where J is
    undefined) that the page names so a learner sees that step; its overflow is written as ±the largest
    float, so it stays finite. A start that did not diverge has its last point there.
    """

    points: np.ndarray
    values: np.ndarray
    diverged: np.ndarray
    stopped_at: np.ndarray
    steps: np.ndarray
    escape: np.ndarray | None = None


def one_start(trajectory: Trajectory, start: int) -> Trajectory:
    """Start `start` of `trajectory` alone, as `run` returns a run from that one start (views, not copies)."""
    keep = slice(start, start + 1)
    return trajectory._replace(
        points=trajectory.points[:, keep],
        values=trajectory.values[:, keep],
        diverged=trajectory.diverged[keep],
        stopped_at=trajectory.stopped_at[keep],
        escape=None if trajectory.escape is None else trajectory.escape[keep],
    )


class Box(NamedTuple):
    """The cube a start must stay inside, the same range on every axis, far larger than the plotting bounds."""

    low: float
    high: float

    @classmethod
    def around(cls, landscape: Landscape) -> "Box":
        low, high = np.array(landscape.bounds, dtype=float).T
        margin = DIVERGENCE_MARGIN * float(np.max(high - low))
        return cls(float(low.min()) - margin, float(high.max()) + margin)

    def contains(self, points: np.ndarray) -> np.ndarray:
        """Per point, `(n, dim) -> (n,)`: finite and inside."""
        return np.all((points >= self.low) & (points <= self.high), axis=-1)

    def contains_all(self, points: np.ndarray) -> bool:
        """Whether every point is finite and inside, by two reductions that allocate nothing.

        A NaN makes the maximum and the minimum NaN, and a comparison with NaN is False.
        """
        return bool(points.max() <= self.high and points.min() >= self.low)


def recorded_steps(steps: int, record_every: int) -> np.ndarray:
    """Every `record_every`-th step from 0, and the last."""
    return np.unique(np.r_[np.arange(0, steps + 1, record_every), steps])


def run(
    landscape: Landscape,
    optimizer: Optimizer,
    start,
    *,
    lr,
    steps: int,
    schedule: Schedule | None = None,
    record_every: int = 1,
    batch_size: int | None = None,
    seed: int = 0,
) -> Trajectory:
    """Run `optimizer` on `landscape` from each start for `steps` steps.

    `start` is one point `(dim,)` or many `(n, dim)`; `lr` is one learning rate or one per start
    `(n,)`, multiplied at step k by `schedule.multipliers(steps)[k]`. Nothing passed in is
    modified, and no NaN, infinity or NumPy warning comes out: a start that leaves the
    divergence box is frozen at its last finite point and flagged.

    On a loss built from data, `batch_size` picks how many examples each step's gradient sees:
    None or all of them is full-batch gradient descent, 1 is stochastic gradient descent, anything
    between is mini-batch; the batches follow `batch_schedule(..., seed)`, the same for every start.
    The recorded `values` are always the loss on all the data.
    """
    starts = np.array(start, dtype=float, ndmin=2)
    n, dim = starts.shape
    if dim != landscape.dim:
        raise ValueError(f"start points need {landscape.dim} coordinate(s), got {dim}")
    if int(steps) != steps or steps < 0 or int(record_every) != record_every or record_every < 1:
        raise ValueError("steps must be a whole number ≥ 0 and record_every one ≥ 1")
    rates = np.array(lr, dtype=float)
    if rates.ndim > 1 or (rates.ndim == 1 and rates.shape != (n,)):
        raise ValueError(f"lr must be one number or one per start ({n}), got shape {rates.shape}")
    if not np.all(np.isfinite(rates) & (rates > 0)):
        raise ValueError("learning rates must be positive and finite")
    if not np.all(np.isfinite(starts)):
        raise ValueError("start points must be finite")

    batches = _batches(landscape, batch_size, int(steps), seed)
    rows = recorded_steps(int(steps), int(record_every))
    multipliers = factors(schedule, int(steps))
    box = Box.around(landscape)
    points = np.empty((len(rows), n, dim))
    escape = np.empty((n, dim))
    stopped_at = np.full(n, int(steps))
    with np.errstate(all="ignore"):
        for begin in range(0, n, CHUNK):
            chunk = slice(begin, begin + CHUNK)
            chunk_rates = float(rates) if rates.ndim == 0 else rates[chunk, None]
            _run_chunk(
                landscape,
                optimizer,
                starts[chunk],
                chunk_rates,
                multipliers,
                rows,
                box,
                points[:, chunk],
                stopped_at[chunk],
                escape[chunk],
                batches,
            )
        values = landscape.value(points)
    diverged = stopped_at < steps
    escape[~diverged] = points[-1, ~diverged]
    escape = np.nan_to_num(escape, nan=np.finfo(float).max)
    return Trajectory(points, values, diverged, stopped_at, rows, escape)


def _batches(landscape: Landscape, batch_size: int | None, steps: int, seed: int) -> list[np.ndarray] | None:
    """Each step's example indices, or None for the full-data gradient."""
    if batch_size is None:
        return None
    if not isinstance(landscape, DataLandscape):
        raise ValueError(
            f"batch_size needs a loss built from data examples, and {landscape.name} is a formula; "
            "try linear_regression, logistic_regression or tiny_network"
        )
    if batch_size == landscape.n_examples:
        return None
    return batch_schedule(landscape.n_examples, batch_size, steps, seed)


def _run_chunk(landscape, optimizer, starts, rates, factors, recorded, box, out, stopped_at, escape, batches):
    """Advance one chunk of starts, writing recorded rows into `out`, deaths into `stopped_at` and where the
    fatal step went into `escape`.

    Starts are held coordinate-major so the landscape's per-coordinate arithmetic is contiguous;
    diverged starts are dropped from the working set, so they cost nothing afterwards. A start
    stops where it leaves the divergence box, or at its last point before one where the gradient
    is undefined (a typed loss outside its domain) or overflows.
    """
    count = len(starts)
    if count == 0:
        return
    x = previous = np.asfortranarray(starts)
    frozen = x.copy()
    alive = np.arange(count)
    state = optimizer.init(x)
    out[0] = x
    rows = {step: row for row, step in enumerate(recorded.tolist())}
    for k, factor in enumerate(factors.tolist()):
        gradient = landscape.grad(x) if batches is None else landscape.batch_grad(x, batches[k])
        if optimizer.needs_hessian:
            hessian = landscape.hessian(x) if batches is None else landscape.batch_hessian(x, batches[k])
            updates, state = optimizer.update(gradient, state, x, rates * factor, hessian)
        else:
            updates, state = optimizer.update(gradient, state, x, rates * factor)
        moved = x + updates
        if not box.contains_all(moved):
            # A non-finite gradient makes the move non-finite too, so one check per step catches both.
            keep = box.contains(moved)
            undefined = ~np.all(np.isfinite(gradient), axis=1) & ~keep
            left = ~keep & ~undefined
            _stop(alive[left], x[left], k, frozen, stopped_at)
            _stop(alive[undefined], previous[undefined], max(k - 1, 0), frozen, stopped_at)
            escape[alive[left]] = moved[left]
            escape[alive[undefined]] = x[undefined]
            if k in rows:
                out[rows[k], alive[undefined]] = previous[undefined]
            alive, moved, x = alive[keep], moved[keep], x[keep]
            state, rates = _select(state, keep), rates[keep] if np.ndim(rates) else rates
        previous, x = x, moved
        row = rows.get(k + 1)
        if row is not None:
            if len(alive) == count:
                out[row] = x
            else:
                frozen[alive] = x
                out[row] = frozen
        if not len(alive):
            out[np.searchsorted(recorded, k + 1) :] = frozen
            return


def _stop(starts, points, step, frozen, stopped_at):
    """Freeze `starts` at `points`, their last good position, reached at `step`."""
    frozen[starts] = points
    stopped_at[starts] = step


def _select(state, keep):
    """The optimizer state of the starts in `keep`: every per-start array is cut, counters stay (a state that
    lays its arrays out otherwise cuts itself)."""
    if hasattr(state, "select"):
        return state.select(keep)
    return type(state)(*(field[keep] if np.ndim(field) else field for field in state))
