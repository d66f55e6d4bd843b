"""The page's panels right of the sidebar: messages, the main chart, the basin facts, the summary, the data,
the loss and every step. Each draws one part of the page from the scene and its runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

import landscapes
import language
import optimizers
from language import number
from optimizers import schedules
from page import links, own_data, work
from page import table as controls
from page.charts import Sweep, rate_at, show_chart, start_at
from page.messages import curvature_text, divergence_text, outcome_text, safe_rate, summary_row
from page.scene import (
    LEARNING_RATES,
    STEP_CHOICES,
    Built,
    Plan,
    Scene,
    focus_plan,
    path_title,
    run_plan,
    schedule_of,
    setting_stops,
    tracks,
)
from page.text import plain
from page.wording import words
from page.work import read_only
from plots import live
from plots.animation import Figure
from plots.basins import add_basin_band, basin_figure, colored_by_minimum
from plots.contour import contour_figure, landscape_backdrop
from plots.curve import curve_figure
from plots.data_view import data_figure
from plots.live import BACKDROP
from plots.loss import FLOOR, loss_figure, lowest
from plots.memory import Memory, memory_marks
from plots.predictions import HEAT_FROM, taps_heat, taps_trace
from plots.rates import rate_figure
from plots.surface import path_heights, surface_figure
from plots.sweep import SWEEP_POINTS, loss_sweep, path_sweep
from plots.training_path import add_training_path

PRESENT_SHARE = 0.72
"""In presentation mode the chart takes this share of the window's height, leaving room for its η control."""


class Shown(NamedTuple):
    """A scene with its landscape, what it runs and the runs: what every panel draws from."""

    scene: Scene
    land: landscapes.Landscape
    plan: tuple[Plan, ...]
    focus: Plan
    runs: dict
    swept: work.Swept | None
    """The sweep over every η of the slider, or None where it would cost more than the page's budget."""
    budget: work.Budget
    twin: dict | None = None
    """What the browser's twin of the engine needs to preview the runs while a hand moves the start or a slider
    (`twin_of`), made once a rerun; None where it has none."""


def plan_of(scene: Scene) -> tuple[Plan, ...]:
    return run_plan(scene, getattr(work.landscape_for(scene.source), "n_examples", 0))


def shown(scene: Scene) -> Shown:
    land, plan = work.landscape_for(scene.source), plan_of(scene)
    budget = work.budget(scene, plan)
    swept = work.sweeps(scene, plan) if budget.sweep_fits else None
    runs = work.runs(scene, plan, swept)
    return Shown(scene, land, plan, focus_plan(scene, plan), runs, swept, budget, twin_of(scene, land, plan))


def sweep_of(page: Shown, name: str, heights=None) -> Sweep:
    """The sweep's part for the main chart ("sweep"; with `heights`, the 3D surface's, each point's height)
    or the loss chart ("losses")."""
    swept = page.swept
    content = sweep_part(page, name, heights)
    indices = {entry.key: LEARNING_RATES.index(entry.lr) for entry in page.plan}
    own, focus = bool(page.scene.own_rates), page.focus.optimizer.name
    names = {entry.key: entry.optimizer.name for entry in page.plan}
    return Sweep(swept.id, indices[page.focus.key], name, content, paths=indices, own=own, focus=focus, names=names)


SWEEP_PARTS = work.Kept(64)


def sweep_part(page: Shown, name: str, heights=None) -> live.Part:
    """The part `name` of the page's sweep in the visitor's language (with `heights`, the 3D surface's), made and
    encoded once: it is the same for every η, so a class moving η shares it instead of remaking it."""
    swept, say = page.swept, words()

    def make() -> live.Part:
        if name == "sweep":
            texts = {key: [outcome_text(o, say) for o in outcomes] for key, outcomes in swept.outcomes.items()}
            return live.part({"rates": list(LEARNING_RATES), **path_sweep(page.land, swept.runs, texts, heights)})
        return live.part(loss_sweep(page.land, swept.runs))

    return SWEEP_PARTS.get((swept.id, name, say.lang, heights is not None), make)


