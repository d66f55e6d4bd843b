"""What a run will cost, in seconds of this machine's CPU, before it is run: the page weighs every computation a
visitor can ask for (a link, a control, a typed formula) against a budget, and computes less, or refuses, when
the estimate is past it.

The estimate is measured, not guessed, in two parts that add up: what the landscape costs (its gradient, and its
Hessian for Newton's method, timed on 128 and on 2,048 points, and on one alone for a run of few starts) and
what the optimizer's update costs (timed in short runs on a quadratic, whose gradient costs next to nothing).
Each part gives a time per step that does not grow with the starts (NumPy's overhead) and a time per start and
step. L-BFGS walks its memory at every step, so its update is timed over two lengths of run and extrapolated to
how full its memory is on average over the run asked for. Each part is measured once per process and kept, so a
class's many scenes share the probes.
"""

import functools
import time
from typing import NamedTuple

import numpy as np

from landscapes import DataLandscape, Landscape
from landscapes import get as landscape
from optimizers.catalog import get
from optimizers.runner import run

PROBE_STARTS = (128, 2048)
PROBE_STEPS = (10, 40)
"""Short probes of an update, and for an optimizer with a memory a longer one too, over which its memory fills."""
QUADRATIC = "bowl"
MEMORY_TRAFFIC = 4.0
"""Thousands of starts with full memories outgrow the caches the probe's fit in: measured on Rastrigin, 2,500
L-BFGS starts over 500 steps took four times what the probe's slope says."""


class Cost(NamedTuple):
    """Seconds per step: `fixed` whatever the starts and `per_start` for each, each as a base plus so much for
    every remembered step walked (`*_per_slot`, zero without a memory)."""

    fixed: float
    per_start: float
    fixed_per_slot: float = 0.0
    per_start_per_slot: float = 0.0
    alone: float = np.inf
    """A step of one start alone: where each point is costly (a network's loss over its data), a few starts cost
    that much each, far below the overhead the line through the probes makes up."""


def run_seconds(
    landscape: Landscape,
    optimizer: str,
    settings: tuple[tuple[str, float], ...],
    starts: int,
    steps: int,
    *,
    batch_size: int | None = None,
) -> float:
    """Estimated CPU seconds of `optimizers.run` with `starts` starts for `steps` steps (a sweep of k learning
    rates is k starts)."""
    rule = get(optimizer)
    memory = int(dict(settings).get("history_size", rule.settings.get("history_size", 0)))
    update = _update_cost(optimizer, memory)
    gradient = _landscape_cost(landscape, batch_size, rule.needs_hessian)
    filled = float(np.minimum(np.arange(steps), memory).mean()) if memory and steps else 0.0
    fixed = update.fixed + update.fixed_per_slot * filled
    per_start = update.per_start + MEMORY_TRAFFIC * update.per_start_per_slot * filled
    landscape_part = min(gradient.fixed + gradient.per_start * starts, gradient.alone * starts)
    return steps * (fixed + per_start * starts + landscape_part)


def _timed(work, repeats: int = 2) -> float:
    """CPU seconds of `work()`, the faster of `repeats` tries (the first may pay for warming up)."""
    took = []
    for _ in range(repeats):
        began = time.process_time()
        work()
        took.append(time.process_time() - began)
    return min(took)


def _split(few: float, many: float) -> tuple[float, float]:
    """(time whatever the starts, time per start) from the times with PROBE_STARTS' few and many starts."""
    small, large = PROBE_STARTS
    per_start = max((many - few) / (large - small), many / large / 4, 0.0)
    return max(few - per_start * small, 0.0), per_start


def _points(landscape: Landscape, count: int) -> np.ndarray:
    low, high = np.array(landscape.bounds, dtype=float).T
    return low + (high - low) * np.random.default_rng(count).random((count, landscape.dim))


@functools.lru_cache(maxsize=256)
def _landscape_cost(landscape: Landscape, batch_size: int | None, hessian: bool) -> Cost:
    """A step's gradient (a mini-batch's, for a loss from data) and, for Newton's method, Hessian."""
    batch = None
    if isinstance(landscape, DataLandscape) and batch_size is not None and batch_size < landscape.n_examples:
        batch = np.random.default_rng(0).permutation(landscape.n_examples)[:batch_size]
    times = {}
    for count in (1, *PROBE_STARTS):
        points = np.asfortranarray(_points(landscape, count))

        def once(points=points) -> None:
            with np.errstate(all="ignore"):
                landscape.grad(points) if batch is None else landscape.batch_grad(points, batch)
                if hessian:
                    landscape.hessian(points) if batch is None else landscape.batch_hessian(points, batch)

        times[count] = _timed(once)
    return Cost(*_split(*(times[count] for count in PROBE_STARTS)), alone=times[1])


@functools.lru_cache(maxsize=64)
def _update_cost(optimizer: str, memory: int) -> Cost:
    """An update of `optimizer` (with `memory` remembered steps), on a quadratic whose own cost is next to none."""
    rule = get(optimizer, **({"history_size": memory} if memory else {}))
    quadratic = landscape(QUADRATIC)
    lengths = PROBE_STEPS if memory else PROBE_STEPS[:1]
    per_step = {}
    for count in PROBE_STARTS:
        starts = _points(quadratic, count)
        for steps in lengths:
            work = lambda starts=starts, steps=steps: run(quadratic, rule, starts, lr=1e-3, steps=steps,  # noqa: E731
                                                          record_every=steps)  # fmt: skip
            per_step[count, steps] = _timed(work) / steps
    small, large = PROBE_STARTS
    short = lengths[0]
    fixed, per_start = _split(per_step[small, short], per_step[large, short])
    if not memory:
        return Cost(fixed, per_start)
    long = lengths[1]
    slots = float(np.minimum(np.arange(long), memory).mean() - np.minimum(np.arange(short), memory).mean())
    fixed_long, per_start_long = _split(per_step[small, long], per_step[large, long])
    return Cost(fixed, per_start, max(fixed_long - fixed, 0.0) / slots, max(per_start_long - per_start, 0.0) / slots)
