"""Two-dimensional test losses J(x, y) from the optimization literature, each with its minima."""

import itertools

import numpy as np

from landscapes.base import Landscape, Minimum, polish, tag_minima

RAVINE_STIFFNESS = 25.0


def _bowl(x, y):
    return x * x + y * y


def _bowl_grad(x, y):
    return 2 * x, 2 * y


def _bowl_hessian(x, y):
    two, zero = np.full_like(x, 2.0), np.zeros_like(x)
    return (two, zero), (zero, two)


def _ravine(x, y):
    return 0.5 * (x * x + RAVINE_STIFFNESS * y * y)


def _ravine_grad(x, y):
    return x, RAVINE_STIFFNESS * y


def _ravine_hessian(x, y):
    zero = np.zeros_like(x)
    return (np.ones_like(x), zero), (zero, np.full_like(x, RAVINE_STIFFNESS))


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_grad(x, y):
    valley = y - x * x
    return -2 * (1 - x) - 400 * x * valley, 200 * valley


def _rosenbrock_hessian(x, y):
    across = -400 * x
    return (2 - 400 * y + 1200 * x * x, across), (across, np.full_like(x, 200.0))


def _himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def _himmelblau_grad(x, y):
    a = x * x + y - 11
    b = x + y * y - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


def _himmelblau_hessian(x, y):
    across = 4 * (x + y)
    return (4 * (x * x + y - 11) + 8 * x * x + 2, across), (across, 4 * (x + y * y - 7) + 8 * y * y + 2)


# Powers are written as products: NumPy's general power is several times slower than a multiply.
def _beale(x, y):
    y2 = y * y
    y3 = y2 * y
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y2) ** 2 + (2.625 - x + x * y3) ** 2


def _beale_terms(x, y):
    """y², y³ and the three terms a, b, c whose squares Beale's function adds."""
    y2 = y * y
    y3 = y2 * y
    return y2, y3, 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3


def _beale_grad(x, y):
    y2, y3, a, b, c = _beale_terms(x, y)
    return (
        2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1)),
        2 * x * (a + 2 * b * y + 3 * c * y2),
    )


def _beale_hessian(x, y):
    """2·Σ (∇u ∇uᵀ + u ∇²u) over the three squared terms u = a, b, c."""
    y2, y3, a, b, c = _beale_terms(x, y)
    xx = 2 * ((y - 1) ** 2 + (y2 - 1) ** 2 + (y3 - 1) ** 2)
    xy = 2 * ((y - 1) * x + a + (y2 - 1) * 2 * x * y + 2 * b * y + (y3 - 1) * 3 * x * y2 + 3 * c * y2)
    yy = 2 * (x * x + 4 * x * x * y2 + 2 * b * x + 9 * x * x * y2 * y2 + 6 * c * x * y)
    return (xx, xy), (xy, yy)


def _six_hump_camel(x, y):
    x2 = x * x
    y2 = y * y
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (4 * y2 - 4) * y2


def _six_hump_camel_grad(x, y):
    x2 = x * x
    return x * (8 - 8.4 * x2 + 2 * x2 * x2) + y, x - 8 * y + 16 * y * y * y


def _six_hump_camel_hessian(x, y):
    x2 = x * x
    one = np.ones_like(x)
    return (8 - 25.2 * x2 + 10 * x2 * x2, one), (one, -8 + 48 * y * y)


def _rastrigin(x, y):
    return 20 + x * x - 10 * np.cos(2 * np.pi * x) + y * y - 10 * np.cos(2 * np.pi * y)


def _rastrigin_grad(x, y):
    return 2 * x + 20 * np.pi * np.sin(2 * np.pi * x), 2 * y + 20 * np.pi * np.sin(2 * np.pi * y)


def _rastrigin_hessian(x, y):
    zero = np.zeros_like(x)
    curl = 40 * np.pi * np.pi
    return (2 + curl * np.cos(2 * np.pi * x), zero), (zero, 2 + curl * np.cos(2 * np.pi * y))


def _ackley(x, y):
    radius = np.sqrt(0.5 * (x * x + y * y))
    ripples = 0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y))
    return -20 * np.exp(-0.2 * radius) - np.exp(ripples) + np.e + 20


