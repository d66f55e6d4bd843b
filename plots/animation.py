"""Browser-side animation: frames that carry only the moving traces, a step scrubber, Play and Pause."""

import base64

import numpy as np
import plotly.graph_objects as go

MAX_FRAMES = 50
TRAIL_POINTS = 100


def frame_steps(steps: int, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """The steps that get a frame: all of them for short runs, evenly spread (ending on the last) for long ones."""
    return np.unique(np.linspace(0, steps, min(steps + 1, max_frames)).round().astype(int))


def trail(points: np.ndarray, upto: int, max_points: int = TRAIL_POINTS) -> np.ndarray:
    """The path's points up to step `upto`, thinned to at most `max_points` but always keeping the first and last."""
    if upto + 1 <= max_points:
        return points[: upto + 1]
    keep = np.unique(np.linspace(0, upto, max_points).round().astype(int))
    return points[keep]


def _binary(value):
    """NumPy arrays inside `value` as Plotly's typed-array specs (base64), as Plotly does for validated traces."""
    if isinstance(value, np.ndarray):
        return {"dtype": value.dtype.str[1:], "bdata": base64.b64encode(np.ascontiguousarray(value)).decode()}
    if isinstance(value, dict):
        return {key: _binary(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_binary(item) for item in value]
    return value


class AnimatedFigure(go.Figure):
    """A figure whose animation frames are plain dicts, joined to it when it is serialized (`to_dict`).

    Plotly validates every trace of every frame as an object, which for a few hundred frame traces
    costs ten times the optimizer runs themselves; these frames are built here from arrays, so they
    are trusted as they are. `frames_spec` holds them.
    """

    def to_dict(self):
        spec = super().to_dict()
        spec["frames"] = self._frames_spec
        return spec

    @property
    def frames_spec(self) -> list[dict]:
        return self._frames_spec


def animate(fig: go.Figure, steps: np.ndarray, frame_traces: list[list[dict]], moving: list[int]) -> go.Figure:
    """`fig` with one frame per entry of `steps` updating only the traces at indices `moving`, and controls.

    Frames are played in the browser; the static traces (curve, contour) are sent once with the figure.
    """
    fig = AnimatedFigure(data=fig.data, layout=fig.layout)
    fig._frames_spec = [
        {"name": str(step), "data": _binary(traces), "traces": moving}
        for step, traces in zip(steps, frame_traces, strict=True)
    ]
    still = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    playing = {"frame": {"duration": 120, "redraw": False}, "fromcurrent": False, "transition": {"duration": 0}}
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 70, "r": 10},
                "buttons": [
                    {"label": "▶ Play", "method": "animate", "args": [None, playing]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
                ],
            }
        ],
        sliders=[
            {
                "active": len(steps) - 1,
                "x": 0.22,
                "len": 0.78,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 55},
                "currentvalue": {"prefix": "step ", "font": {"size": 16}, "xanchor": "right"},
                "steps": [{"label": str(step), "method": "animate", "args": [[str(step)], still]} for step in steps],
            }
        ],
    )
    fig.update_layout(margin={"b": 130})
    return fig
