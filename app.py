"""Gradient Descent Lab: the Streamlit page. Widgets, state, caching and layout; the work is done below."""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

import landscapes
import optimizers
from optimizers import schedules
from plots import live
from plots.basins import add_basin_band, basin_figure, colored_by_minimum
from plots.contour import contour_figure
from plots.curve import curve_figure
from plots.data_view import data_figure
from plots.loss import loss_figure
from plots.shading import landscape_grid, shading_for
from plots.style import batch_key, optimizer_title
from plots.surface import surface_figure

# The learning-rate slider's stops: 1e-4 to 10, ten per decade on a log scale, each an exact round number.
LEARNING_RATES = (
    *(float(f"{m * 10.0**e:.10g}") for e in range(-4, 1) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)),
    10.0,
)

# Each landscape's start point when it is picked: one where something worth seeing happens.
SCENES = {
    "parabola": (2.5,),
    "local_minimum": (2.5,),
    "wavy": (4.0,),
    "bowl": (1.6, 1.2),
    "ravine": (-2.6, 1.8),
    "rosenbrock": (-1.5, 2.5),
    "himmelblau": (0.0, -0.5),
    "beale": (1.0, 1.4),
    "six_hump_camel": (-1.5, -0.7),
    "rastrigin": (2.3, -1.6),
    "ackley": (2.4, 1.6),
    "saddle": (1.8, 0.05),
    "linear_regression": (4.0, 2.0),
    "logistic_regression": (-1.5, 2.5),
    "tiny_network": (0.3, -3.5),
}

DEFAULTS = {"landscape": "ravine", "optimizers": ["gd", "nesterov", "adam"], "lr": 0.05, "steps": 100}
STEP_CHOICES = (10, 20, 50, 100, 200, 500, 1000, 2000)
BASIN_STARTS_1D = 1000
BASIN_GRID_2D = 200
BASIN_GRID_DATA = 40  # every start of a loss from data pays for every example at every step
DATA_NAMES = tuple(n for n in landscapes.names() if isinstance(landscapes.get(n), landscapes.DataLandscape))
COMPARED_MINI_BATCH = 32
FORMULA = "formula"
DEFAULT_FORMULA = "sin(x)*cos(y) + 0.1*(x^2 + y^2)"
SLIDER_STOPS = 200  # a start slider moves in steps of 1/200 of the landscape's width
STATIC = Path(__file__).parent / "static"  # served at app/static/ (server.enableStaticServing)

live.publish_bundle(STATIC)
live_chart = st.components.v2.component("live_chart", html=live.HTML, js=live.SCRIPT, isolate_styles=False)


# ---------------------------------------------------------------------------------------------- cached work


def schedule_for(spec: tuple | None) -> schedules.Schedule | None:
    """The schedule a (name, sorted settings) pair from `schedule_control` stands for; None for constant."""
    return schedules.get(spec[0], **dict(spec[1])) if spec else None


@st.cache_resource(max_entries=64, show_spinner=False)
def landscape_for(source: tuple) -> landscapes.Landscape:
    """`source` is (name, sample) for a built-in landscape (a loss from data drawn on sample `sample`,
    0 being the registry's own), or ("formula", text, bounds) for a typed one, which may raise FormulaError.

    Shared by all visitors, keyed only by what defines the landscape, so no visitor sees another's state.
    """
    if source[0] == FORMULA:
        return landscapes.from_formula(source[1], source[2])
    name, sample = source
    return landscapes.with_data(name, seed=sample) if sample and name in DATA_NAMES else landscapes.get(name)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_grid(source: tuple, resolution: int):
    land = landscape_for(source)
    grid = landscape_grid(land, resolution)
    return grid, shading_for(land, grid)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_runs(source: tuple, sample: int, plan: tuple, lr: float, start: tuple, steps: int, schedule: tuple | None):
    """One trajectory per entry of `plan`: (path key, optimizer, sorted hyperparameter items, batch size)."""
    land = landscape_for(source)
    rule = schedule_for(schedule)
    return {
        key: optimizers.run(
            land,
            optimizers.get(opt, **dict(settings)),
            start,
            lr=lr,
            steps=steps,
            schedule=rule,
            batch_size=batch_size,
            seed=sample,
        )
        for key, opt, settings, batch_size in plan
    }


