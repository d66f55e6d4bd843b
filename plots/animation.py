"""Browser-side animation: frames that carry only what moves, a step scrubber, Play and Pause."""

import base64
import functools

import numpy as np

from plots.style import Say

MAX_FRAMES = 50
TRAIL_POINTS = 100
FRAME_POINTS = 300
"""Points one frame carries across all its paths: with many optimizers each trail gets a smaller share."""
CONTROLS_MARGIN = 124
"""Room under the plot for its x-axis, then Play, Pause and the scrubber side by side, in pixels."""


def frame_steps(steps: int, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """The steps that get a frame: all of them for short runs, evenly spread (ending on the last) for long ones."""
    return np.unique(np.linspace(0, steps, min(steps + 1, max_frames)).round().astype(int))


def trail_share(paths: int) -> int:
    """Points per trail in a frame of `paths` paths: at most TRAIL_POINTS, at least 20."""
    return max(20, min(TRAIL_POINTS, FRAME_POINTS // max(paths, 1)))


def trail(points: np.ndarray, upto: int, max_points: int = TRAIL_POINTS) -> np.ndarray:
    """The path's points up to step `upto`, thinned to at most `max_points` but always keeping the first and last."""
    if upto + 1 <= max_points:
        return points[: upto + 1]
    keep = np.unique(np.linspace(0, upto, max_points).round().astype(int))
    return points[keep]


def binary(value):
    """NumPy arrays inside `value` as Plotly's typed-array specs (base64), as Plotly does for validated traces: an
    array of more than one axis carries its shape (`"100, 100"`), without which it would be read as one long row.
    An array no typed array of plotly.js holds (`readable`) goes as a plain list."""
    if isinstance(value, np.ndarray):
        typed = readable(value)
        if typed is None:
            return value.tolist()
        spec = {"dtype": typed.dtype.str[1:], "bdata": base64.b64encode(np.ascontiguousarray(typed)).decode()}
        return spec | ({"shape": ", ".join(map(str, value.shape))} if value.ndim > 1 else {})
    # Containers are walked; a plain item (most of them) is kept without a call.
    if isinstance(value, dict):
        return {key: binary(item) if isinstance(item, CONTAINERS) else item for key, item in value.items()}
    if isinstance(value, list):
        return [binary(item) if isinstance(item, CONTAINERS) else item for item in value]
    return value


CONTAINERS = (dict, list, np.ndarray)
PLOTLY_JS_TYPES = frozenset({"i1", "u1", "i2", "u2", "i4", "u4", "f4", "f8"})
"""The typed arrays plotly.js reads; it refuses a whole chart with any other ("Error in dtype")."""
NARROWER = {"i": (np.int8, np.int16, np.int32), "u": (np.uint8, np.uint16, np.uint32)}


def readable(array: np.ndarray) -> np.ndarray | None:
    """`array` as a typed array plotly.js reads, or None: 64-bit integers (NumPy's default, such as step numbers)
    in the narrowest integers that hold them, as Plotly's own encoder does; none for values wider than 32 bits,
    for booleans, or for bytes in the other order."""
    kind = array.dtype.kind
    if kind in NARROWER and array.dtype.itemsize == 8:
        low, high = (array.min(), array.max()) if array.size else (0, 0)
        fits = [width for width in NARROWER[kind] if np.iinfo(width).min <= low and high <= np.iinfo(width).max]
        return array.astype(fits[0]) if fits else None
    return array if array.dtype.str[1:] in PLOTLY_JS_TYPES and array.dtype.byteorder in "<|=" else None


def _mark_changed(keys: dict, trace: dict, base: dict) -> None:
    """Mark in `keys` (a tree of nested dicts, True at a key that changes) the keys of `trace` whose values differ
    from `base` (arrays always count); a key already marked is not compared again."""
    for key, value in trace.items():
        marked = keys.get(key)
        if marked is True:
            continue
        old = base.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            inner = marked if marked is not None else {}
            _mark_changed(inner, value, old)
            if inner:
                keys[key] = inner
        elif isinstance(value, np.ndarray) or isinstance(old, np.ndarray) or value != old:
            keys[key] = True


def _picked(trace: dict, keys: dict) -> dict:
    return {
        key: _picked(trace[key], inner) if isinstance(inner, dict) else trace[key]
        for key, inner in keys.items()
        if key in trace
    }


class Figure:
    """A Plotly figure as plain dicts: its traces (`data`), its `layout` and, for an animation, its frames and
    controls, joined when it is serialized (`to_dict`, the JSON-ready spec plotly.js draws).

    Plotly's own figure objects validate, wrap and deep-copy every property of every trace as they are built and
    serialized: about a third of a shared server's rerun. The builders here make their dicts from arrays and
    fixed names, so they are kept as they are; the tests check every kind of figure the page draws against
    Plotly's schema instead.
    """

    def __init__(self, data=None, layout: dict | None = None) -> None:
        self.data = [trace if isinstance(trace, dict) else trace.to_plotly_json() for trace in data or []]
        self.layout = dict(layout or {})
        self._animation: dict | None = None

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, changes: dict | None = None, **more) -> None:
        """Lay `changes` over the layout, a nested setting (an axis, the margin) merged key by key."""
        for key, value in {**(changes or {}), **more}.items():
            old = self.layout.get(key)
            self.layout[key] = {**old, **value} if isinstance(value, dict) and isinstance(old, dict) else value

    def to_dict(self) -> dict:
        spec = {"data": binary(self.data), "layout": binary(self.layout), "frames": []}
        if self._animation:
            spec["frames"] = self._animation["frames"]
            layout = spec["layout"]
            spec["layout"] = {**layout, **self._animation["controls"]}
            spec["layout"]["margin"] = {**layout.get("margin", {}), "b": CONTROLS_MARGIN}
        return spec


def animate(fig: Figure, steps: np.ndarray, frame_traces: list[list], moving: list[int], say: Say) -> None:
    """Give `fig` one frame per entry of `steps`, updating only the traces at indices `moving`, and controls.

    Frames are played in the browser; the static traces (curve, contour) are sent once with the figure, and
    each frame carries of its traces only the keys that differ from the figure's own in some frame.
    """
    bases = [fig.data[index] for index in moving]
    frame_traces = [[t if isinstance(t, dict) else t.to_plotly_json() for t in traces] for traces in frame_traces]
    # A key that changes in any frame goes in every frame: frames apply on top of each other, not on the figure.
    keys = [{} for _ in moving]
    for traces in frame_traces:
        for k, t, base in zip(keys, traces, bases, strict=True):
            _mark_changed(k, t, base)
    frames = [
        {
            "name": str(step),
            "data": binary([_picked(t, k) for t, k in zip(traces, keys, strict=True)]),
            "traces": moving,
        }
        for step, traces in zip(steps, frame_traces, strict=True)
    ]
    fig._animation = {"frames": frames, "controls": controls(steps, say)}


def animate_in_browser(fig: Figure, steps: np.ndarray, say: Say, redraw: bool = False) -> None:
    """Give `fig` Play, Pause and a scrubber over `steps` but no frames: the browser builds them from the
    learning-rate sweep it holds (frame `str(step)` shows each path up to that step), at whichever η it shows.
    `redraw`: each frame redraws the whole chart (a 3D scene cannot move its traces in place)."""
    fig._animation = {"frames": [], "controls": controls(steps, say, redraw)}


def controls(steps: np.ndarray, say: Say, redraw: bool = False) -> dict:
    """Play and Pause under the x-axis, and beside them a scrubber with one stop per frame: one row, so the plot
    keeps the height. The same objects for the same steps, words and redraw (never changed in place), so the
    page sends them once as a part encoded once (`plots.live`)."""
    return _controls(tuple(int(step) for step in steps), say, redraw)


@functools.lru_cache(maxsize=128)
def _controls(steps: tuple[int, ...], say: Say, redraw: bool) -> dict:
    still = {"frame": {"duration": 0, "redraw": redraw}, "mode": "immediate", "transition": {"duration": 0}}
    playing = {"frame": {"duration": 120, "redraw": redraw}, "fromcurrent": False, "transition": {"duration": 0}}
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 72, "r": 10},
                "buttons": [
                    {"label": say("plot.play"), "method": "animate", "args": [None, playing]},
                    {"label": say("plot.pause"), "method": "animate", "args": [[None], still]},
                ],
            }
        ],
        "sliders": [
            {
                "active": len(steps) - 1,
                "x": 0.36,
                "len": 0.64,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 50},
                "currentvalue": {
                    "prefix": say("plot.step"),
                    "suffix": say("plot.step_suffix"),
                    "font": {"size": 16},
                    "xanchor": "right",
                },
                "steps": [{"label": str(step), "method": "animate", "args": [[str(step)], still]} for step in steps],
            }
        ],
    }
