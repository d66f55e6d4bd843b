"""Every step explained: one start replayed step by step with the optimizer's own state kept at each step, what
that state holds by name (a velocity, Adam's m and v and their corrections, a sum of squares, L-BFGS's pairs),
and the update rule written out with that step's numbers in place.

The replay runs the very `init` and `update` the runner runs, on the same gradients (a loss from data: the same
batches), so the numbers written out are the engine's own; a test holds the replay to the runner's path.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from landscapes import DataLandscape, Landscape
from optimizers.batches import batch_schedule
from optimizers.catalog import Optimizer
from optimizers.schedules import Schedule, factors


class Moment(NamedTuple):
    """Step k of one start: where it was (`theta`), the gradient there, the learning rate of the step, the
    optimizer's state before and after it, the update it made (Δθ), and the Hessian Newton's method used."""

    step: int
    theta: np.ndarray
    gradient: np.ndarray
    rate: float
    before: tuple
    after: tuple
    update: np.ndarray
    hessian: np.ndarray | None = None


def replay(
    landscape: Landscape,
    optimizer: Optimizer,
    start,
    *,
    lr: float,
    steps: int,
    schedule: Schedule | None = None,
    batch_size: int | None = None,
    seed: int = 0,
) -> list[Moment]:
    """The first `steps` steps of one start, each with the optimizer's state before and after it. It stops at a
    step whose point is no longer finite (the runner calls that start diverged)."""
    theta = np.array(start, dtype=float, ndmin=2)
    state = optimizer.init(theta)
    batches = None
    if isinstance(landscape, DataLandscape) and batch_size is not None and batch_size < landscape.n_examples:
        batches = batch_schedule(landscape.n_examples, batch_size, steps, seed)
    moments = []
    with np.errstate(all="ignore"):
        for k, factor in enumerate(factors(schedule, steps).tolist()):
            gradient = landscape.grad(theta) if batches is None else landscape.batch_grad(theta, batches[k])
            rate = lr * factor
            hessian = None
            if optimizer.needs_hessian:
                hessian = landscape.hessian(theta) if batches is None else landscape.batch_hessian(theta, batches[k])
                update, after = optimizer.update(gradient, state, theta, rate, hessian)
            else:
                update, after = optimizer.update(gradient, state, theta, rate)
            moments.append(Moment(k, theta[0], gradient[0], rate, state, after, update[0],
                                  None if hessian is None else hessian[0]))  # fmt: skip
            theta, state = theta + update, after
            if not np.all(np.isfinite(theta)):
                break
    return moments


def memory(name: str, settings: dict, moment: Moment) -> dict[str, np.ndarray]:
    """What the optimizer carries after step `moment`, by the names its rule writes (one start's vectors):
    momentum's velocity b, Adagrad's sum s, RMSprop's v, Adam's m, v and their corrections m̂, v̂, Lion's m,
    Adadelta's v and u, L-BFGS's direction d; gradient descent and Newton's method carry nothing."""
    after = moment.after
    if name in ("momentum", "nesterov"):
        return {"b": after.momentum_buffer[0]}
    if name == "adagrad":
        return {"s": after.state_sum[0]}
    if name == "rmsprop":
        held = {"v": after.square_avg[0]}
        return held | ({"b": after.momentum_buffer[0]} if settings.get("momentum", 0) > 0 else {})
    if name in ("adam", "adamw", "nadam", "radam"):
        t = after.count
        m, v = after.exp_avg[0], after.exp_avg_sq[0]
        return {"m": m, "v": v, "m̂": m / (1 - settings["beta1"] ** t), "v̂": v / (1 - settings["beta2"] ** t)}
    if name == "lion":
        return {"m": after.exp_avg[0]}
    if name == "adadelta":
        return {"v": after.square_avg[0], "u": after.acc_delta[0]}
    if name == "lbfgs":
        return {"d": after.d[0]}
    return {}


def plain(value: float) -> str:
    """A number as the written-out lines show it unless the page gives its own format: four significant digits."""
    return f"{value:.4g}"


def lines(name: str, settings: dict, moment: Moment, number: Callable[[float], str] = plain) -> list[str]:
    """The update rule of optimizer `name` written out, one LaTeX line per quantity it updates: the formula,
    then the same with step `moment`'s numbers in place (each written by `number`, as LaTeX), then the step Δθ
    itself (t counts from 1)."""

    def vector(values) -> str:
        parts = [number(float(v)) for v in np.atleast_1d(values)]
        return parts[0] if len(parts) == 1 else r"\left(" + ",\\ ".join(parts) + r"\right)"

    written = WRITERS[name](Writing(name, settings, moment, memory(name, settings, moment), vector))
    return [*written, rf"\Delta\theta = {vector(moment.update)}"]


class Writing(NamedTuple):
    """What a writer needs: the optimizer's name and settings, the step, what it carries after it, and how a
    vector or a number is written."""

    name: str
    settings: dict
    moment: Moment
    held: dict
    v: Callable

    @property
    def g(self) -> np.ndarray:
        return self.moment.gradient

    @property
    def eta(self) -> float:
        return self.moment.rate

    @property
    def t(self) -> int:
        return self.moment.step + 1


def _gd(w: Writing) -> list[str]:
    return [rf"\Delta\theta = -\eta\, g = -{w.v(w.eta)} \cdot {w.v(w.g)}"]


def _momentum(w: Writing) -> list[str]:
    mu, tau = w.settings["momentum"], w.settings.get("dampening", 0.0)
    before = w.moment.before.momentum_buffer[0]
    if w.moment.before.count == 0:
        first = rf"b \leftarrow g = {w.v(w.held['b'])}"
    else:
        first = (rf"b \leftarrow \mu b + (1-\tau) g = {w.v(mu)} \cdot {w.v(before)} + {w.v(1 - tau)} \cdot "
                 rf"{w.v(w.g)} = {w.v(w.held['b'])}")  # fmt: skip
    if w.name == "nesterov":
        return [first, rf"\Delta\theta = -\eta\,(g + \mu b) = -{w.v(w.eta)} \cdot ({w.v(w.g)} + {w.v(mu)} \cdot "
                       rf"{w.v(w.held['b'])})"]  # fmt: skip
    return [first, rf"\Delta\theta = -\eta\, b = -{w.v(w.eta)} \cdot {w.v(w.held['b'])}"]


def _adagrad(w: Writing) -> list[str]:
    decayed = w.eta / (1 + w.moment.before.count * w.settings["lr_decay"])
    return [
        rf"s \leftarrow s + g^2 = {w.v(w.moment.before.state_sum[0])} + {w.v(w.g * w.g)} = {w.v(w.held['s'])}",
        rf"\tilde\eta = \eta / (1 + (t-1)\,\mathrm{{decay}}) = {w.v(decayed)}",
        rf"\Delta\theta = -\tilde\eta\, g / (\sqrt{{s}} + \epsilon) = -{w.v(decayed)} \cdot {w.v(w.g)} / "
        rf"{w.v(np.sqrt(w.held['s']) + w.settings['eps'])}",
    ]


def _rmsprop(w: Writing) -> list[str]:
    alpha = w.settings["alpha"]
    first = (rf"v \leftarrow \alpha v + (1-\alpha) g^2 = {w.v(alpha)} \cdot {w.v(w.moment.before.square_avg[0])} "
             rf"+ {w.v(1 - alpha)} \cdot {w.v(w.g * w.g)} = {w.v(w.held['v'])}")  # fmt: skip
    scaled = w.g / (np.sqrt(w.held["v"]) + w.settings["eps"])
    if "b" in w.held:
        return [first, rf"b \leftarrow \mu b + g / (\sqrt{{v}} + \epsilon) = {w.v(w.held['b'])}",
                rf"\Delta\theta = -\eta\, b = -{w.v(w.eta)} \cdot {w.v(w.held['b'])}"]  # fmt: skip
    return [first, rf"\Delta\theta = -\eta\, g / (\sqrt{{v}} + \epsilon) = -{w.v(w.eta)} \cdot {w.v(scaled)}"]


def _moments(w: Writing) -> list[str]:
    b1, b2 = w.settings["beta1"], w.settings["beta2"]
    m0, v0 = w.moment.before.exp_avg[0], w.moment.before.exp_avg_sq[0]
    return [
        rf"m \leftarrow \beta_1 m + (1-\beta_1) g = {w.v(b1)} \cdot {w.v(m0)} + {w.v(1 - b1)} \cdot {w.v(w.g)} "
        rf"= {w.v(w.held['m'])}",
        rf"v \leftarrow \beta_2 v + (1-\beta_2) g^2 = {w.v(b2)} \cdot {w.v(v0)} + {w.v(1 - b2)} \cdot "
        rf"{w.v(w.g * w.g)} = {w.v(w.held['v'])}",
    ]


def _adam(w: Writing) -> list[str]:
    b1, b2, eps = w.settings["beta1"], w.settings["beta2"], w.settings["eps"]
    corrected = [
        rf"\hat m = m / (1-\beta_1^{{t}}) = {w.v(w.held['m'])} / {w.v(1 - b1**w.t)} = {w.v(w.held['m̂'])}",
        rf"\hat v = v / (1-\beta_2^{{t}}) = {w.v(w.held['v'])} / {w.v(1 - b2**w.t)} = {w.v(w.held['v̂'])}",
    ]
    step = rf"\Delta\theta = -\eta\, \hat m / (\sqrt{{\hat v}} + \epsilon) = -{w.v(w.eta)} \cdot {w.v(w.held['m̂'])} / "
    step += w.v(np.sqrt(w.held["v̂"]) + eps)
    if w.settings.get("weight_decay"):
        step += rf" - \eta \lambda \theta,\ \lambda = {w.v(w.settings['weight_decay'])}"
    return [*_moments(w), *corrected, step]


def _nadam(w: Writing) -> list[str]:
    b1 = w.settings["beta1"]
    mu = b1 * (1 - 0.5 * 0.96 ** (w.t * w.settings["momentum_decay"]))
    return [*_moments(w),
            rf"\mu_t = \beta_1 (1 - \tfrac12\, 0.96^{{t \psi}}) = {w.v(mu)}",
            r"\Delta\theta = -\eta\,\frac{1-\mu_t}{1-\prod\mu}\,\frac{g}{d} - \eta\,\frac{\mu_{t+1}}{1-\prod\mu\,"
            r"\mu_{t+1}}\,\frac{m}{d},\ d = \sqrt{v/(1-\beta_2^t)} + \epsilon"]  # fmt: skip


def _radam(w: Writing) -> list[str]:
    b2 = w.settings["beta2"]
    rho_inf = 2 / (1 - b2) - 1
    rho = rho_inf - 2 * w.t * b2**w.t / (1 - b2**w.t)
    rule = (r"\Delta\theta = -\eta\, \hat m\, r\, \sqrt{1-\beta_2^t}/(\sqrt{v}+\epsilon)" if rho > 5
            else r"\Delta\theta = -\eta\, \hat m \quad (\rho_t \le 5)")  # fmt: skip
    return [*_moments(w), rf"\hat m = {w.v(w.held['m̂'])}",
            rf"\rho_t = \rho_\infty - 2t\beta_2^t/(1-\beta_2^t) = {w.v(rho)}", rule]  # fmt: skip


def _lion(w: Writing) -> list[str]:
    b1, b2 = w.settings["beta1"], w.settings["beta2"]
    m0 = w.moment.before.exp_avg[0]
    c = np.sign(b1 * m0 + (1 - b1) * w.g)
    return [
        rf"c = \mathrm{{sign}}(\beta_1 m + (1-\beta_1) g) = {w.v(c)}",
        rf"\Delta\theta = -\eta\, c = -{w.v(w.eta)} \cdot {w.v(c)}",
        rf"m \leftarrow \beta_2 m + (1-\beta_2) g = {w.v(b2)} \cdot {w.v(m0)} + {w.v(1 - b2)} \cdot {w.v(w.g)} "
        rf"= {w.v(w.held['m'])}",
    ]


def _adadelta(w: Writing) -> list[str]:
    eps = w.settings["eps"]
    u0 = w.moment.before.acc_delta[0]
    delta = np.sqrt(u0 + eps) / np.sqrt(w.held["v"] + eps) * w.g
    return [
        rf"v \leftarrow \rho v + (1-\rho) g^2 = {w.v(w.held['v'])}",
        rf"\delta = \sqrt{{u+\epsilon}} / \sqrt{{v+\epsilon}}\; g = {w.v(delta)}",
        rf"u \leftarrow \rho u + (1-\rho)\,\delta^2 = {w.v(w.held['u'])}",
        rf"\Delta\theta = -\eta\, \delta = -{w.v(w.eta)} \cdot {w.v(delta)}",
    ]


def _newton(w: Writing) -> list[str]:
    h = np.atleast_2d(w.moment.hessian) + w.settings["damping"] * np.eye(len(w.g))
    rows = r" \\ ".join(" & ".join(w.v(x) for x in row) for row in h)
    p = np.linalg.solve(h, w.g) if np.all(np.isfinite(h)) and abs(np.linalg.det(h)) > 1e-300 else w.g * np.nan
    return [
        rf"H + \lambda I = \begin{{pmatrix}} {rows} \end{{pmatrix}}",
        rf"(H + \lambda I)\, p = g \;\Rightarrow\; p = {w.v(p)}",
        rf"\Delta\theta = -\eta\, p = -{w.v(w.eta)} \cdot {w.v(p)}",
    ]


def _lbfgs(w: Writing) -> list[str]:
    stored = int(w.moment.after.stored[0])
    step_length = float(w.moment.after.t[0, 0])
    return [
        rf"\#\{{(s_i, y_i)\}} = {stored}",
        rf"d = -\tilde H g = {w.v(w.held['d'])}",
        rf"\Delta\theta = t\, d,\ t = {w.v(step_length)}",
    ]


WRITERS: dict[str, Callable] = {
    "gd": _gd, "momentum": _momentum, "nesterov": _momentum, "adagrad": _adagrad, "rmsprop": _rmsprop,
    "adam": _adam, "adamw": _adam, "nadam": _nadam, "radam": _radam, "lion": _lion, "adadelta": _adadelta,
    "newton": _newton, "lbfgs": _lbfgs,
}  # fmt: skip
"""How each optimizer's update is written out: every registered optimizer has one (a test asks)."""