@st.cache_data(max_entries=32, show_spinner=False)
def cached_basins(source: tuple, sample: int, entry: tuple, lr: float, steps: int, schedule: tuple | None):
    """Where every start of a grid ends for one `plan` entry (see `cached_runs`)."""
    land = landscape_for(source)
    rule = schedule_for(schedule)
    _, opt, settings, _ = entry
    optimizer = optimizers.get(opt, **dict(settings))
    resolution = BASIN_STARTS_1D if land.dim == 1 else BASIN_GRID_2D
    if isinstance(land, landscapes.DataLandscape):
        resolution = BASIN_GRID_DATA
    return optimizers.basin_map(
        land, optimizer, lr=lr, steps=steps, resolution=resolution, schedule=rule, batch_size=entry[3], seed=sample
    )


# --------------------------------------------------------------------------------------------------- links


def link_value(key: str) -> list[str] | None:
    """What the opening link said for `key`, once per visit; None when it said nothing."""
    link = st.session_state.setdefault("_link", {k: st.query_params.get_all(k) for k in st.query_params})
    return link.pop(key, None)


def check_link(key: str, label: str, valid, default_text: str) -> None:
    """Note in the page when the link's value for `key` is one the control cannot take (it then uses its default)."""
    raw = link_value(key)
    if raw is not None and not valid(raw):
        shown = ", ".join(raw)[:60] or "(empty)"
        st.session_state.setdefault("_notices", []).append(
            f"The link's {label} `{key}={shown}` is not valid here, so the default ({default_text}) is used."
        )


SWITCH = ("true", "false")  # how a toggle is written in a link


def number_in(low: float, high: float):
    def valid(raw: list[str]) -> bool:
        try:
            value = float(raw[0])
        except ValueError:
            return False
        return len(raw) == 1 and math.isfinite(value) and low <= value <= high

    return valid


def one_of(options):
    allowed = set(options)
    return lambda raw: len(raw) == 1 and raw[0] in allowed


def all_of(options):
    allowed = set(options)
    return lambda raw: len(raw) > 0 and all(value in allowed for value in raw)


# ------------------------------------------------------------------------------------------------ controls


def reset_start() -> None:
    """A newly picked landscape starts from its own instructive point, inside its own bounds."""
    name = st.session_state["landscape"]
    for key, value in zip(("start_x", "start_y"), SCENES.get(name, ()), strict=False):
        st.session_state[key] = value


def default_start(land: landscapes.Landscape) -> tuple[float, ...]:
    """The landscape's instructive start, or for a typed one a point up and to the right of the box's centre."""
    if land.name in SCENES:
        return SCENES[land.name]
    return tuple(round(low + 0.8 * (high - low), 2) for low, high in land.bounds)


def fmt_rate(value: float) -> str:
    return f"{value:g}"


def landscape_control() -> tuple[tuple, str | None]:
    """The landscape picked, as a `landscape_for` source, and what was wrong with a typed formula, if anything."""
    names = (*landscapes.names(), FORMULA)
    titles = {name: f"{landscapes.get(name).title}  ({landscapes.get(name).dim}D)" for name in names[:-1]}
    titles[FORMULA] = "Your own formula…"
    check_link("landscape", "landscape", one_of(titles.values()), titles[DEFAULTS["landscape"]])
    name = st.selectbox(
        "Landscape",
        names,
        index=names.index(DEFAULTS["landscape"]),
        format_func=titles.get,
        key="landscape",
        bind="query-params",
        on_change=reset_start,
    )
    if name == FORMULA:
        return formula_controls()
    land = landscapes.get(name)
    badge = ":green-badge[convex]" if land.convex else ":orange-badge[nonconvex]"
    st.markdown(f"{badge} {land.description}")
    return (name, 0), None


