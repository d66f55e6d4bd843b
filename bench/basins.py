"""Basin maps: a 200 x 200 grid of starts, 500 steps of each optimizer on Rosenbrock, against the textbook loop.

Usage: python bench/basins.py
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import landscapes
import optimizers
from bench.textbook import LOOPS, best_of

RATES = {"gd": 1e-4, "momentum": 1e-5, "nesterov": 1e-5, "adagrad": 0.05, "rmsprop": 1e-3, "adam": 0.01, "adamw": 0.01}


def main():
    land = landscapes.get("rosenbrock")
    axes = [np.linspace(low, high, 200) for low, high in land.bounds]
    starts = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 2)
    print("200 x 200 starts x 500 steps on Rosenbrock (target: <= 1 s and <= the textbook loop)")
    for name, loop in LOOPS.items():
        optimizer, lr = optimizers.get(name), RATES[name]
        ours = best_of(3, lambda o=optimizer, r=lr: optimizers.basin_map(land, o, lr=r, steps=500, resolution=200))
        baseline = best_of(3, lambda f=loop, r=lr: f(land.grad, starts, r, 500))
        print(f"  {name:9s} basin_map {ours:.3f} s, textbook loop {baseline:.3f} s, ratio {ours / baseline:.2f}")


if __name__ == "__main__":
    main()
