// The update rules of `optimizers/rules.py`, twinned for the browser's preview: one start at a time, the same
// names, the same state and the same formulas in the same order of operations, so a step taken here from the
// engine's state is the engine's step (tests/js/twin.test.js). Each rule is `{init(params), update(grad, state,
// params, lr, hessian?) -> [updates, state]}`; updates carry their sign. Vectors are arrays of the coordinates.

const map = (f, a, b, c) => a.map((value, i) => f(value, b[i], c?.[i])); // the i-th of each vector, up to three
const zeros = (params) => params.map(() => 0);
const dot = (a, b) => a.reduce((total, value, i) => (i === 0 ? value * b[0] : total + value * b[i]), 0);

function moments(state, grad, beta1, beta2) {
  return [
    map((m, g) => beta1 * m + (1 - beta1) * g, state.exp_avg, grad),
    map((v, g) => beta2 * v + (1 - beta2) * (g * g), state.exp_avg_sq, grad),
  ];
}

function gd() {
  return { init: () => ({}), update: (grad, state, params, lr) => [grad.map((g) => -lr * g), state] };
}

function momentum({ momentum = 0.9, dampening = 0.0 } = {}, nesterov = false) {
  return {
    init: (params) => ({ count: 0, momentum_buffer: zeros(params) }),
    update(grad, state, params, lr) {
      let buffer;
      if (state.count === 0) buffer = grad;
      else if (dampening) buffer = map((b, g) => momentum * b + (1 - dampening) * g, state.momentum_buffer, grad);
      else buffer = map((b, g) => momentum * b + g, state.momentum_buffer, grad);
      const direction = nesterov ? map((g, b) => g + momentum * b, grad, buffer) : buffer;
      return [direction.map((d) => -lr * d), { count: state.count + 1, momentum_buffer: buffer }];
    },
  };
}

function adagrad({ lr_decay = 0.0, initial_accumulator_value = 0.0, eps = 1e-10 } = {}) {
  return {
    init: (params) => ({ count: 0, state_sum: params.map(() => initial_accumulator_value) }),
    update(grad, state, params, lr) {
      const stateSum = map((s, g) => s + g * g, state.state_sum, grad);
      const decayed = lr / (1 + state.count * lr_decay);
      const updates = map((g, s) => (-decayed * g) / (Math.sqrt(s) + eps), grad, stateSum);
      return [updates, { count: state.count + 1, state_sum: stateSum }];
    },
  };
}

function rmsprop({ alpha = 0.99, eps = 1e-8, momentum = 0.0 } = {}) {
  return {
    init: (params) => ({ square_avg: zeros(params), momentum_buffer: zeros(params) }),
    update(grad, state, params, lr) {
      const squareAvg = map((v, g) => alpha * v + (1 - alpha) * g * g, state.square_avg, grad);
      const scaled = map((g, v) => g / (Math.sqrt(v) + eps), grad, squareAvg);
      if (momentum > 0) {
        const buffer = map((b, s) => momentum * b + s, state.momentum_buffer, scaled);
        return [buffer.map((b) => -lr * b), { square_avg: squareAvg, momentum_buffer: buffer }];
      }
      return [scaled.map((s) => -lr * s), { square_avg: squareAvg, momentum_buffer: state.momentum_buffer }];
    },
  };
}

function adam({ beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0 } = {}) {
  return {
    init: (params) => ({ count: 0, exp_avg: zeros(params), exp_avg_sq: zeros(params) }),
    update(grad, state, params, lr) {
      const count = state.count + 1;
      const [expAvg, expAvgSq] = moments(state, grad, beta1, beta2);
      const rootCorrection = Math.sqrt(1 - beta2 ** count);
      const stepSize = lr * (rootCorrection / (1 - beta1 ** count));
      let updates = map((m, v) => (-stepSize * m) / (Math.sqrt(v) + eps * rootCorrection), expAvg, expAvgSq);
      if (weight_decay) updates = map((u, p) => u - lr * weight_decay * p, updates, params);
      return [updates, { count, exp_avg: expAvg, exp_avg_sq: expAvgSq }];
    },
  };
}

function adamw(settings = {}) {
  return adam({ weight_decay: 0.01, ...settings });
}

function newton({ damping = 0.0 } = {}) {
  return {
    needsHessian: true,
    init: () => ({}),
    update(grad, state, params, lr, hessian) {
      if (grad.length === 1) return [[(-lr * grad[0]) / (hessian[0][0] + damping)], state];
      const [a, b, c, d] = [hessian[0][0] + damping, hessian[0][1], hessian[1][0], hessian[1][1] + damping];
      const det = a * d - b * c;
      const [g0, g1] = grad;
      return [[-lr * ((d * g0 - b * g1) / det), -lr * ((a * g1 - c * g0) / det)], state];
    },
  };
}