PAGE_CSS = """
<style>
/* The first screen holds the whole map: less of Streamlit's padding above the page's name. */
.block-container { padding-top: 3.5rem !important; }
/* Streamlit's own words under the data file's control are English only, and name its 1 MB cap, not ours. */
.st-key-own_file [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
</style>
"""


def introduction() -> None:
    """What this is, on the first screen: the name and one sentence about what the chart shows."""
    say = words()
    st.html(PAGE_CSS)
    st.markdown(f"**{say('app.title')}** · {say('app.introduction')}")


def ready(scene: Scene) -> bool:
    """Say what stands in the way of a run, if anything: a refused formula, no optimizer, an undefined start."""
    land, say = work.landscape_for(scene.source), words()
    if scene.problem:
        st.error(say("message.formula_refused", problem=plain(scene.problem)))
    if isinstance(land, landscapes.FormulaLandscape):
        gradient = ",\\; ".join(land.gradient_latex)
        st.latex(rf"J = {land.latex} \qquad \nabla J = \left( {gradient} \right)")
    if not scene.optimizers:
        st.info(say("message.pick_optimizer"))
        return False
    if not np.isfinite(land.value(scene.start)):
        st.warning(say("message.undefined_start"))
        return False
    cost = work.budget(scene, plan_of(scene))
    if not cost.runs_fit:
        st.error(say("message.too_costly", seconds=number(cost.runs, 2), limit=number(work.BUDGET), steps=scene.steps))
        return False
    if not cost.sweep_fits:
        st.caption(say("message.no_sweep", rates=len(LEARNING_RATES), seconds=number(cost.sweep, 2), steps=scene.steps))
    return True


def divergences(page: Shown) -> None:
    """One box for every run that diverged, a paragraph each, so the chart stays high on the page."""
    say = words()
    texts = [
        divergence_text(page.land, path_title(entry, say), entry.optimizer.name, page.runs[entry.key], entry.lr,
                        say, *safer_rate(page, entry))
        for entry in page.plan
        if page.runs[entry.key].diverged[0]
    ]  # fmt: skip
    if texts:
        st.error("\n\n".join(texts))
    notes = [
        curvature_text(page.land, page.scene.start, dict(entry.optimizer.settings).get("damping", 0.0),
                       path_title(entry, say), say)
        for entry in page.plan
        if optimizers.get(entry.optimizer.name).needs_hessian
    ]  # fmt: skip
    if any(notes):
        st.warning("\n\n".join(note for note in notes if note), icon=":material/warning:")


def safer_rate(page: Shown, entry: Plan) -> tuple[float | None, bool]:
    """The largest η below the run's at which the sweep stays on the chart, and whether there was a sweep to ask."""
    if page.swept is None:
        return None, False
    return safe_rate(LEARNING_RATES, page.swept.runs[entry.key], entry.lr), True


def up_to(trajectory: optimizers.Trajectory, iteration: int) -> optimizers.Trajectory:
    """The run as it stands after `iteration` iterations (every step recorded)."""
    rows = slice(0, iteration + 1)
    stopped = np.minimum(trajectory.stopped_at, iteration)
    return optimizers.Trajectory(
        trajectory.points[rows], trajectory.values[rows], trajectory.diverged & (trajectory.stopped_at < iteration),
        stopped, trajectory.steps[rows],
    )  # fmt: skip