def formula_controls() -> tuple[tuple, str | None]:
    """A typed loss and its box; a refused one keeps the last good scene and says why."""
    text = st.text_input(
        "J(x) or J(x, y) =",
        value=DEFAULT_FORMULA,
        key="formula",
        bind="query-params",
        max_chars=landscapes.formula.MAX_LENGTH,
        help="Use x and y, numbers, + − * /, ^ or ** for powers, pi, e, and "
        + ", ".join(landscapes.formula.FUNCTIONS)
        + ". Write 2*x, not 2x.",
    )
    try:
        dim = len(landscapes.formula.parse(text)[1])
    except landscapes.FormulaError:
        dim = 2
    bounds = []
    for axis in "xy"[:dim]:
        low_column, high_column = st.columns(2)
        for bound in ("min", "max"):
            check_link(f"{axis}_{bound}", f"box {axis} {bound}", number_in(-1e4, 1e4), "±3")
        with low_column:
            low = st.number_input(f"{axis} from", -1e4, 1e4, -3.0, key=f"{axis}_min", bind="query-params")
        with high_column:
            high = st.number_input(f"{axis} to", -1e4, 1e4, 3.0, key=f"{axis}_max", bind="query-params")
        bounds.append((float(low), float(high)))
    source = (FORMULA, text, tuple(bounds))
    try:
        landscape_for(source)
    except landscapes.FormulaError as error:
        good = st.session_state.get("_good_formula", (FORMULA, DEFAULT_FORMULA, ((-3.0, 3.0), (-3.0, 3.0))))
        return good, str(error)
    st.session_state["_good_formula"] = source
    st.markdown(":gray-badge[convexity not checked] Your own loss; its minima are found numerically, not proven.")
    return source, None


def optimizer_controls() -> list[str]:
    names = optimizers.names()
    titles = {name: optimizers.get(name).title for name in names}
    check_link(
        "optimizers", "optimizers", all_of(titles.values()), ", ".join(titles[n] for n in DEFAULTS["optimizers"])
    )
    return st.multiselect(
        "Optimizers",
        names,
        default=DEFAULTS["optimizers"],
        format_func=titles.get,
        key="optimizers",
        bind="query-params",
        help="Each runs from the same start with the same learning rate, in its own colour.",
    )


def rate_control() -> float:
    check_link("lr", "learning rate", one_of(map(fmt_rate, LEARNING_RATES)), fmt_rate(DEFAULTS["lr"]))
    return st.select_slider(
        "Learning rate η (log scale)",
        options=LEARNING_RATES,
        value=DEFAULTS["lr"],
        format_func=fmt_rate,
        key="lr",
        bind="query-params",
        help="The size of each step: θ ← θ − η·∂J/∂θ. Arrow keys move it one notch.",
    )


def start_controls(land: landscapes.Landscape) -> tuple[float, ...]:
    start = []
    for key, axis, (low, high), default in zip(
        ("start_x", "start_y"), "xy", land.bounds, default_start(land), strict=False
    ):
        check_link(key, f"start {axis}", number_in(low, high), f"{default:g}")
        label = "Start θ" if land.dim == 1 else f"Start {axis}"
        if not low <= st.session_state.get(key, default) <= high:
            st.session_state[key] = default
        start.append(
            st.slider(label, low, high, default, step=(high - low) / SLIDER_STOPS, key=key, bind="query-params")
        )
    return tuple(start)


def steps_control() -> int:
    check_link("steps", "number of steps", one_of(map(str, STEP_CHOICES)), str(DEFAULTS["steps"]))
    return st.select_slider("Steps", STEP_CHOICES, value=DEFAULTS["steps"], key="steps", bind="query-params")


