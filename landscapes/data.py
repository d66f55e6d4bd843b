"""Losses built from examples: the mean over a data set of a per-example loss, as a network's training loss is.

Each has two parameters, so it still draws as a surface. `value` and `grad` are the full-data mean;
`batch_value`, `batch_grad` and `batch_hessian` use only the examples at given indices, which is what
stochastic and mini-batch gradient descent (and a mini-batch Newton step) see at each step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from landscapes.base import Landscape, differences, lowest_on_grid, minima_found, polish, tag_minima

DEFAULT_EXAMPLES = 200


class Examples(NamedTuple):
    """The data set: `inputs (m, features)` and `targets (m,)`."""

    inputs: np.ndarray
    targets: np.ndarray


@dataclass(frozen=True)
class Given:
    """Examples the learner made (points added, moved or removed on the chart, or a file), equal to and hashed
    as their digest, so that a scene holding them is a key of the page's caches."""

    digest: str
    examples: Examples = field(compare=False, repr=False)

    @classmethod
    def of(cls, examples: Examples) -> Given:
        inputs = np.array(examples.inputs, dtype=float, order="C", ndmin=2)
        targets = np.array(examples.targets, dtype=float, order="C")
        for array in (inputs, targets):
            array.flags.writeable = False
        digest = hashlib.sha256(repr(inputs.shape).encode() + inputs.tobytes() + targets.tobytes()).hexdigest()
        return cls(digest[:32], Examples(inputs, targets))


@dataclass(frozen=True, eq=False)
class DataLandscape(Landscape):
    """A landscape whose loss is a mean over `examples`; `task` is "regression" or "classification".

    `per_example(a, b, inputs, targets)` gives each example's loss `(..., m)` and
    `per_example_grad(...)` its gradient, one `(..., m)` array per parameter; `predict(a, b, inputs)`
    is the model's output for each input (a score whose sign is the class, for classification).
    """

    examples: Examples | None = None
    task: str = "regression"
    per_example: Callable | None = None
    per_example_grad: Callable | None = None
    predict: Callable | None = None
    seed: int = 0
    parameter_names: tuple[str, str] = ("w₁", "w₂")
    given: bool = False
    """Whether the examples are the learner's own rather than a sample drawn by `seed`."""

    @property
    def axis_names(self) -> tuple[str, ...]:
        return self.parameter_names

    @property
    def n_examples(self) -> int:
        return len(self.examples.targets)

    def batch_value(self, x, indices) -> np.ndarray:
        """The mean loss over the examples at `indices`, for every point of `x (..., 2)`."""
        inputs, targets = self.examples.inputs[indices], self.examples.targets[indices]
        return self.per_example(*_split(x), inputs, targets).mean(axis=-1)

    def batch_grad(self, x, indices) -> np.ndarray:
        """The mean gradient over the examples at `indices`, shape `(..., 2)`, in the layout of `x`."""
        x = np.asarray(x, dtype=float)
        inputs, targets = self.examples.inputs[indices], self.examples.targets[indices]
        out = np.empty_like(x)
        for i, part in enumerate(self.per_example_grad(*_split(x), inputs, targets)):
            out[..., i] = part.mean(axis=-1)
        return out

    def batch_hessian(self, x, indices) -> np.ndarray:
        """The Hessian of the mean loss over the examples at `indices`, `(..., 2) -> (..., 2, 2)`, by central
        differences of their analytic gradient."""
        return differences(lambda points: self.batch_grad(points, indices), np.asarray(x, dtype=float))


def _split(x) -> list[np.ndarray]:
    x = np.asarray(x, dtype=float)
    return [x[..., i] for i in range(x.shape[-1])]


def _build(name, title, bounds, convex, description, task, examples, model, seeds, seed, parameter_names=("w₁", "w₂"),
           second_derivatives=None, start=(), opening_rate=0.05, given=False, search=True, strict=True):  # fmt: skip
    """A DataLandscape whose full-data loss and gradient are the means of the per-example ones.

    `model` is the triple (per-example loss, per-example gradient, prediction); without `second_derivatives`
    the Hessian is central differences of the analytic gradient. On a sample, each of `seeds` polishes to a
    minimum (or the module fails to load); on `given` examples, or not `strict` (a network's plane, trained on
    any sample a link names), whatever minima Newton's method reaches inside the box from `seeds` (and, with
    `search`, from the lowest points of a coarse grid) are the minima, and there may be none.
    """
    per_example, per_example_grad, predict = model

    def loss(a, b):
        return per_example(a, b, *examples).mean(axis=-1)

    def gradient(a, b):
        return tuple(part.mean(axis=-1) for part in per_example_grad(a, b, *examples))

    if given or not strict:
        found = minima_found(gradient, [*seeds, *(lowest_on_grid(loss, bounds) if search else ())], bounds)
    else:
        found = polish(gradient, seeds, bounds)
    return DataLandscape(
        name, title, 2, bounds, tag_minima(loss, found), convex, description, loss, gradient,
        second_derivatives=second_derivatives, examples=examples, task=task, per_example=per_example,
        per_example_grad=per_example_grad, predict=predict, seed=seed, parameter_names=parameter_names,
        start=start, opening_rate=opening_rate, given=given,
    )  # fmt: skip


# ------------------------------------------------------------------------------------ linear regression


def _line_loss(w, b, inputs, targets):
    residual = w[..., None] * inputs[:, 0] + b[..., None] - targets
    return residual * residual


def _line_predict(w, b, inputs):
    return w[..., None] * inputs[:, 0] + b[..., None]


def _line_grad(w, b, inputs, targets):
    twice_residual = 2 * (w[..., None] * inputs[:, 0] + b[..., None] - targets)
    return twice_residual * inputs[:, 0], twice_residual


