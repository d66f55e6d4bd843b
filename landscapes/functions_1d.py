"""One-dimensional losses J(θ): the chapter's figures 1 and 2, and a curve with several dips."""

import numpy as np

from landscapes.base import Landscape, Minimum, polish, tag_minima


def _parabola(t):
    return t * t


def _parabola_grad(t):
    return (2 * t,)


def _parabola_hessian(t):
    return ((np.full_like(t, 2.0),),)


def _local_minimum(t):
    t2 = t * t
    return 0.25 * t2 * t2 - t2 + 0.25 * t


def _local_minimum_grad(t):
    return (t * t * t - 2 * t + 0.25,)


def _local_minimum_hessian(t):
    return ((3 * t * t - 2,),)


def _wavy(t):
    return 0.1 * t * t + np.sin(2 * t)


def _wavy_grad(t):
    return (0.2 * t + 2 * np.cos(2 * t),)


def _wavy_hessian(t):
    return ((0.2 - 4 * np.sin(2 * t),),)


PARABOLA = Landscape(
    name="parabola",
    start=(2.5,),
    opening_rate=0.1,
    title="Parabola J(θ) = θ²",
    dim=1,
    bounds=((-3.0, 3.0),),
    minima=(Minimum((0.0,), 0.0, "global"),),
    convex=True,
    description=(
        "The simplest convex loss: every start slides to the one minimum at θ = 0. "
        "Its curvature is 2, so plain gradient descent converges for η < 1 and diverges above."
    ),
    loss=_parabola,
    gradient=_parabola_grad,
    curvature=2.0,
    second_derivatives=_parabola_hessian,
)

_LOCAL_BOUNDS = ((-2.5, 2.5),)
LOCAL_MINIMUM = Landscape(
    name="local_minimum",
    start=(2.5,),
    opening_rate=0.05,
    title="A local minimum trap J(θ) = θ⁴/4 − θ² + θ/4",
    dim=1,
    bounds=_LOCAL_BOUNDS,
    minima=tag_minima(_local_minimum, polish(_local_minimum_grad, [[-1.47], [1.35]], _LOCAL_BOUNDS)),
    convex=False,
    description=(
        "The global minimum is on the left, a shallower local minimum on the right, and a hump between them. "
        "Gradient descent ends in whichever valley it starts in: the start decides."
    ),
    loss=_local_minimum,
    gradient=_local_minimum_grad,
    second_derivatives=_local_minimum_hessian,
)

_WAVY_BOUNDS = ((-5.0, 5.0),)
WAVY = Landscape(
    name="wavy",
    start=(4.0,),
    opening_rate=0.05,
    title="Wavy bowl J(θ) = θ²/10 + sin 2θ",
    dim=1,
    bounds=_WAVY_BOUNDS,
    minima=tag_minima(_wavy, polish(_wavy_grad, [[-3.74], [-0.75], [2.24]], _WAVY_BOUNDS)),
    convex=False,
    description=(
        "A wide bowl with ripples: three valleys, only the middle one global. "
        "Small steps stop in the nearest valley; larger ones may hop over a ripple."
    ),
    loss=_wavy,
    gradient=_wavy_grad,
    second_derivatives=_wavy_hessian,
)

LANDSCAPES_1D = (PARABOLA, LOCAL_MINIMUM, WAVY)
