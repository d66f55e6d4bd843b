"""The baselines: each update rule as the plain NumPy loop a tutorial would write, re-allocating every step.

They follow the same torch.optim formulas and defaults as `optimizers`, without divergence checks or recording.
"""

import numpy as np


def gd(grad, x, lr, steps):
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


def momentum(grad, x, lr, steps, mu=0.9, nesterov=False):
    b = None
    for _ in range(steps):
        g = grad(x)
        b = g if b is None else mu * b + g
        x = x - lr * (g + mu * b if nesterov else b)
    return x


def nesterov(grad, x, lr, steps):
    return momentum(grad, x, lr, steps, nesterov=True)


def adagrad(grad, x, lr, steps, eps=1e-10):
    s = np.zeros_like(x)
    for _ in range(steps):
        g = grad(x)
        s = s + g**2
        x = x - lr * g / (np.sqrt(s) + eps)
    return x


def rmsprop(grad, x, lr, steps, alpha=0.99, eps=1e-8):
    v = np.zeros_like(x)
    for _ in range(steps):
        g = grad(x)
        v = alpha * v + (1 - alpha) * g**2
        x = x - lr * g / (np.sqrt(v) + eps)
    return x


def adam(grad, x, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    """The six-line Adam every tutorial shows."""
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    for t in range(1, steps + 1):
        g = grad(x)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        if weight_decay:
            x = x * (1 - lr * weight_decay)
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
    return x


def adamw(grad, x, lr, steps):
    return adam(grad, x, lr, steps, weight_decay=0.01)


LOOPS = {"gd": gd, "momentum": momentum, "nesterov": nesterov, "adagrad": adagrad, "rmsprop": rmsprop,
         "adam": adam, "adamw": adamw}  # fmt: skip


def best_of(repeats, work):
    """The fastest of `repeats` timings of `work()` in seconds: the one least disturbed by the machine."""
    import time

    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return min(times)
