// The learning-rate schedules of `optimizers/schedules.py`, twinned for the browser's preview: the factor on
// the base learning rate at each of `steps` steps, by the engine's names and settings.

const range = (steps, factor) => Array.from({ length: steps }, (_, k) => factor(k));

export const SCHEDULES = {
  constant: (steps) => range(steps, () => 1),
  step: (steps, { step_size = 100, gamma = 0.5 } = {}) =>
    range(steps, (k) => gamma ** Math.floor(k / Math.trunc(step_size))),
  exponential: (steps, { decay_rate = 0.5, decay_steps = 100 } = {}) =>
    range(steps, (k) => decay_rate ** (k / decay_steps)),
  inverse_time: (steps, { decay_rate = 1.0, decay_steps = 100 } = {}) =>
    range(steps, (k) => 1 / (1 + (decay_rate * k) / decay_steps)),
  cosine: (steps, { alpha = 0.0 } = {}) =>
    range(steps, (k) => alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * (k / Math.max(steps, 1))))),
};