def scene_figure(
    page: Shown, drawn: dict, grids: tuple, *, animated: bool, browser_frames: bool, say, memory: Memory | None = None
) -> Figure:
    """The curve (1D) or the contour map (2D) over `grids` (the grid and its shading) with the `drawn` tracks;
    with `animated`, frames made here, or with `browser_frames`, the paths' frames made by the browser from its
    sweep (the curve's tangent and arrows still made here); `memory`, the focus optimizer's at one step, drawn on
    either."""
    scene, land = page.scene, page.land
    grid, shading = grids
    if land.dim == 1:
        rates = page.focus.lr * schedules.factors(schedule_of(scene.schedule), scene.steps)
        carried = memory.carried if memory else None
        return curve_figure(land, grid, drawn, page.focus.key, rates, animated=animated, say=say, start=scene.start[0],
                            carried=carried, browser_frames=browser_frames)  # fmt: skip
    marks = memory_marks(memory) if memory else None
    backdrop, _ = map_backdrop(scene.source, len(grid.axes[0]), say.lang)
    return contour_figure(land, grid, shading, drawn, scene.start, animated=animated, say=say,
                          browser_frames=browser_frames, marks=marks, backdrop=backdrop)  # fmt: skip


@functools.lru_cache(maxsize=32)
def map_backdrop(source, resolution: int, lang: str) -> tuple[tuple[list[dict], dict], live.Part]:
    """The map's landscape over `source`'s grid in language `lang` (its colour, level lines and hover), and the
    same as the part the browser keeps: made and encoded once per landscape and language, not on each rerun."""
    grid, shading = work.grid(source, resolution)
    traces, image = landscape_backdrop(grid, shading, language.words(lang))
    return read_only((traces, image)), live.part({"traces": traces, "images": [image]})


class Taps(NamedTuple):
    """A class's taps to draw on the map or curve (`own`: one student's own), and what a tap does on this page
    while the class predicts (`on_tap(x, y)`, in place of moving the start)."""

    points: list[tuple[float, ...]]
    own: bool
    on_tap: Callable[[float, float], None] | None = None


def main_view(page: Shown, hidden: bool = False, present: bool = False,
              taps: Taps | None = None) -> tuple[optimizers.BasinMap | None, Figure]:  # fmt: skip
    """The curve, the contour map, the basin map or the surface; returns the basin map (when one was made) and
    the figure drawn.

    `hidden`: the landscape and the start without the runs, while a lesson waits for the learner's prediction.
    `present`: sized for a projector, the chart and its η control inside the window. `taps`: a class's taps on
    the curve or the map.
    """
    tall = PRESENT_SHARE if present else True
    scene, land, say = page.scene, page.land, words()
    grids = work.grid(scene.source, 400 if land.dim == 1 else 100)
    grid = grids[0]
    iteration = scene.view.iteration
    runs = page.runs if iteration is None else {key: up_to(run, iteration) for key, run in page.runs.items()}
    drawn = {} if hidden else tracks(page.plan, runs, say)
    animated = scene.view.animated and iteration is None
    follows = iteration is None and not hidden and page.swept is not None
    basins = None
    if scene.view.basins and not hidden:
        basins = basin_map(page)
    memory = memory_drawn(page, iteration) if iteration and not hidden else None
    answering = taps is not None and taps.on_tap is not None  # a tap answers the class, not moves the start
    tapped = taps.on_tap if answering else start_at(land.bounds)
    # The browser previews the runs only where they are on show whole and a click sets the start.
    twin = page.twin if not (hidden or answering or iteration is not None) else None
    if land.dim == 1:
        fig = scene_figure(page, drawn, grids, animated=animated, browser_frames=follows, say=say, memory=memory)
        if basins is not None:
            fig = add_basin_band(fig, land, basins, say)
        _add_taps(fig, land, taps, say)
        sweep = sweep_of(page, "sweep")._replace(frames=True) if follows else None
        show_chart(fig, key="curve", on_click=tapped, tall=tall, sweep=sweep, twin=twin)
        if not answering:
            st.caption(say("message.click_curve"))
    elif scene.view.kind == "surface":
        surface_grid, surface_shading = work.grid(scene.source, 80)
        fig = surface_figure(land, surface_grid, surface_shading, drawn, say, animated=animated and follows)
        heights = path_heights(surface_shading, float(np.ptp(surface_shading(surface_grid.values))))
        sweep = sweep_of(page, "sweep", heights)._replace(frames=True) if follows else None
        show_chart(fig, key="surface", tall=tall, sweep=sweep)
    else:
        if basins is not None:
            shown = {page.focus.key: drawn[page.focus.key]} if page.focus.key in drawn else {}
            fig = basin_figure(land, basins, scene.start, say, shown)
            show_chart(fig, key="basin_map", on_click=start_at(land.bounds), tall=tall)
        else:
            fig = scene_figure(page, drawn, grids, animated=animated, browser_frames=follows, say=say, memory=memory)
            _add_taps(fig, land, taps, say)
            add_training_path(fig, land, say)
            seen = getattr(land, "training", None)
            if seen is not None:  # said above the map: the key fact of this view
                off, share = number(seen.distances.max(), 2), number(100 * seen.explained, 2)
                st.caption(say("message.training_path", weights=seen.weights, off=off, share=share))
            sweep = sweep_of(page, "sweep")._replace(frames=True) if follows else None
            _, backdrop = map_backdrop(scene.source, len(grid.axes[0]), say.lang)
            show_chart(fig, key="contour", on_click=tapped, tall=tall, sweep=sweep,
                       parts={BACKDROP: backdrop}, twin=twin)  # fmt: skip
        if not answering:
            st.caption(say("message.click_map"))
    if np.isnan(grid.values).any():
        st.caption(say("message.blank"))
    return basins, fig


