"""The page's live charts: Plotly figures drawn in place by a small component, clicks on them reported back,
large parts sent to a browser once, and a learning-rate sweep the browser switches between by itself."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

import streamlit as st
from streamlit.components import v1 as components_v1

from page.scene import LEARNING_RATES
from page.wording import words
from plots import live

SLIDER_STOPS = 200
"""A start slider moves in steps of 1/200 of the landscape's width; a click on a chart lands on one of them."""
KEPT_PARTS = 16
"""Part ids remembered per chart as being in the browser: a few scenes back and forth."""
PARTS = "_parts"
PRELOAD = "plotly_preload"
TWIN_DATA = "twin_data"
"""The part of a chart holding a loss from data's examples, for the browser's twin: sent once, kept by id."""


def _modules_url() -> str:
    """Where the browser loads the chart's modules: their own folder, served as the files of a (never drawn)
    component, so each module's imports of its neighbours resolve as they do under node's tests."""
    modules = components_v1.declare_component("chart_modules", path=str(live.MODULES))
    return f"component/{modules.name}"


live_chart = st.components.v2.component(
    "live_chart", html=live.HTML, js=live.loader_script(_modules_url()), isolate_styles=False
)
take_pictures = st.components.v2.component(
    "take_pictures", js=live.loader_script(_modules_url(), "take_pictures.js"), isolate_styles=False
)
"""The take-away panel's pictures, made by the learner's browser from the charts on the page (GIF and PNG)."""
plotly_preload = st.components.v2.component(
    "plotly_preload",
    js=live.loader_script(_modules_url(), "loader.js"),
    css=f".st-key-{PRELOAD} {{ display: none; }}",
    isolate_styles=False,
)


def preload_plotly() -> None:
    """Start the browser loading plotly.js before the first chart is worked out: the bundle takes the browser
    about as long to read as the server takes to make the first figure, so the two happen side by side."""
    plotly_preload(key=PRELOAD)


class Sweep(NamedTuple):
    """What a chart needs to follow the learning rate in the browser: the sweep's id, the slider stop the
    focus run is at, and its part of the sweep by name ("sweep" for the paths and their control, "losses" for
    the loss curves)."""

    id: str
    index: int
    name: str
    content: live.Part
    paths: dict[str, int]
    """The slider stop each run is at, by its key (all the same unless each optimizer has its own η)."""
    own: bool
    """Whether each optimizer has its own η: the chart's control then moves them by one factor, or the focus alone."""
    focus: str
    """The focus optimizer's name."""
    names: dict[str, str] = {}  # noqa: RUF012  (a NamedTuple's default, never changed in place)
    """Each run's optimizer, by the run's key (a compared run's key names its batch size too)."""
    frames: bool = False
    """Whether the browser makes the chart's animation frames from the sweep (the figure then sends none)."""