def hyperparameter_control(owner: str, name: str, spec: optimizers.HyperParam) -> float:
    key = f"{owner}_{name}"
    if spec.log:
        stops = tuple(float(f"{v:.3g}") for v in np.geomspace(spec.low, spec.high, 31))
        default = min(stops, key=lambda v: abs(math.log(v / spec.default)))
        check_link(key, name, one_of(map(fmt_rate, stops)), fmt_rate(default))
        return st.select_slider(
            name, stops, value=default, format_func=fmt_rate, key=key, bind="query-params", help=spec.help
        )
    check_link(key, name, number_in(spec.low, spec.high), f"{spec.default:g}")
    step = 0.001 if spec.high <= 1 else (spec.high - spec.low) / 1000
    return st.slider(
        name, spec.low, spec.high, spec.default, step=step, key=key, bind="query-params", help=spec.help, format="%g"
    )


def hyperparameter_controls(chosen: list[str]) -> tuple:
    choices = []
    for name in chosen:
        optimizer = optimizers.get(name)
        settings = {}
        if optimizer.hyperparams:
            with st.expander(f"{optimizer.title} settings"):
                for param, spec in optimizer.hyperparams.items():
                    settings[param] = hyperparameter_control(name, param, spec)
        choices.append((name, tuple(sorted(settings.items()))))
    return tuple(choices)


def schedule_control() -> tuple | None:
    names = schedules.names()
    titles = {name: schedules.get(name).title for name in names}
    check_link("schedule", "schedule", one_of(titles.values()), titles["constant"])
    name = st.selectbox("Learning-rate schedule", names, format_func=titles.get, key="schedule", bind="query-params")
    schedule = schedules.get(name)
    if not schedule.hyperparams:
        return None
    with st.expander(f"{schedule.title} settings", expanded=True):
        settings = {
            param: hyperparameter_control("schedule", param, spec) for param, spec in schedule.hyperparams.items()
        }
    return name, tuple(sorted(settings.items()))


# --------------------------------------------------------------------------------------------------- views


def on_slider_grid(value: float, low: float, high: float) -> float:
    """`value` moved to the nearest stop of a start slider over [low, high], so a link shows a round number."""
    step = (high - low) / SLIDER_STOPS
    return float(f"{min(max(low + round((value - low) / step) * step, low), high):.10g}")


def show_chart(fig, key: str, on_click=None, tall: bool = False) -> None:
    """`fig` in the page's live chart `key`, redrawn in place on each rerun; a click on its plot area calls
    `on_click(x, y)` before the rerun it starts. A `tall` chart fills most of a tall window."""
    callbacks = {}
    if on_click is not None:

        def clicked() -> None:
            point = live.clicked_point(st.session_state[key].get("click"))
            if point is not None:
                on_click(*point)

        callbacks["on_click_change"] = clicked
    data = live.payload(fig, f"app/static/{live.BUNDLE}", clickable=on_click is not None, tall=tall)
    live_chart(key=key, data=data, **callbacks)


def start_at(bounds):
    """A click handler for a map or curve over `bounds`: the start moves to the clicked point, on the slider grid."""

    def move_start(x: float, y: float) -> None:
        for key, value, (low, high) in zip(("start_x", "start_y"), (x, y), bounds, strict=False):
            st.session_state[key] = on_slider_grid(value, low, high)

    return move_start


def basin_facts(land: landscapes.Landscape, basins, steps: int, title: str, lr: float) -> None:
    shares = optimizers.basin_shares(land, basins.labels)
    parts = [
        f"**{shares['global']:.1%}** reach a global minimum",
        f"**{shares['local']:.1%}** a local one",
        f"**{shares['diverged']:.1%}** diverge",
        f"**{shares['not settled']:.1%}** do not settle within {steps} steps",
    ]
    st.markdown(f"Of {basins.labels.size:,} starts with {title} at η = {lr:g}: " + ", ".join(parts) + ".")
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


