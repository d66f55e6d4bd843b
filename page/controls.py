"""The page's controls: the sidebar and the chart's options, each bound to its part of the link, read into
one `Scene`."""

from __future__ import annotations

import concurrent.futures

import streamlit as st

import landscapes
import optimizers
from optimizers import schedules
from page import query, work
from page.charts import SLIDER_STOPS
from page.links import bind
from page.scene import (
    DEFAULT_BOX,
    DEFAULT_FORMULA,
    DEFAULT_LANDSCAPE,
    DEFAULT_OPTIMIZERS,
    DEFAULT_STEPS,
    FORMULA,
    LEARNING_RATES,
    LOSS_AXES,
    STEP_CHOICES,
    VIEWS,
    Batching,
    Built,
    Choice,
    Scene,
    Typed,
    View,
    default_rate,
    default_start,
    setting_default,
    setting_stops,
)

GOOD_FORMULA = "_good_formula"


def read_scene(options_area) -> Scene:
    """Draw the sidebar's controls and, in `options_area`, the chart's options; the scene they describe."""
    with st.sidebar:
        source, problem = landscape_control()
        land = work.landscape_for(source)
        chosen = optimizer_control()
        lr = rate_control(default_rate(source))
        own_rates = own_rate_controls(chosen, lr)
        start = start_controls(land)
        steps = steps_control()
        batching, sample = data_controls(land)
        schedule = schedule_control()
        settings = tuple(settings_controls(name) for name in chosen)
    if sample:
        source = Built(source.name, sample)
    with options_area:
        view = view_controls(land, chosen, batching)._replace(iteration=iteration_control(steps))
    return Scene(source, settings, lr, start, steps, schedule, batching, view, problem, own_rates)


def switch(key: str, label: str, explained: str, default: bool = False) -> bool:
    """A toggle bound to its part of the link, written `true` or `false`."""
    changed = bind(key, f"{label} switch", default, query.one_of(query.SWITCH), "on" if default else "off")
    return st.toggle(label, key=key, on_change=changed, help=explained)


def landscape_control() -> tuple[Built | Typed, str | None]:
    """The landscape picked, and what was wrong with a typed formula, if anything."""
    names = (*landscapes.names(), FORMULA)
    changed = bind(
        "landscape", "landscape", DEFAULT_LANDSCAPE, query.one_of(query.landscape_options()), DEFAULT_LANDSCAPE
    )

    def picked() -> None:
        changed()
        reset_start()

    name = st.selectbox("Landscape", names, format_func=query.landscape_title, key="landscape", on_change=picked)
    if name == FORMULA:
        return formula_controls()
    land = landscapes.get(name)
    badge = ":green-badge[convex]" if land.convex else ":orange-badge[nonconvex]"
    st.markdown(f"{badge} {land.description}")
    return Built(name), None


def reset_start() -> None:
    """A newly picked landscape starts from its own instructive point, inside its own bounds, at its own η."""
    name = st.session_state["landscape"]
    if name != FORMULA:
        for key, value in zip(("start_x", "start_y"), default_start(landscapes.get(name)), strict=False):
            st.session_state[key] = value
        st.session_state["lr"] = default_rate(Built(name))


def formula_controls() -> tuple[Typed, str | None]:
    """A typed loss and its box; a refused one keeps the last good scene and says why."""
    limit = landscapes.formula.MAX_LENGTH
    changed = bind("formula", "formula", DEFAULT_FORMULA, lambda raw: query.single(raw)[:limit], DEFAULT_FORMULA)
    text = st.text_input(
        "J(x) or J(x, y) =",
        key="formula",
        max_chars=limit,
        on_change=changed,
        help="Use x and y, numbers, + − * /, ^ or ** for powers, pi, e, and "
        + ", ".join(landscapes.formula.FUNCTIONS)
        + ". Write 2*x, not 2x.",
    )
    try:
        dim = len(landscapes.formula.parse(text)[1])
    except landscapes.FormulaError:
        dim = 2
    bounds = []
    box = landscapes.formula.MAX_BOUND
    for axis in "xy"[:dim]:
        columns = st.columns(2)
        ends = []
        for column, bound, default, word in zip(columns, ("min", "max"), DEFAULT_BOX, ("from", "to"), strict=True):
            key = f"{axis}_{bound}"
            changed = bind(key, f"box {axis} {bound}", default, query.number_in(-box, box), f"{default:g}")
            with column:
                ends.append(st.number_input(f"{axis} {word}", -box, box, key=key, on_change=changed))
        bounds.append((float(ends[0]), float(ends[1])))
    source = Typed(text, tuple(bounds))
    try:
        wait_for_formula(text)
        work.landscape_for(source)
    except landscapes.FormulaError as error:
        return st.session_state.get(GOOD_FORMULA, Typed(DEFAULT_FORMULA, (DEFAULT_BOX, DEFAULT_BOX))), str(error)
    st.session_state[GOOD_FORMULA] = source
    st.markdown(":gray-badge[convexity not checked] Your own loss; its minima are found numerically, not proven.")
    return source, None


