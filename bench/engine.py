"""Engine speed against the textbook NumPy loop, measured in the same run. Prints its figures.

Usage: python bench/engine.py
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import landscapes
import optimizers
from bench import textbook
from bench.textbook import adam as textbook_adam
from bench.textbook import best_of
from page.scene import LEARNING_RATES

NEW_RATES = {"newton": 1.0, "lbfgs": 0.5, "lion": 1e-3, "nadam": 2e-3, "radam": 2e-3, "adadelta": 1.0}


def report(what, ours, baseline, unit, target):
    scale, name = (1e3, "ms") if unit == "ms" else (1.0, "s")
    print(f"{what}: run {ours * scale:.3f} {name}, textbook loop {baseline * scale:.3f} {name}, ", end="")
    print(f"ratio {ours / baseline:.2f} (target <= {target})")


def main():
    land = landscapes.get("rosenbrock")
    adam = optimizers.get("adam")
    rng = np.random.default_rng(0)
    (x_low, x_high), (y_low, y_high) = land.bounds
    many = np.column_stack([rng.uniform(x_low, x_high, 40_000), rng.uniform(y_low, y_high, 40_000)])
    one = np.array([[-1.5, 2.0]])

    loop = best_of(3, lambda: textbook_adam(land.grad, many, 0.01, 500))
    ours = best_of(3, lambda: optimizers.run(land, adam, many, lr=0.01, steps=500, record_every=500))
    report("40,000 starts x 500 Adam steps on Rosenbrock, record_every=500", ours, loop, "s", 0.75)

    loop = best_of(5, lambda: textbook_adam(land.grad, one, 0.01, 1000))
    ours = best_of(5, lambda: optimizers.run(land, adam, one, lr=0.01, steps=1000))
    report("one start x 1,000 Adam steps, every step kept", ours, loop, "ms", 1.5)

    print("the newer rules, 40,000 starts x 500 steps on Rosenbrock, record_every=500, against the textbook loop:")
    for name, lr in NEW_RATES.items():
        optimizer, repeats = optimizers.get(name), 1 if name == "lbfgs" else 3
        ours = best_of(
            repeats, lambda o=optimizer, r=lr: optimizers.run(land, o, many, lr=r, steps=500, record_every=500)
        )
        if name == "newton":
            loop = best_of(3, lambda r=lr: textbook.newton(land.grad, many, r, 500, land.hessian))
            kind = "np.linalg.solve each step"
        elif name == "lbfgs":
            # One start at a time, as tutorials write it: timed on 400 starts and scaled to 40,000.
            loop = best_of(1, lambda r=lr: textbook.lbfgs(land.grad, many[:400], r, 500)) * 100
            kind = "per-start loop, 400 starts timed x 100"
        else:
            loop = best_of(3, lambda f=textbook.NEW_LOOPS[name], r=lr: f(land.grad, many, r, 500))
            kind = "vectorized loop"
        print(f"  {name:9s} run {ours:.3f} s, textbook ({kind}) {loop:.3f} s, ratio {ours / loop:.2f}")

    rates = np.array(LEARNING_RATES)
    # L-BFGS is left out of this comparison (51 separate runs of it take minutes); its sweep is timed below.
    every = [optimizers.get(name) for name in optimizers.names() if name != "lbfgs"]
    swept = best_of(3, lambda: [optimizers.sweep(land, o, one[0], rates, steps=2000) for o in every])
    separate = best_of(3, lambda: [optimizers.run(land, o, one, lr=r, steps=2000) for o in every for r in rates])
    print(f"the page's sweep, {len(every)} optimizers x {len(rates)} learning rates x 2,000 steps: ", end="")
    print(
        f"{len(every)} sweeps {swept * 1e3:.0f} ms, {len(every) * len(rates)} separate runs {separate * 1e3:.0f} ms, "
    )
    print(f"speed-up {separate / swept:.1f}x")
    lbfgs = optimizers.get("lbfgs")
    alone = best_of(1, lambda: optimizers.sweep(land, lbfgs, one[0], rates, steps=2000))
    print(f"L-BFGS's sweep, {len(rates)} learning rates x 2,000 steps: {alone * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
