"""The 3D view: the loss surface with the paths lying on it."""

from collections.abc import Callable, Mapping

import numpy as np

from landscapes import Landscape
from plots.animation import Figure, animate_in_browser, frame_steps
from plots.paths import path_uid
from plots.shading import Grid, Shading
from plots.style import SURFACE_COLORS, Say, Track, layout, trace


def path_heights(shading: Shading, span: float) -> Callable[[np.ndarray], np.ndarray]:
    """Where a path's points lie in 3D: J as the surface draws it, lifted a hair so the surface does not hide it."""
    return lambda values: shading(values) + 0.01 * span


def surface_figure(
    landscape: Landscape, grid: Grid, shading: Shading, tracks: Mapping[str, Track], say: Say, *, animated: bool = False
) -> Figure:
    """J as a surface in the map's grey (heights on the same log scale as the colours where the landscape is
    steep), each path on it; with `animated`, Play and a scrubber whose frames the browser makes from its sweep,
    as on the map (each frame redrawn: a 3D scene is not moved in place)."""
    heights = shading(grid.values).astype(np.float32)
    surface = trace(
        "surface",
        x=grid.axes[0].astype(np.float32),
        y=grid.axes[1].astype(np.float32),
        z=heights,
        surfacecolor=heights,
        customdata=grid.values.astype(np.float32),
        colorscale=SURFACE_COLORS,
        opacity=0.9,
        showscale=False,
        contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 2}},
        hovertemplate="(%{x:.3~g}, %{y:.3~g})<br>J = %{customdata:.4~g}<extra></extra>",
    )
    lifted = path_heights(shading, float(np.ptp(heights)))
    paths = [
        trace(
            "scatter3d",
            x=track.trajectory.points[:, 0, 0].astype(np.float32),
            y=track.trajectory.points[:, 0, 1].astype(np.float32),
            z=lifted(track.trajectory.values[:, 0]).astype(np.float32),
            mode="lines+markers",
            name=track.title,
            line={"color": track.color, "width": 8, "dash": track.dash},
            marker={"color": track.color, "size": 3},
            customdata=track.trajectory.steps,
            hovertemplate=f"{track.title}<br>{say('plot.step_hover')} %{{customdata}}<extra></extra>",
            meta=path_uid(key),
        )
        for key, track in tracks.items()
    ]
    (x_low, x_high), (y_low, y_high) = landscape.bounds
    height_title = "log₁₀(J − J_min + c)" if shading.log else "J"
    # Few ticks, and a camera from the front right: the z ticks stand clear of the y axis's.
    scene = {
        "xaxis": {"range": [x_low, x_high], "title": {"text": landscape.axis_names[0]}, "nticks": 5},
        "yaxis": {"range": [y_low, y_high], "title": {"text": landscape.axis_names[1]}, "nticks": 5},
        "zaxis": {"title": {"text": height_title}, "tickvals": _upper_ticks(heights)},
        "aspectmode": "manual",
        "aspectratio": {"x": 1, "y": 1, "z": 0.6},
        "camera": {"eye": {"x": 1.3, "y": -1.2, "z": 0.85}},
    }
    room = {"l": 0, "r": 0, "t": 40}
    fig = Figure(data=[surface, *paths], layout=layout({"height": 620, "scene": scene, "margin": room}))
    if animated and tracks:
        steps = frame_steps(int(next(iter(tracks.values())).trajectory.steps[-1]))
        animate_in_browser(fig, steps, say, redraw=True)
    return fig


def _upper_ticks(heights: np.ndarray) -> list[float]:
    """Three round heights in the surface's upper two thirds: none at its foot, where the z axis meets the x and y
    axes and their tick labels would sit on each other."""
    low, high = float(np.nanmin(heights)), float(np.nanmax(heights))
    return sorted({float(f"{low + share * (high - low):.2g}") for share in (0.4, 0.7, 1.0)})
