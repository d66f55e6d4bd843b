"""The per-step account of one path: what the forward and backward passes gave, and the step taken."""

import numpy as np

from landscapes import DataLandscape, Landscape
from optimizers.runner import Trajectory
from optimizers.schedules import Schedule


def step_table(
    landscape: Landscape, trajectory: Trajectory, start: int, lr: float, schedule: Schedule | None = None
) -> dict[str, np.ndarray]:
    """Columns for start `start` of a fully recorded run, one row per step taken: k, θ, J(θ), ∇J(θ), η, Δθ.

    J comes from the forward pass at θ_k, ∇J from the backward pass; Δθ = θ_{k+1} − θ_k is the
    optimizer's move. The rows stop where the path stops: at the last step, or where it diverged.
    """
    if not np.array_equal(trajectory.steps, np.arange(len(trajectory.steps))):
        raise ValueError("a step table needs every step recorded (record_every=1)")
    taken = int(trajectory.stopped_at[start])
    path = trajectory.points[: taken + 1, start]
    theta = path[:-1]
    rates = lr * (np.ones(taken) if schedule is None else schedule.multipliers(len(trajectory.steps) - 1)[:taken])
    names = landscape.axis_names
    gradient = landscape.grad(theta)
    moves = np.diff(path, axis=0)
    return {
        "step": np.arange(taken),
        **{name: theta[:, i] for i, name in enumerate(names)},
        "J(θ)": trajectory.values[:taken, start],
        **{f"∂J/∂{name}": gradient[:, i] for i, name in enumerate(names)},
        "η": rates,
        **{f"Δ{name}": moves[:, i] for i, name in enumerate(names)},
    }


def pass_table(landscape: DataLandscape, theta, indices) -> dict[str, np.ndarray]:
    """The chapter's two phases at parameters `theta`, one row per example of a batch.

    Forward pass: each input's prediction and loss ℓ; backward pass: ℓ's gradient with respect to each
    parameter. The batch's J and ∇J are the means of the last three columns.
    """
    a, b = (np.array([float(c)]) for c in theta)
    indices = np.asarray(indices)
    inputs, targets = landscape.examples.inputs[indices], landscape.examples.targets[indices]
    first, second = landscape.parameter_names
    gradient = landscape.per_example_grad(a, b, inputs, targets)
    features = (
        {"x": inputs[:, 0]} if inputs.shape[1] == 1 else {f"x{i + 1}": inputs[:, i] for i in range(inputs.shape[1])}
    )
    return {
        "example": indices,
        **features,
        "target": targets,
        "prediction": landscape.predict(a, b, inputs)[0],
        "loss ℓ": landscape.per_example(a, b, inputs, targets)[0],
        f"∂ℓ/∂{first}": gradient[0][0],
        f"∂ℓ/∂{second}": gradient[1][0],
    }
