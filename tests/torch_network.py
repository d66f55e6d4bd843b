"""A trained network's loss and slopes from PyTorch's autograd: the loss on the plane θ* + a·δ + b·ε and its
gradient in (a, b), and training's gradient in every weight, float64. Run as `python -m tests.torch_network` to
record them into `tests/recorded/torch_network.json`, which the tests compare against where PyTorch is not
installed.
"""

import json
from pathlib import Path

import numpy as np

from landscapes import network

RECORDED = Path(__file__).with_name("recorded") / "torch_network.json"
CASES = [
    # (data, width, seed, points (a, b) on the plane of random directions)
    ("moons", 16, 0, [(0.0, 0.0), (0.8, -0.7), (-0.35, 0.9)]),
    ("xor", 4, 2, [(0.1, 0.2), (-1.0, 1.0)]),
    ("spiral", 8, 1, [(0.5, 0.5)]),
]


def case_id(case) -> str:
    data, width, seed, _ = case
    return f"{data}-{width}-{seed}"


def torch_case(case) -> dict:
    """The loss and its (a, b) slope at each of the case's points, and training's weight gradient at its start,
    by autograd."""
    import torch

    data, width, seed, points = case
    land = network.trained_network(data, width, seed)
    examples = land.examples
    inputs, targets = (torch.tensor(part, dtype=torch.float64) for part in examples)
    trained = network.trained(data, width, seed, network.EXAMPLES)
    center = trained.weights
    across, along = network.filter_normalized(center, seed + 1), network.filter_normalized(center, seed + 2)

    def loss(weights, biases):
        hidden = inputs
        for index, (w, b) in enumerate(zip(weights, biases, strict=True)):
            hidden = hidden @ w + b
            if index < len(weights) - 1:
                hidden = torch.tanh(hidden)
        score = hidden[:, 0]
        decay = network.DECAY / 2 * sum((w * w).sum() for w in weights)
        return torch.logaddexp(torch.zeros_like(score), -targets * score).mean() + decay

    def tensors(layers):
        return [torch.tensor(w, dtype=torch.float64) for w in layers.weights], [
            torch.tensor(b, dtype=torch.float64) for b in layers.biases
        ]

    plane = []
    for a_value, b_value in points:
        a = torch.tensor(a_value, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(b_value, dtype=torch.float64, requires_grad=True)
        (cw, cb), (dw, db), (ew, eb) = tensors(center), tensors(across), tensors(along)
        value = loss([c + a * d + b * e for c, d, e in zip(cw, dw, ew, strict=True)],
                     [c + a * d + b * e for c, d, e in zip(cb, db, eb, strict=True)])  # fmt: skip
        value.backward()
        plane.append([float(value.detach()), float(a.grad), float(b.grad)])
    start = network.initial((2, width, width, 1), seed)
    weights, biases = tensors(start)
    for part in (*weights, *biases):
        part.requires_grad_(True)
    loss(weights, biases).backward()
    grads = [part.grad.numpy().ravel() for pair in zip(weights, biases, strict=True) for part in pair]
    return {"plane": plane, "training": np.concatenate(grads).tolist()}


def recorded() -> dict:
    return json.loads(RECORDED.read_text())


if __name__ == "__main__":
    RECORDED.write_text(json.dumps({case_id(case): torch_case(case) for case in CASES}, indent=1) + "\n")
    print(f"recorded {len(CASES)} cases in {RECORDED}")