def show_chart(
    fig,
    key: str,
    on_click: Callable | None = None,
    tall: bool | float = False,
    sweep: Sweep | None = None,
    parts: dict[str, live.Part] | None = None,
    on_edits: Callable | None = None,
    twin: dict | None = None,
    follows_start: dict | None = None,
) -> None:
    """`fig` in the page's live chart `key`, redrawn in place on each rerun; a click on its plot area calls
    `on_click(x, y)` before the rerun it starts. With `on_edits`, every click and every drag counts, however fast
    they come: `on_edits(edits)` receives those not applied yet, in order (`live.Edit`s). A `tall` chart fills
    most of a tall window (a share: exactly that share of its height). With `sweep`, the chart follows the
    learning rate in the browser; the η the learner settles on becomes the page's η. `parts`: parts of the figure
    made and encoded before (its backdrop), sent in place of the same parts taken out of it. `twin`: what the
    browser's twin of the engine needs to redraw the paths while the start ring is dragged (`panels.twin_of`);
    `follows_start`, how this chart follows those runs meanwhile: the loss chart their losses (`best`, `floor`),
    the η chart their sweep (`sweep`), a chart of the server's run only dimmed (`dimmed`)."""
    known: deque = st.session_state.setdefault(PARTS, {}).setdefault(key, deque(maxlen=KEPT_PARTS))
    callbacks = {"on_missing_change": lambda: known.clear()}
    if on_click is not None:

        def clicked() -> None:
            point = live.clicked_point(st.session_state[key].get("click"))
            if point is not None:
                on_click(*point)

        callbacks["on_click_change"] = clicked
    applied_key = f"_{key}_applied"
    if on_edits is not None:

        def edited() -> None:
            applied = st.session_state.get(applied_key, ("", 0))
            token, last, edits = live.new_edits(st.session_state[key].get("edits"), applied)
            st.session_state[applied_key] = (token, last)
            if edits:
                on_edits(edits)

        callbacks["on_edits_change"] = edited
    say = words()
    texts = {name: say(f"chart.{name}") for name in ("rate", "rate_aria", "failed", "colon")}
    options = {"clickable": on_click is not None, "tall": tall, "texts": texts}
    if on_edits is not None:
        options["edits"] = list(st.session_state.get(applied_key, ("", 0)))
    parts = dict(parts or {})
    if twin is not None:
        twin = dict(twin)
        examples = twin.pop("data", None)
        if examples is not None:
            parts[TWIN_DATA] = live.part(examples)
        options["twin"] = twin
    if follows_start is not None:
        options["followsStart"] = follows_start
    if sweep is not None:
        options |= {"sweep": sweep.id, "rate": sweep.index, "paths": sweep.paths, "own": sweep.own}
        options |= {"focus": sweep.focus, "alone": say("chart.alone", title=say(f"optimizer.{sweep.focus}.title"))}
        options |= {"optimizers": sweep.names}
        options |= {"browserFrames": sweep.frames}
        parts[sweep.name] = sweep.content
        if sweep.name == "sweep":
            callbacks["on_rate_change"] = lambda: moved_rate(st.session_state[key].get("rate"), sweep)
    data, kept = live.payload(fig, options, parts, list(known), KEPT_PARTS)
    known.clear()
    known.extend(kept)
    live_chart(key=key, data=data, **callbacks)


def moved_rate(value, sweep: Sweep) -> None:
    """The stop the chart's control settled on (`{"index": stop, "alone": bool}`) becomes the page's η: the
    shared one, or each optimizer's own moved by the same number of stops (or the focus optimizer's alone)."""
    try:
        index, alone = int(value["index"]), value.get("alone") is True
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        return
    if not 0 <= index < len(LEARNING_RATES):
        return
    if not sweep.own:
        st.session_state["lr"] = LEARNING_RATES[index]
        return
    shift = index - sweep.index
    for key, stop in sweep.paths.items():
        name = sweep.names[key]
        if not alone or name == sweep.focus:
            st.session_state[f"{name}_lr"] = LEARNING_RATES[min(max(stop + shift, 0), len(LEARNING_RATES) - 1)]


def on_slider_grid(value: float, low: float, high: float) -> float:
    """`value` moved to the nearest stop of a start slider over [low, high], so a link shows a round number."""
    step = (high - low) / SLIDER_STOPS
    inside = min(max(value, low), high)  # first: a click reported at 1e308 must not overflow the rounding
    return float(f"{min(max(low + round((inside - low) / step) * step, low), high):.10g}")


def start_at(bounds) -> Callable[[float, float], None]:
    """A click handler for a map or curve over `bounds`: the start moves to the clicked point, on the slider grid."""

    def move_start(x: float, y: float) -> None:
        for key, value, (low, high) in zip(("start_x", "start_y"), (x, y), bounds, strict=False):
            st.session_state[key] = on_slider_grid(value, low, high)

    return move_start


def rate_at(key: str) -> Callable[[float, float], None]:
    """A click handler for the η chart: the learning rate in session key `key` (the shared `lr` or the focus
    optimizer's own) moves to the slider stop nearest the clicked η."""

    def move_rate(x: float, _y: float) -> None:
        if x > 0:
            st.session_state[key] = min(LEARNING_RATES, key=lambda rate: abs(math.log(rate / x)))

    return move_rate
