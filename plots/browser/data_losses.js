// The losses from data of `landscapes/data.py`, twinned for the browser's preview: each example's loss and its
// gradient by the engine's formulas in its order of operations, their means over all the examples or over a
// step's mini-batch, and the Hessian as the engine takes it (central differences of the gradient, or a line's
// closed form). The examples and the batches come from the page: the engine drew them.

const LN2 = Math.LN2;

// log(eᵃ + eᵇ) without overflow, as NumPy's logaddexp.
function logaddexp(a, b) {
  if (a === b) return a + LN2;
  const gap = a - b;
  if (gap > 0) return a + Math.log1p(Math.exp(-gap));
  if (gap <= 0) return b + Math.log1p(Math.exp(gap));
  return gap;
}

// Each model's loss and gradient for one example (`x` its inputs, `y` its target) at parameters (a, b).
export const MODELS = {
  linear_regression: {
    loss: (w, b, x, y) => {
      const residual = w * x[0] + b - y;
      return residual * residual;
    },
    grad: (w, b, x, y) => {
      const twice = 2 * (w * x[0] + b - y);
      return [twice * x[0], twice];
    },
  },
  logistic_regression: {
    loss: (w1, w2, x, y) => logaddexp(0.0, -(y * (w1 * x[0] + w2 * x[1]))),
    grad: (w1, w2, x, y) => {
      const margin = y * (w1 * x[0] + w2 * x[1]);
      const pull = -y * 0.5 * (1 - Math.tanh(margin / 2));
      return [pull * x[0], pull * x[1]];
    },
  },
  tiny_network: {
    loss: (w1, w2, x, y) => {
      const error = w2 * Math.tanh(w1 * x[0]) - y;
      return error * error;
    },
    grad: (w1, w2, x, y) => {
      const hidden = Math.tanh(w1 * x[0]);
      const dPrediction = 2 * (w2 * hidden - y);
      return [dPrediction * w2 * (1 - hidden * hidden) * x[0], dPrediction * hidden];
    },
  },
};

// The sum of `values` in NumPy's order (its pairwise summation, blocks of eight added in eight running sums), so a
// mean over the examples is the engine's to the last bit.
export function pairwiseSum(values, start = 0, n = values.length) {
  if (n < 8) {
    let total = 0;
    for (let i = start; i < start + n; i++) total += values[i];
    return total;
  }
  if (n <= 128) {
    const r = values.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += values[start + i + j];
    let total = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) total += values[start + i];
    return total;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

// The Hessian by central differences of `grad`, made symmetric, as the engine's `differences`.
export function differences(grad, x, h = 1e-5) {
  const step = x.map((value) => h * Math.max(1.0, Math.abs(value)));
  const columns = x.map((_, i) => {
    const up = x.map((value, j) => (j === i ? value + step[i] : value));
    const down = x.map((value, j) => (j === i ? value - step[i] : value));
    const [high, low] = [grad(up), grad(down)];
    return high.map((g, row) => (g - low[row]) / (2 * step[i]));
  });
  return x.map((_, i) => x.map((_, j) => (columns[j][i] + columns[i][j]) / 2));
}

// The landscape of `data` ({model, inputs, targets, curvature}): its full-data loss, gradient and Hessian, and
// the gradient and Hessian of a mini-batch (the examples at `indices`).
export function dataLandscape({ model, inputs, targets, curvature = null }) {
  const { loss, grad } = MODELS[model];
  const all = targets.map((_, i) => i);
  const mean = (values) => pairwiseSum(values) / values.length;
  const batchGrad = ([a, b], indices) => {
    const parts = indices.map((i) => grad(a, b, inputs[i], targets[i]));
    return [mean(parts.map((p) => p[0])), mean(parts.map((p) => p[1]))];
  };
  return {
    value: ([a, b]) => mean(all.map((i) => loss(a, b, inputs[i], targets[i]))),
    grad: (point) => batchGrad(point, all),
    hessian: (point) => curvature ?? differences((p) => batchGrad(p, all), point),
    batchGrad,
    batchHessian: (point, indices) => differences((p) => batchGrad(p, indices), point),
  };
}

// Each step's example indices: every epoch's shuffled order (`orders`, as the engine drew them) cut into
// consecutive batches of `size`, the last of an epoch what is left.
export function batchesOf(orders, size, steps) {
  const batches = [];
  for (const order of orders) {
    for (let i = 0; i < order.length && batches.length < steps; i += size) batches.push(order.slice(i, i + size));
  }
  return batches;
}
