"""Colours and sizes shared by every chart, chosen to read from the back of a classroom."""

from collections.abc import Callable
from typing import NamedTuple

import optimizers
from optimizers import Trajectory

SURFACE_COLORS = [[0.0, "#FFFFFF"], [0.35, "#D9D9D9"], [1.0, "#525252"]]
"""Low loss light, high loss dark: a grey that every path colour stands out on."""

MINIMUM_STYLE = {
    "global": {"symbol": "star", "size": 18, "color": "#FFD700"},
    "local": {"symbol": "diamond", "size": 13, "color": "#9E9E9E"},
}

FONT = {"size": 16}
HEIGHT = 560
TEXT_COLOR = "#31333F"
GRID_COLOR = "#E6E9EF"
_AXIS = {"gridcolor": GRID_COLOR, "zerolinecolor": "#C9CED6", "linecolor": "#B8BEC7", "ticks": ""}
"""No tick marks: a mark beside a label (`— 10⁶`) reads as a minus sign; the grid lines show where ticks fall."""
TEMPLATE = {
    "layout": {
        "font": {"family": '"Source Sans", "Source Sans Pro", sans-serif', "color": TEXT_COLOR},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": [optimizers.get(name).color for name in optimizers.names()],
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "scene": {axis: {**_AXIS, "backgroundcolor": "white"} for axis in ("xaxis", "yaxis", "zaxis")},
        "hoverlabel": {"font": {"family": '"Source Sans", sans-serif'}},
    }
}
"""The page's font and quiet grey axes: a small template that the page sends with each figure in place of
Plotly's default (set when the figure is sent: a template given to a figure costs a validation each time)."""
BASE_LAYOUT = {
    "font": FONT,
    "height": HEIGHT,
    "margin": {"l": 90, "r": 30, "t": 90, "b": 80},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
    "hovermode": "closest",
    "plot_bgcolor": "white",
    "uirevision": "keep",
}
"""Margins leave room for axis titles and a legend above, so Plotly need not widen them and draw a chart twice."""


def layout(*parts: dict) -> dict:
    """BASE_LAYOUT with `parts` laid over it, nested settings (margin, axes) merged key by key.

    A figure built with its whole layout at once skips the update calls that cost Plotly a validation each.
    """
    merged = dict(BASE_LAYOUT)
    for part in parts:
        for key, value in part.items():
            merged[key] = {**merged[key], **value} if isinstance(value, dict) and key in merged else value
    return merged


MAP_LAYOUT = {"dragmode": "pan", "margin": {"r": 120, "t": 46}}
"""A map that a click sets the start on (a drag pans it instead of zooming), with room for its colour bar."""


BATCH_STYLES = {
    "full": ("#0072B2", "solid", "circle"),
    "mini": ("#009E73", "dash", "square"),
    "sgd": ("#D55E00", "dot", "diamond"),
}
"""Colour, dash and marker of a path when full-batch, mini-batch and stochastic runs of one optimizer are compared."""


Say = Callable[..., str]
"""The page's words in the visitor's language: `say(key, **fields)` (see `language`); every figure builder takes
one, so that the charts speak the page's language without knowing where its words come from."""


class Track(NamedTuple):
    """A run as the charts draw it: its trajectory and the name, colour and dash of its line.

    The page names and colours its runs; the figure builders only draw what they are given.
    """

    trajectory: Trajectory
    title: str
    color: str
    dash: str = "solid"
    symbol: str = "circle"


def trace(kind: str, **properties) -> dict:
    """A trace of Plotly type `kind` ("scatter", "heatmap", ...) as the plain dict a `Figure` takes unchecked."""
    return {"type": kind, **properties}
