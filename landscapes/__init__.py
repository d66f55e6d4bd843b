"""Loss landscapes with analytic gradients and known minima, in plain NumPy."""

from landscapes.base import Landscape, Minimum
from landscapes.functions_1d import LANDSCAPES_1D
from landscapes.functions_2d import LANDSCAPES_2D

_REGISTRY = {land.name: land for land in (*LANDSCAPES_1D, *LANDSCAPES_2D)}


def names(dim: int | None = None) -> tuple[str, ...]:
    """Registry keys in a stable order (1D first), optionally only those of dimension `dim`."""
    return tuple(name for name, land in _REGISTRY.items() if dim is None or land.dim == dim)


def get(name: str) -> Landscape:
    """The built-in landscape called `name`; an unknown name raises a ValueError listing the known ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown landscape {name!r}; known: {', '.join(_REGISTRY)}") from None


__all__ = ["Landscape", "Minimum", "get", "names"]
