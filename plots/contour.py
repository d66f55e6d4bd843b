"""The 2D view: the landscape as a contour map with the optimizers' paths, the start and the minima."""

from collections.abc import Mapping

import numpy as np

from landscapes import Landscape
from optimizers import Trajectory
from plots.animation import Figure, animate, animate_in_browser, frame_steps, trail, trail_share
from plots.backdrop import colour_image, level_lines
from plots.live import BACKDROP
from plots.paths import START, divergence_marks, minima_traces, path_trace, saddle_trace
from plots.shading import Grid, Shading
from plots.style import MAP_LAYOUT, SURFACE_COLORS, Say, Track, layout, trace


def contour_figure(
    landscape: Landscape,
    grid: Grid,
    shading: Shading,
    tracks: Mapping[str, Track],
    start: tuple[float, float],
    *,
    animated: bool,
    say: Say,
    browser_frames: bool = False,
    marks: dict | None = None,
    backdrop: tuple[list[dict], dict] | None = None,
) -> Figure:
    """Contour of J with each track's path from `start`; with `animated`, frames that move only the paths
    (or, with `browser_frames`, only Play and the scrubber: the browser makes the frames from its sweep).
    `marks`: more annotations and shapes to draw on it (an optimizer's memory at one step, `plots.memory`).
    `backdrop`: the landscape's traces and image as `landscape_backdrop` makes them over the same grid, made
    before (a page keeps them for every rerun that shows this landscape); made here when not given.
    """
    traces, image = backdrop or landscape_backdrop(grid, shading, say)
    still = [
        *(dict(trace) for trace in traces),
        *minima_traces([(*m.point, m.kind) for m in landscape.minima], say),
        *saddle_trace(landscape.saddles, say),
        _start_marker(start, say),
        *divergence_marks(tracks, landscape.bounds, say),
    ]
    moving = [_path(key, track, len(track.trajectory.steps) - 1, None, say) for key, track in tracks.items()]
    (x_low, x_high), (y_low, y_high) = landscape.bounds
    x_name, y_name = landscape.axis_names
    axes = {
        "xaxis": {"range": [x_low, x_high], "title": {"text": x_name}, "constrain": "domain"},
        "yaxis": {"range": [y_low, y_high], "title": {"text": y_name}, "scaleanchor": "x", "constrain": "domain"},
    }
    for axis in axes.values():
        axis.update(showgrid=False, zeroline=False)
    axes["images"] = [image]
    axes["annotations"] = [_start_label(start, say), *(marks or {}).get("annotations", [])]
    axes["shapes"] = (marks or {}).get("shapes", [])
    fig = Figure(data=[*still, *moving], layout=layout(MAP_LAYOUT, axes))
    if animated and tracks and browser_frames:
        animate_in_browser(fig, frame_steps(int(next(iter(tracks.values())).trajectory.steps[-1])), say)
    elif animated and tracks:
        steps = frame_steps(int(next(iter(tracks.values())).trajectory.steps[-1]))
        # Each frame thins its trails to its share of points; the last one shows every step, as the figure does.
        share, frames = trail_share(len(tracks)), []
        for step in steps:
            points = share if step < steps[-1] else None
            frames.append([_path(key, track, step, points, say) for key, track in tracks.items()])
        animate(fig, steps, frames, list(range(len(still), len(fig.data))), say)
    return fig


def _path(key: str, track: Track, step: int, points: int | None, say: Say) -> dict:
    """The track's path up to `step`, thinned to `points` points (None: every step)."""
    trajectory: Trajectory = track.trajectory
    shown = trail(trajectory.points[:, 0], step, points or step + 1)
    return path_trace(key, track, shown[:, 0], shown[:, 1], trail(trajectory.steps, step, points or step + 1), say)


def landscape_backdrop(grid: Grid, shading: Shading, say: Say) -> tuple[list[dict], dict]:
    """J as colour (an image under the plot) and its level lines (a scatter), which stay drawn while Plotly
    plays frames, and a transparent heatmap that answers hover with J and carries the colour bar.

    (Plotly drops heatmap and contour traces from the plot while it animates others, so those are not
    what shows the landscape.)
    """
    shaded = shading(grid.values).astype(np.float32)
    # Under log shading the colour is not J, so hover reads J from customdata; otherwise z is J itself.
    heights = "customdata" if shading.log else "z"
    hover = trace(
        "heatmap",
        x=grid.axes[0].astype(np.float32),
        y=grid.axes[1].astype(np.float32),
        z=shaded,
        customdata=grid.values.astype(np.float32) if shading.log else None,
        colorscale=SURFACE_COLORS,
        opacity=0,
        colorbar={**shading.colorbar(say), "thickness": 14},
        hovertemplate=f"(%{{x:.3~g}}, %{{y:.3~g}})<br>J = %{{{heights}:.4~g}}<extra></extra>",
        name="J",
        showlegend=False,
        meta=BACKDROP,
    )
    x, y = level_lines(grid, shaded)
    levels = trace(
        "scatter",
        x=x,
        y=y,
        mode="lines",
        line={"width": 0.6, "color": "rgba(0,0,0,0.35)"},
        hoverinfo="skip",
        name=say("plot.level_lines"),
        showlegend=False,
        meta=BACKDROP,
    )
    return [hover, levels], colour_image(grid, shaded, SURFACE_COLORS)


def _start_marker(start: tuple[float, float], say: Say) -> dict:
    return trace(
        "scatter",
        x=[start[0]],
        y=[start[1]],
        mode="markers",
        name=say("plot.start"),
        showlegend=False,
        marker={"symbol": "circle-open", "size": 20, "color": "black", "line": {"width": 3}},
        hovertemplate=say("plot.start") + " (%{x:.4~g}, %{y:.4~g})<extra></extra>",
        meta=START,
    )


def _start_label(start: tuple[float, float], say: Say) -> dict:
    """'start' under the ring on a pale box, so paths that leave the start never cover the word."""
    return {
        "x": start[0],
        "y": start[1],
        "text": say("plot.start"),
        "showarrow": False,
        "yshift": -24,
        "bgcolor": "rgba(255,255,255,0.85)",
        "borderpad": 2,
        "font": {"size": 15},
    }
