"""The 3D view: the loss surface with the paths lying on it."""

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from landscapes import Landscape
from plots.animation import Figure
from plots.shading import Grid, Shading
from plots.style import BASE_LAYOUT, Say, Track, trace


def surface_figure(
    landscape: Landscape, grid: Grid, shading: Shading, tracks: Mapping[str, Track], say: Say
) -> go.Figure:
    """J as a surface (heights on the same log scale as the colours where the landscape is steep), paths on it."""
    fig = Figure(layout={**BASE_LAYOUT, "height": 620})
    fig.add_trace(
        trace(
            "surface",
            x=grid.axes[0].astype(np.float32),
            y=grid.axes[1].astype(np.float32),
            z=shading(grid.values).astype(np.float32),
            surfacecolor=shading(grid.values).astype(np.float32),
            customdata=grid.values.astype(np.float32),
            colorscale="Blues",
            opacity=0.9,
            showscale=False,
            contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 2}},
            hovertemplate="(%{x:.3g}, %{y:.3g})<br>J = %{customdata:.4g}<extra></extra>",
        )
    )
    lift = 0.01 * float(np.ptp(shading(grid.values)))
    for track in tracks.values():
        traj = track.trajectory
        points = traj.points[:, 0]
        fig.add_trace(
            trace(
                "scatter3d",
                x=points[:, 0].astype(np.float32),
                y=points[:, 1].astype(np.float32),
                z=(shading(traj.values[:, 0]) + lift).astype(np.float32),
                mode="lines+markers",
                name=track.title,
                line={"color": track.color, "width": 8, "dash": track.dash},
                marker={"color": track.color, "size": 3},
                customdata=traj.steps,
                hovertemplate=f"{track.title}<br>{say('plot.step_hover')} %{{customdata}}<extra></extra>",
            )
        )
    (x_low, x_high), (y_low, y_high) = landscape.bounds
    height_title = "log₁₀(J − J_min + c)" if shading.log else "J"
    fig.update_layout(
        scene={
            "xaxis": {"range": [x_low, x_high], "title": {"text": landscape.axis_names[0]}},
            "yaxis": {"range": [y_low, y_high], "title": {"text": landscape.axis_names[1]}},
            "zaxis": {"title": {"text": height_title}},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": 1, "z": 0.6},
        }
    )
    return fig
