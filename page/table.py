"""The page's controls as one table: each control is one row (its key, which is also its name in the link, its
widget, its words, how the link writes and reads its value), and one `draw` and one `link` walk the rows, as
TensorFlow Playground's `state.ts` does. Adding a control is a row here and its words in the catalogs.

A row's default may depend on the scene being read (a landscape's own η and start, the optimizers chosen), so
it is given where the row is drawn; what differs from it goes into the link.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import streamlit as st

from page import links, query
from page.links import bind
from page.wording import words

_run = threading.local()
"""What one run keeps outside the session (a session's runs happen one after another in its own thread, and each
reading of the session takes its lock): `drawn`, the rows drawn and their defaults, which the link is written
from; `focus`, the names of the only controls a focused page draws (`page.focus`), or None for every one."""


def in_focus(key: str) -> bool:
    """Whether the control `key` is drawn on this run's page: every one, unless the page is focused on some (a
    name also covers its family: `start` its axes, `adam` Adam's η and settings)."""
    focus = getattr(_run, "focus", None)
    return focus is None or any(key == name or key.startswith(f"{name}_") for name in focus)


def focus_on(names) -> None:
    """This run draws only the controls `names`."""
    _run.focus = frozenset(names)


def focused() -> bool:
    return getattr(_run, "focus", None) is not None


class Control(NamedTuple):
    """One control.

    `widget`: the Streamlit widget's name (`select_slider`, `slider`, `selectbox`, `multiselect`, `toggle`,
    `radio`, `number_input`, `text_input`). `words`: its label is `control.<words>` and its name in a notice
    `link.<words>` (a toggle's is its label's, as "… switch"), its help `control.<words>_help` where the catalog
    has one. `write`: its value as the link writes it; `read`: the link's raw values back to a value (a
    ValueError for what it cannot take). `shown`: its value in words, for the widget's options and notices.
    """

    key: str
    widget: str
    words: str
    write: Callable[[Any], str] = str
    read: Callable[[list[str]], Any] | None = None
    shown: Callable[[Any], str] | None = None


def toggle(key: str, words_key: str) -> Control:
    """A switch, written `true` or `false` (`1` and `0` read too)."""
    return Control(key, "toggle", words_key, lambda on: "true" if on else "false",
                   query.one_of({**query.SWITCH, "1": True, "0": False}))  # fmt: skip


def choice(key: str, widget: str, words_key: str, options: Mapping[str, Any], shown=None) -> Control:
    """One of `options` (the link's text → the value; older links' display titles among them)."""
    names = {value: text for text, value in options.items()}
    return Control(key, widget, words_key, lambda value: names.get(value, str(value)), query.one_of(options), shown)


def number(key: str, widget: str, words_key: str, low: float, high: float, whole: bool = False) -> Control:
    """A number from `low` to `high` (whole, for a count), written as briefly as it reads back."""
    written = (lambda value: str(int(value))) if whole else (lambda value: f"{value:.10g}")
    return Control(key, widget, words_key, written, query.number_in(low, high, whole))


def rate(key: str, words_key: str, stops) -> Control:
    """One of a log slider's `stops`."""
    return Control(key, "select_slider", words_key, query.rate_text, query.rate_in(stops), query.rate_text)


def draw(control: Control, default, *, label: str | None = None, notice: str | None = None, on_change=None,
         hidden: bool = False, **widget) -> Any:  # fmt: skip
    """Draw `control` with `default` (the link's value on the visit's first run, else what it had), and note it
    for the link; returns its value. `label` and `notice` replace its words' label and notice name (a row made
    for one optimizer or axis words them itself); the rest goes to the widget. `hidden`: in a closed panel, the
    control keeps its value and its part of the link, but no widget is made or sent."""
    say = words()
    label = label or say(f"control.{control.words}")
    if notice is None:
        notice = say("link.switch", label=label) if control.widget == "toggle" else say(f"link.{control.words}")
    default_text = shown_value(control, default, say)
    changed = bind(control.key, notice, default, control.read, default_text)

    _run.drawn[control.key] = (control, default)
    if hidden or not in_focus(control.key):
        return st.session_state[control.key]

    def moved() -> None:
        changed()
        if on_change:
            on_change()

    if "help" not in widget and f"control.{control.words}_help" in say.texts:
        widget["help"] = say(f"control.{control.words}_help")
    if control.shown and "options" in widget:
        # Worded now, in this run's language: the widget may call its format later, outside the run.
        labels = {option: control.shown(option) for option in widget["options"]}
        widget.setdefault("format_func", lambda option: labels.get(option, str(option)))
    if control.widget == "slider":
        # Its value given: without one, Streamlit reads the whole session state to learn the slider's kind, each
        # time (a few percent of a rerun); the session holds the value already checked by `bind`.
        widget.setdefault("value", st.session_state[control.key])
    return getattr(st, control.widget)(label, key=control.key, on_change=moved, **widget)


def shown_value(control: Control, value, say) -> str:
    """A value in the visitor's words, for a notice: a switch on or off, each of several choices, or the one."""
    if control.widget == "toggle":
        return say("link.on" if value else "link.off")
    shown = control.shown or control.write
    if isinstance(value, list):
        return say("list.separator").join(shown(item) for item in value)
    return shown(value)


def bound(control: Control, default) -> Any:
    """A control with no widget of its own (a lesson's step, moved by its buttons), bound to the link all the
    same; its value."""
    say = words()
    bind(control.key, say(f"link.{control.words}"), default, control.read, control.write(default))
    _run.drawn[control.key] = (control, default)
    return st.session_state[control.key]


def new_run() -> None:
    """Forget last run's rows (the link is written from the rows drawn in this one), its focus and its reading
    of the link."""
    _run.drawn, _run.focus = {}, None
    links.new_run()


def link() -> dict[str, str]:
    """The link's parts: every control drawn this run whose value differs from its default, as its row writes
    it, in the order they were drawn."""
    written = {}
    for key, (control, default) in getattr(_run, "drawn", {}).items():
        value = st.session_state.get(key, default)
        if value != default:
            written[key] = control.write(value)
    return written
