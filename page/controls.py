"""The page's controls: the sidebar and the chart's options, each bound to its part of the link, read into
one `Scene`."""

from __future__ import annotations

import concurrent.futures

import streamlit as st

import landscapes
import optimizers
from optimizers import schedules
from page import links, own_data, query, table, work
from page.charts import SLIDER_STOPS
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
from page.wording import words

GOOD_FORMULA = "_good_formula"
BATCH_DRAWN_FOR = "_batch_drawn_for"
"""Session key of the examples' count the batch size slider was last drawn for: its full batch."""
LANDSCAPES = (*landscapes.names(), FORMULA)


def _landscape_title(name: str) -> str:
    return query.landscape_title(name, words())


def _optimizer_title(name: str) -> str:
    return words()(f"optimizer.{name}.title")


def _schedule_title(name: str) -> str:
    return words()(f"schedule.{name}.title")


CONTROLS = {
    row.key: row
    for row in (
        table.choice("landscape", "selectbox", "landscape", query.landscape_options(), _landscape_title),
        table.Control("formula", "text_input", "formula",
                      read=lambda raw: query.single(raw)[: landscapes.formula.MAX_LENGTH]),
        table.Control("optimizers", "multiselect", "optimizers", ",".join, query.names_of(query.optimizer_options()),
                      _optimizer_title),
        table.rate("lr", "rate", LEARNING_RATES),
        table.toggle("own_rates", "own_rates"),
        table.choice("steps", "select_slider", "steps", {str(steps): steps for steps in STEP_CHOICES}),
        table.toggle("compare", "compare"),
        table.number("sample", "number_input", "sample", 0, 9999, whole=True),
        table.choice("width", "select_slider", "width", {str(width): width for width in landscapes.network.WIDTHS}),
        table.choice("schedule", "selectbox", "schedule", query.schedule_options(), _schedule_title),
        table.toggle("animate", "animate"),
        table.choice("view", "radio", "view", query.view_options(), lambda v: words()(f"control.view_{v}")),
        table.toggle("basins", "basins"),
        table.choice("loss_axis", "radio", "loss_axis", query.loss_axis_options(),
                     lambda axis: words()(f"control.loss_axis_{axis}")),
        table.toggle("stepping", "stepwise"),
    )
}  # fmt: skip
"""The page's fixed controls, one row each; rows that depend on the landscape or the optimizers chosen (the
start, the box, each optimizer's η and settings, the batch size, the focus, the iteration) are made beside
their drawing from the same constructors."""


OPTIONS_OPEN = "options_open"
PRESENT_OPTIONS_OPEN = "present_options_open"
"""Session keys of whether the chart's options are open, in their popover and in presentation's column."""


def read_scene(options_area, controls_area=None) -> Scene:
    """Draw the sidebar's controls (in `controls_area`, the sidebar unless given) and, in `options_area` (a
    panel that opens, or a plain container), the chart's options; the scene they describe. Closed, the chart's
    options keep their values and their part of the link, but no widget."""
    with controls_area if controls_area is not None else st.sidebar:
        source, problem = landscape_control()
        described = st.empty()
        land = work.landscape_for(source)
        chosen = optimizer_control()
        lr = table.draw(CONTROLS["lr"], default_rate(source), options=LEARNING_RATES)
        own_rates = own_rate_controls(chosen, lr)
        start = start_controls(land)
        steps = table.draw(CONTROLS["steps"], DEFAULT_STEPS, options=STEP_CHOICES)
        batching, source = data_controls(land, source)
        schedule = schedule_control()
        settings = optimizer_settings(chosen)
    if isinstance(source, Built) and table.in_focus("landscape"):  # on a focused page, its words go with it
        with described.container():
            describe(source)
    with options_area:
        hidden = not getattr(options_area, "open", True)
        view = view_controls(land, chosen, batching, hidden)._replace(iteration=iteration_control(steps, hidden))
    return Scene(source, settings, lr, start, steps, schedule, batching, view, problem, own_rates)


def landscape_control() -> tuple[Built | Typed, str | None]:
    """The landscape picked, and what was wrong with a typed formula, if anything."""
    name = table.draw(CONTROLS["landscape"], DEFAULT_LANDSCAPE, options=LANDSCAPES, on_change=reset_start)
    if name == FORMULA:
        return formula_controls()
    return Built(name), None


def describe(source: Built) -> None:
    """The landscape's words under its control: convex or not, what it is (a network at the width it has), and
    whether the learner's own data stands in for the sample."""
    say = words()
    land = work.landscape_for(source)
    badge = f":green-badge[{say('control.convex')}]" if land.convex else f":orange-badge[{say('control.nonconvex')}]"
    width = source.width or landscapes.network.WIDTH
    st.markdown(f"{badge} {say(f'landscape.{source.name}.description', width=width)}")
    if source.own is not None:
        st.caption(say("own_data.in_place", count=land.n_examples))