TWINNED = frozenset(name for name in landscapes.names() if not landscapes.about(name).from_data)
"""The built-in landscapes the browser has a twin of (`plots/browser/landscapes.js`): the functions; a typed one's
twin walks its trees (`formula.js`)."""
TWINNED_DATA = frozenset({"linear_regression", "logistic_regression", "tiny_network"})
"""The losses from data the browser has a twin of (`data_losses.js`), given their examples and batches."""
MOST_BATCHED = 20_000
"""Example indices a twin's batches may hold: past that (thousands of mini-batch steps), the start is not
previewed, and a click sets it as before."""


def twin_of(scene: Scene, land: landscapes.Landscape, plan: tuple[Plan, ...]) -> dict | None:
    """What the browser needs to work the paths out again while the learner drags the start
    (`plots/browser/drag_start.js`): None where it has no twin of the landscape (a trained network) or the
    batches would be too many to send. A loss from data's examples go as a part of the chart, sent once.
    The browser finds each run's traces by their ids (`plots.paths.path_uid`, `plots.loss.loss_uid`)."""
    typed = isinstance(land, landscapes.FormulaLandscape) and land.trees is not None
    built = isinstance(scene.source, Built) and scene.source.name in TWINNED
    data = isinstance(scene.source, Built) and scene.source.name in TWINNED_DATA
    if scene.view.kind == "surface" or not (typed or built or data):
        return None
    batched = {}
    for entry in plan:
        if data and entry.batch_size is not None and entry.batch_size < land.n_examples:
            orders = optimizers.epoch_orders(land.n_examples, entry.batch_size, scene.steps, scene.seed)
            batched[entry.key] = {"size": entry.batch_size, "orders": [order.tolist() for order in orders]}
    if sum(len(b["orders"]) * land.n_examples for b in batched.values()) > MOST_BATCHED:
        return None
    runs = [
        {"key": entry.key, "optimizer": entry.optimizer.name, "lr": entry.lr, "batches": batched.get(entry.key),
         "settings": dict(optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)).settings)}
        for entry in plan
    ]  # fmt: skip
    schedule = {"name": scene.schedule.name, "settings": dict(scene.schedule.settings)} if scene.schedule else None
    controls = {"steps": {"kind": "steps", "options": list(STEP_CHOICES)}}
    if scene.own_rates:
        controls |= {f"{e.optimizer.name}_lr": {"kind": "own_lr", "optimizer": e.optimizer.name,
                                                "options": list(LEARNING_RATES)} for e in plan}  # fmt: skip
    else:
        controls["lr"] = {"kind": "lr", "options": list(LEARNING_RATES)}
    for entry in plan:
        for param, spec in optimizers.get(entry.optimizer.name).hyperparams.items():
            stops = list(setting_stops(spec)) if spec.log else None
            controls[f"{entry.optimizer.name}_{param}"] = {"kind": "setting", "optimizer": entry.optimizer.name,
                                                          "param": param, "options": stops}  # fmt: skip
    if scene.schedule:
        for param, spec in schedule_of(scene.schedule).hyperparams.items():
            stops = list(setting_stops(spec)) if spec.log else None
            controls[f"schedule_{param}"] = {"kind": "schedule", "param": param, "options": stops}
    examples = None
    if data:
        constant = land.hessian([[0.0, 0.0]])[0].tolist() if land.second_derivatives else None
        examples = {"model": land.name, "inputs": land.examples.inputs.tolist(),
                    "targets": land.examples.targets.tolist(), "curvature": constant}  # fmt: skip
    return {"landscape": land.name, "formula": land.trees if typed else None, "bounds": [list(b) for b in land.bounds],
            "steps": scene.steps, "schedule": schedule, "start": list(scene.start), "runs": runs,
            "points": SWEEP_POINTS, "controls": controls, "data": examples}  # fmt: skip


