"""The page's live charts: Plotly figures drawn in place by a small component, clicks on them reported back."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.components import v1 as components_v1

from plots import live

SLIDER_STOPS = 200
"""A start slider moves in steps of 1/200 of the landscape's width; a click on a chart lands on one of them."""

live_chart = st.components.v2.component("live_chart", html=live.HTML, js=live.SCRIPT, isolate_styles=False)


def bundle_url() -> str:
    """Where the browser loads plotly.js: straight from the installed plotly package, which Streamlit serves as
    the files of a (never drawn) component. Nothing is copied, so the app runs from a read-only install."""
    bundle = components_v1.declare_component("plotly_js", path=str(live.BUNDLE_FOLDER))
    return f"component/{bundle.name}/{live.BUNDLE}"


def show_chart(fig, key: str, on_click: Callable[[float, float], None] | None = None, tall: bool = False) -> None:
    """`fig` in the page's live chart `key`, redrawn in place on each rerun; a click on its plot area calls
    `on_click(x, y)` before the rerun it starts. A `tall` chart fills most of a tall window."""
    callbacks = {}
    if on_click is not None:

        def clicked() -> None:
            point = live.clicked_point(st.session_state[key].get("click"))
            if point is not None:
                on_click(*point)

        callbacks["on_click_change"] = clicked
    data = live.payload(fig, bundle_url(), clickable=on_click is not None, tall=tall)
    live_chart(key=key, data=data, **callbacks)


def on_slider_grid(value: float, low: float, high: float) -> float:
    """`value` moved to the nearest stop of a start slider over [low, high], so a link shows a round number."""
    step = (high - low) / SLIDER_STOPS
    return float(f"{min(max(low + round((value - low) / step) * step, low), high):.10g}")


def start_at(bounds) -> Callable[[float, float], None]:
    """A click handler for a map or curve over `bounds`: the start moves to the clicked point, on the slider grid."""

    def move_start(x: float, y: float) -> None:
        for key, value, (low, high) in zip(("start_x", "start_y"), (x, y), bounds, strict=False):
            st.session_state[key] = on_slider_grid(value, low, high)

    return move_start
