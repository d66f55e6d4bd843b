"""Update rules, learning-rate schedules and the runner that walks many starts down a landscape."""

from optimizers import schedules
from optimizers.catalog import Optimizer, get, names
from optimizers.hyperparams import HyperParam
from optimizers.runner import Trajectory, run
from optimizers.step_table import step_table

__all__ = ["HyperParam", "Optimizer", "Trajectory", "get", "names", "run", "schedules", "step_table"]
