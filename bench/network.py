"""A trained network's loss on a plane: train the 2 → 16 → 16 → 1 network on moons and slice its loss on a 101 × 101
grid of the plane (target: <= 2 s on this machine), against the same slice computed point by point with the same
code (one forward pass per point). Three runs each, turn about: the median and the spread. Then what a learner
waits for besides: the network trained again and sliced after five points of their own, and at 4 and 32 neurons
per hidden layer.

Usage: python bench/network.py
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from landscapes import network

SIDE = 101


def plane_of(examples: network.Examples, width: int = network.WIDTH) -> network.Plane:
    weights = network.train(examples, width).weights
    return network.Plane(weights, network.filter_normalized(weights, 1), network.filter_normalized(weights, 2))


def sliced(examples, width: int = network.WIDTH) -> np.ndarray:
    """Train, then the whole grid at once (the page's way)."""
    plane = plane_of(examples, width)
    a, b = np.meshgrid(np.linspace(-1, 1, SIDE), np.linspace(-1, 1, SIDE))
    return plane.per_example(a, b, *examples).mean(axis=-1)


def point_by_point(examples) -> np.ndarray:
    """Train, then one point of the grid at a time."""
    plane = plane_of(examples)
    axis = np.linspace(-1, 1, SIDE)
    return np.array([[plane.per_example(np.array(x), np.array(y), *examples).mean() for x in axis] for y in axis])


def timed(work, examples) -> tuple[float, np.ndarray]:
    began = time.perf_counter()
    result = work(examples)
    return time.perf_counter() - began, result


def main() -> None:
    examples = network.make_data("moons")
    times = {"grid at once": [], "point by point": []}
    results = {}
    for _ in range(3):
        for name, work in (("grid at once", sliced), ("point by point", point_by_point)):
            seconds, results[name] = timed(work, examples)
            times[name].append(seconds)
    once, alone = results["grid at once"], results["point by point"]
    steps = network.TRAINING_STEPS
    print(f"train and slice a {SIDE} x {SIDE} plane (moons, 200 examples, {steps} Adam steps); target <= 2 s")
    for name, runs in times.items():
        print(f"  {name:15s} median {statistics.median(runs):.2f} s (runs {', '.join(f'{t:.2f}' for t in runs)})")
    print(f"  the two slices agree to {np.max(np.abs(once - alone) / np.abs(alone)):.1e} (largest relative difference)")
    inputs, targets = examples
    own = network.Examples(np.vstack([inputs, [[-1.2, 0.6], [-1.1, 0.65], [-1.15, 0.5], [1.3, -0.7], [1.2, -0.75]]]),
                           np.append(targets, [1.0] * 5))  # fmt: skip
    others = {"five points of the learner's own (205 examples)": (own, network.WIDTH),
              "4 neurons per hidden layer": (examples, 4), "32 neurons per hidden layer": (examples, 32)}  # fmt: skip
    print("  trained again and sliced, grid at once:")
    for name, (data, width) in others.items():
        runs = [timed(lambda given, width=width: sliced(given, width), data)[0] for _ in range(3)]
        print(f"    {name:48s} median {statistics.median(runs):.2f} s (runs {', '.join(f'{t:.2f}' for t in runs)})")


if __name__ == "__main__":
    main()