def _ackley_grad(x, y):
    """At the origin the cone term has no gradient; 0 is its subgradient and the minimum's."""
    radius = np.sqrt(0.5 * (x * x + y * y))
    cone = np.divide(2 * np.exp(-0.2 * radius), radius, out=np.zeros_like(radius), where=radius > 0)
    ripples = np.pi * np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
    return cone * x + ripples * np.sin(2 * np.pi * x), cone * y + ripples * np.sin(2 * np.pi * y)


def _ackley_hessian(x, y):
    """The cone's part A(r)·I + A′(r)/(2r)·θθᵀ with A = 2e^(−r/5)/r (0 at the origin, where it has none), and
    the ripples' part."""
    radius = np.sqrt(0.5 * (x * x + y * y))
    positive = radius > 0
    safe = np.where(positive, radius, 1.0)
    fall = np.exp(-0.2 * safe)
    cone = np.where(positive, 2 * fall / safe, 0.0)
    bend = np.where(positive, 2 * fall * (-0.2 / safe - 1 / (safe * safe)) / (2 * safe), 0.0)
    lift = np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
    sx, sy = np.sin(2 * np.pi * x), np.sin(2 * np.pi * y)
    square = np.pi * np.pi * lift
    xy = bend * x * y - square * sx * sy
    xx = cone + bend * x * x + 2 * square * np.cos(2 * np.pi * x) - square * sx * sx
    yy = cone + bend * y * y + 2 * square * np.cos(2 * np.pi * y) - square * sy * sy
    return (xx, xy), (xy, yy)


def _saddle(x, y):
    return x * x - y * y


def _saddle_grad(x, y):
    return 2 * x, -2 * y


def _saddle_hessian(x, y):
    zero = np.zeros_like(x)
    return (np.full_like(x, 2.0), zero), (zero, np.full_like(x, -2.0))


def _lattice(bounds, exclude=()):
    """Integer points inside `bounds`: the rough seeds of Rastrigin's and Ackley's ripple minima."""
    axes = [range(int(np.ceil(low)), int(np.floor(high)) + 1) for low, high in bounds]
    return [p for p in itertools.product(*axes) if p not in exclude]


_HIMMELBLAU_BOUNDS = ((-5.0, 5.0), (-5.0, 5.0))
_CAMEL_BOUNDS = ((-2.0, 2.0), (-1.0, 1.0))
_RASTRIGIN_BOUNDS = ((-5.12, 5.12), (-5.12, 5.12))
_ACKLEY_BOUNDS = ((-4.0, 4.0), (-4.0, 4.0))

