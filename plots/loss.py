"""Loss against step for every optimizer: how fast each one gets down."""

from collections.abc import Mapping

import numpy as np

from landscapes import Landscape
from plots.animation import Figure
from plots.paths import step_numbers
from plots.style import Say, Track, layout, trace

FLOOR = 1e-16
"""The lowest gap shown on the log axis: a path that lands exactly on the minimum still has a point to draw."""


def loss_uid(key: str) -> str:
    """The id of the trace that draws path `key`'s loss: how the browser finds it to redraw it at another η."""
    return f"loss {key}"


def lowest(landscape: Landscape) -> float | None:
    """The lowest minimum's loss, which the loss charts take off each run's (never below FLOOR, so a log axis
    holds it); None where no minimum is known: they chart the loss itself."""
    return min((m.value for m in landscape.minima), default=None)


def loss_figure(
    landscape: Landscape, tracks: Mapping[str, Track], say: Say, cost: Mapping[str, np.ndarray] | None = None
) -> Figure:
    """J(θ) − J* on a log axis where the lowest loss J* is known, else J itself on a linear one.

    Against the step, or with `cost` (examples processed after each step, per track) against the work done, on
    a log axis: SGD's hundred examples and full batch's twenty thousand then both fill the chart, and at any
    amount of work the runs compare (the start, at no work yet, is left off that axis).
    """
    best = lowest(landscape)
    counted = say("plot.step_hover" if cost is None else "plot.examples_hover")
    traces = []
    for key, track in tracks.items():
        traj = track.trajectory
        values = traj.values[:, 0]
        shown = values if best is None else np.maximum(values - best, FLOOR)
        end = int(traj.stopped_at[0]) + 1
        first = 0 if cost is None else 1
        traces.append(
            trace(
                "scatter",
                x=step_numbers((traj.steps if cost is None else cost[key])[first:end]),
                y=shown[first:end].astype(np.float32),
                mode="lines+markers",
                marker={"symbol": track.symbol, "size": 8, "maxdisplayed": 12},
                name=track.title,
                meta=loss_uid(key),
                line={"color": track.color, "width": 3, "dash": track.dash},
                hovertemplate=f"{track.title}<br>{counted} %{{x}}<br>%{{y:.4~g}}<extra></extra>",
            )
        )
    title = "J(θ)" if best is None else say("plot.gap")
    axes = {
        "height": 380,
        # Room made for the tick labels however far the loss falls (10⁻¹⁰ is wide), so the title never runs over them.
        "yaxis": {
            "title": {"text": title},
            "type": "linear" if best is None else "log",
            "exponentformat": "power",
            "automargin": True,
        },
        "xaxis": {
            "title": {"text": say("plot.step_hover" if cost is None else "plot.examples_axis")},
            "type": "linear" if cost is None else "log",
        },
    }
    return Figure(data=traces, layout=layout(axes))
