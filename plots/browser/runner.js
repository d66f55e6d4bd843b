// The runner of `optimizers/runner.py`, twinned for the browser's preview: one start through one rule, step by
// step, stopped as the engine stops it. A step that leaves the divergence box (100 widths of the chart beyond
// it, or not a finite number) freezes the start at its last point, `stoppedAt` that step; a step whose gradient
// is not a finite number freezes it one point earlier. Every later point is the frozen one.

import { RULES } from "./rules.js";
import { SCHEDULES } from "./schedules.js";

const DIVERGENCE_MARGIN = 100.0;

// The cube a start must stay inside, the same range on every axis: [low, high].
export function divergenceBox(bounds) {
  const margin = DIVERGENCE_MARGIN * Math.max(...bounds.map(([low, high]) => high - low));
  return [Math.min(...bounds.map(([low]) => low)) - margin, Math.max(...bounds.map(([, high]) => high)) + margin];
}

// The path of `start` under optimizer `name` with `settings` on `landscape` ({value, grad, hessian}, `bounds`):
// `{points, values, stoppedAt, diverged}`, points[k] after k steps (steps + 1 of them). With `batches` (a loss
// from data), step k takes the gradient of the examples batches[k] alone; the values are always all the data's.
export function run(landscape, bounds, name, settings, start, { lr, steps, schedule = null, batches = null }) {
  const rule = RULES[name](settings);
  const factors = schedule ? SCHEDULES[schedule.name](steps, schedule.settings) : SCHEDULES.constant(steps);
  const [low, high] = divergenceBox(bounds);
  const inside = (point) => point.every((value) => value >= low && value <= high);
  let x = [...start];
  let previous = x;
  let state = rule.init(x);
  const points = [x];
  let stoppedAt = steps;
  for (let k = 0; k < steps; k++) {
    const gradient = batches ? landscape.batchGrad(x, batches[k]) : landscape.grad(x);
    const rate = lr * factors[k];
    const hessian = () => (batches ? landscape.batchHessian(x, batches[k]) : landscape.hessian(x));
    const [updates, next] = rule.needsHessian
      ? rule.update(gradient, state, x, rate, hessian())
      : rule.update(gradient, state, x, rate);
    state = next;
    const moved = x.map((value, i) => value + updates[i]);
    if (!inside(moved)) {
      const undefinedSlope = !gradient.every(Number.isFinite);
      const frozen = undefinedSlope ? previous : x;
      stoppedAt = undefinedSlope ? Math.max(k - 1, 0) : k;
      if (undefinedSlope) points[k] = previous;
      while (points.length <= steps) points.push(frozen);
      break;
    }
    previous = x;
    x = moved;
    points.push(x);
  }
  return { points, values: points.map((point) => landscape.value(point)), stoppedAt, diverged: stoppedAt < steps };
}
