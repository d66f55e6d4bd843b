"""A real network's loss, seen on a plane: a small multilayer network (2 → 16 → 16 → 1, tanh) trained with Adam on
two-dimensional data made here (moons, circles, a spiral, XOR), and its loss along two random directions through
the trained weights θ*, J(a, b) = L(θ* + a·δ + b·ε), as Li et al. (2018, "Visualizing the Loss Landscape of Neural
Nets") draw it. Each direction is normalized filter by filter: each neuron's incoming weights in δ have the length
of that neuron's weights in θ*, so the plane's scale means the same in every layer; biases do not move (their
direction is zero), as in the paper.

Everything goes through the network's own passes: the forward pass gives each example's loss, the backward pass its
error at every layer, and the gradient along the plane is that backward pass projected on δ and ε, example by example
(no finite differences). NumPy only; a plane's points are worked through in chunks, so a 101 × 101 grid stays small.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from typing import NamedTuple

import numpy as np

from landscapes.data import DataLandscape, Examples, Given, _build

DATA_KINDS = ("moons", "circles", "spiral", "xor")
OFFERED = DATA_KINDS
"""The data sets whose trained network the page offers among its landscapes, on a plane of random directions."""
OFFERED_PATHS = ("moons",)
"""Those it offers on the plane of the training path too."""
EXAMPLES = 200
WIDTH = 16
"""Each hidden layer's neurons, unless the learner picks another of WIDTHS."""
WIDTHS = (4, 8, 16, 32)
TRAINING_STEPS = 1500
TRAINING_RATE = 0.02
"""Adam's learning rate while the network trains (full batch)."""
PATH_EVERY = 10
"""The training path keeps the weights every this many steps."""
DECAY = 1e-3
"""Weight decay, λ/2·‖W‖² added to the loss, as Li et al. train: without it, a network that separates its data
lowers its loss for ever by growing its weights, and the plane has no minimum to find."""
CHUNK = 20_000
KEPT = 8
"""Trained networks kept per process: a link may name any of ten thousand samples, each a network to train."""
"""Points × examples worked through at once: a few megabytes of activations per layer."""


def make_data(kind: str, n_examples: int = 200, seed: int = 0) -> Examples:
    """`n_examples` points in the plane with labels ±1, drawn by `seed`: two interleaved half moons, a circle inside
    a ring, two spiral arms, or the four quadrants of XOR, each with a little noise."""
    rng = np.random.default_rng(seed)
    labels = np.where(np.arange(n_examples) % 2 == 0, 1.0, -1.0)
    rng.shuffle(labels)
    upper = labels > 0
    if kind == "moons":
        angle = rng.uniform(0, np.pi, n_examples)
        points = np.where(upper[:, None], np.column_stack([np.cos(angle), np.sin(angle)]),
                          np.column_stack([1 - np.cos(angle), 0.5 - np.sin(angle)]))  # fmt: skip
        points = (points - [0.5, 0.25]) / 1.2 + rng.normal(0, 0.08, (n_examples, 2))
    elif kind == "circles":
        angle = rng.uniform(0, 2 * np.pi, n_examples)
        radius = np.where(upper, 0.4, 0.9) + rng.normal(0, 0.06, n_examples)
        points = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    elif kind == "spiral":
        turn = rng.uniform(0.15, 1.0, n_examples)
        angle = 3 * np.pi * turn + np.where(upper, 0.0, np.pi)
        points = turn[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]) + rng.normal(0, 0.04, (n_examples, 2))
    elif kind == "xor":
        points = rng.uniform(-1, 1, (n_examples, 2))
        labels = np.sign(points[:, 0] * points[:, 1])
        labels[labels == 0] = 1.0
        flipped = rng.random(n_examples) < 0.03
        labels = np.where(flipped, -labels, labels)
    else:
        raise ValueError(f"unknown data {kind!r}; known: {', '.join(DATA_KINDS)}")
    return Examples(points, labels)


class Layers(NamedTuple):
    """A network's weights, layer by layer: `weights[l]` of shape `(inputs, outputs)`, `biases[l]` `(outputs,)`."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    def __add__(self, other: Layers) -> Layers:
        return Layers(tuple(map(np.add, self.weights, other.weights)), tuple(map(np.add, self.biases, other.biases)))

    def scaled(self, factor: float) -> Layers:
        return Layers(tuple(w * factor for w in self.weights), tuple(b * factor for b in self.biases))

    def flat(self) -> np.ndarray:
        """Every weight and bias in one vector, layer by layer."""
        return np.concatenate([part.ravel() for pair in zip(self.weights, self.biases, strict=True) for part in pair])

    def unflat(self, flat: np.ndarray) -> Layers:
        """A vector laid out as `flat` writes one, back in these layers' shapes."""
        parts, at = [], 0
        for weight, bias in zip(self.weights, self.biases, strict=True):
            for part in (weight, bias):
                parts.append(flat[at : at + part.size].reshape(part.shape))
                at += part.size
        return Layers(tuple(parts[0::2]), tuple(parts[1::2]))