def linear_regression(seed: int = 0, n_examples: int = DEFAULT_EXAMPLES, given: Given | None = None) -> DataLandscape:
    """Fit y = w·x + b to noisy points around y = 1.5x − 0.5 (or the `given` ones) by mean squared error."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n_examples)
    examples = given.examples if given else Examples(x[:, None], 1.5 * x - 0.5 + rng.normal(0, 0.5, n_examples))
    x, n_examples = examples.inputs[:, 0], len(examples.targets)
    design = np.column_stack([x, np.ones_like(x)])
    solution = np.linalg.lstsq(design, examples.targets, rcond=None)[0]
    curvature = 2 * design.T @ design / n_examples  # the same everywhere: J is quadratic in (w, b)

    def second_derivatives(w, b):
        return tuple(tuple(np.full(np.shape(w), value) for value in row) for row in curvature)

    return _build(
        "linear_regression",
        "Linear regression (w, b) on data",
        ((-2.0, 5.0), (-4.0, 3.0)),
        True,
        "Fit a line y = w·x + b to the points by mean squared error. Convex: one minimum, the least-squares line.",
        "regression",
        examples,
        (_line_loss, _line_grad, _line_predict),
        [solution],
        seed,
        ("w", "b"),
        second_derivatives,
        start=(4.0, 2.0),
        opening_rate=0.05,
        given=given is not None,
        search=False,
    )


# ---------------------------------------------------------------------------------- logistic regression


def _logistic_loss(w1, w2, inputs, targets):
    margin = targets * (w1[..., None] * inputs[:, 0] + w2[..., None] * inputs[:, 1])
    return np.logaddexp(0.0, -margin)


def _logistic_predict(w1, w2, inputs):
    return w1[..., None] * inputs[:, 0] + w2[..., None] * inputs[:, 1]


def _logistic_grad(w1, w2, inputs, targets):
    margin = targets * (w1[..., None] * inputs[:, 0] + w2[..., None] * inputs[:, 1])
    pull = -targets * 0.5 * (1 - np.tanh(margin / 2))  # −y·σ(−y·z), without overflow
    return pull * inputs[:, 0], pull * inputs[:, 1]


def logistic_regression(seed: int = 0, n_examples: int = DEFAULT_EXAMPLES, given: Given | None = None) -> DataLandscape:
    """Two overlapping classes (labels ±1, or the `given` examples) split by a line through the origin, by mean
    cross-entropy."""
    rng = np.random.default_rng(seed)
    labels = np.where(rng.random(n_examples) < 0.5, -1.0, 1.0)
    inputs = labels[:, None] * np.array([1.0, 0.6]) + rng.normal(0, 1.0, (n_examples, 2))
    examples = given.examples if given else Examples(inputs, labels)
    return _build(
        "logistic_regression",
        "Logistic regression (w₁, w₂) on data",
        ((-2.0, 4.0), (-3.0, 3.0)),
        True,
        "Two weights separate two overlapping classes by mean cross-entropy. Convex: one minimum.",
        "classification",
        examples,
        (_logistic_loss, _logistic_grad, _logistic_predict),
        [(1.0, 0.5)],
        seed,
        start=(-1.5, 2.5),
        opening_rate=0.5,
        given=given is not None,
    )


# ------------------------------------------------------------------------------- a tiny neural network


def network_forward(w1, w2, inputs):
    """Forward pass of ŷ = w₂·tanh(w₁·x): the hidden activation and the prediction, each `(..., m)`."""
    hidden = np.tanh(w1[..., None] * inputs[:, 0])
    return hidden, w2[..., None] * hidden


def network_backward(w1, w2, inputs, targets, hidden, prediction):
    """Backward pass: the chain rule from the loss back to each weight, per example."""
    d_prediction = 2 * (prediction - targets)
    d_w2 = d_prediction * hidden
    d_hidden = d_prediction * w2[..., None]
    d_w1 = d_hidden * (1 - hidden * hidden) * inputs[:, 0]
    return d_w1, d_w2


def _network_loss(w1, w2, inputs, targets):
    _, prediction = network_forward(w1, w2, inputs)
    error = prediction - targets
    return error * error


def _network_grad(w1, w2, inputs, targets):
    hidden, prediction = network_forward(w1, w2, inputs)
    return network_backward(w1, w2, inputs, targets, hidden, prediction)


def tiny_network(seed: int = 0, n_examples: int = DEFAULT_EXAMPLES, given: Given | None = None) -> DataLandscape:
    """A one-neuron network ŷ = w₂·tanh(w₁·x) fitted to a noisy tanh curve (or the `given` points): nonconvex,
    two mirror minima."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, n_examples)
    noisy = Examples(x[:, None], 2.0 * np.tanh(1.5 * x) + rng.normal(0, 0.3, n_examples))
    examples = given.examples if given else noisy
    return _build(
        "tiny_network",
        "A tiny neural network ŷ = w₂·tanh(w₁·x)",
        ((-3.0, 3.0), (-4.0, 4.0)),
        False,
        "A one-neuron network trained by backpropagation. (w₁, w₂) and (−w₁, −w₂) compute the same function, "
        "so there are two mirror minima, with a saddle between them: the start decides which one you reach.",
        "regression",
        examples,
        (_network_loss, _network_grad, lambda w1, w2, inputs: network_forward(w1, w2, inputs)[1]),
        [(1.5, 2.0), (-1.5, -2.0)],
        seed,
        start=(0.3, -3.5),
        opening_rate=0.05,
        given=given is not None,
    )


BUILDERS = {
    "linear_regression": linear_regression,
    "logistic_regression": logistic_regression,
    "tiny_network": tiny_network,
}
