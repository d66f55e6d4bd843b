"""Update rules, learning-rate schedules and the runner that walks many starts down a landscape."""

from optimizers import schedules
from optimizers.basins import DIVERGED, NOT_SETTLED, BasinMap, basin_map, basin_shares, reached_minimum
from optimizers.catalog import Optimizer, get, names
from optimizers.hyperparams import HyperParam
from optimizers.runner import Trajectory, run
from optimizers.step_table import step_table

__all__ = [
    "DIVERGED",
    "NOT_SETTLED",
    "BasinMap",
    "HyperParam",
    "Optimizer",
    "Trajectory",
    "basin_map",
    "basin_shares",
    "get",
    "names",
    "reached_minimum",
    "run",
    "schedules",
    "step_table",
]
