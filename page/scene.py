"""The scene the page shows, as one typed value: what the controls and the link describe, and what is run.

Plain Python: the controls build a `Scene`, the link is read into and written from one, and the cached work
and the panels receive one. Nothing here knows Streamlit.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

import landscapes
import optimizers
from language import Words
from optimizers import schedules
from plots.style import BATCH_STYLES, Track

LEARNING_RATES = (
    *(float(f"{m * 10.0**e:.10g}") for e in range(-4, 1) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)),
    10.0,
)
"""The learning-rate slider's stops: 1e-4 to 10, ten per decade on a log scale, each an exact round number."""

DEFAULT_LANDSCAPE = "ravine"
DEFAULT_OPTIMIZERS = ("gd", "nesterov", "adam")
DEFAULT_LR = 0.05
DEFAULT_STEPS = 100
STEP_CHOICES = (10, 20, 50, 100, 200, 500, 1000, 2000)
FORMULA = "formula"
DEFAULT_FORMULA = "sin(x)*cos(y) + 0.1*(x^2 + y^2)"
DEFAULT_BOX = (-3.0, 3.0)
COMPARED_MINI_BATCH = 32
DATA_NAMES = tuple(n for n in landscapes.names() if landscapes.about(n).from_data)
VIEWS = ("contour", "surface")
LOSS_AXES = ("step", "examples")


class Built(NamedTuple):
    """A built-in landscape; for a loss from data, `sample` draws its examples (0 is the registry's own), `own`
    holds the learner's own examples in their place, if they made some, and `width` is a trained network's
    neurons in each hidden layer (0: its usual width)."""

    name: str
    sample: int = 0
    own: landscapes.Given | None = None
    width: int = 0


class Typed(NamedTuple):
    """A loss the visitor typed, over the box `bounds` (one (low, high) pair per variable)."""

    text: str
    bounds: tuple[tuple[float, float], ...]


class Choice(NamedTuple):
    """An optimizer or a schedule by its registry name, with all its settings sorted by name, so that equal
    choices are equal keys for the caches."""

    name: str
    settings: tuple[tuple[str, float], ...] = ()


class Batching(NamedTuple):
    """How a loss from data is batched: examples per step (None: not a loss from data) and whether to compare
    full batch, mini-batch and SGD side by side."""

    batch_size: int | None = None
    compare: bool = False


class View(NamedTuple):
    """How the run is shown: animated or whole, the main view (curve, contour or surface), the focus optimizer,
    the basin map, the loss chart against examples processed rather than steps, and, when stepping through the
    run one iteration at a time, the iteration shown (None: the whole run)."""

    animated: bool = True
    kind: str = "contour"
    focus: str = ""
    basins: bool = False
    per_example: bool = False
    iteration: int | None = None


@dataclass(frozen=True)
class Scene:
    """Everything the page shows is a function of this value (and of the step a learner inspects)."""

    source: Built | Typed
    optimizers: tuple[Choice, ...]
    lr: float
    start: tuple[float, ...]
    steps: int
    schedule: Choice | None
    batching: Batching
    view: View
    problem: str | None = None
    """Why the typed formula was refused, if it was; the scene then keeps the last formula that worked."""
    own_rates: tuple[tuple[str, float], ...] = ()
    """Each optimizer's own learning rate, by name, when they do not share `lr` (a fair race needs that)."""

    def rate_of(self, optimizer: str) -> float:
        """The learning rate optimizer `optimizer` runs at."""
        return dict(self.own_rates).get(optimizer, self.lr)

    @property
    def walk(self) -> Walk:
        return Walk(self.start, self.steps, self.schedule)

    @property
    def seed(self) -> int:
        return seed_of(self.source)


def seed_of(source: Built | Typed) -> int:
    """The seed of a landscape's data sample, which also draws its batches (0 for a typed loss)."""
    return source.sample if isinstance(source, Built) else 0


