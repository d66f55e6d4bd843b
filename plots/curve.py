"""The 1D view: the curve J(θ), each path walking on it, and for one optimizer the slope and the step."""

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from landscapes import Landscape
from optimizers import Trajectory
from plots.animation import Figure, animate, frame_steps, trail, trail_share
from plots.paths import divergence_trace, exit_point, minima_traces, path_trace
from plots.shading import Grid
from plots.style import BASE_LAYOUT, optimizer_color

ARROW_HEIGHT = 0.06
"""How far above the curve (as a share of the chart's height) the step arrows run, so they do not hide it."""


def curve_figure(
    landscape: Landscape,
    grid: Grid,
    paths: Mapping[str, Trajectory],
    focus: str | None,
    learning_rates: np.ndarray | None,
    *,
    animated: bool,
) -> go.Figure:
    """J(θ) with each path; for `focus`, the tangent, η·∇J and the step Δθ at the current point.

    `learning_rates` are the focus optimizer's η at each step (the schedule applied).
    """
    fig = Figure(layout=BASE_LAYOUT)
    theta, values = grid.axes[0], grid.values
    fig.add_trace(
        go.Scatter(
            x=theta.astype(np.float32),
            y=values.astype(np.float32),
            mode="lines",
            name="J(θ)",
            line={"color": "#404040", "width": 3},
            hovertemplate="θ = %{x:.4g}<br>J = %{y:.4g}<extra></extra>",
        )
    )
    for trace in minima_traces([(m.point[0], m.value, m.kind) for m in landscape.minima]):
        fig.add_trace(trace)
    span = float(values.max() - values.min()) or 1.0
    low, high = float(values.min()) - 0.08 * span, float(values.max()) + 0.12 * span
    for name, traj in paths.items():
        if traj.diverged[0]:
            (theta_exit,) = exit_point(traj.points[:, 0], landscape.bounds)
            fig.add_trace(
                divergence_trace(name, theta_exit, float(landscape.value([theta_exit])), int(traj.stopped_at[0]))
            )
    moving_from = len(fig.data)
    last = int(next(iter(paths.values())).steps[-1]) if paths else 0
    for trace in _moving(landscape, paths, focus, learning_rates, last, span, thin=False):
        fig.add_trace(trace)
    if animated and paths:
        steps = frame_steps(last)
        # Frames thin their trails, but the last shows every step, as the figure does.
        frames = [_moving(landscape, paths, focus, learning_rates, step, span, thin=step < last) for step in steps]
        animate(fig, steps, frames, list(range(moving_from, len(fig.data))))
    ((theta_low, theta_high),) = landscape.bounds
    fig.update_xaxes(range=[theta_low, theta_high], title_text="θ", showgrid=True, gridcolor="#EEEEEE")
    fig.update_yaxes(range=[low, high], title_text="J(θ)", showgrid=True, gridcolor="#EEEEEE")
    return fig


def _moving(landscape, paths, focus, learning_rates, step, span, *, thin):
    traces = []
    for name, traj in paths.items():
        theta, values = traj.points[:, 0, 0], traj.values[:, 0]
        upto = min(step, len(theta) - 1)
        if thin:
            share = trail_share(len(paths))
            shown, shown_values, shown_steps = (trail(a, upto, share) for a in (theta, values, traj.steps))
        else:
            shown, shown_values, shown_steps = theta[: upto + 1], values[: upto + 1], traj.steps[: upto + 1]
        traces.append(path_trace(name, shown, shown_values, shown_steps))
    if focus in paths:
        traces += _slope_and_step(landscape, paths[focus], focus, learning_rates, step, span)
    return traces


def _slope_and_step(landscape, traj, name, learning_rates, step, span):
    """Tangent at θ_k, the arrow η·∇J (uphill) and the arrow Δθ the optimizer took (downhill)."""
    theta, values = traj.points[:, 0, 0], traj.values[:, 0]
    k = min(step, int(traj.stopped_at[0]), len(theta) - 2)
    here, height = float(theta[k]), float(values[k])
    slope = float(landscape.grad(np.array([here]))[0])
    ((low, high),) = landscape.bounds
    reach = 0.12 * (high - low)
    lift = height + ARROW_HEIGHT * span
    rate = float(learning_rates[k]) if learning_rates is not None and len(learning_rates) > k else 0.0
    move = float(theta[k + 1] - theta[k]) if k + 1 < len(theta) else 0.0
    color = optimizer_color(name)
    return [
        go.Scatter(
            x=[here - reach, here + reach],
            y=[height - slope * reach, height + slope * reach],
            mode="lines",
            name="tangent (slope ∂J/∂θ)",
            line={"color": color, "dash": "dot", "width": 2},
            hoverinfo="skip",
        ),
        _arrow([here, here + rate * slope], [lift, lift], "η·∇J", color, dash="dash", below=True),
        _arrow([here, here + move], [lift + 0.06 * span] * 2, "Δθ", color, dash="solid", below=False),
    ]


def _arrow(x, y, label, color, dash, below):
    return go.Scatter(
        x=x,
        y=y,
        mode="lines+markers+text",
        name=label,
        text=["", label],
        textposition="bottom center" if below else "top center",
        textfont={"color": color, "size": 18},
        line={"color": color, "width": 3, "dash": dash},
        marker={"symbol": "arrow", "angleref": "previous", "size": [0, 16], "color": color},
        hoverinfo="skip",
        showlegend=False,
    )
