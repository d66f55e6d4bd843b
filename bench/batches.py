"""Time per step against batch size: a step costs its batch, not the data set, unless the batch is all of it.

Usage: python bench/batches.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import landscapes
import optimizers
from bench.textbook import best_of

STEPS = 200


def time_per_step(land, batch_size):
    gd = optimizers.get("gd")
    return (
        best_of(
            5,
            lambda: optimizers.run(
                land, gd, [4.0, 2.0], lr=0.01, steps=STEPS, batch_size=batch_size, record_every=STEPS
            ),
        )
        / STEPS
    )


def main():
    print(f"linear_regression, one start, {STEPS} gradient-descent steps, full-data loss kept only at the end")
    print("microseconds per step:")
    print(f"{'examples':>10} {'batch 1':>10} {'batch 32':>10} {'full batch':>11}")
    for n_examples in (1_000, 10_000):
        land = landscapes.with_data("linear_regression", n_examples=n_examples)
        cells = [f"{time_per_step(land, batch_size) * 1e6:.0f}" for batch_size in (1, 32, n_examples)]
        print(f"{n_examples:>10,} {cells[0]:>10} {cells[1]:>10} {cells[2]:>11}")


if __name__ == "__main__":
    main()
