"""The optimizers a user can pick: each rule with its name, title and hyperparameter specs."""

from collections.abc import Callable, Mapping
from functools import partial
from typing import NamedTuple

from optimizers import rules
from optimizers.hyperparams import HyperParam, configure


class Optimizer(NamedTuple):
    """An update rule bound to its hyperparameter values (`settings`), ready for `optimizers.run`."""

    name: str
    title: str
    description: str
    hyperparams: Mapping[str, HyperParam]
    settings: Mapping[str, float]
    init: Callable
    update: Callable
    needs_hessian: bool = False
    """Newton's method: `update` also takes the Hessian at the parameters."""
    color: str = ""
    """Its colour in every chart."""
    symbol: str = ""
    """Its marker shape in every chart: a second cue where colours are hard to tell apart."""
    reference: str = ""
    """Where its formulas and defaults come from: the `torch.optim` class it matches, or the paper."""


class _Entry(NamedTuple):
    """Everything about one optimizer, in one place: adding an optimizer is one entry (and its words in the
    Chinese catalog; the English ones are these)."""

    title: str
    description: str
    rule: Callable[..., rules.Rule]
    hyperparams: dict[str, HyperParam]
    color: str
    symbol: str
    reference: str


_MOMENTUM = HyperParam(0.9, 0.0, 0.999, False, "Fraction of the previous step carried into the next (μ).")
_EPS = HyperParam(1e-8, 1e-12, 1e-2, True, "Added to the denominator so a tiny gradient never divides by zero (ε).")
_BETAS = {
    "beta1": HyperParam(0.9, 0.0, 0.999, False, "Decay of the running mean of gradients (β₁): the momentum."),
    "beta2": HyperParam(0.999, 0.5, 0.99999, False, "Decay of the running mean of squared gradients (β₂)."),
    "eps": _EPS,
}

