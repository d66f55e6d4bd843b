"""Figure builders without the page: what animation frames carry."""

import numpy as np
import plotly.graph_objects as go

from plots.animation import Figure, animate


def frame(step: int, name: str) -> dict:
    points = np.arange(step + 1, dtype=np.float32)
    return {"type": "scatter", "x": points, "y": points, "name": name, "mode": "lines"}


def test_a_value_that_changes_in_any_frame_is_sent_in_every_frame():
    fig = Figure(data=[go.Scatter(x=[0, 1, 2], y=[0, 1, 2], name="model at step 2", mode="lines")])
    steps = np.arange(3)
    animate(fig, steps, [[frame(step, f"model at step {step}")] for step in steps], [0])
    frames = fig.to_dict()["frames"]
    # The last frame's name equals the figure's, yet it must be sent: frame 1 changed it.
    assert [f["data"][0]["name"] for f in frames] == ["model at step 0", "model at step 1", "model at step 2"]
    assert all({"x", "y"} <= set(f["data"][0]) for f in frames)
    assert not any({"type", "mode"} & set(f["data"][0]) for f in frames), "what never changes is not resent"
