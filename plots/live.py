"""How a figure reaches the page's live chart: the bytes it is sent as and the script that draws it.

The live chart stays on the page between reruns and hands each new figure to `Plotly.react`, which
redraws it in place; `st.plotly_chart` mounts a new chart whenever its figure changes and draws it twice.
"""

import collections
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import plotly.io as pio

from plots.animation import Figure, binary
from plots.style import TEMPLATE

HTML = '<div class="live-chart"></div>'
MODULES = Path(__file__).with_name("browser")
"""The chart's browser code: plain ES modules, one job each (`plots/browser/*.js`), served as they are."""


def loader_script(modules: str, module: str = "chart.js") -> str:
    """A component's script: it imports `module` (the live chart's `chart.js` unless named; the take-away
    pictures' and the plotly.js preloader's are others) from `modules` (the URL the server serves MODULES at,
    relative to the page) and hands its `draw` each payload. The module's own imports follow from there."""
    return f"""
const drawing = import(new URL({json.dumps(modules + "/" + module)}, document.baseURI).href);
export default function (args) {{
  let cleanup = null;
  const drawn = drawing.then((module) => (cleanup = module.draw(args)));
  return () => drawn.then(() => cleanup?.());
}}
"""


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
"""The `meta` of a figure's leading traces that stay the same while η moves (with the layout's images): a map's
landscape, which stays while the optimizers and the start change too, and the η chart's lines."""


class Part(NamedTuple):
    """A large piece of a chart as it is sent (its JSON) and the id made from that: made once, it can be kept
    and sent again without being encoded again."""

    id: str
    text: bytes


def to_json(value) -> bytes:
    """`value` (its arrays already Plotly's typed arrays, `binary`) as compact JSON. Python's own encoder takes
    what is plain JSON; Plotly's, three times slower, only what needs it: a NaN or infinity (written null, as
    plotly.js reads it) or a NumPy number."""
    try:
        return json.dumps(value, separators=(",", ":"), allow_nan=False, ensure_ascii=False).encode()
    except (TypeError, ValueError):
        return pio.json.to_json_plotly(value).encode()


def part(content) -> Part:
    """`content` as a part: its JSON (arrays as Plotly's typed arrays) and the id of that JSON."""
    text = to_json(binary(content))
    return Part(hashlib.sha1(text).hexdigest()[:16], text)


STILL_LAYOUT = "layout"
"""The part of a figure's layout that stays the same while η moves (`STILL_KEYS`), sent once like the backdrop."""
STILL_KEYS = ("template", "updatemenus", "sliders")


def payload(
    fig: Figure,
    options: Mapping,
    parts: Mapping[str, object | Part] | None = None,
    known: Sequence[str] = (),
    keep: int = 16,
) -> tuple[bytes, list[str]]:
    """The figure's JSON, how to draw it (`options`) and its large parts, as bytes (a string inside JSON would
    be escaped and grow), and the ids of the parts the browser holds once it has this payload (`kept`, which
    the payload carries too: the browser forgets any other).

    Each part (the map's backdrop and the layout's still settings, taken out of the figure, and any of `parts`,
    such as a learning-rate sweep, given as its content or as a `Part` made before, which then replaces the same
    part taken out of the figure) goes by an id made from its JSON; a part whose id is in `known` (the browser
    has it) is sent as its id alone, and the browser puts it back from what it keeps. At most `keep` ids are
    kept, the latest.
    """
    spec = figure_spec(fig)
    every = {**({BACKDROP: backdrop} if (backdrop := _detach_backdrop(spec)) else {})}
    every |= {STILL_LAYOUT: still} if (still := _detach_still_layout(spec)) else {}
    every |= parts or {}  # a part made before replaces the same part taken out of the figure, unencoded
    sent, carried = [], []
    for name, content in every.items():
        piece = content if isinstance(content, Part) else part(content)
        carried.append(piece.id)
        body = b"" if piece.id in known else b',"content":%s' % piece.text
        sent.append(b'"%s":{"id":"%s"%s}' % (name.encode(), piece.id.encode(), body))
    kept = [*(part for part in known if part not in carried), *carried][-keep:]
    head = json.dumps({"config": CONFIG, **options}).encode()
    figure = to_json(spec)
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


def _detach_still_layout(spec: dict) -> Part | None:
    """Take out of `spec`'s layout the settings that stay the same while η moves (the template, Play and the
    scrubber, a tenth of a map's bytes), and return them as a part, or None when it has none."""
    layout = spec["layout"]
    still = {key: layout.pop(key) for key in STILL_KEYS if key in layout}
    return _still_part(still) if still else None


_STILL_PARTS: collections.OrderedDict = collections.OrderedDict()


def _still_part(still: dict) -> Part:
    """`still` as a part, encoded once for the same objects: the template is one object, and the builders hand
    out the same Play and scrubber objects for the same steps and words (`plots.animation.controls`). The
    objects are kept with their part, so an id is never another object's while it is kept."""
    key = tuple(id(value) for value in still.values())
    kept = _STILL_PARTS.get(key)
    if kept is not None and all(old is new for old, new in zip(kept[0], still.values(), strict=True)):
        return kept[1]
    made = part(still)
    _STILL_PARTS[key] = (tuple(still.values()), made)
    while len(_STILL_PARTS) > KEPT_STILL:
        _STILL_PARTS.popitem(last=False)
    return made


KEPT_STILL = 256


def clicked_point(value) -> tuple[float, float] | None:
    """The (x, y) of a click the browser reported, or None for anything that is not two finite numbers."""
    if not isinstance(value, dict):
        return None
    try:
        x, y = float(value["x"]), float(value["y"])
    except (KeyError, TypeError, ValueError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None


MOST_EDITS = 50
"""Edits read from one report at most: the browser's queue holds no more."""


class Edit(NamedTuple):
    """A click at `at`, or a drag from `start` to `at`, on a chart whose every edit counts."""

    at: tuple[float, float]
    start: tuple[float, float] | None = None


def new_edits(value, applied: tuple[str, int]) -> tuple[str, int, list[Edit]]:
    """The edits of a chart's report (`{"token", "edits": [{"id", "x", "y"} or {"id", "from", "to"}]}`) that come
    after the last one applied (`applied`: the chart's token and that edit's number; a new token, a chart drawn
    anew, starts again), in order; with the token and the last number now seen. Anything malformed is skipped."""
    token, last = applied
    if not (isinstance(value, dict) and isinstance(value.get("token"), str) and isinstance(value.get("edits"), list)):
        return token, last, []
    if value["token"] != token:
        token, last = value["token"][:40], 0
    made = []
    for edit in value["edits"][:MOST_EDITS]:
        number = edit.get("id") if isinstance(edit, dict) else None
        if not isinstance(number, int) or isinstance(number, bool) or number <= last:
            continue
        last = number
        at, start = clicked_point(edit.get("to", edit)), clicked_point(edit["from"]) if "from" in edit else None
        if at is not None and (start is not None or "from" not in edit):
            made.append(Edit(at, start))
    return token, last, made
