"""The same runs in `torch.optim` itself, for the rules that follow it: float64, the gradients (and losses) of
our landscapes, one `step()` per step. Run as `python -m tests.torch_reference` to record them into
`tests/recorded/torch_optim.json`, which the tests compare against where PyTorch is not installed.
"""

import json
from pathlib import Path

import numpy as np

import landscapes

RECORDED = Path(__file__).with_name("recorded") / "torch_optim.json"
STEPS = 100

CASES = [
    # (optimizer, landscape, start, lr, settings): each rule at its defaults somewhere, and with settings moved.
    ("lbfgs", "rosenbrock", (-1.5, 2.5), 0.5, {}),
    ("lbfgs", "himmelblau", (0.0, -0.5), 0.3, {"history_size": 3}),
    ("lbfgs", "local_minimum", (2.5,), 1.0, {}),
    ("lbfgs", "beale", (1.0, 1.4), 0.05, {"history_size": 5, "tolerance_change": 1e-6}),
    ("nadam", "rosenbrock", (-1.5, 2.5), 0.01, {}),
    ("nadam", "himmelblau", (0.0, -0.5), 0.05, {"momentum_decay": 0.05, "beta1": 0.8}),
    ("radam", "himmelblau", (0.0, -0.5), 0.01, {}),
    ("radam", "six_hump_camel", (-1.5, -0.7), 0.05, {"beta2": 0.99}),
    ("adadelta", "rosenbrock", (-1.5, 2.5), 1.0, {}),
    ("adadelta", "himmelblau", (0.0, -0.5), 5.0, {"rho": 0.5, "eps": 1e-4}),
    ("adam", "rosenbrock", (-1.5, 2.5), 0.02, {}),
    ("adamw", "ackley", (2.4, 1.6), 0.05, {"weight_decay": 0.1}),
    ("rmsprop", "himmelblau", (0.0, -0.5), 0.01, {"momentum": 0.5}),
    ("adagrad", "beale", (1.0, 1.4), 0.1, {"lr_decay": 0.01}),
    ("momentum", "ravine", (-2.6, 1.8), 0.02, {"dampening": 0.3}),
    ("nesterov", "ravine", (-2.6, 1.8), 0.02, {}),
]

TORCH_NAMES = {
    "lbfgs": "LBFGS", "nadam": "NAdam", "radam": "RAdam", "adadelta": "Adadelta", "adam": "Adam", "adamw": "AdamW",
    "rmsprop": "RMSprop", "adagrad": "Adagrad", "momentum": "SGD", "nesterov": "SGD",
}  # fmt: skip


def case_id(case) -> str:
    name, land, _, lr, settings = case
    return f"{name}-{land}-{lr:g}" + "".join(f"-{k}={v:g}" for k, v in settings.items())


def torch_arguments(name: str, lr: float, settings: dict) -> dict:
    """`torch.optim`'s keyword arguments for our optimizer `name` with `settings`."""
    arguments = {"lr": lr, **settings}
    if "beta1" in arguments or "beta2" in arguments:
        arguments["betas"] = (arguments.pop("beta1", 0.9), arguments.pop("beta2", 0.999))
    if name == "lbfgs":
        arguments |= {"max_iter": 1, "history_size": int(arguments.get("history_size", 100))}
    if name in ("momentum", "nesterov"):
        arguments |= {"momentum": arguments.get("momentum", 0.9), "nesterov": name == "nesterov"}
    if name == "adamw":
        arguments.setdefault("weight_decay", 0.01)
    return arguments


def torch_run(case) -> np.ndarray:
    """The path `(STEPS + 1, dim)` that `torch.optim` takes for `case`."""
    import torch

    name, land_name, start, lr, settings = case
    land = landscapes.get(land_name)
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = getattr(torch.optim, TORCH_NAMES[name])([theta], **torch_arguments(name, lr, settings))

    def closure():
        point = theta.detach().numpy()
        theta.grad = torch.tensor(land.grad(point), dtype=torch.float64)
        return float(land.value(point))

    path = [theta.detach().numpy().copy()]
    for _ in range(STEPS):
        optimizer.step(closure) if name == "lbfgs" else (closure(), optimizer.step())
        path.append(theta.detach().numpy().copy())
    return np.array(path)


def record() -> None:
    RECORDED.parent.mkdir(exist_ok=True)
    paths = {case_id(case): torch_run(case).tolist() for case in CASES}
    import torch

    RECORDED.write_text(json.dumps({"torch": torch.__version__, "paths": paths}, indent=0) + "\n")


def recorded() -> dict[str, np.ndarray]:
    return {key: np.array(path) for key, path in json.loads(RECORDED.read_text())["paths"].items()}


if __name__ == "__main__":
    record()
