"""The page's panels right of the sidebar: messages, the main chart, the basin facts, the summary, the data,
the loss and every step. Each draws one part of the page from the scene and its runs."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

import landscapes
import optimizers
from optimizers import schedules
from page import work
from page.charts import Sweep, rate_at, show_chart, start_at
from page.links import bind
from page.messages import divergence_text, summary_row
from page.query import number_in
from page.scene import LEARNING_RATES, Plan, Scene, focus_plan, path_title, run_plan, schedule_of, tracks
from page.text import plain
from plots.basins import add_basin_band, basin_figure, colored_by_minimum
from plots.contour import contour_figure
from plots.curve import curve_figure
from plots.data_view import data_figure
from plots.loss import loss_figure
from plots.rates import rate_figure
from plots.surface import surface_figure
from plots.sweep import loss_sweep, path_sweep

PRESENT_SHARE = 0.72
"""In presentation mode the chart takes this share of the window's height, leaving room for its η control."""


class Shown(NamedTuple):
    """A scene with its landscape, what it runs and the runs: what every panel draws from."""

    scene: Scene
    land: landscapes.Landscape
    plan: tuple[Plan, ...]
    focus: Plan
    runs: dict
    swept: work.Swept


def shown(scene: Scene) -> Shown:
    land = work.landscape_for(scene.source)
    plan = run_plan(scene, getattr(land, "n_examples", 0))
    return Shown(scene, land, plan, focus_plan(scene, plan), work.runs(scene, plan), work.sweeps(scene, plan))


def sweep_of(page: Shown, name: str) -> Sweep:
    """The sweep's part for the main chart ("sweep") or the loss chart ("losses")."""
    swept = page.swept
    if name == "sweep":
        content = {"rates": list(LEARNING_RATES), **path_sweep(page.land, swept.runs, swept.outcomes)}
    else:
        content = loss_sweep(page.land, swept.runs)
    indices = {entry.key: LEARNING_RATES.index(entry.lr) for entry in page.plan}
    own, focus = bool(page.scene.own_rates), page.focus.optimizer.name
    return Sweep(swept.id, indices[page.focus.key], name, content, paths=indices, own=own, focus=focus)


def introduction() -> None:
    st.markdown(
        "Each optimizer starts at the ringed point and repeats **θ ← θ − η·∂J/∂θ** (or its own variant): "
        "the forward pass gives the loss J(θ), the backward pass the slope ∂J/∂θ, and a step of size η goes downhill."
    )


def ready(scene: Scene) -> bool:
    """Say what stands in the way of a run, if anything: a refused formula, no optimizer, an undefined start."""
    land = work.landscape_for(scene.source)
    if scene.problem:
        st.error(f"**Formula refused.** {plain(scene.problem)} The chart keeps the last formula that worked.")
    if isinstance(land, landscapes.FormulaLandscape):
        gradient = ",\\; ".join(land.gradient_latex)
        st.latex(rf"J = {land.latex} \qquad \nabla J = \left( {gradient} \right)")
    if not scene.optimizers:
        st.info("Pick at least one optimizer in the sidebar to see it walk.")
        return False
    if not np.isfinite(land.value(scene.start)):
        st.warning("J is undefined at the start point: move the start into the part of the box where it is defined.")
        return False
    return True


def divergences(page: Shown) -> None:
    """One box for every run that diverged, a paragraph each, so the chart stays high on the page."""
    texts = [
        divergence_text(page.land, path_title(entry), entry.optimizer.name, page.runs[entry.key], entry.lr)
        for entry in page.plan
        if page.runs[entry.key].diverged[0]
    ]
    if texts:
        st.error("\n\n".join(texts))


def up_to(trajectory: optimizers.Trajectory, iteration: int) -> optimizers.Trajectory:
    """The run as it stands after `iteration` iterations (every step recorded)."""
    rows = slice(0, iteration + 1)
    stopped = np.minimum(trajectory.stopped_at, iteration)
    return optimizers.Trajectory(
        trajectory.points[rows], trajectory.values[rows], trajectory.diverged & (trajectory.stopped_at < iteration),
        stopped, trajectory.steps[rows],
    )  # fmt: skip


