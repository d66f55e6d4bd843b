"""Reading the Plotly charts of a page run by AppTest, as the browser puts them together."""

import base64
import json

import numpy as np

_PARTS: dict[str, object] = {}
"""Parts of figures by id, kept across runs as the browser keeps them (a part it has is later sent by id)."""


def payloads(at) -> list[dict]:
    """What every live chart on the page was sent, in page order, with each part's content filled in."""
    sent = []
    for chart in at.get("bidi_component"):
        if not chart.proto.bytes:
            continue  # a component that sends nothing, such as the lessons' key listener
        payload = json.loads(chart.proto.bytes)
        for part in payload.get("parts", {}).values():
            if "content" in part:
                _PARTS[part["id"]] = part["content"]
            part["content"] = _PARTS[part["id"]]
        sent.append(payload)
    return sent


def figures(at) -> list[dict]:
    """Every Plotly chart on the page as its JSON spec, in page order, its backdrop put back where it was."""
    specs = []
    for payload in payloads(at):
        figure = payload["figure"]
        backdrop = payload["parts"].get("backdrop")
        if backdrop:
            figure["data"] = [*backdrop["content"]["traces"], *figure["data"]]
            figure["layout"]["images"] = backdrop["content"]["images"]
        specs.append(figure)
    return specs


def numbers(array) -> np.ndarray:
    """A trace's coordinates, whether Plotly sent them as a list or as typed binary."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)
