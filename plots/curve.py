"""The 1D view: the curve J(θ), each path walking on it, and for one optimizer the slope and the step."""

from collections.abc import Mapping

import numpy as np

from landscapes import Landscape
from plots.animation import Figure, animate, animate_in_browser, frame_steps, trail, trail_share
from plots.memory import MEMORY
from plots.paths import START, divergence_marks, exit_point, minima_traces, path_trace
from plots.shading import Grid
from plots.style import Say, Track, layout, trace
from plots.sweep import AT_THIS_RATE

ARROW_HEIGHT = 0.06
"""How far above the curve (as a share of the chart's height) the step arrows run, so they do not hide it."""

FOLLOWED_STEPS = 4
"""A diverging focus path is followed this many steps beyond the landscape's box, so its growing zig-zag shows."""

LABELLED_ARROW = 0.03
"""An arrow shorter than this share of the box's width is drawn without its label, which would sit on the point."""

CURVE_POINTS = 400


def curve_figure(
    landscape: Landscape,
    grid: Grid,
    tracks: Mapping[str, Track],
    focus: str | None,
    learning_rates: np.ndarray | None,
    *,
    animated: bool,
    say: Say,
    start: float | None = None,
    carried: tuple[str, np.ndarray] | None = None,
    browser_frames: bool = False,
) -> Figure:
    """J(θ) with each path from its ringed `start`; for `focus`, the tangent, −η·∇J and the step Δθ, and with
    `carried` (a label and −η times the optimizer's memory, `plots.memory`) its memory's arrow too. Animated,
    its frames carry the paths and the arrows, or with `browser_frames` the arrows alone: the browser makes the
    paths' frames from its sweep.

    `learning_rates` are the focus optimizer's η at each step (the schedule applied). Where the focus path
    diverges, the view widens to follow it a few steps out of the box, drawing the curve there too.
    """
    (theta_low, theta_high), wide = landscape.bounds[0], _followed_out(landscape, tracks.get(focus))
    if wide is None:
        theta, values = grid.axes[0], grid.values
    else:
        theta_low, theta_high = wide
        theta = np.linspace(theta_low, theta_high, CURVE_POINTS)
        values = landscape.value(theta[:, None])
    curve = trace(
        "scatter",
        x=theta.astype(np.float32),
        y=values.astype(np.float32),
        mode="lines",
        name="J(θ)",
        line={"color": "#404040", "width": 3},
        hovertemplate="θ = %{x:.4~g}<br>J = %{y:.4~g}<extra></extra>",
    )
    still = [curve, *minima_traces([(m.point[0], m.value, m.kind) for m in landscape.minima], say)]
    if start is None and tracks:
        start = float(next(iter(tracks.values())).trajectory.points[0, 0, 0])
    if start is not None:
        still.append(_start_ring(landscape, start, say))
    span = float(np.nanmax(values) - np.nanmin(values)) or 1.0
    low, high = float(np.nanmin(values)) - 0.08 * span, float(np.nanmax(values)) + 0.16 * span
    diverged = {key: track for key, track in tracks.items() if track.trajectory.diverged[0]}
    exits = {key: _exit_on_curve(landscape, track, wide) for key, track in diverged.items()}
    still += divergence_marks(tracks, landscape.bounds, say, exits)
    last = int(next(iter(tracks.values())).trajectory.steps[-1]) if tracks else 0
    moving = _moving(landscape, tracks, focus, learning_rates, last, span, say, thin=False, carried=carried)
    axes = {
        "xaxis": {"range": [theta_low, theta_high], "title": {"text": "θ"}, "showgrid": True, "gridcolor": "#EEEEEE"},
        "yaxis": {"range": [low, high], "title": {"text": "J(θ)"}, "showgrid": True, "gridcolor": "#EEEEEE"},
    }
    fig = Figure(data=[*still, *moving], layout=layout(axes))
    if animated and tracks and browser_frames:
        steps = frame_steps(last)
        if focus in tracks:
            frames = _arrows_at(landscape, tracks[focus], learning_rates, steps, span)
            animate(fig, steps, frames, list(range(len(still) + len(tracks), len(fig.data))), say)
        else:
            animate_in_browser(fig, steps, say)
    elif animated and tracks:
        steps = frame_steps(last)
        # Frames thin their trails, but the last shows every step, as the figure does.
        frames = [
            _moving(landscape, tracks, focus, learning_rates, step, span, say, thin=step < last) for step in steps
        ]
        animate(fig, steps, frames, list(range(len(still), len(fig.data))), say)
    return fig


def _followed_out(landscape: Landscape, focus: Track | None) -> tuple[float, float] | None:
    """The θ range that holds the box and the diverged focus path's first FOLLOWED_STEPS points beyond it."""
    if focus is None or not focus.trajectory.diverged[0]:
        return None
    ((low, high),) = landscape.bounds
    trajectory = focus.trajectory
    theta = trajectory.points[: int(trajectory.stopped_at[0]) + 1, 0, 0]
    reach = list(theta[np.flatnonzero((theta < low) | (theta > high))[:FOLLOWED_STEPS]])
    if not reach:
        return None
    pad = 0.05 * (max(high, *reach) - min(low, *reach))
    return min(low, *reach) - pad, max(high, *reach) + pad


def _exit_on_curve(landscape: Landscape, track: Track, wide: tuple[float, float] | None) -> tuple[float, float]:
    """Where the cross goes: the path's last point inside the chart (the widened one, if it was widened)."""
    bounds = (wide,) if wide else landscape.bounds
    (theta,) = exit_point(track.trajectory.points[:, 0], bounds)
    return float(theta), float(landscape.value([theta]))