_CATALOG: dict[str, _Entry] = {
    "gd": _Entry(
        "Gradient descent",
        "The chapter's rule: a step of η times the slope, straight downhill.",
        rules.gd,
        {},
        color="#E69F00",
        symbol="circle",
        reference="torch.optim.SGD",
    ),
    "momentum": _Entry(
        "Momentum",
        "Steps keep part of the previous step: a ball rolling downhill, which gathers speed along a ravine.",
        rules.momentum,
        {
            "momentum": _MOMENTUM,
            "dampening": HyperParam(0.0, 0.0, 0.99, False, "Share of each new gradient held back from the buffer (τ)."),
        },
        color="#0072B2",
        symbol="square",
        reference="torch.optim.SGD(momentum=0.9)",
    ),
    "nesterov": _Entry(
        "Nesterov momentum",
        "Momentum that looks ahead: the slope is taken where the carried step leads, so it brakes sooner.",
        partial(rules.momentum, nesterov=True),
        {"momentum": _MOMENTUM},
        color="#009E73",
        symbol="diamond",
        reference="torch.optim.SGD(momentum=0.9, nesterov=True)",
    ),
    "adagrad": _Entry(
        "Adagrad",
        "Each coordinate's step is divided by the root of its summed squared slopes: steep ones slow down for good.",
        rules.adagrad,
        {
            "lr_decay": HyperParam(0.0, 0.0, 1.0, False, "Shrinks the learning rate as η / (1 + (t − 1)·decay)."),
            "initial_accumulator_value": HyperParam(
                0.0, 0.0, 10.0, False, "Starting value of the sum of squared gradients."
            ),
            "eps": HyperParam(1e-10, 1e-12, 1e-2, True, _EPS.help),
        },
        color="#CC79A7",
        symbol="triangle-up",
        reference="torch.optim.Adagrad",
    ),
    "rmsprop": _Entry(
        "RMSprop",
        "Each coordinate's step is divided by the root of a running mean of its squared slopes.",
        rules.rmsprop,
        {
            "alpha": HyperParam(0.99, 0.5, 0.9999, False, "Decay of the running mean of squared gradients (α)."),
            "eps": _EPS,
            "momentum": HyperParam(0.0, 0.0, 0.999, False, _MOMENTUM.help),
        },
        color="#56B4E9",
        symbol="triangle-down",
        reference="torch.optim.RMSprop",
    ),
    "adam": _Entry(
        "Adam",
        "Momentum and RMSprop together, with their early bias corrected: steps about η long whatever the slope.",
        rules.adam,
        _BETAS,
        color="#D55E00",
        symbol="cross",
        reference="torch.optim.Adam",
    ),
    "adamw": _Entry(
        "AdamW",
        "Adam with weight decay kept apart from its step: θ also shrinks towards 0 by η·λ·θ.",
        rules.adam,
        {
            **_BETAS,
            "weight_decay": HyperParam(
                0.01, 0.0, 1.0, False, "Pulls θ towards 0 by η·λ·θ each step, apart from Adam's step (λ)."
            ),
        },
        color="#7F3C8D",
        symbol="x",
        reference="torch.optim.AdamW",
    ),
    "newton": _Entry(
        "Newton's method",
        "Divides the slope by the curvature: one step to the bottom of a quadratic at η = 1, but where the "
        "curvature is negative it heads for a maximum or a saddle just as happily.",
        rules.newton,
        {
            "damping": HyperParam(
                0.0, 0.0, 10.0, False, "Added to the Hessian's diagonal, H + λI: a damped, safer step (λ)."
            )
        },
        color="#000000",
        symbol="hexagon",
        reference="Newton's method, damped: Nocedal and Wright, Numerical Optimization, ch. 3",
    ),
    "lbfgs": _Entry(
        "L-BFGS",
        "Quasi-Newton: learns the curvature from its last steps' gradients instead of computing it "
        "(torch.optim.LBFGS, one iteration a step, no line search; its default η is 1).",
        rules.lbfgs,
        {
            "history_size": HyperParam(100, 1, 100, False, "How many past steps the curvature is learned from.", True),
            "tolerance_grad": HyperParam(
                1e-7, 1e-12, 1e-2, True, "A start whose largest |∂J/∂θ| is this small stays where it is."
            ),
            "tolerance_change": HyperParam(
                1e-9, 1e-12, 1e-2, True, "A direction that goes downhill by less than this is not taken."
            ),
        },
        color="#332288",
        symbol="pentagon",
        reference="torch.optim.LBFGS(max_iter=1)",
    ),
    "lion": _Entry(
        "Lion",
        "The sign of a momentum: every coordinate moves exactly η each step, so its η is 3 to 10 times smaller "
        "than Adam's (Chen et al., 2023).",
        rules.lion,
        {
            "beta1": HyperParam(0.9, 0.0, 0.999, False, "How much of the momentum the step's sign looks at (β₁)."),
            "beta2": HyperParam(0.99, 0.0, 0.9999, False, "Decay of the momentum itself (β₂)."),
            "weight_decay": HyperParam(0.0, 0.0, 1.0, False, "Pulls θ towards 0 by η·λ·θ each step (λ)."),
        },
        color="#882255",
        symbol="star-triangle-up",
        reference="Chen et al., Symbolic Discovery of Optimization Algorithms, 2023",
    ),
    "nadam": _Entry(
        "NAdam",
        "Adam with Nesterov's look-ahead on its momentum (torch.optim.NAdam; its default η is 0.002).",
        rules.nadam,
        {
            **_BETAS,
            "momentum_decay": HyperParam(
                4e-3, 1e-5, 1e-1, True, "How fast the momentum's weight grows to β₁ over the steps (ψ)."
            ),
        },
        color="#44AA99",
        symbol="triangle-left",
        reference="torch.optim.NAdam",
    ),
    "radam": _Entry(
        "RAdam",
        "Adam that takes plain momentum steps until its estimate of the slopes' spread can be trusted "
        "(torch.optim.RAdam).",
        rules.radam,
        _BETAS,
        color="#999933",
        symbol="triangle-right",
        reference="torch.optim.RAdam",
    ),
    "adadelta": _Entry(
        "Adadelta",
        "Steps measured in the units of θ from running means of past steps and slopes: η = 1 by default "
        "(torch.optim.Adadelta).",
        rules.adadelta,
        {
            "rho": HyperParam(0.9, 0.0, 0.9999, False, "Decay of the running means of squared slopes and steps (ρ)."),
            "eps": HyperParam(1e-6, 1e-12, 1e-2, True, _EPS.help),
        },
        color="#AA4499",
        symbol="hourglass",
        reference="torch.optim.Adadelta",
    ),
}


def names() -> tuple[str, ...]:
    """The optimizers' registry keys, simplest first."""
    return tuple(_CATALOG)


def get(name: str, **hyperparams: float) -> Optimizer:
    """Optimizer `name` with its defaults overridden by `hyperparams`.

    An unknown name or hyperparameter, or a value out of range, is a ValueError that says what is allowed.
    """
    if name not in _CATALOG:
        raise ValueError(f"unknown optimizer {name!r}; known: {', '.join(_CATALOG)}")
    entry = _CATALOG[name]
    settings = configure(entry.hyperparams, hyperparams, f"optimizer {name!r}")
    init, update, needs_hessian = entry.rule(**settings)
    return Optimizer(name, entry.title, entry.description, entry.hyperparams, settings, init, update, needs_hessian,
                     entry.color, entry.symbol, entry.reference)  # fmt: skip
