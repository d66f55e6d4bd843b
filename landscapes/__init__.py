"""Loss landscapes with analytic gradients and known minima, in plain NumPy."""

from landscapes.base import Landscape, Minimum
from landscapes.data import BUILDERS, DataLandscape, Examples
from landscapes.formula import FormulaError, FormulaLandscape, from_formula
from landscapes.functions_1d import LANDSCAPES_1D
from landscapes.functions_2d import LANDSCAPES_2D

_REGISTRY = {land.name: land for land in (*LANDSCAPES_1D, *LANDSCAPES_2D, *(build() for build in BUILDERS.values()))}


def names(dim: int | None = None) -> tuple[str, ...]:
    """Registry keys in a stable order (1D first, losses from data last), optionally only those of dimension `dim`."""
    return tuple(name for name, land in _REGISTRY.items() if dim is None or land.dim == dim)


def get(name: str) -> Landscape:
    """The built-in landscape called `name`; an unknown name raises a ValueError listing the known ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown landscape {name!r}; known: {', '.join(_REGISTRY)}") from None


def with_data(name: str, *, seed: int = 0, n_examples: int = 200) -> DataLandscape:
    """The loss-from-data landscape `name` on a fresh sample: `seed` draws the examples."""
    if name not in BUILDERS:
        raise ValueError(f"{name!r} is not built from data; those that are: {', '.join(BUILDERS)}")
    return BUILDERS[name](seed=seed, n_examples=n_examples)


__all__ = [
    "DataLandscape",
    "Examples",
    "FormulaError",
    "FormulaLandscape",
    "Landscape",
    "Minimum",
    "from_formula",
    "get",
    "names",
    "with_data",
]