def _add_taps(fig: Figure, land, taps: Taps | None, say) -> None:
    """The class's taps (or a student's own) over the curve or map, after every trace so that Play moves none: on
    a map, a heat map once the class's crosses would hide one another."""
    if taps is None or not taps.points:
        return
    name = say("class.your_tap" if taps.own else "class.taps")
    if land.dim == 2 and not taps.own and len(taps.points) >= HEAT_FROM:
        fig.add_trace(taps_heat(land, taps.points, name))
    else:
        fig.add_trace(taps_trace(land, taps.points, name, taps.own))


MEMORY_OF = {"momentum": "b", "nesterov": "b", "rmsprop": "b", "adam": "m̂", "adamw": "m̂", "nadam": "m̂",
             "radam": "m̂", "lion": "m"}  # fmt: skip
"""The vector each optimizer steps along besides the gradient, drawn as its memory."""
SCALED = {"adam": ("m̂", "v̂"), "adamw": ("m̂", "v̂"), "nadam": ("m̂", "v̂"), "radam": ("m̂", "v̂"), "rmsprop": (None, "v")}
"""Optimizers that divide each coordinate's step by its own scale: the box's numerator and denominator."""


def memory_drawn(page: Shown, iteration: int) -> Memory | None:
    """The focus optimizer's memory at the step into `iteration`, to draw on the map or the curve."""
    moments = work.moments(page.scene, page.focus)
    if not 1 <= iteration <= len(moments):
        return None
    say, name = words(), page.focus.optimizer.name
    settings = dict(optimizers.get(name, **dict(page.focus.optimizer.settings)).settings)
    moment = moments[iteration - 1]
    held, eta = optimizers.memory(name, settings, moment), moment.rate
    field = MEMORY_OF.get(name)
    carried = (f"−η·{field}", -eta * held[field]) if field in held else None
    memory = Memory(moment.theta, -eta * moment.gradient, carried, moment.update, optimizers.get(name).color)
    if name not in SCALED or SCALED[name][1] not in held:
        return memory
    top, bottom = SCALED[name]
    numerator = np.abs(held[top]) if top else np.abs(moment.gradient)
    box = eta * numerator / (np.sqrt(held[bottom]) + settings["eps"])
    label = say("plot.scale_box", sides=" × ".join(number(c, 2) for c in box), eta=number(eta, 3))
    return memory._replace(box=box, box_label=label)


