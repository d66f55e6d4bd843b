"""Hyperparameter specs, and checking the values a caller gives against them."""

from collections.abc import Mapping
from typing import NamedTuple


class HyperParam(NamedTuple):
    """What a hyperparameter may be: its default, its range, whether its slider is logarithmic, why it exists,
    and whether it is a whole number (a count, such as L-BFGS's history size)."""

    default: float
    low: float
    high: float
    log: bool
    help: str
    whole: bool = False


def configure(specs: Mapping[str, HyperParam], given: Mapping[str, float], owner: str) -> dict[str, float]:
    """The defaults of `specs` overridden by `given`; an unknown name or an out-of-range value is a ValueError."""
    unknown = set(given) - set(specs)
    if unknown:
        known = ", ".join(specs) or "none"
        raise ValueError(f"{owner} has no hyperparameter {', '.join(sorted(unknown))}; it takes: {known}")
    settings = {name: spec.default for name, spec in specs.items()}
    for name, value in given.items():
        low, high = specs[name].low, specs[name].high
        if not low <= float(value) <= high:
            raise ValueError(f"{owner}: {name} = {value} is outside its range [{low:g}, {high:g}]")
        settings[name] = float(value)
    return settings