LANDSCAPES_2D = (
    Landscape(
        name="bowl",
        start=(1.6, 1.2),
        opening_rate=0.1,
        title="Bowl J = x² + y²",
        dim=2,
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        minima=(Minimum((0.0, 0.0), 0.0, "global"),),
        convex=True,
        description="A round, convex bowl: the gradient points straight at the minimum from everywhere.",
        loss=_bowl,
        gradient=_bowl_grad,
        second_derivatives=_bowl_hessian,
        curvature=2.0,
    ),
    Landscape(
        name="ravine",
        start=(-2.6, 1.8),
        opening_rate=0.05,
        title="Ravine J = (x² + 25y²) / 2",
        dim=2,
        bounds=((-3.0, 3.0), (-2.0, 2.0)),
        minima=(Minimum((0.0, 0.0), 0.0, "global"),),
        convex=True,
        description=(
            "A convex valley 25 times steeper across than along. Gradient descent zig-zags across it and "
            "crawls along it, and diverges for η > 2/25 = 0.08; momentum speeds the crawl but overshoots."
        ),
        loss=_ravine,
        gradient=_ravine_grad,
        second_derivatives=_ravine_hessian,
        curvature=RAVINE_STIFFNESS,
    ),
    Landscape(
        name="rosenbrock",
        start=(-1.5, 2.5),
        opening_rate=0.001,
        title="Rosenbrock's banana valley",
        dim=2,
        bounds=((-2.0, 2.0), (-1.0, 3.0)),
        minima=(Minimum((1.0, 1.0), 0.0, "global"),),
        convex=False,
        description=(
            "A narrow curved valley: finding it is easy, following it to the minimum at (1, 1) is slow. "
            "Not convex, yet it has only one minimum."
        ),
        loss=_rosenbrock,
        gradient=_rosenbrock_grad,
        second_derivatives=_rosenbrock_hessian,
    ),
    Landscape(
        name="himmelblau",
        start=(0.0, -0.5),
        opening_rate=0.01,
        title="Himmelblau's function",
        dim=2,
        bounds=_HIMMELBLAU_BOUNDS,
        minima=tag_minima(
            _himmelblau,
            polish(_himmelblau_grad, [(3, 2), (-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848)], _HIMMELBLAU_BOUNDS),
        ),
        convex=False,
        description="Four valleys, all equally deep: four global minima. The start decides which one you reach.",
        loss=_himmelblau,
        gradient=_himmelblau_grad,
        second_derivatives=_himmelblau_hessian,
    ),
    Landscape(
        name="beale",
        start=(1.0, 1.4),
        opening_rate=0.006,
        title="Beale's function",
        dim=2,
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        minima=(Minimum((3.0, 0.5), 0.0, "global"),),
        convex=False,
        description=(
            "Flat plateaus and steep walls: the gradient is tiny in places and huge in others, "
            "which punishes a fixed learning rate. One minimum, at (3, 0.5)."
        ),
        loss=_beale,
        gradient=_beale_grad,
        second_derivatives=_beale_hessian,
    ),
    Landscape(
        name="six_hump_camel",
        start=(-1.5, -0.7),
        opening_rate=0.05,
        title="Six-hump camel",
        dim=2,
        bounds=_CAMEL_BOUNDS,
        minima=tag_minima(
            _six_hump_camel,
            polish(
                _six_hump_camel_grad,
                [
                    (0.0898, -0.7127),
                    (-0.0898, 0.7127),
                    (1.7036, -0.7961),
                    (-1.7036, 0.7961),
                    (1.6071, 0.5687),
                    (-1.6071, -0.5687),
                ],
                _CAMEL_BOUNDS,
            ),
        ),
        convex=False,
        description="Six valleys: two global minima near the centre and four shallower local ones at the sides.",
        loss=_six_hump_camel,
        gradient=_six_hump_camel_grad,
        second_derivatives=_six_hump_camel_hessian,
    ),
    Landscape(
        name="rastrigin",
        start=(2.3, -1.6),
        opening_rate=0.02,
        title="Rastrigin's egg crate",
        dim=2,
        bounds=_RASTRIGIN_BOUNDS,
        minima=tag_minima(_rastrigin, polish(_rastrigin_grad, _lattice(_RASTRIGIN_BOUNDS), _RASTRIGIN_BOUNDS)),
        convex=False,
        description=(
            "A bowl covered in ripples: 121 minima in the box, 120 of them local and one global at the origin. "
            "Gradient descent stops in the nearest dimple."
        ),
        loss=_rastrigin,
        gradient=_rastrigin_grad,
        second_derivatives=_rastrigin_hessian,
    ),
    Landscape(
        name="ackley",
        start=(2.4, 1.6),
        opening_rate=0.05,
        title="Ackley's function",
        dim=2,
        bounds=_ACKLEY_BOUNDS,
        minima=tag_minima(
            _ackley,
            [(0.0, 0.0), *polish(_ackley_grad, _lattice(_ACKLEY_BOUNDS, exclude={(0, 0)}), _ACKLEY_BOUNDS)],
        ),
        convex=False,
        description=(
            "A nearly flat plain full of dimples around one deep, sharp hole at the origin. "
            "Only starts near the hole find it."
        ),
        loss=_ackley,
        gradient=_ackley_grad,
        second_derivatives=_ackley_hessian,
    ),
    Landscape(
        name="saddle",
        start=(1.8, 0.05),
        opening_rate=0.008,
        title="Saddle J = x² − y²",
        dim=2,
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        minima=(),
        convex=False,
        description=(
            "No minimum at all: uphill along x, downhill along y. A start off the x-axis escapes along y "
            "and the loss falls without end."
        ),
        loss=_saddle,
        gradient=_saddle_grad,
        second_derivatives=_saddle_hessian,
        curvature=2.0,
        saddles=((0.0, 0.0),),
    ),
)