def reset_start() -> None:
    """A newly picked landscape starts from its own instructive point, inside its own bounds, at its own η."""
    name = st.session_state["landscape"]
    if name in landscapes.names():  # a client may send any name; the control's own reading refuses the rest
        for key, value in zip(("start_x", "start_y"), default_start(landscapes.get(name)), strict=False):
            st.session_state[key] = value
        st.session_state["lr"] = default_rate(Built(name))


def formula_controls() -> tuple[Typed, str | None]:
    """A typed loss and its box; a refused one keeps the last good scene and says why."""
    say = words()
    functions = ", ".join(landscapes.formula.FUNCTIONS)
    text = table.draw(CONTROLS["formula"], DEFAULT_FORMULA, max_chars=landscapes.formula.MAX_LENGTH,
                      help=say("control.formula_help", functions=functions))  # fmt: skip
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
            row = table.number(f"{axis}_{bound}", "number_input", "box", -box, box)
            with column:
                ends.append(
                    table.draw(
                        row,
                        default,
                        label=say(f"control.box_{word}", axis=axis),
                        notice=say("link.box", axis=axis, end=bound),
                        min_value=-box,
                        max_value=box,
                    )
                )
        bounds.append((float(ends[0]), float(ends[1])))
    source = Typed(text, tuple(bounds))
    try:
        wait_for_formula(text)
        work.landscape_for(source)
    except landscapes.FormulaError as error:
        problem = say(f"formula_error.{error.code}", **error.fields)
        return st.session_state.get(GOOD_FORMULA, Typed(DEFAULT_FORMULA, (DEFAULT_BOX, DEFAULT_BOX))), problem
    st.session_state[GOOD_FORMULA] = source
    st.markdown(f":gray-badge[{say('control.formula_badge')}] {say('control.formula_note')}")
    return source, None


def wait_for_formula(text: str) -> None:
    """Queue a typed formula for the workers and, while it waits, say how many are ahead of it: in a class,
    thirty formulas may arrive at once, and each is served in turn, never refused for the wait."""
    future = landscapes.formula.submit(text)
    if future.done():
        return
    pool = landscapes.formula.shared_pool()
    say = words()
    with st.spinner(say("control.formula_working")):
        note = st.empty()
        while not future.done():
            ahead = pool.ahead(future)
            note.caption(say("control.formula_ahead", count=ahead) if ahead else say("control.formula_taken"))
            concurrent.futures.wait([future], timeout=0.25)
        note.empty()


def optimizer_control() -> list[str]:
    say = words()
    titles = [f"- **{say(f'optimizer.{n}.title')}**: {say(f'optimizer.{n}.description')}" for n in optimizers.names()]
    explained = "\n".join([say("control.optimizers_help"), "", *titles])
    return table.draw(CONTROLS["optimizers"], list(DEFAULT_OPTIMIZERS), options=optimizers.names(), help=explained)


def own_rate_controls(chosen: list[str], lr: float) -> tuple[tuple[str, float], ...]:
    """With "each its own η" on, one learning rate per optimizer (opening at the shared one); else none."""
    say = words()
    if not table.draw(CONTROLS["own_rates"], False):
        return ()
    rates = []
    for name in chosen:
        title = say(f"optimizer.{name}.title")
        row = table.rate(f"{name}_lr", "own_rate", LEARNING_RATES)
        rate = table.draw(row, lr, label=say("control.own_rate", title=title), notice=say("link.own_rate", title=title),
                          options=LEARNING_RATES)  # fmt: skip
        rates.append((name, rate))
    return tuple(rates)


def start_controls(land: landscapes.Landscape) -> tuple[float, ...]:
    """One slider per coordinate, named as the landscape's axes are (θ; x and y; w and b for a line)."""
    say = words()
    start = []
    for key, name, (low, high), default in zip(
        ("start_x", "start_y"), land.axis_names, land.bounds, default_start(land), strict=False
    ):
        if not low <= st.session_state.get(key, default) <= high:
            st.session_state[key] = default
        row = table.number(key, "slider", "start", low, high)
        start.append(table.draw(row, default, label=say("control.start", axis=name),
                                notice=say("link.start", axis=name), min_value=low, max_value=high,
                                step=(high - low) / SLIDER_STOPS))  # fmt: skip
    return tuple(start)


def data_controls(land: landscapes.Landscape, source: Built | Typed) -> tuple[Batching, Built | Typed]:
    """For a loss from data: the data sample (or the learner's own examples, made on the data chart), the batch
    size, and whether to compare batch sizes; with the source they make."""
    if not isinstance(land, landscapes.DataLandscape):
        return Batching(), source
    say = words()
    st.subheader(say("control.data"))
    sample = int(table.draw(CONTROLS["sample"], 0, min_value=0, max_value=9999))
    width = 0
    if isinstance(land, landscapes.network.NetworkLandscape):
        width = table.draw(CONTROLS["width"], landscapes.network.WIDTH, options=landscapes.network.WIDTHS)
    source = Built(source.name, sample, own_data.held(source.name, sample), width)
    n = work.landscape_for(source).n_examples
    size = st.session_state.get("batch_size", n)
    if size == st.session_state.get(BATCH_DRAWN_FOR, n) or size > n:
        st.session_state["batch_size"] = n  # a full batch stays full when the learner's data grows or shrinks
    st.session_state[BATCH_DRAWN_FOR] = n
    row = table.number("batch_size", "slider", "batch_size", 1, n, whole=True)._replace(
        shown=lambda size: say("link.full_batch", n=n) if size == n else str(size)
    )
    batch_size = table.draw(row, n, min_value=1, max_value=n, help=say("control.batch_size_help", n=n))
    compare = table.draw(CONTROLS["compare"], False)
    return Batching(int(batch_size), compare), source