def outcome_messages(land: landscapes.Landscape, runs: dict, lr: float) -> None:
    for key, traj in runs.items():
        title = optimizer_title(key)
        if traj.diverged[0]:
            advice = "Try a smaller learning rate."
            if land.curvature and key == "gd":
                advice += (
                    f" On this quadratic the curvature is L = {land.curvature:g}, so plain gradient descent "
                    f"diverges for η > 2/L = {2 / land.curvature:g}; η is now {lr:g}."
                )
            elif land.name == "saddle":
                advice = "A saddle has no minimum: along y the loss falls without end, whatever the learning rate."
            low, high = np.array(land.bounds).T
            where = "it left far beyond the chart"
            if isinstance(land, landscapes.FormulaLandscape) and np.all(
                (low <= traj.points[-1, 0]) & (traj.points[-1, 0] <= high)
            ):
                where = "its next step landed where J is undefined, so it stops at its last defined point"
            st.error(f"**{title} diverged** at step {int(traj.stopped_at[0])}: {where}. {advice}")


def final_summary(land: landscapes.Landscape, runs: dict) -> pd.DataFrame:
    rows = []
    for name, traj in runs.items():
        end = traj.points[-1, 0]
        nearest = min(land.minima, key=lambda m: float(np.linalg.norm(end - m.point)), default=None)
        rows.append(
            {
                "optimizer": optimizer_title(name),
                "final θ": ", ".join(f"{c:.4g}" for c in end),
                "final J(θ)": float(traj.values[-1, 0]),
                "nearest minimum": "none"
                if nearest is None
                else f"{nearest.kind} at " + ", ".join(f"{c:.3g}" for c in nearest.point),
                "outcome": f"diverged at step {int(traj.stopped_at[0])}" if traj.diverged[0] else "ran all steps",
            }
        )
    return pd.DataFrame(rows)


def step_table_view(
    land: landscapes.Landscape, runs: dict, focus: str, lr: float, schedule: tuple | None, batched: bool
) -> None:
    plan = schedule_for(schedule)
    table = pd.DataFrame(optimizers.step_table(land, runs[focus], 0, lr, plan))
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
        file_name=f"{land.name}-{focus.replace('|', '-')}-steps.csv",
        mime="text/csv",
        key="download_steps",
    )


class DataChoice(NamedTuple):
    """How a loss from data is sampled and batched: the sample's seed, the batch size, and whether to compare."""

    sample: int
    batch_size: int | None
    compare: bool


def data_controls(land: landscapes.Landscape) -> DataChoice:
    if not isinstance(land, landscapes.DataLandscape):
        return DataChoice(0, None, False)
    n = land.n_examples
    st.subheader("Data")
    check_link("batch_size", "batch size", number_in(1, n), f"{n} (full batch)")
    batch_size = st.slider(
        "Batch size",
        1,
        n,
        n,
        key="batch_size",
        bind="query-params",
        help=f"Examples per gradient: {n} is full-batch gradient descent, 1 is stochastic gradient descent, "
        "anything between a mini-batch. The data is shuffled every epoch before batches are taken.",
    )
    check_link("compare", "compare switch", one_of(SWITCH), "off")
    compare = st.toggle(
        "Compare full batch, mini-batch and SGD",
        value=False,
        key="compare",
        bind="query-params",
        help="Runs the focus optimizer three times on the same data and start.",
    )
    check_link("sample", "sample", number_in(0, 9999), "0")
    sample = st.number_input(
        "Sample", 0, 9999, 0, key="sample", bind="query-params", help="Draw a new data set and new batches."
    )
    return DataChoice(int(sample), int(batch_size), compare)


def run_plan(chosen: list[str], choices: tuple, focus: str, data: DataChoice, n_examples: int) -> tuple:
    """What to run: (path key, optimizer, settings, batch size) per path; three batch sizes of `focus` to compare."""
    settings = dict(choices)
    if not data.compare:
        return tuple((name, name, settings[name], data.batch_size) for name in chosen)
    mini = data.batch_size if 1 < data.batch_size < n_examples else min(COMPARED_MINI_BATCH, n_examples - 1)
    return tuple(
        (batch_key(focus, kind, size), focus, settings[focus], size)
        for kind, size in (("full", n_examples), ("mini", mini), ("sgd", 1))
    )