class Walk(NamedTuple):
    """Where every path of a scene starts, how many steps it takes, and the schedule its η follows."""

    start: tuple[float, ...]
    steps: int
    schedule: Choice | None


class Plan(NamedTuple):
    """One run the page draws: its key, the optimizer with its settings, its learning rate, and the batch size
    (and its kind when full batch, mini-batch and SGD are compared)."""

    key: str
    optimizer: Choice
    lr: float
    batch_size: int | None
    batch_kind: str | None = None


def default_rate(source: Built | Typed) -> float:
    """The learning rate a landscape opens with (a typed one: the slider's default)."""
    return landscapes.get(source.name).opening_rate if isinstance(source, Built) else DEFAULT_LR


def default_start(land: landscapes.Landscape) -> tuple[float, ...]:
    """The landscape's instructive start, or for a typed one a point up and to the right of the box's centre."""
    if land.start:
        return land.start
    return tuple(round(low + 0.8 * (high - low), 2) for low, high in land.bounds)


@functools.cache
def setting_stops(spec: optimizers.HyperParam) -> tuple[float, ...]:
    """A log-scale setting's slider stops: 31 round numbers from its low to its high (worked out once per spec:
    every rerun draws each setting's slider)."""
    return tuple(float(f"{v:.3g}") for v in np.geomspace(spec.low, spec.high, 31))


@functools.cache
def setting_default(spec: optimizers.HyperParam) -> float:
    """The value a setting's control opens with: its default (a whole number for a count), or on a log scale the
    stop nearest to it."""
    if spec.whole:
        return int(spec.default)
    if not spec.log:
        return spec.default
    return min(setting_stops(spec), key=lambda v: abs(math.log(v / spec.default)))


def schedule_of(choice: Choice | None) -> schedules.Schedule | None:
    """The schedule a choice stands for; None for a constant learning rate."""
    return schedules.get(choice.name, **dict(choice.settings)) if choice else None


def run_plan(scene: Scene, n_examples: int) -> tuple[Plan, ...]:
    """What to run: each chosen optimizer, or three batch sizes of the focus optimizer to compare."""
    batch_size = scene.batching.batch_size
    if not scene.batching.compare:
        return tuple(Plan(c.name, c, scene.rate_of(c.name), batch_size) for c in scene.optimizers)
    focus = next(c for c in scene.optimizers if c.name == scene.view.focus)
    mini = batch_size if 1 < batch_size < n_examples else min(COMPARED_MINI_BATCH, n_examples - 1)
    return tuple(
        Plan(f"{focus.name} {kind} {size}", focus, scene.rate_of(focus.name), size, kind)
        for kind, size in (("full", n_examples), ("mini", mini), ("sgd", 1))
    )


def focus_plan(scene: Scene, plan: tuple[Plan, ...]) -> Plan:
    """The run whose slope, steps and basins the page details: the focus optimizer's (its mini-batch run when
    batch sizes are compared)."""
    return next(p for p in plan if p.optimizer.name == scene.view.focus and p.batch_kind in (None, "mini"))


def path_title(plan: Plan, say: Words) -> str:
    """A run's name on the page: its optimizer's, and the batch size when batch sizes are compared."""
    title = say(f"optimizer.{plan.optimizer.name}.title")
    if not plan.batch_kind:
        return title
    return say("batch.title", title=title, kind=say(f"batch.{plan.batch_kind}"), size=plan.batch_size)


def tracks(plan: tuple[Plan, ...], runs: dict, say: Words) -> dict[str, Track]:
    """Each run as the charts draw it: named, in its optimizer's colour and marker, or its batch kind's."""
    drawn = {}
    for entry in plan:
        if entry.batch_kind:
            color, dash, symbol = BATCH_STYLES[entry.batch_kind]
        else:
            record = optimizers.get(entry.optimizer.name)
            color, dash, symbol = record.color, "solid", record.symbol
        drawn[entry.key] = Track(runs[entry.key], path_title(entry, say), color, dash, symbol)
    return drawn
