"""The data behind a loss: the examples, the model a path has reached, and the mini-batch of each step."""

import numpy as np

from landscapes import DataLandscape
from plots.animation import Figure, animate, frame_steps
from plots.style import Say, Track, layout, trace

CLASS_COLORS = {-1.0: "#56B4E9", 1.0: "#E69F00"}


def data_figure(
    landscape: DataLandscape,
    track: Track,
    batches: list[np.ndarray] | None,
    *,
    animated: bool,
    say: Say,
    editable: bool = False,
) -> Figure:
    """The examples with `track`'s model (fitted curve or decision boundary) and, per step, its batch ringed.
    `editable`: a drag on it moves an example rather than zooming, so its axes stay where they are."""
    inputs, targets = landscape.examples
    if landscape.task == "classification":
        still = [
            _examples(inputs[targets == label, 0], inputs[targets == label, 1], color,
                      say("plot.class", label=f"{label:+.0f}"))
            for label, color in CLASS_COLORS.items()
        ]  # fmt: skip
        x_range, y_range = _span(inputs[:, 0]), _span(inputs[:, 1])
    else:
        still = [_examples(inputs[:, 0], targets, "#7F7F7F", say("plot.examples"))]
        x_range, y_range = _span(inputs[:, 0]), _span(targets)
    last = int(track.trajectory.steps[-1])
    moving = _moving(landscape, track, batches, last, (x_range, y_range), say)
    x_title, y_title = ("x₁", "x₂") if landscape.task == "classification" else ("x", "y")
    fig = Figure(
        data=[*still, *moving],
        layout=layout(
            {"height": 420, "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"}},
            {
                "xaxis": {"range": x_range, "title": {"text": x_title}, "fixedrange": editable},
                "yaxis": {"range": y_range, "title": {"text": y_title}, "fixedrange": editable},
                **({"dragmode": False} if editable else {}),
            },
        ),
    )
    if animated:
        steps = frame_steps(last)
        frames = [_moving(landscape, track, batches, step, (x_range, y_range), say) for step in steps]
        animate(fig, steps, frames, list(range(len(still), len(fig.data))), say)
    return fig


def _examples(x, y, color, name):
    return trace(
        "scatter",
        x=x.astype(np.float32),
        y=y.astype(np.float32),
        mode="markers",
        name=name,
        marker={"color": color, "size": 7, "opacity": 0.75},
        hoverinfo="skip",
    )


def _span(values: np.ndarray) -> list[float]:
    low, high = float(values.min()), float(values.max())
    pad = 0.08 * (high - low)
    return [low - pad, high + pad]


def _moving(landscape, track, batches, step, ranges, say) -> list[dict]:
    """The model at `step` and the examples of the batch used at that step (none for full batch)."""
    trajectory = track.trajectory
    a, b = (np.array([c]) for c in trajectory.points[min(step, len(trajectory.points) - 1), 0])
    inputs, targets = landscape.examples
    x_range, y_range = ranges
    if landscape.task == "classification":
        line_x, line_y = boundary(lambda points: landscape.predict(a, b, points)[0], x_range, y_range)
        label = say("plot.boundary")
    else:
        line_x = np.linspace(*x_range, 120)
        line_y = landscape.predict(a, b, line_x[:, None])[0]
        label = say("plot.model")
    chosen = batches[step] if batches is not None and step < len(batches) else np.array([], dtype=int)
    batch_x, batch_y = (
        (inputs[chosen, 0], inputs[chosen, 1])
        if landscape.task == "classification"
        else (inputs[chosen, 0], targets[chosen])
    )
    color = track.color
    return [
        {
            "type": "scatter",
            "x": line_x.astype(np.float32),
            "y": line_y.astype(np.float32),
            "mode": "lines",
            "name": say("plot.model_at", model=label, title=track.title, step=step),
            "line": {"color": color, "width": 4},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": batch_x.astype(np.float32),
            "y": batch_y.astype(np.float32),
            "mode": "markers",
            "name": say("plot.batch"),
            "marker": {"color": "rgba(0,0,0,0)", "size": 13, "line": {"color": "black", "width": 2.5}},
            "hoverinfo": "skip",
        },
    ]


BOUNDARY_CELLS = 60
"""The decision boundary is traced on a grid of this many cells a side over the chart."""


def boundary(score, x_range, y_range, cells: int = BOUNDARY_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """Where `score` (of points `(k, 2)`) is zero over the chart, as line segments with NaN between them: a
    straight line for a linear model, the curves a network draws. Marching squares: in each grid cell whose
    corners' signs differ, a segment joins the crossings on its edges, each placed by linear interpolation (a
    cell crossed on all four edges gets two segments)."""
    gx, gy = np.meshgrid(np.linspace(*x_range, cells + 1), np.linspace(*y_range, cells + 1))
    z = score(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    corners = [(0, 0), (0, 1), (1, 1), (1, 0)]  # around each cell, as (row, column) offsets

    def at(grid, corner):
        return grid[corner[0] : corner[0] + cells, corner[1] : corner[1] + cells]

    edges = []  # per edge of every cell: whether the boundary crosses it, and where
    for start, end in zip(corners, corners[1:] + corners[:1], strict=True):
        z0, z1 = at(z, start), at(z, end)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(z0 != z1, z0 / (z0 - z1), 0.5)
        points = [at(g, start) + t * (at(g, end) - at(g, start)) for g in (gx, gy)]
        edges.append(((z0 > 0) != (z1 > 0), *points))
    count = sum(crossed.astype(int) for crossed, _, _ in edges)
    joined = [(i, j, 2) for i in range(4) for j in range(i + 1, 4)] + [(0, 1, 4), (2, 3, 4)]
    segments = []
    for i, j, crossings in joined:
        both = edges[i][0] & edges[j][0] & (count == crossings)
        gap = np.full(int(both.sum()), np.nan)
        segments.append([np.stack([edges[i][k][both], edges[j][k][both], gap], axis=1).ravel() for k in (1, 2)])
    return tuple(np.concatenate([segment[k] for segment in segments]) for k in (0, 1))