def wait_for_formula(text: str) -> None:
    """Queue a typed formula for the workers and, while it waits, say how many are ahead of it: in a class,
    thirty formulas may arrive at once, and each is served in turn, never refused for the wait."""
    future = landscapes.formula.submit(text)
    if future.done():
        return
    pool = landscapes.formula.shared_pool()
    with st.spinner("Working out your formula's gradient…"):
        note = st.empty()
        while not future.done():
            ahead = pool.ahead(future)
            note.caption(f"{ahead} formula(s) ahead of yours." if ahead else "A worker has your formula.")
            concurrent.futures.wait([future], timeout=0.25)
        note.empty()


def optimizer_control() -> list[str]:
    default_text = ", ".join(optimizers.get(n).title for n in DEFAULT_OPTIMIZERS)
    changed = bind(
        "optimizers", "optimizers", list(DEFAULT_OPTIMIZERS), query.names_of(query.optimizer_options()), default_text
    )
    return st.multiselect(
        "Optimizers",
        optimizers.names(),
        format_func=lambda name: optimizers.get(name).title,
        key="optimizers",
        on_change=changed,
        help="Each runs from the same start with the same learning rate, in its own colour.",
    )


def rate_control(default: float) -> float:
    changed = bind("lr", "learning rate", default, query.rate_in(LEARNING_RATES), query.rate_text(default))
    return st.select_slider(
        "Learning rate η (log scale)",
        options=LEARNING_RATES,
        format_func=query.rate_text,
        key="lr",
        on_change=changed,
        help="The size of each step: θ ← θ − η·∂J/∂θ. Arrow keys move it one notch.",
    )


def own_rate_controls(chosen: list[str], lr: float) -> tuple[tuple[str, float], ...]:
    """With "each its own η" on, one learning rate per optimizer (opening at the shared one); else none."""
    own = switch(
        "own_rates",
        "Each optimizer its own η",
        "A fair race gives each optimizer a step size that suits it: Adam's steps are about η long whatever "
        "the slope, gradient descent's are η times the slope.",
    )
    if not own:
        return ()
    rates = []
    for name in chosen:
        key, title = f"{name}_lr", optimizers.get(name).title
        changed = bind(key, f"learning rate of {title}", lr, query.rate_in(LEARNING_RATES), query.rate_text(lr))
        rate = st.select_slider(
            f"η of {title}", LEARNING_RATES, format_func=query.rate_text, key=key, on_change=changed
        )
        rates.append((name, rate))
    return tuple(rates)


def start_controls(land: landscapes.Landscape) -> tuple[float, ...]:
    """One slider per coordinate, named as the landscape's axes are (θ; x and y; w and b for a line)."""
    start = []
    names = land.axis_names
    for key, name, (low, high), default in zip(
        ("start_x", "start_y"), names, land.bounds, default_start(land), strict=False
    ):
        changed = bind(key, f"start {name}", default, query.number_in(low, high), f"{default:g}")
        if not low <= st.session_state[key] <= high:
            st.session_state[key] = default
        step = (high - low) / SLIDER_STOPS
        start.append(st.slider(f"Start {name}", low, high, step=step, key=key, on_change=changed))
    return tuple(start)


def steps_control() -> int:
    choices = query.one_of({str(steps): steps for steps in STEP_CHOICES})
    changed = bind("steps", "number of steps", DEFAULT_STEPS, choices, str(DEFAULT_STEPS))
    return st.select_slider("Steps", STEP_CHOICES, key="steps", on_change=changed)


def data_controls(land: landscapes.Landscape) -> tuple[Batching, int]:
    """For a loss from data: the batch size, whether to compare batch sizes, and the data sample."""
    if not isinstance(land, landscapes.DataLandscape):
        return Batching(), 0
    n = land.n_examples
    st.subheader("Data")
    changed = bind("batch_size", "batch size", n, query.number_in(1, n, whole=True), f"{n} (full batch)")
    batch_size = st.slider(
        "Batch size",
        1,
        n,
        key="batch_size",
        on_change=changed,
        help=f"Examples per gradient: {n} is full-batch gradient descent, 1 is stochastic gradient descent, "
        "anything between a mini-batch. The data is shuffled every epoch before batches are taken.",
    )
    compare = switch(
        "compare",
        "Compare full batch, mini-batch and SGD",
        "Runs the focus optimizer three times on the same data and start.",
    )
    changed = bind("sample", "sample", 0, query.number_in(0, 9999, whole=True), "0")
    sample = st.number_input(
        "Sample", 0, 9999, key="sample", on_change=changed, help="Draw a new data set and new batches."
    )
    return Batching(int(batch_size), compare), int(sample)


