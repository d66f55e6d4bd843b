"""The Landscape record every loss function is, and the Newton polish that pins its minima."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np

Bounds = tuple[tuple[float, float], ...]


class Minimum(NamedTuple):
    """A minimum of a landscape: where it is, its loss, and whether any point inside the bounds is lower."""

    point: tuple[float, ...]
    value: float
    kind: Literal["global", "local"]


@dataclass(frozen=True, eq=False)
class Landscape:
    """A loss J(θ) over `dim` coordinates with its analytic gradient and what is known about it.

    `value` and `grad` take points with the coordinates on the last axis, `(..., dim)`, and
    broadcast over every leading axis, so a grid, a batch of starts or a single point all work.
    The gradient's output keeps the memory layout of its input, so the runner can hold its
    starts coordinate-major and every element-wise operation stays contiguous.
    """

    name: str
    title: str
    dim: int
    bounds: Bounds
    minima: tuple[Minimum, ...]
    convex: bool
    description: str
    loss: Callable[..., np.ndarray]
    gradient: Callable[..., tuple[np.ndarray, ...]]
    curvature: float | None = None
    """L, the largest curvature, where it is the same everywhere (a quadratic): plain gradient descent
    diverges for η > 2/L there, and the page can say so."""
    second_derivatives: Callable[..., tuple[tuple[np.ndarray, ...], ...]] | None = None
    """The Hessian's rows, `(∂²J/∂θᵢ∂θⱼ for j) for i`, from the coordinates; None: central differences of the
    analytic gradient stand in."""
    saddles: tuple[tuple[float, ...], ...] = ()
    """Saddle points worth marking on the map (a lesson asks about them): the slope is zero there, and the
    curvature is up along one direction, down along another."""
    start: tuple[float, ...] = ()
    """Where a path starts when the landscape is picked: a point where something worth seeing happens (none for
    a typed formula, whose start is worked out from its box)."""
    opening_rate: float = 0.05
    """The learning rate the landscape opens with: one at which the usual optimizers, from `start`, all stay on
    the chart (at 0.05, gradient descent leaves Rosenbrock's, Himmelblau's and Beale's at once)."""

    def value(self, x: np.typing.ArrayLike) -> np.ndarray:
        """J at every point of `x`, shape `(..., dim) -> (...)`."""
        x = _as_points(x, self.dim)
        values = np.asarray(self.loss(*_coordinates(x)), dtype=float)
        if values.shape != x.shape[:-1]:
            values = np.broadcast_to(values, x.shape[:-1]).copy()
        return values

    def grad(self, x: np.typing.ArrayLike) -> np.ndarray:
        """∇J at every point of `x`, shape `(..., dim) -> (..., dim)`."""
        x = _as_points(x, self.dim)
        out = np.empty_like(x)
        for i, part in enumerate(self.gradient(*_coordinates(x))):
            out[..., i] = part
        return out

    def hessian(self, x: np.typing.ArrayLike) -> np.ndarray:
        """The Hessian ∇²J at every point of `x`, shape `(..., dim) -> (..., dim, dim)`: Newton's method divides
        by it, and its signs tell a minimum from a maximum or a saddle."""
        x = _as_points(x, self.dim)
        if self.second_derivatives is None:
            return differences(self.grad, x)
        out = np.empty((*x.shape, self.dim))
        for i, row in enumerate(self.second_derivatives(*_coordinates(x))):
            for j, part in enumerate(row):
                out[..., i, j] = part
        return out

    @property
    def axis_names(self) -> tuple[str, ...]:
        """What the coordinates are called on axes and in tables."""
        return ("θ",) if self.dim == 1 else ("x", "y")

    @property
    def global_minima(self) -> tuple[Minimum, ...]:
        return tuple(m for m in self.minima if m.kind == "global")

    def __repr__(self) -> str:
        return f"Landscape({self.name!r}, dim={self.dim})"


def _coordinates(x: np.ndarray) -> list[np.ndarray]:
    return [x[..., i] for i in range(x.shape[-1])]


def _as_points(x: np.typing.ArrayLike, dim: int) -> np.ndarray:
    if type(x) is not np.ndarray or x.dtype != np.float64:
        x = np.asarray(x, dtype=float)
    if x.shape[-1:] != (dim,):
        raise ValueError(f"points must have shape (..., {dim}), got {x.shape}")
    return x


def polish(
    gradient: Callable[..., tuple[np.ndarray, ...]],
    seeds: Sequence[Sequence[float]],
    bounds: Bounds,
    iterations: int = 40,
) -> np.ndarray:
    """Minimizers to full float precision by Newton's method from rough `seeds`, shape `(k, dim)`.

    The Hessian comes from central differences of the analytic gradient. A seed that does not
    land on a minimum inside `bounds` (a saddle, a maximum, outside the box) is an error: a
    seed list that drifts from its function must fail loudly at import, not mislabel a point.
    """
    probe = Landscape("probe", "", len(bounds), bounds, (), False, "", lambda *c: c[0], gradient)
    x = np.array(seeds, dtype=float)
    for _ in range(iterations):
        x = x - np.linalg.solve(probe.hessian(x), probe.grad(x)[..., None])[..., 0]
    low, high = np.array(bounds).T
    if not np.all(np.linalg.eigvalsh(probe.hessian(x)) > 0) or not np.all((low <= x) & (x <= high)):
        raise ValueError("a seed did not converge to a minimum inside the bounds")
    return x


def minima_found(
    gradient: Callable[..., tuple[np.ndarray, ...]],
    seeds: Sequence[Sequence[float]],
    bounds: Bounds,
) -> np.ndarray:
    """The minima Newton's method reaches inside `bounds` from each of `seeds`, each once, `(k, dim)`; a seed that
    reaches none is dropped. For losses on data a learner made, whose minima are not known beforehand (one may lie
    off the chart, or there may be none: two classes a line splits have no lowest loss)."""
    found: list[np.ndarray] = []
    scale = float(np.linalg.norm(np.ptp(np.array(bounds, dtype=float), axis=1)))
    with np.errstate(all="ignore"):
        for seed in seeds:
            try:
                point = polish(gradient, [seed], bounds)[0]
            except (ValueError, np.linalg.LinAlgError):
                continue
            if all(np.linalg.norm(point - other) > 1e-6 * scale for other in found):
                found.append(point)
    return np.array(found).reshape(-1, len(bounds))


def lowest_on_grid(loss: Callable[..., np.ndarray], bounds: Bounds, cells: int = 24) -> list[tuple[float, ...]]:
    """The points of a coarse grid over a 2D box lower than their eight neighbours, and the lowest of all: where
    to start looking for the minima of a loss nothing is known about."""
    axes = [np.linspace(low, high, cells + 1) for low, high in bounds]
    gx, gy = np.meshgrid(*axes, indexing="ij")
    with np.errstate(all="ignore"):
        z = np.asarray(loss(gx, gy), dtype=float)
    z = np.where(np.isfinite(z), z, np.inf)
    inner = z[1:-1, 1:-1]
    lower = np.ones_like(inner, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= inner < z[1 + di : cells + di, 1 + dj : cells + dj]
    rows, cols = np.nonzero(lower)
    picked = {np.unravel_index(int(np.argmin(z)), z.shape), *zip(rows + 1, cols + 1, strict=True)}
    return [(float(gx[i, j]), float(gy[i, j])) for i, j in sorted(picked)]


def differences(grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """The Hessian by central differences of the gradient `grad`, `(..., dim) -> (..., dim, dim)`, made
    symmetric: where no closed form is worth writing (a loss over data), the analytic gradient is exact enough."""
    x = np.asarray(x, dtype=float)
    step = h * np.maximum(1.0, np.abs(x))
    columns = []
    for i in range(x.shape[-1]):
        shift = np.zeros_like(x)
        shift[..., i] = step[..., i]
        columns.append((grad(x + shift) - grad(x - shift)) / (2 * step[..., i, None]))
    hessian = np.stack(columns, axis=-1)
    return (hessian + np.swapaxes(hessian, -1, -2)) / 2


def tag_minima(loss: Callable[..., np.ndarray], points: np.typing.ArrayLike) -> tuple[Minimum, ...]:
    """`Minimum` records for `points`, lowest first; those at the lowest loss are global."""
    points = np.asarray(points, dtype=float)
    if not len(points):
        return ()
    values = np.asarray(loss(*_coordinates(points)), dtype=float)
    best = values.min()
    tolerance = 1e-9 * max(1.0, abs(best))
    order = np.argsort(values, kind="stable")
    return tuple(
        Minimum(
            tuple(float(c) for c in points[i]),
            float(values[i]),
            "global" if values[i] <= best + tolerance else "local",
        )
        for i in order
    )
