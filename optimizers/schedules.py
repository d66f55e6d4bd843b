"""Learning-rate schedules: the factor that multiplies the base learning rate at each step."""

from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from optimizers.hyperparams import HyperParam, configure


class Schedule(NamedTuple):
    """A schedule bound to its settings; `multipliers(steps)` gives the factor for steps 0 … steps − 1."""

    name: str
    title: str
    hyperparams: Mapping[str, HyperParam]
    settings: Mapping[str, float]
    multipliers: Callable[[int], np.ndarray]


def _constant(steps):
    return np.ones(steps)


def _step_decay(steps, step_size, gamma):
    """As `torch.optim.lr_scheduler.StepLR`: multiply by γ every `step_size` steps."""
    return gamma ** (np.arange(steps) // int(step_size))


def _exponential(steps, decay_rate, decay_steps):
    """As TensorFlow's `exponential_decay`: rate^(t / decay_steps), smoothly."""
    return decay_rate ** (np.arange(steps) / decay_steps)


def _inverse_time(steps, decay_rate, decay_steps):
    """As TensorFlow's `inverse_time_decay`: 1 / (1 + rate · t / decay_steps)."""
    return 1 / (1 + decay_rate * np.arange(steps) / decay_steps)


def _cosine(steps, alpha):
    """As TensorFlow's `cosine_decay` over the whole run: from 1 down to α along half a cosine."""
    progress = np.arange(steps) / max(steps, 1)
    return alpha + (1 - alpha) * 0.5 * (1 + np.cos(np.pi * progress))


_DECAY_STEPS = HyperParam(
    100.0, 1.0, 10_000.0, True, "Steps it takes the rate to fall by one factor of the decay rate."
)

_CATALOG = {
    "constant": ("Constant", _constant, {}),
    "step": (
        "Step decay",
        _step_decay,
        {
            "step_size": HyperParam(100.0, 1.0, 10_000.0, True, "Steps between two drops."),
            "gamma": HyperParam(0.5, 0.01, 1.0, False, "Factor applied at each drop."),
        },
    ),
    "exponential": (
        "Exponential decay",
        _exponential,
        {
            "decay_rate": HyperParam(0.5, 0.01, 1.0, False, "The factor η has shrunk by after the decay steps."),
            "decay_steps": _DECAY_STEPS,
        },
    ),
    "inverse_time": (
        "Inverse-time decay",
        _inverse_time,
        {
            "decay_rate": HyperParam(
                1.0,
                0.0,
                100.0,
                False,
                "How fast it falls: η shrinks by 1 / (1 + r·t / s), r this rate and s the decay steps.",
            ),
            "decay_steps": _DECAY_STEPS,
        },
    ),
    "cosine": (
        "Cosine decay",
        _cosine,
        {"alpha": HyperParam(0.0, 0.0, 1.0, False, "Fraction of the learning rate left at the last step.")},
    ),
}


def factors(schedule: Schedule | None, steps: int) -> np.ndarray:
    """The factor on the base learning rate at each of `steps` steps: the schedule's, or ones for none."""
    return np.ones(steps) if schedule is None else np.asarray(schedule.multipliers(int(steps)), dtype=float)


def names() -> tuple[str, ...]:
    return tuple(_CATALOG)


def get(name: str, **hyperparams: float) -> Schedule:
    """Schedule `name` with its defaults overridden; unknown names or values out of range are a ValueError."""
    if name not in _CATALOG:
        raise ValueError(f"unknown schedule {name!r}; known: {', '.join(_CATALOG)}")
    title, factors, specs = _CATALOG[name]
    settings = configure(specs, hyperparams, f"schedule {name!r}")
    return Schedule(name, title, specs, settings, lambda steps: factors(steps, **settings))
