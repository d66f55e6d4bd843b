"""The page's cached work: landscapes, grids, runs and basin maps, each keyed only by the plain values that
define it, so every visitor shares it and no visitor sees another's state.

Results are shared as they are, not copied for each rerun (unpickling a sweep cost a shared server more than
computing the page's text): their arrays are made read-only, so nothing can change one visitor's run in place."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
import streamlit as st

import landscapes
import optimizers
from page.scene import LEARNING_RATES, Built, Plan, Scene, Typed, Walk, schedule_of, seed_of
from plots.shading import Grid, Shading, landscape_grid, shading_for

BASIN_STARTS_1D = 1000
BASIN_GRID_2D = 200
BASIN_GRID_DATA = 40  # every start of a loss from data pays for every example at every step
BASIN_GRID_MEMORY = 100
"""L-BFGS walks a memory of up to 100 past steps per start at every step: a quarter of the starts keeps its
map to a few seconds (200 x 200 took 13 s here)."""


@st.cache_resource(max_entries=64, show_spinner=False)
def landscape_for(source: Built | Typed) -> landscapes.Landscape:
    """The landscape `source` names; a typed one may raise FormulaError."""
    if isinstance(source, Typed):
        return landscapes.from_formula(source.text, source.bounds)
    if source.sample and isinstance(landscapes.get(source.name), landscapes.DataLandscape):
        return landscapes.with_data(source.name, seed=source.sample)
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


@st.cache_resource(max_entries=32, show_spinner=False)
def grid(source: Built | Typed, resolution: int) -> tuple[Grid, Shading]:
    """J over the landscape's box and how to colour it."""
    land = landscape_for(source)
    values = landscape_grid(land, resolution)
    return read_only((values, shading_for(land, values)))


def runs(scene: Scene, plan: tuple[Plan, ...]) -> dict[str, optimizers.Trajectory]:
    """Every run of `plan` from the scene's start, one trajectory per plan key."""
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
                steps=walk.steps,
                schedule=schedule_of(walk.schedule),
                batch_size=entry.batch_size,
                seed=seed_of(source),
            )
            for entry in plan
        }
    )


def basins(scene: Scene, entry: Plan) -> optimizers.BasinMap:
    """Where every start of a grid over the box ends for the run `entry`."""
    return _basins(scene.source, entry, scene.steps, scene.schedule)


@st.cache_resource(max_entries=32, show_spinner=False)
def _basins(source, entry, steps, schedule) -> optimizers.BasinMap:
    land = landscape_for(source)
    resolution = BASIN_STARTS_1D if land.dim == 1 else BASIN_GRID_2D
    if isinstance(land, landscapes.DataLandscape):
        resolution = BASIN_GRID_DATA
    elif entry.optimizer.name == "lbfgs" and land.dim == 2:
        resolution = BASIN_GRID_MEMORY
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


def sweeps(scene: Scene, plan: tuple[Plan, ...]) -> Swept:
    """The scene's runs at every learning rate of the slider, computed once for every η."""
    return _sweeps(scene.source, tuple(entry._replace(lr=0.0) for entry in plan), scene.walk)


@st.cache_resource(max_entries=64, show_spinner=False)
def _sweeps(source: Built | Typed, plan: tuple[Plan, ...], walk: Walk) -> Swept:
    land = landscape_for(source)
    runs = {
        entry.key: optimizers.sweep(
            land,
            optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)),
            walk.start,
            LEARNING_RATES,
            steps=walk.steps,
            schedule=schedule_of(walk.schedule),
            batch_size=entry.batch_size,
            seed=seed_of(source),
        )
        for entry in plan
    }
    ends = {key: optimizers.outcomes(land, run) for key, run in runs.items()}
    return read_only(Swept(runs, ends, hashlib.sha1(repr((source, plan, walk)).encode()).hexdigest()[:16]))
