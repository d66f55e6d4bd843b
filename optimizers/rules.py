"""Update rules as pure pairs: `init(params) -> state`, `update(grad, state, params, lr) -> (updates, state)`
(Newton's method also takes the Hessian).

Each follows the algorithm documented for PyTorch's `torch.optim` with its hyperparameter names and
defaults, so the numbers match a real framework. Arrays have shape `(n, dim)`, one row per start;
`lr` is a scalar or broadcasts against them as `(n, 1)`. Updates carry their sign: the new
parameters are `params + updates`. Nothing is modified in place; all that changes is in the state.
"""

import math
from typing import Any, NamedTuple

import numpy as np


class Rule(NamedTuple):
    """`init` and `update`; a rule that `needs_hessian` takes the Hessian at `params` as a fifth argument."""

    init: Any
    update: Any
    needs_hessian: bool = False


class EmptyState(NamedTuple):
    pass


class MomentumState(NamedTuple):
    count: int
    momentum_buffer: np.ndarray


class AdagradState(NamedTuple):
    count: int
    state_sum: np.ndarray


class RMSpropState(NamedTuple):
    square_avg: np.ndarray
    momentum_buffer: np.ndarray


class AdamState(NamedTuple):
    count: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


def _moments(state, grad, beta1: float, beta2: float) -> tuple[np.ndarray, np.ndarray]:
    """Adam's running means of the gradient and of its square, as NAdam and RAdam keep them too."""
    return beta1 * state.exp_avg + (1 - beta1) * grad, beta2 * state.exp_avg_sq + (1 - beta2) * (grad * grad)


def gd() -> Rule:
    """Plain gradient descent, the chapter's rule: θ ← θ − η·g."""

    def init(params):
        return EmptyState()

    def update(grad, state, params, lr):
        return -lr * grad, state

    return Rule(init, update)


def momentum(momentum: float = 0.9, dampening: float = 0.0, nesterov: bool = False) -> Rule:
    """SGD with momentum as `torch.optim.SGD`: b ← g at the first step, else b ← μ·b + (1 − τ)·g.

    The step is −η·b, or with Nesterov −η·(g + μ·b) (Sutskever et al., 2013).
    """

    def init(params):
        return MomentumState(0, np.zeros_like(params))

    def update(grad, state, params, lr):
        if state.count == 0:
            buffer = grad
        elif dampening:
            buffer = momentum * state.momentum_buffer + (1 - dampening) * grad
        else:
            buffer = momentum * state.momentum_buffer + grad
        direction = grad + momentum * buffer if nesterov else buffer
        return -lr * direction, MomentumState(state.count + 1, buffer)

    return Rule(init, update)


def adagrad(lr_decay: float = 0.0, initial_accumulator_value: float = 0.0, eps: float = 1e-10) -> Rule:
    """Adagrad as `torch.optim.Adagrad` (Duchi et al., 2011).

    s ← s + g², step −η̃·g / (√s + ε) with η̃ = η / (1 + (t − 1)·lr_decay).
    """

    def init(params):
        return AdagradState(0, np.full_like(params, initial_accumulator_value))

    def update(grad, state, params, lr):
        state_sum = state.state_sum + grad * grad
        decayed_lr = lr / (1 + state.count * lr_decay)
        return -decayed_lr * grad / (np.sqrt(state_sum) + eps), AdagradState(state.count + 1, state_sum)

    return Rule(init, update)


def rmsprop(alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0) -> Rule:
    """RMSprop as `torch.optim.RMSprop` (Hinton, 2012).

    v ← α·v + (1 − α)·g², step −η·g / (√v + ε); with momentum μ > 0, b ← μ·b + g / (√v + ε), step −η·b.
    """

    def init(params):
        return RMSpropState(np.zeros_like(params), np.zeros_like(params))

    def update(grad, state, params, lr):
        square_avg = alpha * state.square_avg + (1 - alpha) * grad * grad
        scaled = grad / (np.sqrt(square_avg) + eps)
        if momentum > 0:
            buffer = momentum * state.momentum_buffer + scaled
            return -lr * buffer, RMSpropState(square_avg, buffer)
        return -lr * scaled, RMSpropState(square_avg, state.momentum_buffer)

    return Rule(init, update)


