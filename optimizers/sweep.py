"""One optimizer from one start at many learning rates, in one vectorized run: what a learning-rate control
on the chart switches between without asking the server."""

import numpy as np

from landscapes import Landscape
from optimizers.catalog import Optimizer
from optimizers.runner import Trajectory, run
from optimizers.schedules import Schedule


def sweep(
    landscape: Landscape,
    optimizer: Optimizer,
    start,
    rates,
    *,
    steps: int,
    schedule: Schedule | None = None,
    batch_size: int | None = None,
    seed: int = 0,
) -> Trajectory:
    """The run from `start` at each learning rate of `rates`: start `k` of the trajectory is the run at
    `rates[k]`, equal bit for bit to `run(..., start, lr=rates[k], ...)` on its own (the runner is vectorized
    over starts, and here every start is the same point)."""
    rates = np.asarray(rates, dtype=float)
    starts = np.repeat(np.array(start, dtype=float, ndmin=2), len(rates), axis=0)
    return run(landscape, optimizer, starts, lr=rates, steps=steps, schedule=schedule, batch_size=batch_size, seed=seed)