def main_view(page: Shown, hidden: bool = False, present: bool = False) -> optimizers.BasinMap | None:
    """The curve, the contour map, the basin map or the surface; returns the basin map when one was made.

    `hidden`: the landscape and the start without the runs, while a lesson waits for the learner's prediction.
    `present`: sized for a projector, the chart and its η control inside the window.
    """
    tall = PRESENT_SHARE if present else True
    scene, land = page.scene, page.land
    grid, shading = work.grid(scene.source, 400 if land.dim == 1 else 100)
    iteration = scene.view.iteration
    runs = page.runs if iteration is None else {key: up_to(run, iteration) for key, run in page.runs.items()}
    drawn = {} if hidden else tracks(page.plan, runs)
    animated = scene.view.animated and iteration is None
    follows = iteration is None and not hidden
    basins = None
    if scene.view.basins and not hidden:
        with st.spinner("Running every start…"):
            basins = work.basins(scene, page.focus)
    if land.dim == 1:
        rates = page.focus.lr * schedules.factors(schedule_of(scene.schedule), scene.steps)
        fig = curve_figure(land, grid, drawn, page.focus.key, rates, animated=animated, start=scene.start[0])
        if basins is not None:
            fig = add_basin_band(fig, land, basins)
        sweep = sweep_of(page, "sweep") if follows else None
        show_chart(fig, key="curve", on_click=start_at(land.bounds), tall=tall, sweep=sweep)
        st.caption("Click anywhere on the chart to start there.")
    elif scene.view.kind == "surface":
        surface_grid, surface_shading = work.grid(scene.source, 80)
        show_chart(surface_figure(land, surface_grid, surface_shading, drawn), key="surface", tall=tall)
    else:
        if basins is not None:
            show_chart(
                basin_figure(land, basins, scene.start), key="basin_map", on_click=start_at(land.bounds), tall=tall
            )
        else:
            fig = contour_figure(land, grid, shading, drawn, scene.start, animated=animated, browser_frames=follows)
            sweep = sweep_of(page, "sweep")._replace(frames=True) if follows else None
            show_chart(fig, key="contour", on_click=start_at(land.bounds), tall=tall, sweep=sweep)
        st.caption("Click anywhere on the map to start there.")
    if np.isnan(grid.values).any():
        st.caption("Blank areas of the chart: J is undefined there (a log of a negative number, a division by zero).")
    return basins


def iteration_numbers(page: Shown) -> None:
    """Beside the chart, while stepping: the numbers of the focus run's iteration, as the update rule uses them."""
    k, entry = page.scene.view.iteration, page.focus
    trajectory = page.runs[entry.key]
    names = page.land.axis_names
    if k == 0 or k > int(trajectory.stopped_at[0]):
        theta = trajectory.points[min(k, int(trajectory.stopped_at[0])), 0]
        gradient = page.land.grad(theta)
        st.markdown(
            f"**Iteration {k}** of {path_title(entry)}: θ = {point(theta)}, J(θ) = {page.land.value(theta):.4g}, "
            f"∂J/∂θ = {point(gradient)}."
        )
        return
    steps = optimizers.step_table(page.land, trajectory, 0, entry.lr, schedule_of(page.scene.schedule))
    i = k - 1
    st.markdown(
        f"**Iteration {k}** of {path_title(entry)}: from θ = {point(steps.theta[i])} (J = {steps.value[i]:.4g}) "
        f"the backward pass gives ∂J/∂θ = {point(steps.gradient[i])}; with η = {steps.rate[i]:.4g} the step is "
        f"Δθ = {point(steps.move[i])}, to θ = {point(steps.theta[i] + steps.move[i])}."
    )
    if len(names) == 1 and entry.optimizer.name == "gd":
        st.caption(f"Check: −η·∂J/∂θ = {-steps.rate[i] * steps.gradient[i][0]:.4g}.")


def point(values) -> str:
    values = np.atleast_1d(values)
    return f"{values[0]:.4g}" if len(values) == 1 else "(" + ", ".join(f"{v:.4g}" for v in values) + ")"


def basin_facts(page: Shown, basins: optimizers.BasinMap) -> None:
    land, scene = page.land, page.scene
    shares = optimizers.basin_shares(land, basins.labels)
    parts = [
        f"**{shares['global']:.1%}** reach a global minimum",
        f"**{shares['local']:.1%}** a local one",
        f"**{shares['diverged']:.1%}** diverge",
        f"**{shares['not settled']:.1%}** do not settle within {scene.steps} steps",
    ]
    title = path_title(page.focus)
    st.markdown(f"Of {basins.labels.size:,} starts with {title} at η = {page.focus.lr:g}: " + ", ".join(parts) + ".")
    if land.convex:
        st.info(
            "This loss is convex: it has one minimum and no other valley to fall into, so every start that "
            "does not diverge ends there. A learning rate too large for its curvature is the only way to miss it.",
            icon=":material/info:",
        )
    elif not colored_by_minimum(land) and land.minima:
        st.caption(
            f"{len(land.minima)} minima are too many to tell apart by colour, "
            "so the map shows the loss where each start ends: the lower, the better the minimum it found."
        )


def summary(page: Shown) -> None:
    rows = [summary_row(page.land, path_title(entry), page.runs[entry.key]) for entry in page.plan]
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def loss(page: Shown) -> None:
    """The loss against steps, or against examples processed (the cost the chapter counts)."""
    scene, land = page.scene, page.land
    st.subheader("Loss against " + ("examples processed" if scene.view.per_example else "step"))
    cost = None
    if scene.view.per_example:
        cost = {
            entry.key: optimizers.examples_processed(land.n_examples, entry.batch_size, scene.steps, scene.seed)
            for entry in page.plan
        }
    follows = None if cost else sweep_of(page, "losses")
    show_chart(loss_figure(land, tracks(page.plan, page.runs), cost), key="loss", sweep=follows)


