"""Loss values on a grid, and a colour scale that stays readable when a landscape is steep."""

from typing import NamedTuple

import numpy as np

from landscapes import Landscape
from language import number

STEEP = 30.0
"""A landscape is steep when its largest rise over the box exceeds its median rise this many times."""


class Grid(NamedTuple):
    """J on a regular grid: `values[j, i]` is J at `(axes[0][i], axes[1][j])`, Plotly's row-per-y order."""

    axes: tuple[np.ndarray, ...]
    values: np.ndarray


class Shading(NamedTuple):
    """What a chart colours by (J itself or a log of its rise above the lowest point) and how to label it."""

    log: bool
    floor: float
    offset: float
    ceiling: float

    def __call__(self, values: np.ndarray) -> np.ndarray:
        if not self.log:
            return np.asarray(values, dtype=float)
        return np.log10(np.maximum(np.asarray(values, dtype=float) - self.floor, 0.0) + self.offset)

    def colorbar(self, say) -> dict:
        """The colour bar's title and ticks, in the words `say` gives (`plots.style.Say`)."""
        if not self.log:
            return {"title": {"text": "J(θ)"}}
        rises = 10.0 ** np.arange(np.ceil(np.log10(self.offset)), np.floor(np.log10(self.ceiling)) + 1)
        values = np.r_[0.0, rises]
        heights = np.log10(np.r_[values[-1], self.ceiling] + self.offset)
        if heights[1] - heights[0] >= max(np.log10(2), 0.08 * (heights[1] - np.log10(self.offset))):
            values = np.r_[values, self.ceiling]  # the bar's top labelled too, where the last power of ten falls short
        return {
            "title": {"text": say("plot.log_scale")},
            "tickvals": np.log10(values + self.offset).tolist(),
            "ticktext": [number(self.floor + value, 3) for value in values],
        }


def landscape_grid(landscape: Landscape, resolution: int) -> Grid:
    """J over the landscape's bounds on `resolution` points per axis."""
    axes = tuple(np.linspace(low, high, resolution) for low, high in landscape.bounds)
    if landscape.dim == 1:
        return Grid(axes, landscape.value(axes[0][:, None]))
    x, y = np.meshgrid(*axes)
    return Grid(axes, landscape.value(np.stack([x, y], axis=-1)))


def shading_for(landscape: Landscape, grid: Grid) -> Shading:
    """Log shading where the landscape is steep, so its valleys do not drown in one colour."""
    defined = grid.values[np.isfinite(grid.values)]
    if not defined.size:
        return Shading(False, 0.0, 0.0, 1.0)
    floor = min([float(defined.min()), *(m.value for m in landscape.minima)])
    rise = defined - floor
    typical = float(np.median(rise))
    if typical <= 0 or rise.max() <= STEEP * typical:
        return Shading(False, floor, 0.0, float(rise.max()))
    return Shading(True, floor, 1e-3 * typical, float(rise.max()))
