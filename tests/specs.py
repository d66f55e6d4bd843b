"""Reading the Plotly charts of a page run by AppTest, as the browser puts them together."""

import base64
import json
import re

import numpy as np

_PARTS: dict[str, object] = {}
"""Parts of figures by id, kept across runs as the browser keeps them (a part it has is later sent by id)."""


def sent(at) -> list[dict]:
    """What every live chart on the page was sent this run, as it was sent (a part the browser has by its id
    alone), in page order."""
    charts = [chart.proto for chart in at.get("bidi_component")]
    return [json.loads(chart.bytes) for chart in charts if chart.component_name == "live_chart"]


def payloads(at) -> list[dict]:
    """What every live chart on the page was sent, in page order, with each part's content filled in."""
    filled = []
    for payload in sent(at):
        for part in payload.get("parts", {}).values():
            if "content" in part:
                _PARTS[part["id"]] = part["content"]
            part["content"] = _PARTS[part["id"]]
        filled.append(payload)
    return filled


def figures(at) -> list[dict]:
    """Every Plotly chart on the page as its JSON spec, in page order, its backdrop and its layout's still
    settings put back where they were."""
    specs = []
    for payload in payloads(at):
        figure = payload["figure"]
        backdrop = payload["parts"].get("backdrop")
        if backdrop:
            figure["data"] = [*backdrop["content"]["traces"], *figure["data"]]
            figure["layout"]["images"] = backdrop["content"]["images"]
        figure["layout"].update(payload["parts"].get("layout", {}).get("content", {}))
        specs.append(figure)
    return specs


def numbers(array) -> np.ndarray:
    """A trace's coordinates, whether Plotly sent them as a list or as typed binary."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)


SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
SI = {"k": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3, "µ": 1e-6, "μ": 1e-6}
POWER = re.compile(r"(-?[\d.]+×)?(-?)10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def written(text) -> float:
    """A number as the page or a chart's scale writes it read back: a true minus sign, a power of ten written
    out (10³, 2.75×10⁻⁸, as `language.number` writes it), or an SI suffix (20k, as Plotly's ticks do)."""
    if not isinstance(text, str):
        return float(text)
    text = text.strip().replace("−", "-").replace("\u2009", "")
    if text and text[-1] in SI:
        return float(text[:-1]) * SI[text[-1]]
    power = POWER.fullmatch(text)
    if power:
        mantissa = float(power.group(1)[:-1]) if power.group(1) else float(power.group(2) + "1")
        return mantissa * 10.0 ** int(power.group(3).translate(SUPERSCRIPT))
    return float(text)


def tables(at) -> list:
    """Every table on the page as a DataFrame, in page order within each kind: the summary (a plain table), then
    the tables one can scroll and sort (the steps, the forward and backward pass)."""
    return [table.value for table in [*at.table, *at.dataframe]]


def summary(at):
    """The summary table: one row per run, where it ended and how."""
    return at.table[0].value
