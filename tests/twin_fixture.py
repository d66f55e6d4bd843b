"""The engine's numbers the browser's twin (`plots/browser/landscapes.js`, `formula.js`, `rules.js`, `schedules.js`,
`runner.js`) is held to: for every built-in landscape and three typed ones × every optimizer × three η × two
starts, the engine's state, loss, gradient and Hessian before a few steps and the point each step reaches, whole
100-step paths on the convex landscapes, the step each start stops at, and the schedules' factors.

    python -m tests.twin_fixture      # writes tests/js/fixtures/twin.json; tests/test_js.py checks it is current
"""

import json
import math

import numpy as np

import landscapes
import optimizers
from optimizers import epoch_orders, schedules
from tests.js_fixtures import FIXTURES

STEPS = 100
RATES = (0.003, 0.03, 0.3)
CHECKED_STEPS = (0, 5, 23)
"""Steps at which a single step is taken from the engine's state."""
CONVEX = ("parabola", "bowl", "ravine", "linear_regression", "logistic_regression")
DATA = ("linear_regression", "logistic_regression", "tiny_network")
BATCHES = (32, 1)
"""Mini-batch sizes each optimizer is checked at on the losses from data, besides the full batch."""
PATH_EVERY = 5
"""A path is written every this many steps: the twin runs every step, and is checked at these."""
MOVED = {
    "momentum": {"momentum": 0.7, "dampening": 0.3}, "nesterov": {"momentum": 0.5},
    "adagrad": {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6},
    "rmsprop": {"alpha": 0.9, "eps": 1e-6, "momentum": 0.5}, "adam": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
    "adamw": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, "newton": {"damping": 0.5},
    "lbfgs": {"history_size": 3, "tolerance_grad": 1e-5, "tolerance_change": 1e-6},
    "lion": {"beta1": 0.8, "beta2": 0.9, "weight_decay": 0.1},
    "nadam": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "momentum_decay": 0.05},
    "radam": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6}, "adadelta": {"rho": 0.5, "eps": 1e-4},
}  # fmt: skip
"""Each optimizer's settings moved from their defaults, for one more case per landscape."""


def built_in() -> list[str]:
    """The landscapes the twin knows: every built-in function (the losses from data and typed formulas come later)."""
    return [name for name in landscapes.names() if not landscapes.about(name).from_data]


FORMULAS = ("sin(x)*cos(y) + 0.1*(x^2 + y^2)", "x^4 - 3*x^2 + x", "log(1 + x^2 + y^2) + 0.5*abs(x - y)")
"""Typed losses the twin walks the trees of: the page's default, a curve, and a log and an absolute value."""


def starts_of(land) -> list[list[float]]:
    """The landscape's own start (a typed one: where the page starts it), and a point a quarter of the way across
    its box."""
    corner = [round(low + 0.25 * (high - low), 3) for low, high in land.bounds]
    own = land.start or tuple(round(low + 0.8 * (high - low), 2) for low, high in land.bounds)
    return [list(own), corner]


def as_js(state) -> dict:
    """An engine state of one start as the twin keeps it: each field by its name, the start's axis dropped
    (L-BFGS's pairs become a list, oldest first; the count of them goes)."""
    fields = {}
    for name, value in state._asdict().items():
        if name in ("old_dirs", "old_stps"):
            fields[name] = [pair[0].tolist() for pair in value]
        elif name == "ro":
            fields[name] = [float(rho[0]) for rho in value]
        elif name == "t":
            fields[name] = float(value[0, 0])
        elif name == "stored":
            continue
        elif isinstance(value, np.ndarray):
            fields[name] = value[0].tolist() if value.ndim == 2 else value[0].item()
        else:
            fields[name] = value
    return fields


def data_of(land) -> dict:
    """A loss from data as the browser's twin takes it: its model, its examples, and a line's constant Hessian."""
    constant = land.hessian([[0.0, 0.0]])[0].tolist() if land.second_derivatives else None
    return {"model": land.name, "inputs": land.examples.inputs.tolist(), "targets": land.examples.targets.tolist(),
            "curvature": constant}  # fmt: skip


def finite(value) -> bool:
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return math.isfinite(value)


