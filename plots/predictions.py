"""A class's taps on the map or curve: where the students said the run ends, drawn over the landscape."""

import numpy as np

from landscapes import Landscape
from plots.style import trace

TAP_COLOR = "#D81B60"


def taps_trace(landscape: Landscape, points, name: str, own: bool = False) -> dict:
    """`points` (one row per tap, the landscape's coordinates) as crosses: on a curve at its height J(θ), on a map
    where tapped. Many taps of a class are pale, so where they crowd reads as a darker cloud; `own`, one
    student's tap, is drawn full and large."""
    taps = np.asarray(points, dtype=float).reshape(-1, landscape.dim)
    y = landscape.value(taps) if landscape.dim == 1 else taps[:, 1]
    return trace(
        "scatter",
        x=taps[:, 0].astype(np.float32),
        y=np.asarray(y, dtype=np.float32),
        mode="markers",
        name=name,
        marker={
            "symbol": "x-thin",
            "size": 18 if own else 14,
            "color": TAP_COLOR,
            "opacity": 1.0 if own else 0.45,
            "line": {"width": 3, "color": TAP_COLOR},
        },
        hoverinfo="skip",
        cliponaxis=False,
    )
