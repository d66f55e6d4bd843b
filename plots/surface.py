"""The 3D view: the loss surface with the paths lying on it."""

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from landscapes import Landscape
from plots.animation import Figure
from plots.shading import Grid, Shading
from plots.style import Say, Track, layout, trace


def surface_figure(
    landscape: Landscape, grid: Grid, shading: Shading, tracks: Mapping[str, Track], say: Say
) -> go.Figure:
    """J as a surface (heights on the same log scale as the colours where the landscape is steep), paths on it."""
    heights = shading(grid.values).astype(np.float32)
    surface = trace(
        "surface",
        x=grid.axes[0].astype(np.float32),
        y=grid.axes[1].astype(np.float32),
        z=heights,
        surfacecolor=heights,
        customdata=grid.values.astype(np.float32),
        colorscale="Blues",
        opacity=0.9,
        showscale=False,
        contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 2}},
        hovertemplate="(%{x:.3~g}, %{y:.3~g})<br>J = %{customdata:.4~g}<extra></extra>",
    )
    lift = 0.01 * float(np.ptp(heights))
    paths = [
        trace(
            "scatter3d",
            x=track.trajectory.points[:, 0, 0].astype(np.float32),
            y=track.trajectory.points[:, 0, 1].astype(np.float32),
            z=(shading(track.trajectory.values[:, 0]) + lift).astype(np.float32),
            mode="lines+markers",
            name=track.title,
            line={"color": track.color, "width": 8, "dash": track.dash},
            marker={"color": track.color, "size": 3},
            customdata=track.trajectory.steps,
            hovertemplate=f"{track.title}<br>{say('plot.step_hover')} %{{customdata}}<extra></extra>",
        )
        for track in tracks.values()
    ]
    (x_low, x_high), (y_low, y_high) = landscape.bounds
    height_title = "log₁₀(J − J_min + c)" if shading.log else "J"
    scene = {
        "xaxis": {"range": [x_low, x_high], "title": {"text": landscape.axis_names[0]}},
        "yaxis": {"range": [y_low, y_high], "title": {"text": landscape.axis_names[1]}},
        "zaxis": {"title": {"text": height_title}},
        "aspectmode": "manual",
        "aspectratio": {"x": 1, "y": 1, "z": 0.6},
    }
    fig = Figure(data=[surface, *paths], layout=layout({"height": 620, "scene": scene}))
    return fig
