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


def newton(grad, x, lr, steps, hessian, damping=0.0):
    """Newton's method as a tutorial writes it: solve (H + λI)·p = g with `np.linalg.solve` at every step."""
    eye = np.eye(x.shape[-1])
    for _ in range(steps):
        x = x - lr * np.linalg.solve(hessian(x) + damping * eye, grad(x)[..., None])[..., 0]
    return x


def lbfgs(grad, x, lr, steps, history_size=100):
    """L-BFGS without a line search as a tutorial writes it (torch.optim.LBFGS's steps): one start at a time,
    the curvature pairs in Python lists, the two-loop recursion in Python."""
    ends = []
    for start in x:
        theta, pairs, previous, d, t = start.copy(), [], None, None, None
        for k in range(steps):
            g = grad(theta[None])[0]
            if np.abs(g).max() <= 1e-7:
                continue
            if previous is None:
                d, h_diag = -g, 1.0
            else:
                y, s = g - previous, d * t
                ys = y @ s
                if ys > 1e-10:
                    pairs = [*pairs[-(history_size - 1) :], (y, s, 1 / ys)] if history_size > 1 else [(y, s, 1 / ys)]
                    h_diag = ys / (y @ y)
                q, alphas = -g, []
                for y_i, s_i, rho_i in reversed(pairs):
                    alpha = rho_i * (s_i @ q)
                    q = q - alpha * y_i
                    alphas.append(alpha)
                r = q * h_diag
                for (y_i, s_i, rho_i), alpha in zip(pairs, reversed(alphas), strict=True):
                    r = r + (alpha - rho_i * (y_i @ r)) * s_i
                d = r
            previous = g
            t = min(1.0, 1.0 / np.abs(g).sum()) * lr if k == 0 else lr
            if g @ d <= -1e-9:
                theta = theta + t * d
        ends.append(theta)
    return np.array(ends)


def lion(grad, x, lr, steps, beta1=0.9, beta2=0.99):
    m = np.zeros_like(x)
    for _ in range(steps):
        g = grad(x)
        x = x - lr * np.sign(beta1 * m + (1 - beta1) * g)
        m = beta2 * m + (1 - beta2) * g
    return x


def nadam(grad, x, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8, psi=4e-3):
    m, v, product = np.zeros_like(x), np.zeros_like(x), 1.0
    for t in range(1, steps + 1):
        g = grad(x)
        mu, mu_next = beta1 * (1 - 0.5 * 0.96 ** (t * psi)), beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        product = product * mu
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        denom = np.sqrt(v / (1 - beta2**t)) + eps
        x = x - lr * (1 - mu) / (1 - product) * g / denom - lr * mu_next / (1 - product * mu_next) * m / denom
    return x


def radam(grad, x, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = np.zeros_like(x), np.zeros_like(x)
    rho_inf = 2 / (1 - beta2) - 1
    for t in range(1, steps + 1):
        g = grad(x)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        rho = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        if rho > 5:
            rect = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            x = x - lr * m_hat * rect * np.sqrt(1 - beta2**t) / (np.sqrt(v) + eps)
        else:
            x = x - lr * m_hat
    return x


def adadelta(grad, x, lr, steps, rho=0.9, eps=1e-6):
    v, u = np.zeros_like(x), np.zeros_like(x)
    for _ in range(steps):
        g = grad(x)
        v = rho * v + (1 - rho) * g**2
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta**2
        x = x - lr * delta
    return x


LOOPS = {"gd": gd, "momentum": momentum, "nesterov": nesterov, "adagrad": adagrad, "rmsprop": rmsprop,
         "adam": adam, "adamw": adamw}  # fmt: skip
"""The loops with the runner's signature `(grad, x, lr, steps)`, vectorized over starts."""
NEW_LOOPS = {"lion": lion, "nadam": nadam, "radam": radam, "adadelta": adadelta}


def best_of(repeats, work):
    """The fastest of `repeats` timings of `work()` in seconds: the one least disturbed by the machine."""
    import time

    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return min(times)
