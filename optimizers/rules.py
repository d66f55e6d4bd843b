"""Update rules as pure pairs: `init(params) -> state`, `update(grad, state, params, lr) -> (updates, state)`.

Each follows the algorithm documented for PyTorch's `torch.optim` with its hyperparameter names and
defaults, so the numbers match a real framework. Arrays have shape `(n, dim)`, one row per start;
`lr` is a scalar or broadcasts against them as `(n, 1)`. Updates carry their sign: the new
parameters are `params + updates`. Nothing is modified in place; all that changes is in the state.
"""

import math
from typing import Any, NamedTuple

import numpy as np


class Rule(NamedTuple):
    init: Any
    update: Any


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
        exp_avg = beta1 * state.exp_avg + (1 - beta1) * grad
        exp_avg_sq = beta2 * state.exp_avg_sq + (1 - beta2) * (grad * grad)
        # m̂ / (√v̂ + ε) rewritten as m·√(1 − β₂ᵗ)/(1 − β₁ᵗ) / (√v + ε·√(1 − β₂ᵗ)): equal, one pass fewer.
        root_correction = math.sqrt(1 - beta2**count)
        step_size = lr * (root_correction / (1 - beta1**count))
        updates = -step_size * exp_avg / (np.sqrt(exp_avg_sq) + eps * root_correction)
        if weight_decay:
            updates = updates - (lr * weight_decay) * params
        return updates, AdamState(count, exp_avg, exp_avg_sq)

    return Rule(init, update)
