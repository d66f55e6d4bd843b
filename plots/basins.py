"""Basins of attraction: the start space painted by the minimum each start reaches."""

from collections.abc import Mapping

import numpy as np

from landscapes import Landscape
from language import point
from optimizers import BasinMap
from plots.animation import Figure
from plots.paths import minima_traces, path_trace
from plots.style import BASE_LAYOUT, MAP_LAYOUT, Say, Track, trace

MAX_BASIN_COLORS = 8
"""Beyond this many minima (Rastrigin, Ackley) basins are not told apart by colour: the map shows the final loss."""

BASIN_COLORS = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"]
"""Paul Tol's "light" scheme: pale enough for a map, told apart by colour-blind eyes."""
NOT_SETTLED_COLOR = "#F2F2F2"
DIVERGED_COLOR = "#3A3A3A"


def colored_by_minimum(landscape: Landscape) -> bool:
    return 0 < len(landscape.minima) <= MAX_BASIN_COLORS


def minimum_colors(landscape: Landscape) -> list[str]:
    """The colour of each minimum's basin, in the order of `landscape.minima`."""
    return BASIN_COLORS[: len(landscape.minima)] if colored_by_minimum(landscape) else []


def _code_colors(landscape: Landscape) -> list[str]:
    """The colour of each code `_codes` gives: the minima's basins (colours repeat where there are more minima
    than colours), then not settled, then diverged."""
    basins = [BASIN_COLORS[i % len(BASIN_COLORS)] for i in range(len(landscape.minima))]
    return [*basins, NOT_SETTLED_COLOR, DIVERGED_COLOR]


def _codes(landscape: Landscape, labels: np.ndarray) -> tuple[np.ndarray, list]:
    """Labels as colour indices (minima, then not settled, then diverged) and a matching stepped colour scale."""
    colors = _code_colors(landscape)
    count = len(landscape.minima)
    codes = np.where(labels >= 0, labels, np.where(labels == -1, count, count + 1)).astype(np.int8)
    scale = []
    for i, color in enumerate(colors):
        scale += [[i / len(colors), color], [(i + 1) / len(colors), color]]
    return codes, scale


def _legend_entries(landscape: Landscape, say: Say) -> list[dict]:
    """One legend entry per colour code, in code order."""
    names = [say(f"plot.basin_{m.kind}", point=point(m.point)) for m in landscape.minima]
    entries = zip([*names, say("plot.not_settled"), say("plot.diverged")], _code_colors(landscape), strict=True)
    return [
        trace(
            "scatter",
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            marker={"symbol": "square", "size": 14, "color": color, "line": {"color": "#888", "width": 1}},
        )
        for name, color in entries
    ]


def basin_figure(
    landscape: Landscape,
    basins: BasinMap,
    start: tuple[float, float],
    say: Say,
    tracks: Mapping[str, Track] | None = None,
) -> Figure:
    """A 2D basin map over the bounds, the minima in their basins' colours, the current start, and the `tracks`
    walked from it (the focus optimizer's), so the run the map explains stays on show."""
    legend = {"orientation": "h", "y": -0.2, "yanchor": "top"}  # under the axis title, not on it
    fig = Figure(layout={**BASE_LAYOUT, "height": 640, "legend": legend, "margin": {**BASE_LAYOUT["margin"], "b": 170}})
    x, y = (axis.astype(np.float32) for axis in basins.axes)
    if colored_by_minimum(landscape):
        codes, scale = _codes(landscape, basins.labels)
        count = len(scale) // 2
        fig.add_trace(
            trace(
                "heatmap", x=x, y=y, z=codes.T, colorscale=scale, zmin=0, zmax=count, showscale=False, hoverinfo="skip"
            )
        )
        for entry in _legend_entries(landscape, say):
            fig.add_trace(entry)
    else:
        start_word, ends_at = say("plot.start"), say("plot.ends_at")
        shown = np.where(basins.labels == -2, np.nan, basins.final_values).astype(np.float32)
        fig.add_trace(
            trace(
                "heatmap",
                x=x,
                y=y,
                z=shown.T,
                colorscale="Viridis",
                colorbar={"title": {"text": say("plot.ended_at")}},
                hovertemplate=f"{start_word} (%{{x:.3~g}}, %{{y:.3~g}})<br>{ends_at} = %{{z:.4~g}}<extra></extra>",
            )
        )
    colors = minimum_colors(landscape) or None
    for mark in minima_traces([(*m.point, m.kind) for m in landscape.minima], say, colors):
        fig.add_trace(mark)
    fig.add_trace(
        trace(
            "scatter",
            x=[start[0]],
            y=[start[1]],
            mode="markers",
            name=say("plot.current_start"),
            marker={"symbol": "circle-open", "size": 20, "color": "black", "line": {"width": 3}},
        )
    )
    for key, track in (tracks or {}).items():
        points = track.trajectory.points[:, 0]
        fig.add_trace(path_trace(key, track, points[:, 0], points[:, 1], track.trajectory.steps, say))
    (x_low, x_high), (y_low, y_high) = landscape.bounds
    fig.update_layout(
        xaxis={"range": [x_low, x_high], "title": {"text": say("plot.start_x")}, "constrain": "domain",
               "showgrid": False},
        yaxis={"range": [y_low, y_high], "title": {"text": say("plot.start_y")}, "scaleanchor": "x",
               "constrain": "domain", "showgrid": False},
    )  # fmt: skip
    fig.update_layout(MAP_LAYOUT)
    return fig