def adam(beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.0) -> Rule:
    """Adam as `torch.optim.Adam` (Kingma & Ba, 2015), or AdamW (Loshchilov & Hutter, 2019) with `weight_decay`.

    m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², step −η·m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ),
    v̂ = v / (1 − β₂ᵗ); AdamW first shrinks θ by η·λ·θ (decoupled weight decay).
    """

    def init(params):
        return AdamState(0, np.zeros_like(params), np.zeros_like(params))

    def update(grad, state, params, lr):
        count = state.count + 1
        exp_avg, exp_avg_sq = _moments(state, grad, beta1, beta2)
        # m̂ / (√v̂ + ε) rewritten as m·√(1 − β₂ᵗ)/(1 − β₁ᵗ) / (√v + ε·√(1 − β₂ᵗ)): equal, one pass fewer.
        root_correction = math.sqrt(1 - beta2**count)
        step_size = lr * (root_correction / (1 - beta1**count))
        updates = -step_size * exp_avg / (np.sqrt(exp_avg_sq) + eps * root_correction)
        if weight_decay:
            updates = updates - (lr * weight_decay) * params
        return updates, AdamState(count, exp_avg, exp_avg_sq)

    return Rule(init, update)


class LionState(NamedTuple):
    exp_avg: np.ndarray


class NAdamState(NamedTuple):
    count: int
    mu_product: float
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


class AdadeltaState(NamedTuple):
    square_avg: np.ndarray
    acc_delta: np.ndarray


class LBFGSState(NamedTuple):
    """torch.optim.LBFGS's state per start: iterations taken, the last direction d and step length t, the
    gradient it was taken at, and the curvature pairs (y, s) with ρ = 1/(yᵀs), oldest first, `stored` of them.

    The pairs are slot-major, `old_dirs (width, n, dim)`, so each slot the recursion walks is contiguous; the
    slots a start has not filled hold zeros (ρ = 0), which leave the recursion unchanged.
    """

    n_iter: np.ndarray
    d: np.ndarray
    t: np.ndarray
    prev_flat_grad: np.ndarray
    old_dirs: np.ndarray
    old_stps: np.ndarray
    ro: np.ndarray
    stored: np.ndarray
    h_diag: np.ndarray

    def select(self, keep: np.ndarray) -> "LBFGSState":
        """The state of the starts in `keep` (their pairs sit on the second axis)."""
        per_start = (self.n_iter, self.d, self.t, self.prev_flat_grad)
        return LBFGSState(
            *(field[keep] for field in per_start), self.old_dirs[:, keep], self.old_stps[:, keep],
            self.ro[:, keep], self.stored[keep], self.h_diag[keep],
        )  # fmt: skip


def newton(damping: float = 0.0) -> Rule:
    """Newton's method: θ ← θ − η·(H + λI)⁻¹·g, η = 1 by default. On a quadratic, one step lands on the critical
    point; elsewhere it heads for the nearest point where the slope vanishes, a maximum or a saddle as happily as
    a minimum. With damping λ > 0 (Levenberg, 1944) the step shrinks toward −η·g/λ, gradient descent's.

    Takes the Hessian `hessian (n, dim, dim)` at `params`; where H + λI is singular the step is infinite.
    Coordinates: 1 or 2 (the page's landscapes), solved in closed form.
    """

    def init(params):
        return EmptyState()

    def update(grad, state, params, lr, hessian):
        h = hessian + damping * np.eye(grad.shape[-1])
        if grad.shape[-1] == 1:
            return -lr * grad / h[..., 0], state
        a, b, c, d = h[..., 0, 0], h[..., 0, 1], h[..., 1, 0], h[..., 1, 1]
        det = a * d - b * c
        g0, g1 = grad[..., 0], grad[..., 1]
        step = np.stack([(d * g0 - b * g1) / det, (a * g1 - c * g0) / det], axis=-1)
        return -lr * step, state

    return Rule(init, update, needs_hessian=True)