def schedule_control() -> Choice | None:
    titles = {name: schedules.get(name).title for name in schedules.names()}
    changed = bind("schedule", "schedule", "constant", query.one_of(query.schedule_options()), titles["constant"])
    name = st.selectbox(
        "Learning-rate schedule", schedules.names(), format_func=titles.get, key="schedule", on_change=changed
    )
    schedule = schedules.get(name)
    if not schedule.hyperparams:
        return None
    with st.expander(f"{schedule.title} settings", expanded=True):
        values = {param: setting_control("schedule", param, spec) for param, spec in schedule.hyperparams.items()}
    return Choice(name, tuple(sorted(values.items())))


def settings_controls(name: str) -> Choice:
    """An optimizer with its settings, each on its own slider in the optimizer's expander."""
    optimizer = optimizers.get(name)
    values = {}
    if optimizer.hyperparams:
        with st.expander(f"{optimizer.title} settings"):
            for param, spec in optimizer.hyperparams.items():
                values[param] = setting_control(name, param, spec)
    return Choice(name, tuple(sorted(values.items())))


def setting_control(owner: str, name: str, spec: optimizers.HyperParam) -> float:
    key = f"{owner}_{name}"
    default = setting_default(spec)
    if spec.log:
        stops = setting_stops(spec)
        changed = bind(key, name, default, query.rate_in(stops), query.rate_text(default))
        return st.select_slider(name, stops, format_func=query.rate_text, key=key, on_change=changed, help=spec.help)
    changed = bind(key, name, default, query.number_in(spec.low, spec.high), f"{default:g}")
    step = 0.001 if spec.high <= 1 else (spec.high - spec.low) / 1000
    return st.slider(name, spec.low, spec.high, step=step, key=key, on_change=changed, help=spec.help, format="%g")


def iteration_control(steps: int) -> int | None:
    """One iteration at a time: the iteration shown, moved by exactly one with the +/− buttons (or the . key in
    presentation), whatever the run's length; None while the whole run is shown."""
    if not switch("stepping", "Stepwise", ITERATION_HELP):
        return None
    changed = bind("iteration", "iteration", 0, query.number_in(0, steps, whole=True), "0")
    if not 0 <= st.session_state["iteration"] <= steps:
        st.session_state["iteration"] = 0
    return int(st.number_input("Iteration", 0, steps, key="iteration", on_change=changed, help=ITERATION_HELP))


ITERATION_HELP = "The paths up to this iteration, and its numbers: θ, J(θ), ∂J/∂θ and the step Δθ it took."


def view_controls(land: landscapes.Landscape, chosen: list[str], batching: Batching) -> View:
    """The chart's options: animation, 2D view, focus optimizer, basins and the loss chart's axis."""
    animated = switch("animate", "Animate", "Off: the whole path at once.", default=True)
    kind = "curve"
    if land.dim == 2:
        changed = bind("view", "view", "contour", query.one_of(query.view_options()), VIEWS["contour"])
        kind = st.radio("View", tuple(VIEWS), format_func=VIEWS.get, key="view", on_change=changed)
    focus = ""
    if chosen:
        title = optimizers.get(chosen[0]).title
        shown = {text: name for text, name in query.optimizer_options().items() if name in chosen}
        changed = bind("focus", "focus optimizer", chosen[0], query.one_of(shown), title)
        if st.session_state["focus"] not in chosen:
            st.session_state["focus"] = chosen[0]
        focus = st.selectbox(
            "Focus optimizer",
            chosen,
            format_func=lambda n: optimizers.get(n).title,
            key="focus",
            on_change=changed,
            help="Whose slope and step the 1D view draws, whose basins the map shows, whose steps the table lists.",
        )
    basins = switch(
        "basins",
        "Basins",
        "Basins of attraction: run the focus optimizer from a whole grid of starts "
        "and colour each start by the minimum it reaches.",
    )
    per_example = False
    if batching.batch_size is not None:
        changed = bind("loss_axis", "loss axis", "step", query.one_of(query.loss_axis_options()), "step")
        axis = st.radio("Loss against", tuple(LOSS_AXES), format_func=LOSS_AXES.get, key="loss_axis", on_change=changed)
        per_example = axis == "examples"
    return View(animated, kind, focus, basins, per_example)
