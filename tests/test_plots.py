"""Figure builders without the page: what animation frames carry, the map's colour image and level lines."""

import base64
import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image

import landscapes
from plots.animation import Figure, animate
from plots.backdrop import colour_image, level_lines
from plots.shading import landscape_grid
from plots.style import SURFACE_COLORS


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


def test_the_colour_image_is_light_at_the_minimum_dark_up_the_walls_and_clear_where_j_is_undefined():
    grid = landscape_grid(landscapes.get("bowl"), 40)
    values = grid.values.astype(np.float32).copy()
    values[:5, :] = np.nan  # the bottom rows: J undefined there
    image = colour_image(grid, values, SURFACE_COLORS)
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(image["source"].split(",")[1]))))
    assert pixels.shape == (40, 40, 4)
    assert (pixels[-5:, :, 3] == 0).all(), "the image's bottom rows are the grid's lowest y: transparent"
    assert (pixels[:-5, :, 3] == 255).all()
    centre, corner = pixels[20, 20, :3].astype(int).sum(), pixels[0, 0, :3].astype(int).sum()
    assert centre > corner, "low loss light, high loss dark"


def test_level_lines_follow_their_level():
    land = landscapes.get("bowl")
    grid = landscape_grid(land, 60)
    x, y = level_lines(grid, grid.values.astype(np.float32), levels=4)
    points = np.column_stack([x, y])
    points = points[np.isfinite(points).all(axis=1)]
    assert len(points) > 50
    levels = np.linspace(grid.values.min(), grid.values.max(), 6)[1:-1]
    heights = land.value(points.astype(float))
    nearest = np.abs(heights[:, None] - levels[None, :]).min(axis=1)
    assert (nearest < 0.02 * (levels[-1] - levels[0])).all(), "every point lies on one of the levels"