BAND_LABEL_SHARE = 0.12
"""A run of starts at least this share of the θ axis wide is labelled inside the band; narrower ones in the legend."""


def add_basin_band(fig: Figure, landscape: Landscape, basins: BasinMap, say: Say) -> Figure:
    """Under a 1D curve, the θ axis of starts painted by the minimum each start reaches (the chapter's figure 2).

    Painted as one rectangle per run of starts that end alike, shapes of the layout: Plotly drops traces of
    a subplot it is not animating (the band has its own axis) while it plays the curve's frames. Wide runs
    say where they end inside the band; the legend names only what is too narrow to label there.
    """
    codes, _ = _codes(landscape, basins.labels)
    theta = basins.axes[0]
    edges = np.concatenate([theta[:1], (theta[1:] + theta[:-1]) / 2, theta[-1:]])
    starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1])
    ends = np.append(starts[1:], len(codes))
    code_colors = _code_colors(landscape)
    names = _band_names(landscape, say)
    band, labels, labelled = [], [], set()
    for start, end in zip(starts, ends, strict=True):
        left, right, code = float(edges[start]), float(edges[end]), int(codes[start])
        band.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y2 domain",
                "x0": left,
                "x1": right,
                "y0": 0,
                "y1": 1,
                "fillcolor": code_colors[code],
                "line": {"width": 0},
            }
        )
        if right - left >= BAND_LABEL_SHARE * (edges[-1] - edges[0]):
            labelled.add(code)
            labels.append(_band_label((left + right) / 2, names[code], dark=code == len(code_colors) - 1))
    unlabelled = set(codes.tolist()) - labelled
    # Plotly makes an axis only for a trace on it: without one, the band's "y2 domain" falls onto the curve's axis.
    fig.add_trace(trace("scatter", x=[None], y=[None], yaxis="y2", showlegend=False, hoverinfo="skip"))
    for code, entry in enumerate(_legend_entries(landscape, say)):
        if code in unlabelled:
            fig.add_trace({**entry, "yaxis": "y2"})  # empty, legend only
    colors = _code_colors(landscape)
    for kind in ("global", "local"):
        fill = [color for minimum, color in zip(landscape.minima, colors, strict=False) if minimum.kind == kind]
        for mark in (t for t in fig.data if t.get("name") == say(f"plot.{kind}_minimum")):
            mark["marker"] = {**mark.get("marker", {}), "color": fill}
    fig.update_layout(
        shapes=band,
        annotations=[*fig.layout.get("annotations", []), *labels],
        xaxis={"anchor": "y2"},
        yaxis={"domain": [0.14, 1.0]},
        yaxis2={
            "domain": [0.0, 0.08],
            "range": [-1, 1],
            "showticklabels": False,
            "ticks": "",
            "showgrid": False,
            "zeroline": False,
            "title": {"text": say("plot.starts")},
            "fixedrange": True,
        },
    )
    return fig


def _band_names(landscape: Landscape, say: Say) -> list[str]:
    """What a run of starts in the band reaches, per colour code: short enough to sit inside the band."""
    return [say(f"plot.band_{m.kind}") for m in landscape.minima] + [
        say("plot.band_not_settled"),
        say("plot.band_diverged"),
    ]


def _band_label(x: float, text: str, dark: bool) -> dict:
    return {
        "x": x,
        "xref": "x",
        "y": 0.5,
        "yref": "y2 domain",
        "text": text,
        "showarrow": False,
        "font": {"size": 14, "color": "white" if dark else "#222"},
    }
