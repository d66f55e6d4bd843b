"""Traces shared by the 1D and 2D views: an optimizer's path, its moving head, where it diverged, the minima."""

import numpy as np
import plotly.graph_objects as go

from plots.animation import TRAIL_POINTS
from plots.style import MINIMUM_STYLE, optimizer_color, optimizer_title, path_dash


def step_numbers(steps: np.ndarray) -> np.ndarray:
    """Step (or example) counts in the smallest unsigned integer type that holds them: charts resend them often."""
    steps = np.asarray(steps)
    return steps.astype(np.min_scalar_type(max(int(np.max(steps, initial=0)), 0)))


def path_trace(name: str, x: np.ndarray, y: np.ndarray, steps: np.ndarray) -> dict:
    """The path walked so far as joined markers in the optimizer's colour, its last point large and ringed.

    Hover names the step (animation frames repeat it, so it travels as `step_numbers`). Moving
    traces are plain dicts: frames hold hundreds of them, and Plotly's validation of each would cost more than
    the run itself. A long path draws its line through every step but at most TRAIL_POINTS markers, evenly
    spread: the browser styles each marker on its own, and thousands of them took a second per rerun.
    """
    title = optimizer_title(name)
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
        "legendgroup": name,
        "line": {"color": optimizer_color(name), "width": 2.5, "dash": path_dash(name)},
        "marker": {
            "color": optimizer_color(name),
            "size": sizes,
            "line": {"color": "black", "width": rings},
            "maxdisplayed": TRAIL_POINTS if count > TRAIL_POINTS else 0,
        },
        "hovertemplate": f"{title}<br>step %{{customdata}}<br>(%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
    }


def exit_point(points: np.ndarray, bounds) -> np.ndarray:
    """Where a diverging path leaves the chart for good: its last point inside the bounds, `points (steps + 1, dim)`."""
    low, high = np.array(bounds, dtype=float).T
    inside = np.all((points >= low) & (points <= high), axis=-1)
    return points[np.flatnonzero(inside)[-1]] if inside.any() else np.clip(points[0], low, high)


def divergence_trace(name: str, x: float, y: float, step: int) -> go.Scatter:
    """A cross where a diverged path left: its last finite point."""
    return go.Scatter(
        x=[x],
        y=[y],
        mode="markers+text",
        text=[f"diverged at step {step}"],
        textposition="top center",
        textfont={"color": optimizer_color(name)},
        cliponaxis=False,
        showlegend=False,
        legendgroup=name,
        marker={"symbol": "x-thin-open", "size": 22, "color": optimizer_color(name), "line": {"width": 4}},
        hovertemplate=f"{optimizer_title(name)} diverged after step {step}<extra></extra>",
    )


def minima_traces(points: list[tuple[float, float, str]], colors: list[str] | None = None) -> list[go.Scatter]:
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
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="markers",
                name=style["label"],
                marker={
                    "symbol": style["symbol"],
                    "size": style["size"],
                    "color": fill,
                    "line": {"color": "black", "width": 1.5},
                },
                hovertemplate=f"{style['label']}<br>(%{{x:.6g}}, %{{y:.6g}})<extra></extra>",
            )
        )
    return traces