def basin_map(page: Shown) -> optimizers.BasinMap | None:
    """The focus run's basin map on the finest grid the budget allows, saying so when it is coarser than usual;
    None, with what to lower, when even the coarsest is too costly."""
    say, budget = words(), page.budget
    if budget.basins is None:
        fields = {"seconds": number(budget.basin_seconds, 2), "steps": page.scene.steps}
        st.warning(say("message.no_basins", **fields), icon=":material/timer:")
        return None
    if budget.basins < budget.usual:
        st.caption(say("message.coarser_basins", resolution=budget.basins, usual=budget.usual))
    with st.spinner(say("message.running_starts")):
        return work.basins(page.scene, page.focus, budget.basins)


def iteration_numbers(page: Shown) -> None:
    """Beside the chart, while stepping: the numbers of the focus run's iteration, as the update rule uses them
    (for a run that diverged, its last iteration is the step that left)."""
    k, entry, say = page.scene.view.iteration, page.focus, words()
    trajectory, title = page.runs[entry.key], path_title(page.focus, say)
    names = page.land.axis_names
    steps = optimizers.step_table(page.land, trajectory, 0, entry.lr, schedule_of(page.scene.schedule))
    if k == 0 or k > len(steps.step):
        theta = trajectory.points[min(k, int(trajectory.stopped_at[0])), 0]
        gradient = page.land.grad(theta)
        value = number(page.land.value(theta))
        st.markdown(say("message.iteration_start", k=k, title=title, theta=point(theta), value=value,
                        gradient=point(gradient)))  # fmt: skip
        return
    i = k - 1
    numbers = {
        "theta": point(steps.theta[i]), "value": number(steps.value[i]), "gradient": point(steps.gradient[i]),
        "rate": number(steps.rate[i]), "move": point(steps.move[i]), "after": point(steps.theta[i] + steps.move[i]),
    }  # fmt: skip
    st.markdown(say("message.iteration_step", k=k, title=title, **numbers))
    if len(names) == 1 and entry.optimizer.name == "gd":
        st.caption(say("message.iteration_check", move=number(-steps.rate[i] * steps.gradient[i][0])))
    written_out(page, entry, k)


def written_out(page: Shown, entry: Plan, k: int) -> None:
    """The focus optimizer's update rule written out for the step into iteration `k`: each quantity it updates,
    the formula, the same with that step's numbers (from the engine's own state), and the result."""
    moments = work.moments(page.scene, entry)
    if not 1 <= k <= len(moments):
        return
    say, name = words(), entry.optimizer.name
    settings = dict(optimizers.get(name, **dict(entry.optimizer.settings)).settings)
    st.caption(say("message.written_out", title=path_title(entry, say), k=k))
    rows = optimizers.lines(name, settings, moments[k - 1], language.latex)
    # Inline math, one line each: KaTeX breaks an inline formula after = and +, so a long line wraps on a phone.
    st.markdown("  \n".join(f"${row}$" for row in rows))


def point(values) -> str:
    values = np.atleast_1d(values)
    return number(values[0]) if len(values) == 1 else "(" + language.point(values, 4) + ")"


def basin_facts(page: Shown, basins: optimizers.BasinMap) -> None:
    land, scene, say = page.land, page.scene, words()
    shares = optimizers.basin_shares(land, basins.labels)
    st.markdown(
        say(
            "message.basin_shares",
            count=f"{basins.labels.size:,}",
            title=path_title(page.focus, say),
            rate=number(page.focus.lr),
            reach_global=f"{shares['global']:.1%}",
            reach_local=f"{shares['local']:.1%}",
            diverge=f"{shares['diverged']:.1%}",
            unsettled=f"{shares['not settled']:.1%}",
            steps=scene.steps,
        )
    )
    if land.convex:
        st.info(say("message.convex_basins"), icon=":material/info:")
    elif not colored_by_minimum(land) and land.minima:
        st.caption(say("message.many_minima", count=len(land.minima)))


def summary(page: Shown) -> None:
    """Where each run ended and how, one row each, its sentences whole: a plain table (an Arrow one, which Streamlit
    sends as it is), which the browser draws at once, where its scrolling grid took half a second on a first visit."""
    say = words()
    ends = work.ends(page.scene, page.plan, page.swept)
    rows = [summary_row(path_title(entry, say), page.runs[entry.key], ends[entry.key], say) for entry in page.plan]
    st.table(pa.table({column: [row[column] for row in rows] for column in rows[0]}), hide_index=True)


