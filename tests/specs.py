"""Reading the Plotly charts of a page run by AppTest."""

import base64
import json

import numpy as np


def figures(at) -> list[dict]:
    """Every Plotly chart on the page as its JSON spec, in page order."""
    return [json.loads(chart.proto.bytes)["figure"] for chart in at.get("bidi_component")]


def numbers(array) -> np.ndarray:
    """A trace's coordinates, whether Plotly sent them as a list or as typed binary."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)
