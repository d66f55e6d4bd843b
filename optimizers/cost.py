"""What a run will cost, in seconds of this machine's CPU, before it is run: the page weighs every computation a
visitor can ask for (a link, a control, a typed formula) against a budget, and computes less, or refuses, when
the estimate is past it.

The estimate is measured, not guessed: two small probe runs of the same landscape and optimizer (with 128 and
with 2,048 starts, enough to meet the caches' limits) give the time per step that does not grow with the starts
(NumPy's overhead) and the time per start and step, and the run's time is extrapolated from them. L-BFGS's
steps grow dearer as its memory fills, so its probe is scaled by how full the memory is on average over the run
against over the probe.
"""

import functools
import time

import numpy as np

from landscapes import Landscape
from optimizers.catalog import get
from optimizers.runner import run

PROBE_STEPS = 24
PROBE_STARTS = (128, 2048)


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
    memory = int(dict(settings).get("history_size", get(optimizer).settings.get("history_size", 0)))
    fixed, per_start = _probe(landscape, optimizer, memory, batch_size)
    if memory:
        fill = np.minimum(np.arange(steps), memory).mean() + 1
        probe_fill = np.minimum(np.arange(PROBE_STEPS), memory).mean() + 1
        # Measured on Rastrigin: a full memory costs about twice what its share of the probe says (its arrays
        # outgrow the caches), so the estimate stays on the safe side.
        per_start *= 2 * max(fill / probe_fill, 1.0)
    return steps * (fixed + per_start * starts)


@functools.lru_cache(maxsize=256)
def _probe(landscape: Landscape, optimizer: str, memory: int, batch_size: int | None) -> tuple[float, float]:
    """(seconds per step whatever the starts, seconds per start and step), from two timed probe runs; kept per
    landscape, optimizer, memory and batch size: the other settings change numbers, not the work."""
    rule = get(optimizer, **({"history_size": memory} if memory else {}))
    low, high = np.array(landscape.bounds, dtype=float).T
    times = []
    for count in PROBE_STARTS:
        starts = low + (high - low) * np.random.default_rng(count).random((count, landscape.dim))
        began = time.process_time()
        run(landscape, rule, starts, lr=1e-3, steps=PROBE_STEPS, record_every=PROBE_STEPS, batch_size=batch_size)
        times.append((time.process_time() - began) / PROBE_STEPS)
    (small, large), (few, many) = PROBE_STARTS, times
    per_start = max((many - few) / (large - small), many / large / 4, 0.0)
    return max(few - per_start * small, 0.0), per_start
