"""The path a network's training took in all its weights, seen on the plane of the map: drawn over the loss there,
each point telling how far off the plane it lies, since a projected path is not a path on the surface."""

import numpy as np

from landscapes.network import Projected
from plots.style import trace

COLOR = "#5D3A9B"


def training_path_trace(seen: Projected, name: str, hover: str) -> dict:
    """The projected path as a dotted line with its kept steps marked; `hover` is a Plotly hover template reading
    each point's training step and distance from the plane (`customdata`)."""
    steps = np.arange(len(seen.points)) * seen.every
    return trace(
        "scatter",
        x=seen.points[:, 0].astype(np.float32),
        y=seen.points[:, 1].astype(np.float32),
        mode="lines+markers",
        name=name,
        line={"color": COLOR, "width": 2, "dash": "dot"},
        marker={"size": 4, "color": COLOR},
        customdata=np.column_stack([steps, seen.distances]).astype(np.float32),
        hovertemplate=hover,
    )


def add_training_path(fig, landscape, say) -> None:
    """`landscape`'s training path over its map, if it has one, after every other trace (so that Play moves none
    of it): on the page and on a lesson's paper alike."""
    seen = getattr(landscape, "training", None)
    if seen is not None:
        fig.add_trace(training_path_trace(seen, say("plot.training_path"), say("plot.training_hover")))
