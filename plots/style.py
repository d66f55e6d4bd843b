"""Colours and sizes shared by every chart, chosen to read from the back of a classroom."""

import optimizers

OPTIMIZER_COLORS = {
    "gd": "#E69F00",
    "momentum": "#0072B2",
    "nesterov": "#009E73",
    "adagrad": "#CC79A7",
    "rmsprop": "#56B4E9",
    "adam": "#D55E00",
    "adamw": "#7F3C8D",
}
"""One colour per optimizer in every chart: the Okabe–Ito palette, which colour-blind eyes tell apart."""

SURFACE_COLORS = [[0.0, "#FFFFFF"], [0.35, "#D9D9D9"], [1.0, "#525252"]]
"""Low loss light, high loss dark: a grey that every path colour stands out on."""

MINIMUM_STYLE = {
    "global": {"symbol": "star", "size": 18, "color": "#FFD700", "label": "global minimum"},
    "local": {"symbol": "diamond", "size": 13, "color": "#9E9E9E", "label": "local minimum"},
}

FONT = {"size": 16}
HEIGHT = 560
BASE_LAYOUT = {
    "font": FONT,
    "height": HEIGHT,
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
    "hovermode": "closest",
    "plot_bgcolor": "white",
    "uirevision": "keep",
}


def optimizer_color(name: str) -> str:
    return OPTIMIZER_COLORS[name]


def optimizer_title(name: str) -> str:
    return optimizers.get(name).title
