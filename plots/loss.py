"""Loss against step for every optimizer: how fast each one gets down."""

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from landscapes import Landscape
from optimizers import Trajectory
from plots.paths import step_numbers
from plots.style import layout, optimizer_color, optimizer_title, path_dash

FLOOR = 1e-16
"""The lowest gap shown on the log axis: a path that lands exactly on the minimum still has a point to draw."""


def loss_figure(
    landscape: Landscape, paths: Mapping[str, Trajectory], cost: Mapping[str, np.ndarray] | None = None
) -> go.Figure:
    """J(θ) − J* on a log axis where the lowest loss J* is known, else J itself on a linear one.

    Against the step, or with `cost` (examples processed after each step, per path) against the work done.
    """
    best = min((m.value for m in landscape.minima), default=None)
    traces = []
    for name, traj in paths.items():
        values = traj.values[:, 0]
        shown = values if best is None else np.maximum(values - best, FLOOR)
        end = int(traj.stopped_at[0]) + 1
        traces.append(
            go.Scatter(
                x=step_numbers((traj.steps if cost is None else cost[name])[:end]),
                y=shown[:end].astype(np.float32),
                mode="lines",
                name=optimizer_title(name),
                line={"color": optimizer_color(name), "width": 3, "dash": path_dash(name)},
                hovertemplate=f"{optimizer_title(name)}<br>{'step' if cost is None else 'examples'} %{{x}}"
                "<br>%{y:.4g}<extra></extra>",
            )
        )
    title = "J(θ)" if best is None else "J(θ) − J*  (gap to the global minimum)"
    axes = {
        "height": 380,
        "yaxis": {"title": {"text": title}, "type": "linear" if best is None else "log", "exponentformat": "power"},
        "xaxis": {"title": {"text": "step" if cost is None else "examples processed (gradient cost)"}},
    }
    return go.Figure(data=traces, layout=layout(axes))
