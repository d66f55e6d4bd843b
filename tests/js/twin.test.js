// The browser's twin held to the engine: every built-in landscape and three typed ones × every optimizer × three η
// × two starts. Each
// single step taken from the engine's own state and slope equals the engine's to 1e-12 of the step; each loss,
// slope and curvature the twin works out equals the engine's to 1e-12 (of itself, or of 1 where it is smaller);
// whole paths on the convex landscapes agree to 1e-9, and a start that leaves the chart for good stops at the
// same step.
// The engine's numbers: tests/js/fixtures/twin.json, written by `python -m tests.twin_fixture` (the Python
// suite writes it before it runs these tests).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { MODELS, batchesOf, dataLandscape } from "../../plots/browser/data_losses.js";
import { formulaLandscape } from "../../plots/browser/formula.js";
import { LANDSCAPES } from "../../plots/browser/landscapes.js";
import { RULES } from "../../plots/browser/rules.js";
import { SCHEDULES } from "../../plots/browser/schedules.js";
import { run } from "../../plots/browser/runner.js";

const FIXTURE = new URL("./fixtures/twin.json", import.meta.url);
if (!existsSync(FIXTURE)) throw new Error("no tests/js/fixtures/twin.json: run python -m tests.twin_fixture");
const engine = JSON.parse(readFileSync(FIXTURE, "utf8"));

const name = (c) => `${c.optimizer} on ${c.landscape} at η = ${c.lr} from (${c.start})`;
const made = {};
const landOf = (key) => {
  const { formula, data } = engine.landscapes[key];
  if (data) return (made[key] ??= dataLandscape(data));
  return formula ? (made[key] ??= formulaLandscape(formula)) : LANDSCAPES[key];
};

test("every landscape, optimizer and schedule of the engine has its twin", () => {
  for (const [land, { formula, data }] of Object.entries(engine.landscapes)) {
    assert.ok(formula || (data ? data.model in MODELS : land in LANDSCAPES), `no twin of the landscape ${land}`);
  }
  for (const rule of engine.optimizers) assert.ok(rule in RULES, `no twin of the optimizer ${rule}`);
  for (const schedule of engine.schedules) assert.ok(schedule in SCHEDULES, `no twin of the schedule ${schedule}`);
});

test("each step from the engine's state and slope is the engine's step, to 1e-12 of it", () => {
  let checked = 0;
  for (const c of engine.cases) {
    const rule = RULES[c.optimizer](c.settings);
    for (const { k, x, state, grad, hessian, next } of c.steps) {
      const [updates] = rule.needsHessian ? rule.update(grad, state, x, c.lr, hessian) : rule.update(grad, state, x, c.lr);
      next.forEach((expected, i) => {
        const moved = x[i] + updates[i];
        const scale = Math.max(Math.abs(expected - x[i]), Number.MIN_VALUE);
        assert.ok(Math.abs(moved - expected) <= 1e-12 * scale || moved === expected, `${name(c)}, step ${k}: ${moved} against ${expected}`);
      });
      checked += 1;
    }
  }
  assert.ok(checked > 2000, `only ${checked} steps checked`);
});

// A loss from data has no closed-form Hessian (but a line's): the engine takes central differences of its gradient,
// good to about 1e-6, and their last bits follow the last bits of tanh and log1p, which NumPy and the browser round
// each their own way; they agree to 1e-8.
const DIFFERENCED = 1e-8;

test("each loss, slope and curvature is the engine's, to 1e-12 (differenced curvatures to 1e-8)", () => {
  const close = (got, expected, what, tolerance = 1e-12) =>
    assert.ok(Math.abs(got - expected) <= tolerance * Math.max(Math.abs(expected), 1), `${what}: ${got} against ${expected}`);
  for (const c of engine.cases) {
    const land = landOf(c.landscape);
    const { data } = engine.landscapes[c.landscape];
    for (const { x, value, grad, hessian, batch } of c.steps) {
      close(land.value(x), value, `J on ${c.landscape} at (${x})`);
      const slope = batch ? land.batchGrad(x, batch) : land.grad(x);
      slope.forEach((g, i) => close(g, grad[i], `∂J/∂θ${i} on ${c.landscape} at (${x})`));
      const curvature = batch ? land.batchHessian(x, batch) : land.hessian(x);
      const tolerance = data && (batch || !data.curvature) ? DIFFERENCED : 1e-12;
      curvature.forEach((row, i) => row.forEach((h, j) => close(h, hessian[i][j], `H${i}${j} on ${c.landscape}`, tolerance)));
    }
  }
});

