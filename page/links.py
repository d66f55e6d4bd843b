"""Controls bound to the page's link: each control opens with its part of the link, once, if valid; a value it
cannot take gets one notice, which goes away once the learner moves that control."""

from __future__ import annotations

import threading
from collections.abc import Callable

import streamlit as st

from language import Words
from page.text import quoted

OPENING = "_link"
NOTICES = "_notices"


_run = threading.local()
"""The run's own reference to the session's unread link (a session's runs happen one after another in its
thread): bound controls ask for it two dozen times a run, each reading of the session taking its lock."""


def new_run() -> None:
    _run.unread = None


def unread() -> dict[str, list[str]]:
    """The parts of the link the visit opened with that no control has read yet."""
    unread = getattr(_run, "unread", None)
    if unread is None:
        if OPENING not in st.session_state:
            st.session_state[OPENING] = {k: st.query_params.get_all(k) for k in st.query_params}
        unread = _run.unread = st.session_state[OPENING]
    return unread


def open_with(values: dict[str, list[str]]) -> None:
    """Give the controls `values` to open with, as if a link had said them (a lesson's step; none, on reset)."""
    st.session_state[OPENING] = _run.unread = values


def opening(key: str) -> list[str] | None:
    """What the link the visit opened with said for `key`, handed out once; None when it said nothing."""
    return unread().pop(key, None)


def names(key: str) -> bool:
    """Whether the link (or a lesson step given as one) names `key` and no control has read it yet."""
    return key in unread()


def bind(key: str, label: str, default, read: Callable[[list[str]], object], default_text: str) -> Callable:
    """Give the control `key` its value before it is drawn: the link's, read by `read`, on the visit's first
    run, else what it had, else `default`. Returns the callback the control calls when moved (`on_change`).

    A link value `read` refuses leaves the default in place and a notice naming `label` and `default_text`
    (both in the visitor's words).
    """
    raw, source = opening(key), "link"
    if raw is None and key in st.session_state:
        # What the browser sent for the control is held to the link's rules too: a client the page did not write
        # can send any value under a control's id (an unknown name, 1e999, a number where a name belongs).
        raw, source = _as_link_values(key), "control"
    if raw is not None:
        try:
            st.session_state[key] = read(raw)
        except (ValueError, TypeError, KeyError, OverflowError):
            st.session_state.setdefault(NOTICES, {})[key] = {
                "label": label, "key": key, "value": ", ".join(raw), "default": default_text, "source": source
            }  # fmt: skip
            if source == "control":
                del st.session_state[key]  # the widget's own state too, which Streamlit would read again and fail on
            st.session_state[key] = default
    else:
        # Stated on every run, not only the first: a control the browser has not drawn yet (inside a popover
        # never opened, then moved to the projector's column) would otherwise open at its widget's own default
        # and report that back, losing the value the page holds.
        st.session_state[key] = st.session_state.get(key, default)
    return lambda: st.session_state.get(NOTICES, {}).pop(key, None)


def panel(key: str) -> str:
    """`key`, the session key of a panel that opens (an expander or a popover), its state made True or False
    first: a client the page did not write can send any value under the panel's id, which Streamlit would fail
    on. Returns the key, for the panel's `key=`."""
    try:
        value = st.session_state.get(key, False)
    except Exception:  # Streamlit's own reading of a forged value, whatever it raised
        value = None
    if not isinstance(value, bool):
        if key in st.session_state:
            del st.session_state[key]
        st.session_state[key] = False
    return key


def _as_link_values(key: str) -> list[str] | None:
    """The control's value as a link would write it, for its reader; a value Streamlit itself cannot read back
    (the wrong type for its widget) as the name of what went wrong; None for an empty choice (every optimizer
    removed), which a control makes and a link cannot write."""
    try:
        value = st.session_state[key]
    except Exception as error:  # Streamlit's own reading of a forged widget value, whatever it raised
        return [f"({type(error).__name__})"]
    if isinstance(value, list | tuple) and not value:
        return None
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list | tuple):
        return [",".join(str(item) for item in value)]
    return [str(value)]


def notices(say: Words) -> list[str]:
    """The notices of link values that were refused and whose controls have not been moved since."""
    shown = []
    for notice in st.session_state.get(NOTICES, {}).values():
        value = quoted(notice["value"]) if notice["value"].strip() else say("link.empty")
        kind = "link.notice" if notice.get("source", "link") == "link" else "link.control_notice"
        shown.append(say(kind, **{**notice, "value": value}))
    return shown


def publish(link: dict[str, str]) -> None:
    """Make the page's address `link`, so that a copied address opens the same scene; sent only when it changed."""
    if st.query_params.to_dict() != link or any(len(st.query_params.get_all(k)) > 1 for k in st.query_params):
        st.query_params.from_dict(link)