def data_view(land, key: str, runs: dict, entry: tuple, steps: int, sample: int, animated: bool) -> None:
    """The examples with the model moving, and the forward and backward pass of one chosen step."""
    batch_size = entry[3]
    batches = None
    if batch_size is not None and batch_size < land.n_examples:
        batches = optimizers.batch_schedule(land.n_examples, batch_size, steps, seed=sample)
    data_column, pass_column = st.columns(2)
    with data_column:
        st.subheader("The data and the model")
        fig = data_figure(land, key, runs[key], batches, animated=animated)
        show_chart(fig, key="data")
    with pass_column:
        trajectory = runs[key]
        last = int(trajectory.stopped_at[0])
        st.subheader("Forward and backward pass")
        check_link("inspect", "step to inspect", number_in(0, max(last - 1, 0)), "0")
        step = st.number_input("At step", 0, max(last - 1, 0), 0, key="inspect", bind="query-params")
        indices = batches[step] if batches is not None else np.arange(land.n_examples)
        table = pd.DataFrame(optimizers.pass_table(land, trajectory.points[step, 0], indices))
        first, second = land.parameter_names
        means = table[[f"∂ℓ/∂{first}", f"∂ℓ/∂{second}"]].mean()
        st.markdown(
            f"θ = ({first}, {second}) = ({trajectory.points[step, 0, 0]:.4g}, {trajectory.points[step, 0, 1]:.4g}) "
            f"on {len(indices)} example(s). **Forward pass:** predictions and losses, mean J = "
            f"{table['loss ℓ'].mean():.4g}. **Backward pass:** ∇J = ({means.iloc[0]:.4g}, {means.iloc[1]:.4g})."
        )
        st.dataframe(table, hide_index=True, height=260)


def main() -> None:
    st.set_page_config(page_title="Gradient Descent Lab", page_icon="⛰️", layout="wide")
    with st.sidebar:
        st.title("Gradient Descent Lab")
        source, problem = landscape_control()
        base = landscape_for(source)
        chosen = optimizer_controls()
        lr = rate_control()
        start = start_controls(base)
        steps = steps_control()
        data = data_controls(base)
        schedule = schedule_control()
        choices = hyperparameter_controls(chosen)
    if data.sample:
        source = (source[0], data.sample)
    land = landscape_for(source)

    notice_area = st.container()
    try:
        scene(source, problem, land, chosen, lr, start, steps, data, schedule, choices)
    finally:
        # Filled last: controls further down the page check their part of the link too.
        with notice_area:
            for notice in st.session_state.get("_notices", []):
                st.warning(notice, icon=":material/link:")


