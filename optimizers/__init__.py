"""Update rules, learning-rate schedules and the runner that walks many starts down a landscape."""

from optimizers import schedules
from optimizers.basins import DIVERGED, NOT_SETTLED, BasinMap, basin_map, basin_shares, reached_minimum
from optimizers.batches import batch_schedule, epoch_orders, examples_processed
from optimizers.catalog import Optimizer, get, names
from optimizers.cost import run_seconds
from optimizers.explain import Moment, lines, memory, replay
from optimizers.hyperparams import HyperParam
from optimizers.outcome import Outcome, outcome, outcomes
from optimizers.runner import Trajectory, one_start, run
from optimizers.step_table import Passes, Steps, pass_table, step_table
from optimizers.sweep import sweep

__all__ = [
    "DIVERGED",
    "NOT_SETTLED",
    "BasinMap",
    "HyperParam",
    "Moment",
    "Optimizer",
    "Outcome",
    "Passes",
    "Steps",
    "Trajectory",
    "basin_map",
    "basin_shares",
    "batch_schedule",
    "epoch_orders",
    "examples_processed",
    "get",
    "lines",
    "memory",
    "names",
    "one_start",
    "outcome",
    "outcomes",
    "pass_table",
    "reached_minimum",
    "replay",
    "run",
    "run_seconds",
    "schedules",
    "step_table",
    "sweep",
]