def lbfgs(history_size: float = 100, tolerance_grad: float = 1e-7, tolerance_change: float = 1e-9) -> Rule:
    """L-BFGS as `torch.optim.LBFGS` with `max_iter=1` (one iteration a step) and no line search (Nocedal, 1980).

    The direction d = −H̃·g comes from the two-loop recursion over the last `history_size` pairs
    (y = g − g_prev, s = t·d, kept where yᵀs > 1e-10), with H̃₀ = yᵀs / yᵀy; the first step is d = −g with
    t = min(1, 1/‖g‖₁)·η, later ones t = η. A start whose largest |g| is at most `tolerance_grad` stays put
    without counting an iteration; one whose d is not downhill (gᵀd > −`tolerance_change`) does not move.
    """
    size = int(history_size)

    def init(params):
        n, dim = params.shape
        nothing = np.zeros((0, n, dim))
        return LBFGSState(
            np.zeros(n, dtype=int), np.zeros_like(params), np.zeros((n, 1)), np.zeros_like(params),
            nothing, nothing, np.zeros((0, n)), np.zeros(n, dtype=int), np.ones(n),
        )  # fmt: skip

    def update(grad, state, params, lr):
        n = len(grad)
        resting = np.abs(grad).max(axis=-1) <= tolerance_grad
        first = state.n_iter == 0
        y = grad - state.prev_flat_grad
        s = state.d * state.t
        ys = _dot(y, s)
        accept = ~first & ~resting & (ys > 1e-10)
        old_dirs, old_stps, ro, stored = _remember(state, accept, (y, s, 1.0 / np.where(accept, ys, 1.0)), size)
        h_diag = np.where(accept, ys / np.where(accept, _dot(y, y), 1.0), state.h_diag)
        h_diag = np.where(first, 1.0, h_diag)
        d = np.where(first[:, None], -grad, _two_loops(-grad, h_diag, (old_dirs, old_stps, ro)))
        t = np.where(first[:, None], np.minimum(1.0, 1.0 / np.abs(grad).sum(axis=-1, keepdims=True)), 1.0) * lr
        t = np.broadcast_to(t, (n, 1))
        downhill = _dot(grad, d) <= -tolerance_change
        moving = (~resting & downhill)[:, None]
        kept = resting[:, None]
        new = LBFGSState(
            np.where(resting, state.n_iter, state.n_iter + 1),
            np.where(kept, state.d, d),
            np.where(kept, state.t, t),
            np.where(kept, state.prev_flat_grad, grad),
            old_dirs, old_stps, ro, stored,
            np.where(resting, state.h_diag, h_diag),
        )  # fmt: skip
        return np.where(moving, t * d, 0.0), new

    return Rule(init, update)