def initial(widths: tuple[int, ...], seed: int) -> Layers:
    """Weights drawn as Glorot does for tanh (variance 1 / inputs), biases zero."""
    rng = np.random.default_rng(seed)
    weights = tuple(rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_out)) for n_in, n_out in itertools.pairwise(widths))
    return Layers(weights, tuple(np.zeros(n_out) for n_out in widths[1:]))


def forward(layers: Layers, inputs: np.ndarray) -> list[np.ndarray]:
    """The forward pass: every layer's activations, the inputs first and the output's score `(..., m)` last (its
    sign is the class). Hidden layers are tanh; the output is linear. Weights may carry leading axes, one network
    per point (`(..., inputs, outputs)`), with the activations' leading axes to match."""
    activations = [inputs]
    last = len(layers.weights) - 1
    for index, (weight, bias) in enumerate(zip(layers.weights, layers.biases, strict=True)):
        total = activations[-1] @ weight + bias[..., None, :]
        activations.append(total if index == last else np.tanh(total))
    activations[-1] = activations[-1][..., 0]
    return activations


def example_losses(score: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Each example's cross-entropy, log(1 + e^(−y·score)), without overflow."""
    return np.logaddexp(0.0, -targets * score)


def decay(layers: Layers) -> np.ndarray:
    """The weight decay term λ/2·‖W‖², one per network (biases are not decayed)."""
    return DECAY / 2 * sum((w * w).sum(axis=(-1, -2)) for w in layers.weights)


def backward(layers: Layers, activations: list[np.ndarray], targets: np.ndarray) -> list[np.ndarray]:
    """The backward pass: each layer's error ∂ℓ/∂(its weighted sum), per example, from the output back to the
    first hidden layer (returned first layer first)."""
    score = activations[-1]
    errors = [(-targets * 0.5 * (1 - np.tanh(targets * score / 2)))[..., None]]  # ∂ℓ/∂score = −y·σ(−y·score)
    for index in range(len(layers.weights) - 1, 0, -1):
        hidden = activations[index]
        errors.append((errors[-1] @ np.swapaxes(layers.weights[index], -1, -2)) * (1 - hidden * hidden))
    return errors[::-1]


def gradient(layers: Layers, inputs: np.ndarray, targets: np.ndarray) -> Layers:
    """The mean loss's gradient with respect to every weight and bias: the backward pass's errors against each
    layer's inputs."""
    activations = forward(layers, inputs)
    errors = backward(layers, activations, targets)
    count = len(targets)
    weights = tuple(a.T @ e / count + DECAY * w for a, e, w in zip(activations, errors, layers.weights, strict=False))
    return Layers(weights, tuple(e.mean(axis=0) for e in errors))


class Trained(NamedTuple):
    """A network trained on `examples`: its weights θ*, and the path training took (every PATH_EVERY steps, the
    start first and θ* last), one flat weight vector per row."""

    examples: Examples
    weights: Layers
    path: np.ndarray


def train(examples: Examples, width: int = WIDTH, seed: int = 0, steps: int = TRAINING_STEPS) -> Trained:
    """Adam (β₁ = 0.9, β₂ = 0.999, full batch) from Glorot's start, as the chapter trains its network."""
    layers = initial((2, width, width, 1), seed)
    first = second = layers.scaled(0.0)
    path = [layers.flat()]
    for step in range(1, steps + 1):
        grad = gradient(layers, *examples)
        squared = Layers(tuple(g * g for g in grad.weights), tuple(g * g for g in grad.biases))
        first, second = first.scaled(0.9) + grad.scaled(0.1), second.scaled(0.999) + squared.scaled(0.001)
        rate = TRAINING_RATE * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        layers = Layers(
            tuple(
                w - rate * m / (np.sqrt(v) + 1e-8)
                for w, m, v in zip(layers.weights, first.weights, second.weights, strict=True)
            ),
            tuple(
                b - rate * m / (np.sqrt(v) + 1e-8)
                for b, m, v in zip(layers.biases, first.biases, second.biases, strict=True)
            ),
        )
        if step % PATH_EVERY == 0 or step == steps:
            path.append(layers.flat())
    return Trained(examples, layers, np.array(path))


def filter_normalized(trained: Layers, seed: int) -> Layers:
    """A random direction in weight space, each neuron's incoming weights scaled to the length of that neuron's
    weights in `trained` (Li et al.'s filter normalization); biases stay put."""
    rng = np.random.default_rng(seed)
    weights = []
    for weight in trained.weights:
        direction = rng.normal(size=weight.shape)
        weights.append(direction * np.linalg.norm(weight, axis=0) / np.linalg.norm(direction, axis=0))
    return Layers(tuple(weights), tuple(np.zeros_like(b) for b in trained.biases))


class Plane(NamedTuple):
    """The plane θ* + a·δ + b·ε through trained weights: each example's loss, its gradient along the plane and the
    network's score, at any points (a, b) of any shape."""

    center: Layers
    across: Layers
    along: Layers

    def at(self, a: np.ndarray, b: np.ndarray) -> Layers:
        """The networks at points `a`, `b` `(n,)`: each weight with a leading axis of n."""
        a, b = a[:, None, None], b[:, None, None]
        return Layers(
            tuple(
                w + a * d + b * e
                for w, d, e in zip(self.center.weights, self.across.weights, self.along.weights, strict=True)
            ),
            tuple(
                c + a[:, 0] * d + b[:, 0] * e
                for c, d, e in zip(self.center.biases, self.across.biases, self.along.biases, strict=True)
            ),
        )

    def per_example(self, a, b, inputs, targets) -> np.ndarray:
        """Each example's loss at every point (a, b), weight decay included: `(...) -> (..., m)`."""

        def losses(at: Layers):
            return (example_losses(forward(at, inputs)[-1], targets) + decay(at)[:, None],)

        return self._by_chunk(a, b, losses, len(targets))[0]

    def per_example_grad(self, a, b, inputs, targets) -> tuple[np.ndarray, np.ndarray]:
        """Each example's ∂ℓ/∂a and ∂ℓ/∂b: its backward pass, projected on δ and ε. A layer's weight gradient is
        its inputs against its error and a bias's the error itself, so their projection on a direction D is
        (inputs · D_W + D_b) against the error. The decay's gradient λ·W projects as λ·W·D_W."""

        def projected(at: Layers):
            activations = forward(at, inputs)
            errors = backward(at, activations, targets)
            return tuple(
                sum(
                    ((x @ d + db[..., None, :]) * error).sum(axis=-1)
                    for x, d, db, error in zip(activations, direction.weights, direction.biases, errors, strict=False)
                )
                + DECAY
                * sum((w * d).sum(axis=(-1, -2)) for w, d in zip(at.weights, direction.weights, strict=True))[:, None]
                for direction in (self.across, self.along)
            )

        return self._by_chunk(a, b, projected, len(targets))

    def predict(self, a, b, inputs) -> np.ndarray:
        """The network's score for each input at every point (a, b) (its sign is the class)."""
        return self._by_chunk(a, b, lambda at: (forward(at, inputs)[-1],), len(inputs))[0]

    def _by_chunk(self, a, b, work, m: int) -> tuple[np.ndarray, ...]:
        """`work(networks)` for the points (a, b), a chunk of them at a time, each result `(..., m)`."""
        a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        flat_a, flat_b = a.ravel(), b.ravel()
        size = max(1, CHUNK // max(m, 1))
        parts = [work(self.at(flat_a[i : i + size], flat_b[i : i + size])) for i in range(0, max(len(flat_a), 1), size)]
        return tuple(np.concatenate([part[k] for part in parts])[: len(flat_a)].reshape(*a.shape, m)
                     for k in range(len(parts[0])))  # fmt: skip


NAMES = {"moons": "moons", "circles": "circles", "spiral": "spiral", "xor": "XOR"}
"""Each data set's name in English titles and descriptions."""


def title(data: str, along_path: bool = False) -> str:
    name = NAMES[data]
    return f"A trained network ({name}), along its training path" if along_path else f"A trained network ({name})"


def description(data: str, width: int | str = WIDTH, along_path: bool = False) -> str:
    """What the network's landscape is; `width` may be "{width}", for the page to fill in."""
    if along_path:
        return (
            f"A 2 → {width} → {width} → 1 network trained with Adam on {NAMES[data]}, and its loss on the plane of the "
            "two directions its training moved most along, through the trained weights θ* at the centre. Nonconvex; "
            "the chart marks one minimum, the plane's own, found by Newton's method from θ*."
        )
    return (
        f"A 2 → {width} → {width} → 1 network trained with Adam on {NAMES[data]}, and its loss along two random "
        "directions through the trained weights θ* at the centre (filter-normalized, as Li et al. 2018 draw it). "
        "Nonconvex; the chart marks one minimum, the plane's own, found by Newton's method from θ*."
    )


class Projected(NamedTuple):
    """A training path seen on the plane of its first two principal directions through θ*: each kept step's
    coordinates on that plane `(k, 2)`, its distance from the plane `(k,)`, and the share of the path's spread
    the plane holds."""

    points: np.ndarray
    distances: np.ndarray
    explained: float
    weights: int
    """How many weights and biases the path moved in."""
    every: int = PATH_EVERY
    """Training steps between two kept points."""


def principal_plane(trained: Trained) -> tuple[Plane, Projected]:
    """The plane through θ* along the first two principal directions of the path training took (Li et al.'s
    picture of a real training path), unit length each, and the path projected on it. A projected path is not a
    path on the surface: each point is as far off the plane as `distances` says."""
    offsets = trained.path - trained.path[-1]
    _, spread, directions = np.linalg.svd(offsets, full_matrices=False)
    first, second = directions[0], directions[1]
    points = offsets @ np.stack([first, second]).T
    distances = np.linalg.norm(offsets - points @ np.stack([first, second]), axis=1)
    explained = float((spread[:2] ** 2).sum() / (spread**2).sum()) if spread.any() else 1.0
    center = trained.weights
    seen = Projected(points, distances, explained, offsets.shape[1])
    return Plane(center, center.unflat(first), center.unflat(second)), seen


@functools.lru_cache(maxsize=KEPT)
def trained(data: str, width: int, seed: int, n_examples: int, given: Given | None = None) -> Trained:
    """The network trained on `data` drawn by `seed` (or on the learner's `given` examples, from the same start):
    trained once for both of its planes."""
    return train(given.examples if given else make_data(data, n_examples, seed), width, seed)


@functools.lru_cache(maxsize=KEPT)
def trained_network(
    data: str = "moons", width: int = WIDTH, seed: int = 0, n_examples: int = EXAMPLES, given: Given | None = None
) -> NetworkLandscape:
    """The loss of a network trained on `data` (one of DATA_KINDS) or on `given` examples, on the plane through its
    trained weights along two filter-normalized random directions; made once per data set, width and seed. Its
    minimum is the plane's own, found by Newton's method from θ* (training stops a little short of it)."""
    network = trained(data, width, seed, n_examples, given)
    across, along = filter_normalized(network.weights, seed + 1), filter_normalized(network.weights, seed + 2)
    plane = Plane(network.weights, across, along)
    name = f"network_{data}"
    return _on_plane(name, data, width, False, network.examples, plane, 1.0, (0.8, -0.7), seed, given=given)


@dataclasses.dataclass(frozen=True, eq=False)
class NetworkLandscape(DataLandscape):
    """A network's loss on a plane, with the path its training took seen on that plane (None on a plane of random
    directions, which the path does not lie near)."""

    training: Projected | None = None


@functools.lru_cache(maxsize=KEPT)
def training_path_network(
    data: str = "moons", width: int = WIDTH, seed: int = 0, n_examples: int = EXAMPLES, given: Given | None = None
) -> NetworkLandscape:
    """The loss of the network trained on `data` on the plane of its training path's two principal directions
    through θ*, the path projected on it; the box holds the whole projected path, and a run starts where training
    did, as seen on the plane."""
    network = trained(data, width, seed, n_examples, given)
    plane, seen = principal_plane(network)
    reach = float(np.ceil(1.25 * np.abs(seen.points).max()))
    start = tuple(float(np.round(c, 1)) for c in seen.points[0])
    name = f"network_{data}_path"
    return _on_plane(name, data, width, True, network.examples, plane, reach, start, seed, seen, given)


def _on_plane(name, data, width, along_path, examples, plane, reach, start, seed, training=None, given=None):
    """The landscape of `plane` over the box ±`reach`, its minimum the plane's own found from θ* at the centre (on
    a learner's own examples, where training may stop short of any, none if Newton's method finds none)."""
    land = _build(
        name,
        title(data, along_path),
        ((-reach, reach), (-reach, reach)),
        False,
        description(data, width, along_path),
        "classification",
        examples,
        (plane.per_example, plane.per_example_grad, plane.predict),
        [(0.0, 0.0)],
        seed,
        ("a", "b"),
        start=start,
        opening_rate=0.05,
        given=given is not None,
        search=False,
        strict=False,
    )
    built = {field.name: getattr(land, field.name) for field in dataclasses.fields(land)}
    return NetworkLandscape(**built, training=training)