def scene(source, problem, land, chosen, lr, start, steps, data, schedule, choices) -> None:
    """Everything right of the sidebar: messages, the chart and its options, the data, the loss and the steps."""
    st.markdown(
        "Each optimizer starts at the ringed point and repeats **θ ← θ − η·∂J/∂θ** (or its own variant): "
        "the forward pass gives the loss J(θ), the backward pass the slope ∂J/∂θ, and a step of size η goes downhill."
    )
    if problem:
        st.error(f"**Formula refused.** {problem} The chart keeps the last formula that worked.")
    if isinstance(land, landscapes.FormulaLandscape):
        gradient = ",\\; ".join(land.gradient_latex)
        st.latex(rf"J = {land.latex} \qquad \nabla J = \left( {gradient} \right)")
    if not chosen:
        st.info("Pick at least one optimizer in the sidebar to see it walk.")
        return
    if not np.isfinite(land.value(start)):
        st.warning("J is undefined at the start point: move the start into the part of the box where it is defined.")
        return

    view_column, options_column = st.columns([5, 1])
    with options_column:
        check_link("animate", "animation switch", one_of(SWITCH), "on")
        check_link("view", "view", one_of(["Contour", "3D surface"]), "Contour")
        check_link("basins", "basins switch", one_of(SWITCH), "off")
        check_link("loss_axis", "loss axis", one_of(["step", "examples processed"]), "step")
        animated = st.toggle(
            "Animate", value=True, key="animate", bind="query-params", help="Off: the whole path at once."
        )
        view = st.radio("View", ["Contour", "3D surface"], key="view", bind="query-params") if land.dim == 2 else ""
        check_link(
            "focus", "focus optimizer", one_of(optimizers.get(n).title for n in chosen), optimizers.get(chosen[0]).title
        )
        focus = st.selectbox(
            "Focus optimizer",
            chosen,
            format_func=lambda n: optimizers.get(n).title,
            key="focus",
            bind="query-params",
            help="Whose slope and step the 1D view draws, whose basins the map shows, whose steps the table lists.",
        )
        show_basins = st.toggle(
            "Basins",
            value=False,
            key="basins",
            bind="query-params",
            help="Basins of attraction: run the focus optimizer from a whole grid of starts "
            "and colour each start by the minimum it reaches.",
        )
        per_example = data.batch_size is not None and (
            st.radio("Loss against", ["step", "examples processed"], key="loss_axis", bind="query-params")
            == "examples processed"
        )

    plan = run_plan(chosen, choices, focus, data, getattr(land, "n_examples", 0))
    runs = cached_runs(source, data.sample, plan, lr, start, steps, schedule)
    focus_entry = next(entry for entry in plan if entry[1] == focus and (not data.compare or "|mini|" in entry[0]))
    focus_key = focus_entry[0]
    outcome_messages(land, runs, lr)
    grid, shading = cached_grid(source, 400 if land.dim == 1 else 100)
    if np.isnan(grid.values).any():
        st.caption("Blank areas of the chart: J is undefined there (a log of a negative number, a division by zero).")

    basins = None
    if show_basins:
        with st.spinner("Running every start…"):
            basins = cached_basins(source, data.sample, focus_entry, lr, steps, schedule)
    with view_column:
        if land.dim == 1:
            rule = schedule_for(schedule)
            rates = lr * (np.ones(steps) if rule is None else rule.multipliers(steps))
            fig = curve_figure(land, grid, runs, focus_key, rates, animated=animated)
            if basins is not None:
                fig = add_basin_band(fig, land, basins)
            show_chart(fig, key="curve", on_click=start_at(land.bounds), tall=True)
            st.caption("Click anywhere on the chart to start there.")
        elif view == "Contour" and basins is not None:
            show_chart(basin_figure(land, basins, start), key="basin_map", on_click=start_at(land.bounds), tall=True)
            st.caption("Click anywhere on the map to start there.")
        elif view == "Contour":
            fig = contour_figure(land, grid, shading, runs, start, animated=animated)
            show_chart(fig, key="contour", on_click=start_at(land.bounds), tall=True)
            st.caption("Click anywhere on the map to start there.")
        else:
            surface_grid, surface_shading = cached_grid(source, 80)
            show_chart(surface_figure(land, surface_grid, surface_shading, runs), key="surface", tall=True)

    if basins is not None:
        basin_facts(land, basins, steps, optimizer_title(focus_key), lr)
    st.dataframe(final_summary(land, runs), hide_index=True)
    if isinstance(land, landscapes.DataLandscape):
        data_view(land, focus_key, runs, focus_entry, steps, data.sample, animated)
    loss_column, table_column = st.columns(2)
    with loss_column:
        st.subheader("Loss against " + ("examples processed" if per_example else "step"))
        cost = None
        if per_example:
            cost = {
                key: optimizers.examples_processed(land.n_examples, size, steps, seed=data.sample)
                for key, _, _, size in plan
            }
        show_chart(loss_figure(land, runs, cost), key="loss")
    with table_column:
        st.subheader(f"Every step of {optimizer_title(focus_key)}")
        batched = focus_entry[3] is not None and focus_entry[3] < land.n_examples
        step_table_view(land, runs, focus_key, lr, schedule, batched)


main()