def stepped(land, name: str, settings: dict, start, lr: float, key: str = "", batch_size: int | None = None) -> dict:
    """The engine's run of one start, step by step through its own `init` and `update`: the states and points at
    the checked steps, the path, and where it stopped (as `optimizers.run`, which this checks). With `batch_size`,
    on a loss from data, each step's gradient is its mini-batch's, the batches drawn by seed 0."""
    optimizer = optimizers.get(name, **settings)
    run = optimizers.run(land, optimizer, start, lr=lr, steps=STEPS, batch_size=batch_size)
    stopped = int(run.stopped_at[0])
    batches = optimizers.batch_schedule(land.n_examples, batch_size, STEPS) if batch_size else None
    x = np.array([start], dtype=float)
    state = optimizer.init(x)
    checked = []
    for k in range(min(stopped, STEPS)):
        if batches is None:
            gradient, hessian = land.grad(x), (lambda at: land.hessian(at))
        else:
            batch = batches[k]
            gradient, hessian = land.batch_grad(x, batch), (lambda at, batch=batch: land.batch_hessian(at, batch))
        if k in CHECKED_STEPS:
            before = {"k": k, "x": x[0].tolist(), "state": as_js(state), "grad": gradient[0].tolist(),
                      "value": float(land.value(x)[0]), "hessian": hessian(x)[0].tolist()}  # fmt: skip
            if batches is not None:
                before["batch"] = batches[k].tolist()
        with np.errstate(all="ignore"):
            if optimizer.needs_hessian:
                updates, state = optimizer.update(gradient, state, x, lr, hessian(x))
            else:
                updates, state = optimizer.update(gradient, state, x, lr)
        x = x + updates
        if k in CHECKED_STEPS and finite(before) and np.all(np.isfinite(x)):
            checked.append(before | {"next": x[0].tolist()})
    case = {"landscape": key or land.name, "optimizer": name, "settings": settings, "lr": lr, "start": list(start),
            "stoppedAt": stopped, "steps": checked}  # fmt: skip
    if batch_size:
        orders = epoch_orders(land.n_examples, batch_size, STEPS)
        case |= {"batchSize": batch_size, "orders": [order.tolist() for order in orders]}
    if land.name in CONVEX:
        case["path"] = run.points[::PATH_EVERY, 0].tolist()
    return case


def twin_fixture() -> dict:
    cases = []
    lands = {name: landscapes.get(name) for name in (*built_in(), *DATA)}
    lands |= {f"formula: {text}": landscapes.from_formula(text) for text in FORMULAS}
    for key, land in lands.items():
        for name in optimizers.names():
            defaults = dict(optimizers.get(name).settings)
            for start in starts_of(land):
                cases.extend(stepped(land, name, defaults, start, lr, key) for lr in RATES)
            if name in MOVED:
                cases.append(stepped(land, name, defaults | MOVED[name], starts_of(land)[0], RATES[1], key))
            if key in DATA:
                cases.extend(stepped(land, name, defaults, starts_of(land)[0], RATES[1], key, size) for size in BATCHES)
    scheduled = []
    for name in schedules.names():
        schedule = schedules.get(name)
        moved = {param: spec.low + 0.3 * (spec.high - spec.low) for param, spec in schedule.hyperparams.items()}
        for settings in ({}, moved):
            bound = schedules.get(name, **settings)
            land = landscapes.get("ravine")
            run = optimizers.run(land, optimizers.get("adam"), land.start, lr=0.1, steps=STEPS, schedule=bound)
            scheduled.append({"schedule": name, "settings": dict(bound.settings), "steps": STEPS,
                              "factors": schedules.factors(bound, STEPS).tolist(),
                              "path": run.points[::PATH_EVERY, 0].tolist()})  # fmt: skip
    drawn = {key: {"bounds": [list(b) for b in land.bounds], "formula": getattr(land, "trees", None),
                   "data": data_of(land) if key in DATA else None} for key, land in lands.items()}  # fmt: skip
    return {
        "landscapes": drawn,
        "optimizers": list(optimizers.names()),
        "schedules": list(schedules.names()),
        "cases": cases,
        "scheduled": scheduled,
    }


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "twin.json").write_text(json.dumps(twin_fixture(), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
