"""A focused page: the chart, the lesson's question and only the controls named, for a student's phone in a class
or one scene embedded in a slide or a course page (`?controls=lr,start`; `?controls=none` for none at all)."""

from __future__ import annotations

import streamlit as st

import optimizers
from page import query, table
from page.controls import CONTROLS

NAMES = frozenset({*CONTROLS, "start", "batch_size", "focus", "iteration", *optimizers.names()})
"""What a focus may name: a control of the table, or a family of them (the start's axes; an optimizer's η and
settings by its name)."""

CSS = """
<style>
/* Focused, the page is its chart and question: the sidebar's own controls are drawn beside the chart instead. */
section[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none !important; }
</style>
"""


def _read(raw: list[str]) -> str:
    names = [name.strip() for name in query.single(raw).split(",") if name.strip()]
    if names == ["none"] or not names:
        return ",".join(names)
    if any(name not in NAMES for name in names):
        raise ValueError(names)
    return ",".join(dict.fromkeys(names))


ROW = table.Control("controls", "", "controls", read=_read)


def from_link() -> None:
    """Focus the page on the controls its link names, if it names any."""
    named = table.bound(ROW, "")
    if named:
        table.focus_on(() if named == "none" else named.split(","))


def style() -> None:
    st.html(CSS)
