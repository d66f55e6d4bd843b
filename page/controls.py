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
from page.wording import words

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
    """A toggle bound to its part of the link, written `true` or `false`; `label` and `explained` are words."""
    say = words()
    state = say("link.on" if default else "link.off")
    changed = bind(key, say("link.switch", label=label), default, query.one_of(query.SWITCH), state)
    return st.toggle(label, key=key, on_change=changed, help=explained)


def landscape_control() -> tuple[Built | Typed, str | None]:
    """The landscape picked, and what was wrong with a typed formula, if anything."""
    say = words()
    names = (*landscapes.names(), FORMULA)
    changed = bind(
        "landscape", say("link.landscape"), DEFAULT_LANDSCAPE, query.one_of(query.landscape_options()),
        query.landscape_title(DEFAULT_LANDSCAPE, say),
    )  # fmt: skip

    def picked() -> None:
        changed()
        reset_start()

    name = st.selectbox(
        say("control.landscape"),
        names,
        format_func=lambda name: query.landscape_title(name, say),
        key="landscape",
        on_change=picked,
    )
    if name == FORMULA:
        return formula_controls()
    land = landscapes.get(name)
    badge = f":green-badge[{say('control.convex')}]" if land.convex else f":orange-badge[{say('control.nonconvex')}]"
    st.markdown(f"{badge} {say(f'landscape.{name}.description')}")
    return Built(name), None


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
    limit = landscapes.formula.MAX_LENGTH
    changed = bind(
        "formula", say("link.formula"), DEFAULT_FORMULA, lambda raw: query.single(raw)[:limit], DEFAULT_FORMULA
    )
    text = st.text_input(
        say("control.formula"),
        key="formula",
        max_chars=limit,
        on_change=changed,
        help=say("control.formula_help", functions=", ".join(landscapes.formula.FUNCTIONS)),
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
            label = say("link.box", axis=axis, end=bound)
            changed = bind(key, label, default, query.number_in(-box, box), f"{default:g}")
            with column:
                ends.append(
                    st.number_input(say(f"control.box_{word}", axis=axis), -box, box, key=key, on_change=changed)
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
    default_text = say("list.separator").join(say(f"optimizer.{n}.title") for n in DEFAULT_OPTIMIZERS)
    changed = bind(
        "optimizers", say("link.optimizers"), list(DEFAULT_OPTIMIZERS), query.names_of(query.optimizer_options()),
        default_text,
    )  # fmt: skip
    return st.multiselect(
        say("control.optimizers"),
        optimizers.names(),
        format_func=lambda name: say(f"optimizer.{name}.title"),
        key="optimizers",
        on_change=changed,
        help="\n".join(
            [say("control.optimizers_help"), ""]
            + [f"- **{say(f'optimizer.{n}.title')}**: {say(f'optimizer.{n}.description')}" for n in optimizers.names()]
        ),
    )


def rate_control(default: float) -> float:
    say = words()
    changed = bind("lr", say("link.rate"), default, query.rate_in(LEARNING_RATES), query.rate_text(default))
    return st.select_slider(
        say("control.rate"),
        options=LEARNING_RATES,
        format_func=query.rate_text,
        key="lr",
        on_change=changed,
        help=say("control.rate_help"),
    )


def own_rate_controls(chosen: list[str], lr: float) -> tuple[tuple[str, float], ...]:
    """With "each its own η" on, one learning rate per optimizer (opening at the shared one); else none."""
    say = words()
    own = switch("own_rates", say("control.own_rates"), say("control.own_rates_help"))
    if not own:
        return ()
    rates = []
    for name in chosen:
        key, title = f"{name}_lr", say(f"optimizer.{name}.title")
        label = say("link.own_rate", title=title)
        changed = bind(key, label, lr, query.rate_in(LEARNING_RATES), query.rate_text(lr))
        rate = st.select_slider(
            say("control.own_rate", title=title), LEARNING_RATES, format_func=query.rate_text, key=key,
            on_change=changed,
        )  # fmt: skip
        rates.append((name, rate))
    return tuple(rates)


def start_controls(land: landscapes.Landscape) -> tuple[float, ...]:
    """One slider per coordinate, named as the landscape's axes are (θ; x and y; w and b for a line)."""
    say = words()
    start = []
    names = land.axis_names
    for key, name, (low, high), default in zip(
        ("start_x", "start_y"), names, land.bounds, default_start(land), strict=False
    ):
        changed = bind(key, say("link.start", axis=name), default, query.number_in(low, high), f"{default:g}")
        if not low <= st.session_state[key] <= high:
            st.session_state[key] = default
        step = (high - low) / SLIDER_STOPS
        start.append(st.slider(say("control.start", axis=name), low, high, step=step, key=key, on_change=changed))
    return tuple(start)


def steps_control() -> int:
    say = words()
    choices = query.one_of({str(steps): steps for steps in STEP_CHOICES})
    changed = bind("steps", say("link.steps"), DEFAULT_STEPS, choices, str(DEFAULT_STEPS))
    return st.select_slider(say("control.steps"), STEP_CHOICES, key="steps", on_change=changed)


def data_controls(land: landscapes.Landscape) -> tuple[Batching, int]:
    """For a loss from data: the batch size, whether to compare batch sizes, and the data sample."""
    if not isinstance(land, landscapes.DataLandscape):
        return Batching(), 0
    say = words()
    n = land.n_examples
    st.subheader(say("control.data"))
    full = say("link.full_batch", n=n)
    changed = bind("batch_size", say("link.batch_size"), n, query.number_in(1, n, whole=True), full)
    batch_size = st.slider(
        say("control.batch_size"), 1, n, key="batch_size", on_change=changed, help=say("control.batch_size_help", n=n)
    )
    compare = switch("compare", say("control.compare"), say("control.compare_help"))
    changed = bind("sample", say("link.sample"), 0, query.number_in(0, 9999, whole=True), "0")
    sample = st.number_input(
        say("control.sample"), 0, 9999, key="sample", on_change=changed, help=say("control.sample_help")
    )
    return Batching(int(batch_size), compare), int(sample)


def schedule_control() -> Choice | None:
    say = words()
    titles = {name: say(f"schedule.{name}.title") for name in schedules.names()}
    reader = query.one_of(query.schedule_options())
    changed = bind("schedule", say("link.schedule"), "constant", reader, titles["constant"])
    name = st.selectbox(
        say("control.schedule"), schedules.names(), format_func=titles.get, key="schedule", on_change=changed
    )
    schedule = schedules.get(name)
    if not schedule.hyperparams:
        return None
    with st.expander(say("control.settings", title=titles[name]), expanded=True):
        values = {param: setting_control("schedule", param, spec) for param, spec in schedule.hyperparams.items()}
    return Choice(name, tuple(sorted(values.items())))


def settings_controls(name: str) -> Choice:
    """An optimizer with its settings, each on its own slider in the optimizer's expander."""
    optimizer = optimizers.get(name)
    values = {}
    if optimizer.hyperparams:
        say = words()
        with st.expander(say("control.settings", title=say(f"optimizer.{name}.title"))):
            for param, spec in optimizer.hyperparams.items():
                values[param] = setting_control(name, param, spec)
    return Choice(name, tuple(sorted(values.items())))


def setting_control(owner: str, name: str, spec: optimizers.HyperParam) -> float:
    """A setting's slider, named and explained in the visitor's words (its help by owner: `setting.adam.eps`)."""
    say = words()
    key, label, explained = f"{owner}_{name}", say(f"param.{name}"), say(f"setting.{owner}.{name}")
    default = setting_default(spec)
    if spec.log:
        stops = setting_stops(spec)
        changed = bind(key, say("link.setting", name=label), default, query.rate_in(stops), query.rate_text(default))
        return st.select_slider(label, stops, format_func=query.rate_text, key=key, on_change=changed, help=explained)
    reader = query.number_in(spec.low, spec.high, whole=spec.whole)
    changed = bind(key, say("link.setting", name=label), default, reader, f"{default:g}")
    if spec.whole:
        low, high = int(spec.low), int(spec.high)
        return st.slider(label, low, high, step=1, key=key, on_change=changed, help=explained)
    step = 0.001 if spec.high <= 1 else (spec.high - spec.low) / 1000
    return st.slider(label, spec.low, spec.high, step=step, key=key, on_change=changed, help=explained, format="%g")


def iteration_control(steps: int) -> int | None:
    """One iteration at a time: the iteration shown, moved by exactly one with the +/− buttons (or the . key in
    presentation), whatever the run's length; None while the whole run is shown."""
    say = words()
    if not switch("stepping", say("control.stepwise"), say("control.iteration_help")):
        return None
    changed = bind("iteration", say("link.iteration"), 0, query.number_in(0, steps, whole=True), "0")
    if not 0 <= st.session_state["iteration"] <= steps:
        st.session_state["iteration"] = 0
    explained = say("control.iteration_help")
    return int(st.number_input(say("control.iteration"), 0, steps, key="iteration", on_change=changed, help=explained))


def view_controls(land: landscapes.Landscape, chosen: list[str], batching: Batching) -> View:
    """The chart's options: animation, 2D view, focus optimizer, basins and the loss chart's axis."""
    say = words()
    animated = switch("animate", say("control.animate"), say("control.animate_help"), default=True)
    kind = "curve"
    if land.dim == 2:
        views = {name: say(f"control.view_{name}") for name in VIEWS}
        changed = bind("view", say("link.view"), "contour", query.one_of(query.view_options()), views["contour"])
        kind = st.radio(say("control.view"), VIEWS, format_func=views.get, key="view", on_change=changed)
    focus = ""
    if chosen:
        title = say(f"optimizer.{chosen[0]}.title")
        shown = {text: name for text, name in query.optimizer_options().items() if name in chosen}
        changed = bind("focus", say("link.focus"), chosen[0], query.one_of(shown), title)
        if st.session_state["focus"] not in chosen:
            st.session_state["focus"] = chosen[0]
        focus = st.selectbox(
            say("control.focus"),
            chosen,
            format_func=lambda n: say(f"optimizer.{n}.title"),
            key="focus",
            on_change=changed,
            help=say("control.focus_help"),
        )
    basins = switch("basins", say("control.basins"), say("control.basins_help"))
    per_example = False
    if batching.batch_size is not None:
        axes = {name: say(f"control.loss_axis_{name}") for name in LOSS_AXES}
        changed = bind(
            "loss_axis", say("link.loss_axis"), "step", query.one_of(query.loss_axis_options()), axes["step"]
        )
        axis = st.radio(
            say("control.loss_against"), LOSS_AXES, format_func=axes.get, key="loss_axis", on_change=changed
        )
        per_example = axis == "examples"
    return View(animated, kind, focus, basins, per_example)