def _two_loops(q: np.ndarray, h_diag: np.ndarray, memory: tuple) -> np.ndarray:
    """The two-loop recursion (Nocedal & Wright, algorithm 7.4): −H̃·g from q = −g, the pairs in `memory` oldest
    first, and H̃₀ = h_diag·I."""
    old_dirs, old_stps, ro = memory
    alphas = []
    for i in reversed(range(len(old_dirs))):
        alpha = _dot(old_stps[i], q) * ro[i]
        q = q - alpha[:, None] * old_dirs[i]
        alphas.insert(0, alpha)
    r = q * h_diag[:, None]
    for i, alpha in enumerate(alphas):
        beta = _dot(old_dirs[i], r) * ro[i]
        r = r + (alpha - beta)[:, None] * old_stps[i]
    return r


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot products of `(n, dim)` arrays, written out over the (one or two) coordinates: a reduction
    over so short an axis costs more than the arithmetic."""
    total = a[:, 0] * b[:, 0]
    for i in range(1, a.shape[1]):
        total = total + a[:, i] * b[:, i]
    return total


def _remember(state: LBFGSState, accept: np.ndarray, pair: tuple, size: int):
    """The curvature memory with each accepting start's new (y, s, ρ) appended, its oldest pair dropped once it
    holds `size`: new arrays, one slot wider while some start still has room and needs it."""
    y, s, rho = pair
    stored = state.stored
    full = stored >= size
    width = len(state.old_dirs)
    grow = int(np.any(accept & ~full & (stored >= width)))
    old_dirs = np.concatenate([state.old_dirs, np.zeros((grow, *y.shape))])
    old_stps = np.concatenate([state.old_stps, np.zeros((grow, *y.shape))])
    ro = np.concatenate([state.ro, np.zeros((grow, len(y)))])
    shift = np.flatnonzero(accept & full)
    if len(shift):
        old_dirs[:-1, shift], old_stps[:-1, shift], ro[:-1, shift] = (
            state.old_dirs[1:, shift], state.old_stps[1:, shift], state.ro[1:, shift]
        )  # fmt: skip
    rows = np.flatnonzero(accept)
    slots = np.minimum(stored[rows], size - 1)
    old_dirs[slots, rows], old_stps[slots, rows], ro[slots, rows] = y[rows], s[rows], rho[rows]
    return old_dirs, old_stps, ro, np.where(accept, np.minimum(stored + 1, size), stored)


def lion(beta1: float = 0.9, beta2: float = 0.99, weight_decay: float = 0.0) -> Rule:
    """Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"): the sign of a momentum.

    u = sign(β₁·m + (1 − β₁)·g), θ ← θ − η·(u + λ·θ), m ← β₂·m + (1 − β₂)·g: every coordinate moves exactly η,
    so its η is typically 3–10 times smaller than Adam's (the paper's default is 1e-4).
    """

    def init(params):
        return LionState(np.zeros_like(params))

    def update(grad, state, params, lr):
        direction = np.sign(beta1 * state.exp_avg + (1 - beta1) * grad)
        updates = -lr * (direction + weight_decay * params) if weight_decay else -lr * direction
        return updates, LionState(beta2 * state.exp_avg + (1 - beta2) * grad)

    return Rule(init, update)


def nadam(beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, momentum_decay: float = 4e-3) -> Rule:
    """NAdam as `torch.optim.NAdam` (Dozat, 2016): Adam with Nesterov's look-ahead on the momentum.

    μₜ = β₁·(1 − ½·0.96^(t·ψ)), m and v as Adam's, step −η·(1 − μₜ)/(1 − Πμ)·g/d − η·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d with
    d = √(v / (1 − β₂ᵗ)) + ε (ψ: momentum_decay).
    """

    def init(params):
        return NAdamState(0, 1.0, np.zeros_like(params), np.zeros_like(params))

    def update(grad, state, params, lr):
        count = state.count + 1
        mu = beta1 * (1 - 0.5 * 0.96 ** (count * momentum_decay))
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((count + 1) * momentum_decay))
        mu_product = state.mu_product * mu
        exp_avg, exp_avg_sq = _moments(state, grad, beta1, beta2)
        denom = np.sqrt(exp_avg_sq / (1 - beta2**count)) + eps
        updates = -lr * ((1 - mu) / (1 - mu_product)) * grad / denom
        updates = updates - lr * (mu_next / (1 - mu_product * mu_next)) * exp_avg / denom
        return updates, NAdamState(count, mu_product, exp_avg, exp_avg_sq)

    return Rule(init, update)


def radam(beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Rule:
    """RAdam as `torch.optim.RAdam` (Liu et al., 2020): Adam whose adaptive step waits until the variance of
    v is trustworthy.

    ρ∞ = 2/(1 − β₂) − 1, ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ); while ρₜ ≤ 5 the step is −η·m̂ (momentum alone), then
    −η·m̂·r·√(1 − β₂ᵗ)/(√v + ε) with the rectification r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)).
    """
    rho_inf = 2 / (1 - beta2) - 1

    def init(params):
        return AdamState(0, np.zeros_like(params), np.zeros_like(params))

    def update(grad, state, params, lr):
        count = state.count + 1
        exp_avg, exp_avg_sq = _moments(state, grad, beta1, beta2)
        corrected = exp_avg / (1 - beta1**count)
        correction2 = 1 - beta2**count
        rho = rho_inf - 2 * count * beta2**count / correction2
        if rho > 5:
            rect = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            updates = -corrected * lr * (math.sqrt(correction2) / (np.sqrt(exp_avg_sq) + eps)) * rect
        else:
            updates = -corrected * lr
        return updates, AdamState(count, exp_avg, exp_avg_sq)

    return Rule(init, update)


def adadelta(rho: float = 0.9, eps: float = 1e-6) -> Rule:
    """Adadelta as `torch.optim.Adadelta` (Zeiler, 2012): steps in the units of θ, η = 1 by default.

    v ← ρ·v + (1 − ρ)·g², Δ = √(u + ε)/√(v + ε)·g, u ← ρ·u + (1 − ρ)·Δ², θ ← θ − η·Δ.
    """

    def init(params):
        return AdadeltaState(np.zeros_like(params), np.zeros_like(params))

    def update(grad, state, params, lr):
        square_avg = rho * state.square_avg + (1 - rho) * grad * grad
        delta = np.sqrt(state.acc_delta + eps) / np.sqrt(square_avg + eps) * grad
        acc_delta = rho * state.acc_delta + (1 - rho) * delta * delta
        return -lr * delta, AdadeltaState(square_avg, acc_delta)

    return Rule(init, update)
