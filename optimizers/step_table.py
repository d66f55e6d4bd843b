"""The per-step account of one path: what the forward and backward passes gave, and the step taken."""

from typing import NamedTuple

import numpy as np

from landscapes import DataLandscape, Landscape
from optimizers.runner import Trajectory
from optimizers.schedules import Schedule, factors


class Steps(NamedTuple):
    """One row per step k taken: θ_k `(k, dim)`, J(θ_k), ∇J(θ_k) `(k, dim)`, the learning rate η_k and the move
    Δθ = θ_{k+1} − θ_k `(k, dim)`. Arrays only: the page names the columns, in the learner's language."""

    step: np.ndarray
    theta: np.ndarray
    value: np.ndarray
    gradient: np.ndarray
    rate: np.ndarray
    move: np.ndarray


class Passes(NamedTuple):
    """One row per example of a batch: its inputs `(m, features)` and target, the forward pass (prediction,
    loss ℓ) and the backward pass (ℓ's gradient `(m, 2)`). The batch's J and ∇J are the means of the last two."""

    example: np.ndarray
    inputs: np.ndarray
    target: np.ndarray
    prediction: np.ndarray
    loss: np.ndarray
    gradient: np.ndarray


def step_table(
    landscape: Landscape, trajectory: Trajectory, start: int, lr: float, schedule: Schedule | None = None
) -> Steps:
    """The steps of start `start` of a fully recorded run, stopping where the path stops: at the last
    step, or where it diverged, with the step that left as its last row (its Δθ reaching the escape point, so
    a run that diverges at step 0 still shows where its first step went). J comes from the forward pass at
    θ_k, ∇J from the backward pass."""
    if not np.array_equal(trajectory.steps, np.arange(len(trajectory.steps))):
        raise ValueError("a step table needs every step recorded (record_every=1)")
    taken = int(trajectory.stopped_at[start])
    path = trajectory.points[: taken + 1, start]
    if trajectory.diverged[start] and trajectory.escape is not None:
        path = np.vstack([path, trajectory.escape[start]])
    rows = len(path) - 1
    theta = path[:-1]
    rates = lr * factors(schedule, len(trajectory.steps) - 1)[:rows]
    with np.errstate(over="ignore", invalid="ignore"):
        move = np.diff(path, axis=0)
    return Steps(
        np.arange(rows), theta, trajectory.values[:rows, start], landscape.grad(theta), rates,
        np.nan_to_num(move, nan=0.0),
    )  # fmt: skip


def pass_table(landscape: DataLandscape, theta, indices) -> Passes:
    """The chapter's two phases at parameters `theta`, for the examples at `indices`."""
    a, b = (np.array([float(c)]) for c in theta)
    indices = np.asarray(indices)
    inputs, targets = landscape.examples.inputs[indices], landscape.examples.targets[indices]
    gradient = landscape.per_example_grad(a, b, inputs, targets)
    return Passes(
        indices,
        inputs,
        targets,
        landscape.predict(a, b, inputs)[0],
        landscape.per_example(a, b, inputs, targets)[0],
        np.stack([gradient[0][0], gradient[1][0]], axis=-1),
    )