def _start_ring(landscape: Landscape, theta: float, say: Say) -> dict:
    return trace(
        "scatter",
        x=[theta],
        y=[float(landscape.value([theta]))],
        mode="markers",
        name=say("plot.start"),
        cliponaxis=False,
        marker={"symbol": "circle-open", "size": 24, "color": "black", "line": {"width": 3}},
        hovertemplate=say("plot.start_theta") + " = %{x:.4~g}<extra></extra>",
        meta=START,
    )


def _moving(landscape, tracks, focus, learning_rates, step, span, say, *, thin, carried=None):
    traces = []
    for key, track in tracks.items():
        trajectory = track.trajectory
        theta, values = trajectory.points[:, 0, 0], trajectory.values[:, 0]
        upto = min(step, len(theta) - 1)
        if thin:
            share = trail_share(len(tracks))
            shown, shown_values, shown_steps = (trail(a, upto, share) for a in (theta, values, trajectory.steps))
        else:
            shown, shown_values, shown_steps = theta[: upto + 1], values[: upto + 1], trajectory.steps[: upto + 1]
        traces.append(path_trace(key, track, shown, shown_values, shown_steps, say))
    if focus in tracks:
        traces += _slope_and_step(landscape, tracks[focus], learning_rates, step, span, say, carried)
    return traces


def _slope_and_step(landscape, track, learning_rates, step, span, say, carried=None):
    """Tangent at θ_k, the arrow −η·∇J (the step the update rule's gradient term asks for, downhill) and the
    arrow Δθ the optimizer took, both above the point and labelled at their heads, so no label sits on the
    path's marker. k is the step into the path's last point shown (or, at the start, the step about to be
    taken, drawn without a Δθ, which is not taken yet). With `carried`, the optimizer's memory above them."""
    tangent, downhill, moved, *memory = _arrows_at(landscape, track, learning_rates, [step], span, carried)[0]
    color = track.color
    return [
        trace(
            "scatter",
            **tangent,
            mode="lines",
            name=say("plot.tangent"),
            line={"color": color, "dash": "dot", "width": 2},
            hoverinfo="skip",
            meta=AT_THIS_RATE,
        ),
        _arrow(downhill, color, "dash"),
        _arrow(moved, color, "solid"),
        *(_arrow(carried, MEMORY, "dashdot") for carried in memory),
    ]


def _arrows_at(landscape, track, learning_rates, steps, span, carried=None) -> list[list[dict]]:
    """At each of `steps`, what of the tangent and the two arrows (and with `carried`, the memory's) moves from
    step to step, as animation frames carry it: k is the step into the path's last point shown, or at the start
    the step about to be taken."""
    trajectory = track.trajectory
    theta, values = trajectory.points[:, 0, 0], trajectory.values[:, 0]
    k = np.maximum(np.minimum(np.asarray(steps), min(int(trajectory.stopped_at[0]), len(theta) - 2)), 0)
    here, height = theta[k], values[k]
    slope = landscape.grad(here[:, None])[:, 0]
    # η_k and the step taken from θ_k; none (0) past the schedule's or the path's end.
    rates = np.append(np.zeros(0) if learning_rates is None else np.asarray(learning_rates, dtype=float), 0.0)
    rate, move = rates[np.minimum(k, len(rates) - 1)], np.append(np.diff(theta), 0.0)[k]
    reach, labelled = _reach(landscape), _labelled(landscape)
    shown = []
    for h, j, g, r, m in zip(here.tolist(), height.tolist(), slope.tolist(), rate.tolist(), move.tolist(), strict=True):
        arrows = [
            {"x": [h - reach, h + reach], "y": [j - g * reach, j + g * reach]},
            _arrow_shown([h, h - r * g], [j + ARROW_HEIGHT * span] * 2, "−η·∇J", labelled),
            _arrow_shown([h, h + m], [j + 2 * ARROW_HEIGHT * span] * 2, "Δθ", labelled),
        ]
        if carried:
            label, vector = carried
            arrows.append(_arrow_shown([h, h + float(vector[0])], [j + 3 * ARROW_HEIGHT * span] * 2, label, labelled))
        shown.append(arrows)
    return shown


def _reach(landscape) -> float:
    """Half the tangent's length: 12% of the box's width."""
    ((low, high),) = landscape.bounds
    return 0.12 * (high - low)


def _labelled(landscape) -> float:
    """The shortest arrow drawn with its head and label (LABELLED_ARROW of the box's width)."""
    ((low, high),) = landscape.bounds
    return LABELLED_ARROW * (high - low)


def _arrow_shown(x, y, label, labelled) -> dict:
    """What of a horizontal arrow from x[0] to x[1] moves: its ends, and its head and label beyond it (left of a
    leftward arrow) only if it is at least `labelled` long: a head with no length would point nowhere, on the
    point."""
    long = abs(x[1] - x[0]) >= labelled
    return {
        "x": x,
        "y": y,
        "name": label,
        "text": ["", label if long else ""],
        "textposition": "middle left" if x[1] < x[0] else "middle right",
        "marker": {"size": [0, 16 if long else 0]},
    }


def _arrow(shown, color, dash):
    """The arrow `shown` (`_arrow_shown`) drawn in `color`, its line `dash`ed."""
    return trace(
        "scatter",
        **{key: value for key, value in shown.items() if key != "marker"},
        mode="lines+markers+text",
        textfont={"color": color, "size": 18},
        line={"color": color, "width": 3, "dash": dash},
        marker={"symbol": "arrow", "angleref": "previous", "size": shown["marker"]["size"], "color": color},
        hoverinfo="skip",
        showlegend=False,
        meta=AT_THIS_RATE,
    )
