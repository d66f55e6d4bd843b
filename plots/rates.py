"""The η chart: where each optimizer ends against the learning rate, from one sweep: where it crawls, where it
converges and where it diverges, at a glance."""

from collections.abc import Mapping

import numpy as np

from landscapes import Landscape
from plots.animation import Figure
from plots.live import BACKDROP
from plots.loss import FLOOR, lowest
from plots.style import Say, Track, layout, trace


def rate_figure(
    landscape: Landscape, sweeps: Mapping[str, Track], rates: np.ndarray, lr: float, say: Say, gd_shown: bool = False
) -> Figure:
    """Final J − J* (J where no minimum is known) against η on log axes, one line per track of a sweep (start k
    at `rates[k]`); a diverged run is a cross in a row along the top; the current η and, on a quadratic with
    plain gradient descent shown (`gd_shown`: 2/L is its limit, not momentum's or Adam's), 2/L are marked.
    The lines and crosses are the same at every η (a backdrop, sent to the browser once); only the marks move.

    The legend sits under the chart and the marks' labels inside the plot's foot, so nothing covers the row of
    crosses or another label."""
    best = lowest(landscape)
    rates = np.asarray(rates, dtype=float)
    traces, crosses = [], []
    for track in sweeps.values():
        trajectory = track.trajectory
        final = trajectory.values[-1]
        shown = final if best is None else np.maximum(final - best, FLOOR)
        shown = np.where(trajectory.diverged, np.nan, shown)
        traces.append(
            trace(
                "scatter",
                x=rates,
                y=shown,
                mode="lines+markers",
                name=track.title,
                line={"color": track.color, "width": 3, "dash": track.dash},
                marker={"size": 7, "symbol": track.symbol},
                hovertemplate=f"{track.title}<br>η = %{{x:.3~g}}<br>%{{y:.3~g}}<extra></extra>",
                meta=BACKDROP,
            )
        )
        if trajectory.diverged.any():
            crosses.append(
                trace(
                    "scatter",
                    x=rates[trajectory.diverged],
                    y=np.ones(int(trajectory.diverged.sum())),
                    yaxis="y2",
                    mode="markers",
                    showlegend=False,
                    marker={"symbol": "x-thin-open", "size": 11, "color": track.color, "line": {"width": 2}},
                    hovertemplate=f"{track.title}<br>η = %{{x:.3~g}}: {say('plot.diverged')}<extra></extra>",
                    meta=BACKDROP,
                )
            )
    marks = [_vertical(lr, say("plot.rate_now"), "#31333F", "solid", "left")]
    if gd_shown and landscape.curvature and landscape.minima:
        marks.append(_vertical(2 / landscape.curvature, "2/L", "#B00020", "dash", "right"))
    title = say("plot.end_loss" if best is None else "plot.end_gap")
    diverged = say("plot.diverged")
    row_label = {"x": 0, "xref": "paper", "xanchor": "right", "xshift": -6, "y": 1, "yref": "y2",
                 "text": diverged, "showarrow": False, "font": {"size": 12}}  # fmt: skip
    axes = {
        "height": 470,
        "margin": {"t": 20, "b": 160, "l": 90},
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        "xaxis": {"title": {"text": say("plot.rate_axis")}, "type": "log", "exponentformat": "power"},
        "yaxis": {"title": {"text": title}, "type": "linear" if best is None else "log", "exponentformat": "power",
                  "domain": [0, 0.88]},
        "yaxis2": {"domain": [0.91, 1.0], "range": [0, 2], "showticklabels": False, "showgrid": False,
                   "zeroline": False, "fixedrange": True},
        "shapes": [mark[0] for mark in marks],
        "annotations": [row_label, *(mark[1] for mark in marks)],
        "clickmode": "event",
    }  # fmt: skip
    return Figure(data=[*traces, *crosses], layout=layout(axes))


def _vertical(x: float, text: str, color: str, dash: str, side: str) -> tuple[dict, dict]:
    """A vertical line at η = `x` over the plot, labelled inside its foot on `side` of the line."""
    line = {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": color, "width": 2, "dash": dash}}  # fmt: skip
    left = side == "left"
    label = {"x": np.log10(x), "xref": "x", "y": 0, "yref": "paper", "text": text, "showarrow": False,
             "yanchor": "bottom", "xanchor": "right" if left else "left", "xshift": -4 if left else 4,
             "bgcolor": "rgba(255,255,255,0.85)", "font": {"color": color, "size": 14}}  # fmt: skip
    return line, label