def charted_gap(land: landscapes.Landscape) -> dict:
    """How the browser charts a dragged start's losses as the loss charts do (`plots.loss`): less the lowest
    minimum's (`best`, None: the loss itself), never below `floor`."""
    return {"best": lowest(land), "floor": FLOOR}


def loss(page: Shown) -> Figure:
    """The loss against steps, or against examples processed (the cost the chapter counts); returns its figure."""
    scene, land, say = page.scene, page.land, words()
    st.subheader(say("panel.loss_examples" if scene.view.per_example else "panel.loss_step"))
    cost = None
    if scene.view.per_example:
        cost = {
            entry.key: optimizers.examples_processed(land.n_examples, entry.batch_size, scene.steps, scene.seed)
            for entry in page.plan
        }
    follows = None if cost or page.swept is None else sweep_of(page, "losses")
    fig = loss_figure(land, tracks(page.plan, page.runs, say), say, cost)
    dragged = charted_gap(land) if cost is None and page.twin is not None else None
    show_chart(fig, key="loss", sweep=follows, follows_start=dragged)
    return fig


def loss_and_rates(page: Shown) -> tuple[Figure, Figure | None]:
    """The loss against steps (or examples) beside where every run ends against η; returns both figures."""
    scene, say = page.scene, words()
    loss_column, rate_column = st.columns(2)
    with loss_column:
        loss_fig = loss(page)
    with rate_column:
        st.subheader(say("panel.rates"))
        if page.swept is None:
            st.caption(say("panel.rates_off", steps=scene.steps))
            return loss_fig, None
        fig = rates_chart(page, say)
        own = f"{page.focus.optimizer.name}_lr" if scene.own_rates else "lr"
        sweep = {"sweep": {"rates": list(LEARNING_RATES), **charted_gap(page.land)}}
        show_chart(fig, key="rates", on_click=rate_at(own), follows_start=sweep if page.twin else None)
        st.caption(say("panel.rates_caption"))
    return loss_fig, fig


def rates_chart(page: Shown, say) -> Figure:
    """Where every run of the sweep ends against η, the focus run's η marked."""
    swept = tracks(page.plan, page.swept.runs, say)
    gd_shown = any(entry.optimizer.name == "gd" for entry in page.plan)
    return rate_figure(page.land, swept, np.array(LEARNING_RATES), page.focus.lr, say, gd_shown)


STEPS_OPEN = "steps_open"
"""Session key of whether the step table is open: closed, it is neither computed nor sent on a rerun."""


def steps(page: Shown) -> None:
    """Every step of the focus run, under a heading that opens it: a table a few hundred rows long costs more
    than the rest of a rerun, and a class moving η does not read it each time."""
    say = words()
    title = say("panel.steps", title=path_title(page.focus, say))
    with st.expander(title, key=links.panel(STEPS_OPEN), on_change="rerun", icon=":material/table_rows:") as panel:
        if panel.open:
            step_table(page)


def step_table(page: Shown) -> None:
    land, entry, say = page.land, page.focus, words()
    table = steps_frame(page, entry, say)
    batched = entry.batch_size is not None and entry.batch_size < land.n_examples
    st.caption(say("panel.steps_caption_batched" if batched else "panel.steps_caption"))
    whole = {say("table.step"): st.column_config.NumberColumn(format="%d")}
    st.dataframe(as_written(table), hide_index=True, height=300, column_config=whole)
    st.download_button(
        say("panel.download"),
        lambda: table.to_csv(index=False).encode(),
        file_name=f"{land.name}-{entry.key.replace(' ', '-')}-steps.csv",
        mime="text/csv",
        key="download_steps",
        on_click="ignore",
    )


