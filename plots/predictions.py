"""A class's predictions drawn: the taps on the map or curve (where the students said the run ends), over the
landscape, and the η picks on their own scale."""

import collections
from collections.abc import Sequence

import numpy as np

from landscapes import Landscape
from plots.animation import Figure
from plots.style import layout, trace

TAP_COLOR = "#D81B60"
HEAT_FROM = 12
"""From this many taps on a map, the class's cloud is a heat map: that many crosses hide one another."""
HEAT_CELLS = 60
"""The heat map's cells along each side of the box."""
SPREAD = 0.03
"""Each tap spreads over this share of the box's width and height (a fingertip on a phone)."""


def taps_trace(landscape: Landscape, points, name: str, own: bool = False) -> dict:
    """`points` (one row per tap, the landscape's coordinates) as crosses: on a curve at its height J(θ), on a map
    where tapped. Many taps of a class are pale, so where they crowd reads as a darker cloud; `own`, one
    student's tap, is drawn full and large."""
    taps = np.asarray(points, dtype=float).reshape(-1, landscape.dim)
    y = landscape.value(taps) if landscape.dim == 1 else taps[:, 1]
    return trace(
        "scatter",
        x=taps[:, 0].astype(np.float32),
        y=np.asarray(y, dtype=np.float32),
        mode="markers",
        name=name,
        marker={
            "symbol": "x-thin",
            "size": 18 if own else 14,
            "color": TAP_COLOR,
            "opacity": 1.0 if own else 0.45,
            "line": {"width": 3, "color": TAP_COLOR},
        },
        hoverinfo="skip",
        cliponaxis=False,
    )


def taps_heat(landscape: Landscape, points, name: str) -> dict:
    """Many taps on a map as a heat map: each tap spread over a fingertip, summed, pale where a few landed and
    deep where most did; ground no tap came near stays clear, so the landscape shows through."""
    taps = np.asarray(points, dtype=float).reshape(-1, 2)
    (x_low, x_high), (y_low, y_high) = landscape.bounds
    x, y = np.linspace(x_low, x_high, HEAT_CELLS), np.linspace(y_low, y_high, HEAT_CELLS)
    across = np.exp(-0.5 * ((x[None, :] - taps[:, :1]) / (SPREAD * (x_high - x_low))) ** 2)
    along = np.exp(-0.5 * ((y[None, :] - taps[:, 1:]) / (SPREAD * (y_high - y_low))) ** 2)
    density = along.T @ across
    density /= density.max()
    return trace(
        "heatmap",
        x=x.astype(np.float32),
        y=y.astype(np.float32),
        z=np.where(density > 0.04, density, np.nan).astype(np.float32),
        zmin=0,
        zmax=1,
        zsmooth="best",
        colorscale=[[0.0, "rgba(216, 27, 96, 0.12)"], [1.0, "rgba(216, 27, 96, 0.85)"]],
        showscale=False,
        showlegend=True,
        name=name,
        hoverinfo="skip",
    )


def picks_figure(picks: Sequence[float], rates: Sequence[float], title: str, count_title: str) -> Figure:
    """The class's η picks as a strip on the η scale (`rates`, the slider's stops, sets its span): one dot per
    pick, stacked at its stop, so where the class thinks divergence begins, and how far they disagree, reads at a
    glance."""
    height = collections.Counter(picks)
    shown = sorted(height)
    x = [rate for rate in shown for _ in range(height[rate])]
    y = [level + 1 for rate in shown for level in range(height[rate])]
    dots = trace("scatter", x=x, y=y, mode="markers", name=title, hoverinfo="skip",
                 marker={"size": 12, "color": TAP_COLOR, "line": {"width": 1, "color": "white"}})  # fmt: skip
    tallest = max(height.values(), default=1)
    axes = {
        "height": 190,
        "margin": {"t": 10, "b": 56, "l": 56, "r": 20},
        "showlegend": False,
        "xaxis": {"title": {"text": title}, "type": "log", "exponentformat": "power", "fixedrange": True,
                  "range": [np.log10(rates[0]) - 0.05, np.log10(rates[-1]) + 0.05]},
        "yaxis": {"title": {"text": count_title}, "range": [0.3, tallest + 0.7], "fixedrange": True,
                  "dtick": -(-tallest // 4)},
    }  # fmt: skip
    return Figure(data=[dots], layout=layout(axes))
