"""Traces shared by the 1D and 2D views: an optimizer's path, its moving head, where it diverged, the minima."""

import numpy as np

from plots.animation import TRAIL_POINTS
from plots.style import MINIMUM_STYLE, Say, Track, trace


def step_numbers(steps: np.ndarray) -> np.ndarray:
    """Step (or example) counts in the smallest unsigned integer type that holds them: charts resend them often."""
    steps = np.asarray(steps)
    return steps.astype(np.min_scalar_type(max(int(np.max(steps, initial=0)), 0)))


def path_trace(key: str, track: Track, x: np.ndarray, y: np.ndarray, steps: np.ndarray, say: Say) -> dict:
    """The path walked so far as joined markers in the optimizer's colour, its last point large and ringed.

    Hover names the step (animation frames repeat it, so it travels as `step_numbers`). Moving
    traces are plain dicts: frames hold hundreds of them, and Plotly's validation of each would cost more than
    the run itself. A path longer than TRAIL_POINTS steps draws its line through every step but at most
    TRAIL_POINTS markers, evenly spread: the browser styles each marker on its own, and thousands of them took a
    second per rerun. A run of TRAIL_POINTS steps (the page's usual 100) keeps all its markers: Plotly's spread
    can leave out the last, the ring.
    """
    title, step_word = track.title, say("plot.step_hover")
    count = len(x)
    sizes = np.full(count, 6, dtype=np.int8)
    rings = np.zeros(count, dtype=np.int8)
    if count:
        sizes[-1], rings[-1] = 17, 2
    return {
        "type": "scatter",
        "x": np.asarray(x, dtype=np.float32),
        "y": np.asarray(y, dtype=np.float32),
        "customdata": step_numbers(steps),
        "mode": "lines+markers",
        "name": title,
        "legendgroup": key,
        "line": {"color": track.color, "width": 2.5, "dash": track.dash},
        "marker": {
            "color": track.color,
            "symbol": track.symbol,
            "size": sizes,
            "line": {"color": "black", "width": rings},
            "maxdisplayed": TRAIL_POINTS if count > TRAIL_POINTS + 1 else 0,
        },
        "hovertemplate": f"{title}<br>{step_word} %{{customdata}}<br>(%{{x:.4~g}}, %{{y:.4~g}})<extra></extra>",
        "meta": path_uid(key),
    }


START = "start"
"""The `meta` of the start ring: the browser moves it while the learner drags it."""
DIVERGED = "diverged"
"""The `meta` of a cross where a path left the chart: hidden while the learner drags the start."""


def path_uid(key: str) -> str:
    """The id of the trace that draws path `key`: how the browser finds it to redraw it at another η."""
    return f"path {key}"


def exit_point(points: np.ndarray, bounds) -> np.ndarray:
    """Where a diverging path leaves the chart for good: its last point inside the bounds, `points (steps + 1, dim)`."""
    low, high = np.array(bounds, dtype=float).T
    inside = np.all((points >= low) & (points <= high), axis=-1)
    return points[np.flatnonzero(inside)[-1]] if inside.any() else np.clip(points[0], low, high)


def divergence_marks(tracks: dict[str, Track], bounds, say: Say, exits: dict[str, np.ndarray] | None = None) -> list:
    """A cross where each diverged path left the chart, labelled once per place: paths that left at the same
    point (gradient descent and Nesterov often do) share one label instead of printing two on each other.

    `exits` gives, per key, the (x, y) of the cross; by default the path's last point inside `bounds`.
    """
    places: dict[tuple, list[tuple[str, Track]]] = {}
    for key, track in tracks.items():
        trajectory = track.trajectory
        if not trajectory.diverged[0]:
            continue
        where = exits[key] if exits else exit_point(trajectory.points[:, 0], bounds)
        places.setdefault(tuple(np.round(np.asarray(where, dtype=float), 6)), []).append((key, track))
    middle = float(np.mean(bounds[0]))
    return [_divergence_trace(place, leaving, "top left" if place[0] > middle else "top right", say)
            for place, leaving in places.items()]  # fmt: skip


def _divergence_trace(place: tuple, leaving: list[tuple[str, Track]], side: str, say: Say) -> dict:
    """A cross at `place`, labelled on the `side` that faces the middle of the chart, so the label stays on it."""
    steps = sorted({int(track.trajectory.stopped_at[0]) for _, track in leaving})
    names = say("list.separator").join(track.title for _, track in leaving)
    when = ", ".join(map(str, steps))
    color = leaving[0][1].color
    return trace(
        "scatter",
        x=[place[0]],
        y=[place[1]],
        mode="markers+text",
        text=[say("plot.diverged_at", steps=when)],
        textposition=side,
        textfont={"color": color},
        cliponaxis=False,
        showlegend=False,
        legendgroup=leaving[0][0],
        marker={"symbol": "x-thin-open", "size": 22, "color": color, "line": {"width": 4}},
        hovertemplate=say("plot.diverged_after", titles=names, steps=when) + "<extra></extra>",
        meta=DIVERGED,
    )


def minima_traces(points: list[tuple[float, float, str]], say: Say, colors: list[str] | None = None) -> list[dict]:
    """One trace per kind of minimum (global, local), from (x, y, kind) triples, labelled in the legend.

    `colors`, one per point, paints each minimum in its basin's colour instead of its kind's.
    """
    traces = []
    for kind, style in MINIMUM_STYLE.items():
        chosen = [i for i, (_, _, k) in enumerate(points) if k == kind]
        if not chosen:
            continue
        x, y = np.array([points[i][:2] for i in chosen], dtype=float).T
        fill = [colors[i] for i in chosen] if colors else style["color"]
        marker = {
            "symbol": style["symbol"],
            "size": style["size"],
            "color": fill,
            "line": {"color": "black", "width": 1.5},
        }
        traces.append(_marks(x, y, say(f"plot.{kind}_minimum"), marker))
    return traces


def _marks(x, y, label: str, marker: dict) -> dict:
    """Points marked on a chart (minima, saddle points), named in the legend and on hover with their place."""
    return trace("scatter", x=x, y=y, mode="markers", name=label, marker=marker,
                 hovertemplate=f"{label}<br>(%{{x:.6~g}}, %{{y:.6~g}})<extra></extra>")  # fmt: skip


def saddle_trace(points, say: Say) -> list[dict]:
    """The landscape's marked saddle points as dark crosses named in the legend; none where it marks none."""
    if not points:
        return []
    x, y = np.array(points, dtype=float).T
    marker = {"symbol": "x", "size": 14, "color": "#B00020", "line": {"color": "white", "width": 1}}
    return [_marks(x, y, say("plot.saddle_point"), marker)]
