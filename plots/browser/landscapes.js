// The built-in losses of `landscapes/functions_1d.py` and `functions_2d.py`, twinned for the browser's preview:
// each one's value, gradient and Hessian at one point `p` (an array of its coordinates), the same formulas in
// the same order of operations as the engine, so a step here equals the engine's (tests/js/twin.test.js).
// Squares are written as products, as the engine writes them (NumPy squares by multiplying).

const { PI, E, cos, sin, exp, sqrt } = Math;
const RAVINE_STIFFNESS = 25.0;

const beale = (x, y) => {
  const y2 = y * y;
  const y3 = y2 * y;
  return [y2, y3, 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3];
};

export const LANDSCAPES = {
  parabola: {
    value: ([t]) => t * t,
    grad: ([t]) => [2 * t],
    hessian: () => [[2.0]],
  },
  local_minimum: {
    value: ([t]) => {
      const t2 = t * t;
      return 0.25 * t2 * t2 - t2 + 0.25 * t;
    },
    grad: ([t]) => [t * t * t - 2 * t + 0.25],
    hessian: ([t]) => [[3 * t * t - 2]],
  },
  wavy: {
    value: ([t]) => 0.1 * t * t + sin(2 * t),
    grad: ([t]) => [0.2 * t + 2 * cos(2 * t)],
    hessian: ([t]) => [[0.2 - 4 * sin(2 * t)]],
  },
  bowl: {
    value: ([x, y]) => x * x + y * y,
    grad: ([x, y]) => [2 * x, 2 * y],
    hessian: () => [[2.0, 0], [0, 2.0]],
  },
  ravine: {
    value: ([x, y]) => 0.5 * (x * x + RAVINE_STIFFNESS * y * y),
    grad: ([x, y]) => [x, RAVINE_STIFFNESS * y],
    hessian: () => [[1, 0], [0, RAVINE_STIFFNESS]],
  },
  rosenbrock: {
    value: ([x, y]) => {
      const a = 1 - x;
      const b = y - x * x;
      return a * a + 100 * (b * b);
    },
    grad: ([x, y]) => {
      const valley = y - x * x;
      return [-2 * (1 - x) - 400 * x * valley, 200 * valley];
    },
    hessian: ([x, y]) => {
      const across = -400 * x;
      return [[2 - 400 * y + 1200 * x * x, across], [across, 200.0]];
    },
  },
  himmelblau: {
    value: ([x, y]) => {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      return a * a + b * b;
    },
    grad: ([x, y]) => {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
    },
    hessian: ([x, y]) => {
      const across = 4 * (x + y);
      return [[4 * (x * x + y - 11) + 8 * x * x + 2, across], [across, 4 * (x + y * y - 7) + 8 * y * y + 2]];
    },
  },
  beale: {
    value: ([x, y]) => {
      const [, , a, b, c] = beale(x, y);
      return a * a + b * b + c * c;
    },
    grad: ([x, y]) => {
      const [y2, y3, a, b, c] = beale(x, y);
      return [2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1)), 2 * x * (a + 2 * b * y + 3 * c * y2)];
    },
    hessian: ([x, y]) => {
      const [y2, y3, a, b, c] = beale(x, y);
      const [p, q, r] = [y - 1, y2 - 1, y3 - 1];
      const xx = 2 * (p * p + q * q + r * r);
      const xy = 2 * ((y - 1) * x + a + (y2 - 1) * 2 * x * y + 2 * b * y + (y3 - 1) * 3 * x * y2 + 3 * c * y2);
      const yy = 2 * (x * x + 4 * x * x * y2 + 2 * b * x + 9 * x * x * y2 * y2 + 6 * c * x * y);
      return [[xx, xy], [xy, yy]];
    },
  },
  six_hump_camel: {
    value: ([x, y]) => {
      const x2 = x * x;
      const y2 = y * y;
      return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (4 * y2 - 4) * y2;
    },
    grad: ([x, y]) => {
      const x2 = x * x;
      return [x * (8 - 8.4 * x2 + 2 * x2 * x2) + y, x - 8 * y + 16 * y * y * y];
    },
    hessian: ([x, y]) => {
      const x2 = x * x;
      return [[8 - 25.2 * x2 + 10 * x2 * x2, 1], [1, -8 + 48 * y * y]];
    },
  },
  rastrigin: {
    value: ([x, y]) => 20 + x * x - 10 * cos(2 * PI * x) + y * y - 10 * cos(2 * PI * y),
    grad: ([x, y]) => [2 * x + 20 * PI * sin(2 * PI * x), 2 * y + 20 * PI * sin(2 * PI * y)],
    hessian: ([x, y]) => {
      const curl = 40 * PI * PI;
      return [[2 + curl * cos(2 * PI * x), 0], [0, 2 + curl * cos(2 * PI * y)]];
    },
  },
  ackley: {
    value: ([x, y]) => {
      const radius = sqrt(0.5 * (x * x + y * y));
      const ripples = 0.5 * (cos(2 * PI * x) + cos(2 * PI * y));
      return -20 * exp(-0.2 * radius) - exp(ripples) + E + 20;
    },
    // At the origin the cone term has no gradient; 0 is its subgradient and the minimum's.
    grad: ([x, y]) => {
      const radius = sqrt(0.5 * (x * x + y * y));
      const cone = radius > 0 ? (2 * exp(-0.2 * radius)) / radius : 0;
      const ripples = PI * exp(0.5 * (cos(2 * PI * x) + cos(2 * PI * y)));
      return [cone * x + ripples * sin(2 * PI * x), cone * y + ripples * sin(2 * PI * y)];
    },
    hessian: ([x, y]) => {
      const radius = sqrt(0.5 * (x * x + y * y));
      const positive = radius > 0;
      const safe = positive ? radius : 1.0;
      const fall = exp(-0.2 * safe);
      const cone = positive ? (2 * fall) / safe : 0.0;
      const bend = positive ? (2 * fall * (-0.2 / safe - 1 / (safe * safe))) / (2 * safe) : 0.0;
      const lift = exp(0.5 * (cos(2 * PI * x) + cos(2 * PI * y)));
      const [sx, sy] = [sin(2 * PI * x), sin(2 * PI * y)];
      const square = PI * PI * lift;
      const xy = bend * x * y - square * sx * sy;
      const xx = cone + bend * x * x + 2 * square * cos(2 * PI * x) - square * sx * sx;
      const yy = cone + bend * y * y + 2 * square * cos(2 * PI * y) - square * sy * sy;
      return [[xx, xy], [xy, yy]];
    },
  },
  saddle: {
    value: ([x, y]) => x * x - y * y,
    grad: ([x, y]) => [2 * x, -2 * y],
    hessian: () => [[2.0, 0], [0, -2.0]],
  },
};
