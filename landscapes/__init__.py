"""Loss landscapes with analytic gradients and known minima, in plain NumPy."""

from collections.abc import Callable
from typing import NamedTuple

from landscapes import given, network
from landscapes.base import Landscape, Minimum
from landscapes.data import BUILDERS, DataLandscape, Examples, Given
from landscapes.formula import FormulaError, FormulaLandscape, from_formula
from landscapes.functions_1d import LANDSCAPES_1D
from landscapes.functions_2d import LANDSCAPES_2D


class About(NamedTuple):
    """What is known of a landscape before it is made: a network's is trained first, so the page lists it, titles
    it and counts it among the losses from data without making it."""

    dim: int
    title: str
    description: str
    from_data: bool


_REGISTRY = {land.name: land for land in (*LANDSCAPES_1D, *LANDSCAPES_2D, *(build() for build in BUILDERS.values()))}
_LATER: dict[str, tuple[About, Callable[[], Landscape]]] = {
    **{
        f"network_{data}": (
            About(2, network.title(data), network.description(data, "{width}"), from_data=True),
            lambda data=data: network.trained_network(data),
        )
        for data in network.OFFERED
    },
    **{
        f"network_{data}_path": (
            About(2, network.title(data, True), network.description(data, "{width}", True), from_data=True),
            lambda data=data: network.training_path_network(data),
        )
        for data in network.OFFERED_PATHS
    },
}


def names(dim: int | None = None) -> tuple[str, ...]:
    """Registry keys in a stable order (1D first, losses from data last), optionally only those of dimension `dim`."""
    return tuple(name for name in (*_REGISTRY, *_LATER) if dim is None or about(name).dim == dim)


def about(name: str) -> About:
    """The built-in landscape `name`'s dimension, English title and description, and whether its loss is over data,
    without making one that is made when first asked for."""
    if name in _LATER:
        return _LATER[name][0]
    land = get(name)
    return About(land.dim, land.title, land.description, isinstance(land, DataLandscape))


def get(name: str) -> Landscape:
    """The built-in landscape called `name` (a network's is trained the first time it is asked for); an unknown name
    raises a ValueError listing the known ones."""
    if name not in _REGISTRY and name in _LATER:
        _REGISTRY[name] = _LATER[name][1]()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown landscape {name!r}; known: {', '.join(names())}") from None


def with_data(
    name: str, *, seed: int = 0, n_examples: int | None = None, own: Given | None = None, width: int | None = None
) -> DataLandscape:
    """The loss-from-data landscape `name` on a fresh sample, or on the learner's `own` examples: `seed` draws the
    examples (and a network's start and directions); a network has `width` neurons in each hidden layer."""
    if name in _LATER:
        data, along_path = name.removeprefix("network_").removesuffix("_path"), name.endswith("_path")
        build = network.training_path_network if along_path else network.trained_network
        return build(data, width or network.WIDTH, seed, n_examples or network.EXAMPLES, own)
    if name not in BUILDERS:
        raise ValueError(f"{name!r} is not built from data; those that are: {', '.join((*BUILDERS, *_LATER))}")
    return BUILDERS[name](seed=seed, n_examples=n_examples or 200, given=own)


__all__ = [
    "About",
    "DataLandscape",
    "Examples",
    "FormulaError",
    "FormulaLandscape",
    "Given",
    "Landscape",
    "Minimum",
    "about",
    "from_formula",
    "get",
    "given",
    "names",
    "with_data",
]
