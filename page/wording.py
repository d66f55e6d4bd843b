"""The visitor's language: from `lang=` in the link, the sidebar's choice, or the browser's language, and the
words of it that every part of the page speaks."""

from __future__ import annotations

import threading

import streamlit as st

import language
from language import LANGUAGES, Words

KEY = "lang"


def browser_language() -> str:
    """The language the browser asks for (`st.context.locale`), English when it asks for neither."""
    try:
        return language.from_locale(st.context.locale)
    except (AttributeError, RuntimeError):
        return language.DEFAULT


_run = threading.local()
"""The language a run settled on, once its switch is drawn (Streamlit runs a session's scripts in one thread)."""


def words() -> Words:
    """The words of the visitor's language. Once the run has settled its language (`settle`), without reading
    the session again: a page asks a hundred times a run, and each reading takes Streamlit's session lock."""
    settled = getattr(_run, "words", None)
    if settled is not None:
        return settled
    return language.words(st.session_state.get(KEY) or browser_language())


def settle() -> Words:
    """This run's language, fixed for the rest of it: called once the language switch is drawn."""
    _run.words = None
    _run.words = words()
    return _run.words


def unsettle() -> None:
    """Forget the run's language: at a run's start and end, so that no callback or later run reads a stale one."""
    _run.words = None


def language_control() -> str:
    """The language switch at the top of the sidebar, bound to `lang=` in the link; the language chosen."""
    from page import table  # the table speaks in these words: imported once they exist

    row = table.choice(KEY, "radio", "language", {code: code for code in LANGUAGES}, LANGUAGES.get)
    # Named in both languages, so that a reader of either finds it.
    return table.draw(row, browser_language(), label="Language · 语言", notice="language", options=tuple(LANGUAGES),
                      horizontal=True)  # fmt: skip
