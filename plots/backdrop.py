"""The landscape under a 2D map as an image and level lines: layers that Plotly's animations leave alone.

Plotly removes heatmap and contour traces from the plot while it plays frames that do not include them,
so the landscape vanished on Play. A layout image and a scatter of level lines stay drawn.
"""

import base64
import io

import contourpy
import numpy as np
from PIL import Image

from plots.shading import Grid

LEVELS = 18


def _span(shaded: np.ndarray) -> tuple[float, float]:
    """The lowest and highest defined value (0, 0 where none is defined, without NumPy's All-NaN warning)."""
    defined = shaded[np.isfinite(shaded)]
    return (float(defined.min()), float(defined.max())) if defined.size else (0.0, 0.0)


def colour_image(grid: Grid, shaded: np.ndarray, colorscale: list) -> dict:
    """`shaded` painted with `colorscale` (from its lowest to its highest value) as a Plotly layout image
    spanning the grid; undefined values are transparent. The browser smooths it as it scales it."""
    low, high = _span(shaded)
    share = (shaded - low) / (high - low) if high > low else np.where(np.isfinite(shaded), 0.0, np.nan)
    stops = [stop for stop, _ in colorscale]
    rgb = np.array([[int(colour[i : i + 2], 16) for i in (1, 3, 5)] for _, colour in colorscale], dtype=float)
    pixels = np.zeros((*shaded.shape, 4), dtype=np.uint8)
    defined = np.isfinite(share)
    for channel in range(3):
        pixels[..., channel][defined] = np.interp(share[defined], stops, rgb[:, channel]).round()
    pixels[..., 3][defined] = 255
    png = io.BytesIO()
    Image.fromarray(pixels[::-1]).save(png, format="PNG")  # image rows run top down, the grid's y up
    (x_low, x_high), (y_low, y_high) = ((axis[0], axis[-1]) for axis in grid.axes)
    return {
        "source": "data:image/png;base64," + base64.b64encode(png.getvalue()).decode(),
        "xref": "x",
        "yref": "y",
        "x": float(x_low),
        "y": float(y_high),
        "sizex": float(x_high - x_low),
        "sizey": float(y_high - y_low),
        "sizing": "stretch",
        "layer": "below",
    }


def level_lines(grid: Grid, shaded: np.ndarray, levels: int = LEVELS) -> tuple[np.ndarray, np.ndarray]:
    """x and y of `levels` evenly spaced level lines of `shaded`, each line ended by a NaN (a gap in Plotly)."""
    low, high = _span(shaded)
    if not high > low:
        return np.empty(0, np.float32), np.empty(0, np.float32)
    generator = contourpy.contour_generator(*grid.axes, np.ma.masked_invalid(shaded), line_type="SeparateCode")
    pieces = []
    for level in np.linspace(low, high, levels + 2)[1:-1]:
        for line in generator.lines(level)[0]:
            pieces += [line, [[np.nan, np.nan]]]
    if not pieces:
        return np.empty(0, np.float32), np.empty(0, np.float32)
    points = np.concatenate(pieces).astype(np.float32)
    return points[:, 0], points[:, 1]