// On a loss from data the last bits of tanh and log1p differ between NumPy and the browser; a path follows the
// engine's to 1e-9 until it arrives (its slope a hundredth of its first), where an adaptive step dithers on those
// bits. Newton's method on one example's loss is left out: that Hessian has rank one, and its step divides by zero.
function arrivedAt(land, path) {
  const norm = ([a, b]) => Math.hypot(a, b ?? 0);
  const first = norm(land.grad(path[0]));
  const row = path.findIndex((point) => norm(land.grad(point)) < 1e-2 * first);
  return row < 0 ? path.length : row;
}

test("whole paths on the convex landscapes are the engine's to 1e-9, and every run stops where the engine's does", () => {
  for (const c of engine.cases) {
    const { data } = engine.landscapes[c.landscape];
    if (data && c.optimizer === "newton" && c.batchSize === 1) continue;
    const batches = c.batchSize ? batchesOf(c.orders, c.batchSize, 100) : null;
    const ran = run(landOf(c.landscape), engine.landscapes[c.landscape].bounds, c.optimizer, c.settings, c.start,
      { lr: c.lr, steps: 100, batches }); // prettier-ignore
    if (c.path) {
      const compared = data ? c.path.slice(0, arrivedAt(landOf(c.landscape), c.path)) : c.path;
      compared.forEach((point, row) => {
        point.forEach((expected, i) => {
          const got = ran.points[row * 5][i];
          assert.ok(Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${name(c)}, row ${row}`);
        });
      });
    }
    if (c.path || c.stoppedAt < 100) assert.equal(ran.stoppedAt, c.stoppedAt, `${name(c)} stops at the same step`);
  }
});

test("each schedule's factors and the path it leads are the engine's", () => {
  for (const s of engine.scheduled) {
    const factors = SCHEDULES[s.schedule](s.steps, s.settings);
    factors.forEach((f, k) => assert.ok(Math.abs(f - s.factors[k]) <= 1e-15 * Math.abs(s.factors[k]) + 1e-300, `${s.schedule} ${k}`));
    const ran = run(LANDSCAPES.ravine, engine.landscapes.ravine.bounds, "adam", {}, [-2.6, 1.8], {
      lr: 0.1, steps: s.steps, schedule: { name: s.schedule, settings: s.settings } }); // prettier-ignore
    s.path.forEach((point, row) => point.forEach((expected, i) => {
      assert.ok(Math.abs(ran.points[row * 5][i] - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${s.schedule} row ${row}`);
    })); // prettier-ignore
  }
});

test("the η chart's sweep of a dragged start ends each run where the twin's own run at that η ends", async () => {
  const { sweepFinals } = await import("../../plots/browser/sweep_worker.js");
  const twin = {
    landscape: "ravine", bounds: engine.landscapes.ravine.bounds, steps: 60, schedule: null,
    runs: [{ key: "gd", optimizer: "gd", settings: {}, lr: 0.05 }, { key: "adam", optimizer: "adam", settings: {}, lr: 0.05 }],
  }; // prettier-ignore
  const rates = [0.001, 0.01, 0.1, 1, 10];
  const [gd, adam] = sweepFinals(twin, [-2.6, 1.8], rates);
  assert.deepEqual([gd.key, adam.key], ["gd", "adam"]);
  assert.deepEqual(gd.diverged, [false, false, true, true, true], "on the ravine, gradient descent diverges past η = 2/25");
  const alone = run(LANDSCAPES.ravine, twin.bounds, "adam", {}, [-2.6, 1.8], { lr: 0.1, steps: 60 });
  assert.equal(adam.values[2], alone.values[60]);
});

test("the η chart's sweep leaves out a run whose mini-batches run short of the steps and answers the others", async () => {
  // The steps slider held past what the page sent: the engine's batches cover 4 steps, the twin now asks for 6.
  const { sweepFinals } = await import("../../plots/browser/sweep_worker.js");
  const data = { model: "linear_regression", inputs: [[0], [1], [2], [3]], targets: [1, 3, 5, 7], curvature: null };
  const twin = {
    landscape: "linear_regression", data, bounds: [[-5, 5], [-5, 5]], steps: 6, schedule: null,
    runs: [{ key: "gd", optimizer: "gd", settings: {}, lr: 0.05 },
           { key: "gd·b2", optimizer: "gd", settings: {}, lr: 0.05, batches: { size: 2, orders: [[0, 1, 2, 3], [3, 2, 1, 0]] } }],
  }; // prettier-ignore
  const [whole, batched] = sweepFinals(twin, [0, 0], [0.01, 0.1]);
  assert.equal(whole.key, "gd");
  assert.ok(whole.values.every(Number.isFinite), "the full-batch run is answered");
  assert.deepEqual([batched.key, batched.values], ["gd·b2", null], "the short-batched run is left out, not failed");
});