def schedule_control() -> Choice | None:
    say = words()
    name = table.draw(CONTROLS["schedule"], "constant", options=schedules.names())
    schedule = schedules.get(name)
    if not schedule.hyperparams:
        return None
    with st.expander(say("control.settings", title=say(f"schedule.{name}.title")), expanded=True):
        values = {param: setting_control("schedule", param, spec) for param, spec in schedule.hyperparams.items()}
    return Choice(name, tuple(sorted(values.items())))


SETTINGS_OPEN = "settings_open"
"""Session key of whether the optimizers' settings are open."""


def optimizer_settings(chosen: list[str]) -> tuple[Choice, ...]:
    """Each chosen optimizer with its settings: the sliders of all of them in one expander, under each one's
    name. Closed (as it opens), the sliders are not made: the settings keep their values and their part of the
    link."""
    tunable = [name for name in chosen if optimizers.get(name).hyperparams]
    if not tunable:
        return tuple(Choice(name, ()) for name in chosen)
    say = words()
    values = {name: {} for name in chosen}
    with st.expander(say("control.optimizer_settings"), key=links.panel(SETTINGS_OPEN), on_change="rerun") as panel:
        for name in tunable:
            if panel.open:
                st.markdown(f"**{say(f'optimizer.{name}.title')}**")
            for param, spec in optimizers.get(name).hyperparams.items():
                values[name][param] = setting_control(name, param, spec, hidden=not panel.open)
    return tuple(Choice(name, tuple(sorted(values[name].items()))) for name in chosen)


def setting_control(owner: str, name: str, spec: optimizers.HyperParam, hidden: bool = False) -> float:
    """A setting's slider, named and explained in the visitor's words (its help by owner: `setting.adam.eps`)."""
    say = words()
    key, label = f"{owner}_{name}", say(f"param.{name}")
    texts = {"label": label, "notice": say("link.setting", name=label), "help": say(f"setting.{owner}.{name}"),
             "hidden": hidden}  # fmt: skip
    default = setting_default(spec)
    if spec.log:
        stops = setting_stops(spec)
        return table.draw(table.rate(key, "setting", stops), default, options=stops, **texts)
    row = table.number(key, "slider", "setting", spec.low, spec.high, whole=spec.whole)
    if spec.whole:
        return table.draw(row, default, min_value=int(spec.low), max_value=int(spec.high), step=1, **texts)
    step = 0.001 if spec.high <= 1 else (spec.high - spec.low) / 1000
    return table.draw(row, default, min_value=spec.low, max_value=spec.high, step=step, format="%g", **texts)


def iteration_control(steps: int, hidden: bool = False) -> int | None:
    """One iteration at a time: the iteration shown, moved by exactly one with the +/− buttons (or the . key in
    presentation), whatever the run's length; None while the whole run is shown. `hidden`: no widgets."""
    say = words()
    if not table.draw(CONTROLS["stepping"], False, help=say("control.iteration_help"), hidden=hidden):
        return None
    if not 0 <= st.session_state.get("iteration", 0) <= steps:
        st.session_state["iteration"] = 0
    row = table.number("iteration", "number_input", "iteration", 0, steps, whole=True)
    return int(table.draw(row, 0, min_value=0, max_value=steps, hidden=hidden))


def view_controls(land: landscapes.Landscape, chosen: list[str], batching: Batching, hidden: bool = False) -> View:
    """The chart's options: animation, 2D view, focus optimizer, basins and the loss chart's axis (`hidden`: their
    values, without widgets)."""
    say = words()
    animated = table.draw(CONTROLS["animate"], True, hidden=hidden)
    kind = table.draw(CONTROLS["view"], "contour", options=VIEWS, hidden=hidden) if land.dim == 2 else "curve"
    focus = ""
    if chosen:
        if st.session_state.get("focus", chosen[0]) not in chosen:
            st.session_state["focus"] = chosen[0]
        shown = {text: name for text, name in query.optimizer_options().items() if name in chosen}
        row = table.choice("focus", "selectbox", "focus", shown, _optimizer_title)
        focus = table.draw(row, chosen[0], options=chosen, hidden=hidden)
    basins = table.draw(CONTROLS["basins"], False, hidden=hidden)
    per_example = False
    if batching.batch_size is not None:
        axis = table.draw(CONTROLS["loss_axis"], "step", label=say("control.loss_against"), options=LOSS_AXES,
                          hidden=hidden)  # fmt: skip
        per_example = axis == "examples"
    return View(animated, kind, focus, basins, per_example)
