import { test } from "node:test";
import assert from "node:assert/strict";
import { moved, valueIn, valueOf } from "../../plots/browser/sidebar_preview.js";

const twin = {
  steps: 100,
  schedule: { name: "step", settings: { step_size: 100, gamma: 0.5 } },
  runs: [
    { key: "gd", optimizer: "gd", settings: {}, lr: 0.05 },
    { key: "adam", optimizer: "adam", settings: { beta1: 0.9, beta2: 0.999, eps: 1e-8 }, lr: 0.05 },
  ],
};

test("a slider moved sets what it names, and nothing else", () => {
  const beta = moved(twin, { kind: "setting", optimizer: "adam", param: "beta1" }, 0.5);
  assert.equal(beta.runs[1].settings.beta1, 0.5);
  assert.equal(beta.runs[1].settings.beta2, 0.999);
  assert.deepEqual(beta.runs[0], twin.runs[0]);
  assert.equal(twin.runs[1].settings.beta1, 0.9, "the scene's twin is left as it was");
  assert.deepEqual(moved(twin, { kind: "lr" }, 0.1).runs.map((r) => r.lr), [0.1, 0.1]);
  assert.deepEqual(moved(twin, { kind: "own_lr", optimizer: "gd" }, 0.1).runs.map((r) => r.lr), [0.1, 0.05]);
  assert.equal(moved(twin, { kind: "steps" }, 500).steps, 500);
  assert.equal(moved(twin, { kind: "schedule", param: "gamma" }, 0.1).schedule.settings.gamma, 0.1);
});

test("a slider of stops stands at the stop of its index, a plain one at its number", () => {
  assert.equal(valueOf({ value: "2" }, { options: [0.1, 0.2, 0.5] }), 0.5);
  assert.equal(valueOf({ value: "0.75" }, { options: null }), 0.75);
});

test("the value a control has in the scene, to tell a move from Streamlit drawing its slider again", () => {
  assert.equal(valueIn(twin, { kind: "setting", optimizer: "adam", param: "eps" }), 1e-8);
  assert.equal(valueIn(twin, { kind: "lr" }), 0.05);
  assert.equal(valueIn(twin, { kind: "steps" }), 100);
  assert.equal(valueIn(twin, { kind: "schedule", param: "step_size" }), 100);
});
