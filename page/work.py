"""The page's cached work: landscapes, grids, runs and basin maps, each keyed only by the plain values that
define it, so every visitor shares it and no visitor sees another's state.

Results are shared as they are, not copied for each rerun (unpickling a sweep cost a shared server more than
computing the page's text): their arrays are made read-only, so nothing can change one visitor's run in place."""

from __future__ import annotations

import collections
import functools
import hashlib
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import streamlit as st

import landscapes
import optimizers
from page.scene import LEARNING_RATES, Built, Plan, Scene, Typed, Walk, focus_plan, schedule_of, seed_of
from plots.shading import Grid, Shading, landscape_grid, shading_for

BASIN_STARTS_1D = 1000
BASIN_GRID_2D = 200
BASIN_GRID_DATA = 40  # every start of a loss from data pays for every example at every step
BASIN_FEWEST = {1: 100, 2: 24}
"""The coarsest basin map worth drawing, per dimension: below it the page draws none and says what to lower."""

BUDGET = 0.6
"""Estimated CPU seconds each of a scene's computations may take (its runs, its learning-rate sweep, its basin
map; `optimizers.run_seconds`): whatever a link or a control asks for, a page costs the server a few seconds at
most, so no visitor holds up the others on a shared server."""


class Budget(NamedTuple):
    """What a scene may compute within BUDGET: its runs (else it is refused, `runs` seconds being the estimate),
    its sweep (else the chart has no η control), and the basin grid's resolution (`basins`: the usual one, a
    coarser one, or None when even the coarsest would be too costly, `basin_seconds` being that estimate)."""

    runs: float
    sweep: float
    basins: int | None
    usual: int
    basin_seconds: float

    @property
    def runs_fit(self) -> bool:
        return self.runs <= BUDGET

    @property
    def sweep_fits(self) -> bool:
        return self.sweep <= BUDGET


def budget(scene: Scene, plan: tuple[Plan, ...]) -> Budget:
    """How much of the scene fits the budget, from the estimated cost of each computation."""
    land = landscape_for(scene.source)

    def seconds(entry: Plan, starts: int) -> float:
        choice = entry.optimizer
        return optimizers.run_seconds(
            land, choice.name, choice.settings, starts, scene.steps, batch_size=entry.batch_size
        )

    runs = sum(seconds(entry, 1) for entry in plan)
    sweep = sum(seconds(entry, len(LEARNING_RATES)) for entry in plan)
    focus = focus_plan(scene, plan)
    usual = basin_resolution(land)
    fewest = min(BASIN_FEWEST[land.dim], usual)
    resolution = usual
    while resolution > fewest and seconds(focus, resolution**land.dim) > BUDGET:
        resolution = max(fewest, int(resolution * 0.8))
    cost = seconds(focus, resolution**land.dim)
    return Budget(runs, sweep, resolution if cost <= BUDGET else None, usual, cost)


def basin_resolution(land: landscapes.Landscape) -> int:
    """Starts per axis of a basin map at its usual fineness."""
    if isinstance(land, landscapes.DataLandscape):
        return BASIN_GRID_DATA
    return BASIN_STARTS_1D if land.dim == 1 else BASIN_GRID_2D


class Kept:
    """Values kept for every visitor of this process under plain keys: for what a rerun asks for more than once,
    looked up in far less time than Streamlit's cache takes to hash its arguments. The oldest go beyond `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: collections.OrderedDict = collections.OrderedDict()
        self.making: dict[Any, threading.Lock] = {}
        self.lock = threading.Lock()

    def get(self, key, make: Callable[[], Any]) -> Any:
        """The value kept under `key`, made by `make()` the first time. Visitors who ask for it while it is being
        made wait for that one making (a class opening one scene together makes its sweep once); if it fails,
        the next to ask makes it again."""
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
            making = self.making.setdefault(key, threading.Lock())
        with making:
            with self.lock:
                if key in self.values:
                    return self.values[key]
            try:
                value = make()
            except BaseException:
                with self.lock:
                    self.making.pop(key, None)
                raise
            with self.lock:
                self.values[key] = value
                self.making.pop(key, None)
                if len(self.values) > self.size:
                    self.values.popitem(last=False)
        return value


@functools.lru_cache(maxsize=64)
def landscape_for(source: Built | Typed) -> landscapes.Landscape:
    """The landscape `source` names; a typed one may raise FormulaError. Kept per process like the rest, by
    Python's own cache: a page asks for it several times a rerun, and Streamlit's hashes its key each time."""
    if isinstance(source, Typed):
        return landscapes.from_formula(source.text, source.bounds)
    if (source.sample or source.own or source.width) and landscapes.about(source.name).from_data:
        return landscapes.with_data(source.name, seed=source.sample, own=source.own, width=source.width or None)
    return landscapes.get(source.name)


def read_only(value):
    """`value` with every NumPy array in it (inside tuples, lists and dicts) made read-only; returned."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, tuple | list):
        for item in value:
            read_only(item)
    elif isinstance(value, dict):
        for item in value.values():
            read_only(item)
    return value


GRIDS = Kept(32)


