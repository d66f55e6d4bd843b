"""How a figure reaches the page's live chart: the bytes it is sent as, the script that draws it, and
where the plotly.js bundle that script loads lies.

The live chart stays on the page between reruns and hands each new figure to `Plotly.react`, which
redraws it in place; `st.plotly_chart` mounts a new chart whenever its figure changes and draws it twice.
"""

import json
import math
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio

from plots.style import TEMPLATE

HTML = '<div class="live-chart"></div>'
SCRIPT = Path(__file__).with_name("live.js").read_text()
BUNDLE_FOLDER = Path(plotly.__file__).parent / "package_data"
BUNDLE = "plotly.min.js"
"""The plotly.js that ships with the installed plotly package: served from where it lies, never copied."""
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # "Share chart" uploads the chart to an outside service: a class's work stays on its own server.
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "editInChartStudio"],
}


def payload(fig: go.Figure, bundle_url: str, clickable: bool, tall: bool = False) -> bytes:
    """The figure's JSON and how to draw it, as bytes: a string inside JSON would be escaped and grow.

    A `tall` chart grows to most of a tall window's height (the figure's own height is the least it gets).
    """
    options = {"bundle": bundle_url, "config": CONFIG, "clickable": clickable, "tall": tall}
    spec = fig.to_dict()
    spec["layout"]["template"] = TEMPLATE
    return b'{"options":%s,"figure":%s}' % (json.dumps(options).encode(), pio.to_json(spec, validate=False).encode())


def clicked_point(value) -> tuple[float, float] | None:
    """The (x, y) of a click the browser reported, or None for anything that is not two finite numbers."""
    if not isinstance(value, dict):
        return None
    try:
        x, y = float(value["x"]), float(value["y"])
    except (KeyError, TypeError, ValueError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None
