"""How a figure reaches the page's live chart: the bytes it is sent as, the script that draws it, and
where the plotly.js bundle that script loads lies.

The live chart stays on the page between reruns and hands each new figure to `Plotly.react`, which
redraws it in place; `st.plotly_chart` mounts a new chart whenever its figure changes and draws it twice.
"""

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import plotly
import plotly.io as pio

from plots.animation import Figure, binary
from plots.style import TEMPLATE

HTML = '<div class="live-chart"></div>'
MODULES = Path(__file__).with_name("browser")
"""The chart's browser code: plain ES modules, one job each (`plots/browser/*.js`), served as they are."""


def loader_script(modules: str) -> str:
    """The live chart component's script: it imports `chart.js` from `modules` (the URL the server serves
    MODULES at, relative to the page) and hands it each payload. The module's own imports follow from there."""
    return f"""
const drawing = import(new URL({json.dumps(modules + "/chart.js")}, document.baseURI).href);
export default function (args) {{
  let cleanup = null;
  const drawn = drawing.then((module) => (cleanup = module.draw(args)));
  return () => drawn.then(() => cleanup?.());
}}
"""


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
    # The camera button saves the chart at twice its size on the screen: sharp on a slide.
    "toImageButtonOptions": {"scale": 2},
}


BACKDROP = "backdrop"
"""The `meta` of a figure's leading traces that draw the landscape (with the layout's images): the part of a
map that stays the same while the learning rate, the optimizers or the start change."""


def payload(
    fig: Figure,
    options: Mapping,
    parts: Mapping[str, object] | None = None,
    known: Sequence[str] = (),
    keep: int = 16,
) -> tuple[bytes, list[str]]:
    """The figure's JSON, how to draw it (`options`) and its large parts, as bytes (a string inside JSON would
    be escaped and grow), and the ids of the parts the browser holds once it has this payload (`kept`, which
    the payload carries too: the browser forgets any other).

    Each part (the map's backdrop, taken out of the figure, and any of `parts`, such as a learning-rate sweep)
    goes by an id made from its content; a part whose id is in `known` (the browser has it) is sent as its
    id alone, and the browser puts it back from what it keeps. At most `keep` ids are kept, the latest.
    """
    spec = figure_spec(fig)
    every = {**({BACKDROP: backdrop} if (backdrop := _detach_backdrop(spec)) else {}), **(parts or {})}
    sent, carried = [], []
    for name, content in every.items():
        text = pio.to_json(binary(content), validate=False).encode()
        part_id = hashlib.sha1(text).hexdigest()[:16]
        carried.append(part_id)
        body = b"" if part_id in known else b',"content":%s' % text
        sent.append(b'"%s":{"id":"%s"%s}' % (name.encode(), part_id.encode(), body))
    kept = [*(part for part in known if part not in carried), *carried][-keep:]
    head = json.dumps({"config": CONFIG, **options}).encode()
    figure = pio.to_json(spec, validate=False).encode()
    body = b'{"options":%s,"figure":%s,"parts":{%s},"kept":%s}' % (
        head,
        figure,
        b",".join(sent),
        json.dumps(kept).encode(),
    )
    return body, kept


def figure_spec(fig: Figure) -> dict:
    """The figure as the page draws it: its JSON-ready dict, in the page's own template."""
    spec = fig.to_dict()
    spec["layout"]["template"] = TEMPLATE
    return spec


def _detach_backdrop(spec: dict) -> dict | None:
    """Take the leading backdrop traces and the layout's images out of `spec`; what was taken, or None."""
    count = 0
    while count < len(spec["data"]) and spec["data"][count].get("meta") == BACKDROP:
        count += 1
    if not count:
        return None
    traces, spec["data"] = spec["data"][:count], spec["data"][count:]
    return {"traces": traces, "images": spec["layout"].pop("images", [])}


def clicked_point(value) -> tuple[float, float] | None:
    """The (x, y) of a click the browser reported, or None for anything that is not two finite numbers."""
    if not isinstance(value, dict):
        return None
    try:
        x, y = float(value["x"]), float(value["y"])
    except (KeyError, TypeError, ValueError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None