// L-BFGS as torch.optim.LBFGS with max_iter=1 and no line search: the pairs kept oldest first, at most
// `history_size` of them.
function lbfgs({ history_size = 100, tolerance_grad = 1e-7, tolerance_change = 1e-9 } = {}) {
  const size = Math.trunc(history_size);
  return {
    init: (params) => ({ n_iter: 0, d: zeros(params), t: 0, prev_flat_grad: zeros(params), old_dirs: [],
      old_stps: [], ro: [], h_diag: 1 }), // prettier-ignore
    update(grad, state, params, lr) {
      const resting = Math.max(...grad.map(Math.abs)) <= tolerance_grad;
      const first = state.n_iter === 0;
      const y = map((g, p) => g - p, grad, state.prev_flat_grad);
      const s = state.d.map((d) => d * state.t);
      const ys = dot(y, s);
      const accept = !first && !resting && ys > 1e-10;
      let { old_dirs: dirs, old_stps: stps, ro } = state;
      let hDiag = state.h_diag;
      if (accept) {
        [dirs, stps, ro] = [[...dirs, y], [...stps, s], [...ro, 1.0 / ys]].map((kept) => kept.slice(-size));
        hDiag = ys / dot(y, y);
      }
      if (first) hDiag = 1.0;
      const d = first ? grad.map((g) => -g) : twoLoops(grad.map((g) => -g), hDiag, dirs, stps, ro);
      const l1 = grad.reduce((total, g, i) => (i === 0 ? Math.abs(g) : total + Math.abs(g)), 0);
      const t = (first ? Math.min(1.0, 1.0 / l1) : 1.0) * lr;
      const moving = !resting && dot(grad, d) <= -tolerance_change;
      const next = resting
        ? { ...state, old_dirs: dirs, old_stps: stps, ro }
        : { n_iter: state.n_iter + 1, d, t, prev_flat_grad: grad, old_dirs: dirs, old_stps: stps, ro, h_diag: hDiag };
      return [moving ? d.map((value) => t * value) : zeros(params), next];
    },
  };
}

function twoLoops(q, hDiag, dirs, stps, ro) {
  const alphas = [];
  for (let i = dirs.length - 1; i >= 0; i--) {
    const alpha = dot(stps[i], q) * ro[i];
    q = map((value, dir) => value - alpha * dir, q, dirs[i]);
    alphas.unshift(alpha);
  }
  let r = q.map((value) => value * hDiag);
  alphas.forEach((alpha, i) => {
    const beta = dot(dirs[i], r) * ro[i];
    r = map((value, step) => value + (alpha - beta) * step, r, stps[i]);
  });
  return r;
}

function lion({ beta1 = 0.9, beta2 = 0.99, weight_decay = 0.0 } = {}) {
  return {
    init: (params) => ({ exp_avg: zeros(params) }),
    update(grad, state, params, lr) {
      const direction = map((m, g) => Math.sign(beta1 * m + (1 - beta1) * g), state.exp_avg, grad);
      const updates = weight_decay
        ? map((u, p) => -lr * (u + weight_decay * p), direction, params)
        : direction.map((u) => -lr * u);
      return [updates, { exp_avg: map((m, g) => beta2 * m + (1 - beta2) * g, state.exp_avg, grad) }];
    },
  };
}

function nadam({ beta1 = 0.9, beta2 = 0.999, eps = 1e-8, momentum_decay = 4e-3 } = {}) {
  return {
    init: (params) => ({ count: 0, mu_product: 1.0, exp_avg: zeros(params), exp_avg_sq: zeros(params) }),
    update(grad, state, params, lr) {
      const count = state.count + 1;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (count * momentum_decay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((count + 1) * momentum_decay));
      const muProduct = state.mu_product * mu;
      const [expAvg, expAvgSq] = moments(state, grad, beta1, beta2);
      const denom = expAvgSq.map((v) => Math.sqrt(v / (1 - beta2 ** count)) + eps);
      const first = lr * ((1 - mu) / (1 - muProduct));
      const second = lr * (muNext / (1 - muProduct * muNext));
      const updates = map((g, m, d) => (-first * g) / d - (second * m) / d, grad, expAvg, denom);
      return [updates, { count, mu_product: muProduct, exp_avg: expAvg, exp_avg_sq: expAvgSq }];
    },
  };
}

function radam({ beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = {}) {
  const rhoInf = 2 / (1 - beta2) - 1;
  return {
    init: (params) => ({ count: 0, exp_avg: zeros(params), exp_avg_sq: zeros(params) }),
    update(grad, state, params, lr) {
      const count = state.count + 1;
      const [expAvg, expAvgSq] = moments(state, grad, beta1, beta2);
      const corrected = expAvg.map((m) => m / (1 - beta1 ** count));
      const correction2 = 1 - beta2 ** count;
      const rho = rhoInf - (2 * count * beta2 ** count) / correction2;
      let updates;
      if (rho > 5) {
        const rect = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
        updates = map((c, v) => -c * lr * (Math.sqrt(correction2) / (Math.sqrt(v) + eps)) * rect, corrected, expAvgSq);
      } else {
        updates = corrected.map((c) => -c * lr);
      }
      return [updates, { count, exp_avg: expAvg, exp_avg_sq: expAvgSq }];
    },
  };
}

function adadelta({ rho = 0.9, eps = 1e-6 } = {}) {
  return {
    init: (params) => ({ square_avg: zeros(params), acc_delta: zeros(params) }),
    update(grad, state, params, lr) {
      const squareAvg = map((v, g) => rho * v + (1 - rho) * g * g, state.square_avg, grad);
      const delta = map((u, v, g) => (Math.sqrt(u + eps) / Math.sqrt(v + eps)) * g, state.acc_delta, squareAvg, grad);
      const accDelta = map((u, d) => rho * u + (1 - rho) * d * d, state.acc_delta, delta);
      return [delta.map((d) => -lr * d), { square_avg: squareAvg, acc_delta: accDelta }];
    },
  };
}

// Every optimizer of `optimizers/catalog.py` by its name, made from its settings (by the engine's names).
export const RULES = {
  gd,
  momentum: (settings) => momentum(settings),
  nesterov: (settings) => momentum(settings, true),
  adagrad,
  rmsprop,
  adam,
  adamw,
  newton,
  lbfgs,
  lion,
  nadam,
  radam,
  adadelta,
};