def loss_and_rates(page: Shown) -> None:
    """The loss against steps (or examples) beside where every run ends against η."""
    scene, land = page.scene, page.land
    loss_column, rate_column = st.columns(2)
    with loss_column:
        loss(page)
    with rate_column:
        st.subheader("Where each run ends, against η")
        swept = tracks(page.plan, page.swept.runs)
        fig = rate_figure(land, swept, np.array(LEARNING_RATES), page.focus.lr)
        own = f"{page.focus.optimizer.name}_lr" if scene.own_rates else "lr"
        show_chart(fig, key="rates", on_click=rate_at(own))
        st.caption("Click the chart to set η. Each point is a whole run from the same start at that η.")


def steps(page: Shown) -> None:
    st.subheader(f"Every step of {path_title(page.focus)}")
    step_table(page)


def step_table(page: Shown) -> None:
    scene, land, entry = page.scene, page.land, page.focus
    steps = optimizers.step_table(land, page.runs[entry.key], 0, entry.lr, schedule_of(scene.schedule))
    names = land.axis_names
    table = pd.DataFrame(
        {
            "step": steps.step,
            **{name: steps.theta[:, i] for i, name in enumerate(names)},
            "J(θ)": steps.value,
            **{f"∂J/∂{name}": steps.gradient[:, i] for i, name in enumerate(names)},
            "η": steps.rate,
            **{f"Δ{name}": steps.move[:, i] for i, name in enumerate(names)},
        }
    )
    batched = entry.batch_size is not None and entry.batch_size < land.n_examples
    st.caption(
        "Each row is one step k: the forward pass gives J(θ) at θ_k, the backward pass the gradient ∂J/∂θ; "
        "the optimizer then moves θ by Δθ (for plain gradient descent, Δθ = −η·∂J/∂θ)."
        + (
            " Here each step follows the gradient of its mini-batch only, so Δθ is not −η times the full-data "
            "gradient shown."
            if batched
            else ""
        )
    )
    st.dataframe(table, hide_index=True, height=300, column_config={"step": st.column_config.NumberColumn(format="%d")})
    st.download_button(
        "Download the table as CSV",
        table.to_csv(index=False).encode(),
        file_name=f"{land.name}-{entry.key.replace(' ', '-')}-steps.csv",
        mime="text/csv",
        key="download_steps",
    )


def data_view(page: Shown) -> None:
    """The examples with the model moving, and the forward and backward pass of one chosen step."""
    scene, land, entry = page.scene, page.land, page.focus
    trajectory = page.runs[entry.key]
    batches = None
    if entry.batch_size is not None and entry.batch_size < land.n_examples:
        batches = optimizers.batch_schedule(land.n_examples, entry.batch_size, scene.steps, seed=scene.seed)
    data_column, pass_column = st.columns(2)
    with data_column:
        st.subheader("The data and the model")
        track = tracks((entry,), page.runs)[entry.key]
        show_chart(data_figure(land, track, batches, animated=scene.view.animated), key="data")
    with pass_column:
        st.subheader("Forward and backward pass")
        last = max(int(trajectory.stopped_at[0]) - 1, 0)
        changed = bind("inspect", "step to inspect", 0, number_in(0, last, whole=True), "0")
        if not 0 <= st.session_state["inspect"] <= last:
            st.session_state["inspect"] = 0
        step = st.number_input("At step", 0, last, key="inspect", on_change=changed)
        indices = batches[step] if batches is not None else np.arange(land.n_examples)
        theta = trajectory.points[step, 0]
        passes = optimizers.pass_table(land, theta, indices)
        first, second = land.parameter_names
        features = (
            {"x": passes.inputs[:, 0]}
            if passes.inputs.shape[1] == 1
            else {f"x{i + 1}": passes.inputs[:, i] for i in range(passes.inputs.shape[1])}
        )
        table = pd.DataFrame(
            {
                "example": passes.example,
                **features,
                "target": passes.target,
                "prediction": passes.prediction,
                "loss ℓ": passes.loss,
                f"∂ℓ/∂{first}": passes.gradient[:, 0],
                f"∂ℓ/∂{second}": passes.gradient[:, 1],
            }
        )
        mean = passes.gradient.mean(axis=0)
        st.markdown(
            f"θ = ({first}, {second}) = ({theta[0]:.4g}, {theta[1]:.4g}) on {len(indices)} example(s). "
            f"**Forward pass:** predictions and losses, mean J = {passes.loss.mean():.4g}. "
            f"**Backward pass:** ∇J = ({mean[0]:.4g}, {mean[1]:.4g})."
        )
        st.dataframe(table, hide_index=True, height=260)