def grid(source: Built | Typed, resolution: int) -> tuple[Grid, Shading]:
    """J over the landscape's box and how to colour it."""

    def make() -> tuple[Grid, Shading]:
        land = landscape_for(source)
        values = landscape_grid(land, resolution)
        return read_only((values, shading_for(land, values)))

    return GRIDS.get((source, resolution), make)


def _walking(source: Built | Typed, entry: Plan, walk: Walk) -> dict:
    """What every walk of run `entry` takes besides its landscape, optimizer, start and η: its steps, schedule,
    batches and their seed."""
    return {"steps": walk.steps, "schedule": schedule_of(walk.schedule), "batch_size": entry.batch_size,
            "seed": seed_of(source)}  # fmt: skip


def runs(scene: Scene, plan: tuple[Plan, ...], swept: Swept | None = None) -> dict[str, optimizers.Trajectory]:
    """Every run of `plan` from the scene's start, one trajectory per plan key: with the scene's sweep `swept`,
    taken from it at each run's η (the same run, bit for bit: `optimizers.sweep`), so moving η runs nothing."""
    if swept is not None:
        return {
            entry.key: optimizers.one_start(swept.runs[entry.key], LEARNING_RATES.index(entry.lr)) for entry in plan
        }
    return _runs(scene.source, plan, scene.walk)


@st.cache_resource(max_entries=256, show_spinner=False)
def _runs(source: Built | Typed, plan: tuple[Plan, ...], walk: Walk) -> dict[str, optimizers.Trajectory]:
    land = landscape_for(source)
    return read_only(
        {
            entry.key: optimizers.run(
                land,
                optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)),
                walk.start,
                lr=entry.lr,
                **_walking(source, entry, walk),
            )
            for entry in plan
        }
    )


def ends(scene: Scene, plan: tuple[Plan, ...], swept: Swept | None = None) -> dict[str, optimizers.Outcome]:
    """How each run of `plan` ended, by plan key: worked out once with the runs (it asks Newton's method where a
    run came to rest), not on every rerun that shows them; with the scene's sweep, as the sweep has it."""
    if swept is not None:
        return {entry.key: swept.outcomes[entry.key][LEARNING_RATES.index(entry.lr)] for entry in plan}
    return _ends(scene.source, plan, scene.walk)


@st.cache_resource(max_entries=256, show_spinner=False)
def _ends(source: Built | Typed, plan: tuple[Plan, ...], walk: Walk) -> dict[str, optimizers.Outcome]:
    land = landscape_for(source)
    return {key: optimizers.outcome(land, run) for key, run in _runs(source, plan, walk).items()}


def basins(scene: Scene, entry: Plan, resolution: int) -> optimizers.BasinMap:
    """Where every start of a `resolution`-per-axis grid over the box ends for the run `entry`."""
    return _basins(scene.source, entry, scene.steps, scene.schedule, resolution)


@st.cache_resource(max_entries=32, show_spinner=False)
def _basins(source, entry, steps, schedule, resolution) -> optimizers.BasinMap:
    land = landscape_for(source)
    return read_only(
        optimizers.basin_map(
            land,
            optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)),
            lr=entry.lr,
            steps=steps,
            resolution=resolution,
            schedule=schedule_of(schedule),
            batch_size=entry.batch_size,
            seed=seed_of(source),
        )
    )


class Swept(NamedTuple):
    """Every run of a plan at every stop of the learning-rate slider, how each ended, and an id that names the
    sweep in the browser (the same for every η: the sweep does not depend on it)."""

    runs: dict[str, optimizers.Trajectory]
    outcomes: dict[str, list[optimizers.Outcome]]
    id: str


SWEEPS = Kept(64)


def sweeps(scene: Scene, plan: tuple[Plan, ...]) -> Swept:
    """The scene's runs at every learning rate of the slider, computed once for every η."""
    key = (scene.source, tuple(entry._replace(lr=0.0) for entry in plan), scene.walk)
    return SWEEPS.get(key, lambda: _sweeps(*key))


def _sweeps(source: Built | Typed, plan: tuple[Plan, ...], walk: Walk) -> Swept:
    land = landscape_for(source)
    runs = {
        entry.key: optimizers.sweep(
            land,
            optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)),
            walk.start,
            LEARNING_RATES,
            **_walking(source, entry, walk),
        )
        for entry in plan
    }
    ends = {key: optimizers.outcomes(land, run) for key, run in runs.items()}
    return read_only(Swept(runs, ends, hashlib.sha1(repr((source, plan, walk)).encode()).hexdigest()[:16]))


def moments(scene: Scene, entry: Plan) -> list[optimizers.Moment]:
    """Run `entry` from the scene's start replayed step by step, with its optimizer's state at each step: what
    Stepwise writes out and the step table's state columns show."""
    return _moments(scene.source, entry, scene.walk)


@st.cache_resource(max_entries=64, show_spinner=False)
def _moments(source: Built | Typed, entry: Plan, walk: Walk) -> list[optimizers.Moment]:
    return optimizers.replay(
        landscape_for(source),
        optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)),
        walk.start,
        lr=entry.lr,
        **_walking(source, entry, walk),
    )