def as_written(table: pd.DataFrame) -> pd.DataFrame:
    """A table's decimal columns as the page writes numbers (`language.number`: 2.75×10⁻⁸, a true minus sign);
    whole numbers stay numbers. Only for showing: a downloaded table keeps every digit."""
    return table.assign(**{
        column: [number(value) for value in table[column]] for column in table.columns
        if table[column].dtype.kind == "f"
    })  # fmt: skip


def steps_frame(page: Shown, entry: Plan, say) -> pd.DataFrame:
    """Every step of run `entry`: θ, J(θ), ∂J/∂θ, η and Δθ, and what its optimizer carries after the step
    (momentum's b, Adam's m, v, m̂ and v̂, …, one column per coordinate), under the page's column names."""
    steps = optimizers.step_table(page.land, page.runs[entry.key], 0, entry.lr, schedule_of(page.scene.schedule))
    names = page.land.axis_names
    table = pd.DataFrame(
        {
            say("table.step"): steps.step,
            **{name: steps.theta[:, i] for i, name in enumerate(names)},
            "J(θ)": steps.value,
            **{f"∂J/∂{name}": steps.gradient[:, i] for i, name in enumerate(names)},
            "η": steps.rate,
            **{f"Δ{name}": steps.move[:, i] for i, name in enumerate(names)},
        }
    )
    settings = dict(optimizers.get(entry.optimizer.name, **dict(entry.optimizer.settings)).settings)
    moments = work.moments(page.scene, entry)[: len(table)]
    carried = [optimizers.memory(entry.optimizer.name, settings, moment) for moment in moments]
    for field in carried[0] if carried else {}:
        for i, name in enumerate(names):
            column = [held[field][i] for held in carried] + [np.nan] * (len(table) - len(carried))
            table[field if len(names) == 1 else f"{field} ({name})"] = column
    return table


def data_view(page: Shown) -> Figure:
    """The examples with the model moving, and the forward and backward pass of one chosen step; returns the
    examples' figure."""
    scene, land, entry, say = page.scene, page.land, page.focus, words()
    trajectory = page.runs[entry.key]
    batches = None
    if entry.batch_size is not None and entry.batch_size < land.n_examples:
        batches = optimizers.batch_schedule(land.n_examples, entry.batch_size, scene.steps, seed=scene.seed)
    data_column, pass_column = st.columns(2)
    with data_column:
        st.subheader(say("panel.data"))
        track = tracks((entry,), page.runs, say)[entry.key]
        data_fig = data_figure(land, track, batches, animated=scene.view.animated, say=say, editable=True)
        stale = {"dimmed": True} if page.twin is not None else None  # the server's run, while the start moves
        show_chart(data_fig, key="data", on_edits=own_data.on_edits(land, scene.source), follows_start=stale)
        own_data.panel(land, scene.source)
    with pass_column:
        st.subheader(say("panel.passes"))
        last = max(int(trajectory.stopped_at[0]) - 1, 0)
        if not 0 <= st.session_state.get("inspect", 0) <= last:
            st.session_state["inspect"] = 0
        row = controls.number("inspect", "number_input", "inspect", 0, last, whole=True)
        step = controls.draw(row, 0, label=say("panel.at_step"), min_value=0, max_value=last)
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
                say("table.example"): passes.example,
                **features,
                say("table.target"): passes.target,
                say("table.prediction"): passes.prediction,
                say("table.loss"): passes.loss,
                f"∂ℓ/∂{first}": passes.gradient[:, 0],
                f"∂ℓ/∂{second}": passes.gradient[:, 1],
            }
        )
        mean = passes.gradient.mean(axis=0)
        numbers = {"a": number(theta[0]), "b": number(theta[1]), "loss": number(passes.loss.mean()),
                   "da": number(mean[0]), "db": number(mean[1])}  # fmt: skip
        st.markdown(say("panel.passes_text", first=first, second=second, count=len(indices), **numbers))
        st.dataframe(as_written(table), hide_index=True, height=260)
    return data_fig
