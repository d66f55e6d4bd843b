import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRate, rowsFor } from "../../plots/browser/rate_control.js";

const control = (own, alone = false) => ({
  own, base: 10, focus: "adam", paths: { gd: 12, adam: 20 }, optimizers: { gd: "gd", adam: "adam" },
  sweep: { rates: new Array(51).fill(0) },
  alone: { checked: alone },
});

test("with one shared η every run shows the control's row", () => {
  const rows = rowsFor(control(false), 7);
  assert.equal(rows("gd"), 7);
  assert.equal(rows("adam"), 7);
});

test("with each optimizer its own η, all move by the same number of stops, or the focus one alone", () => {
  const together = rowsFor(control(true), 13);
  assert.equal(together("gd"), 15);
  assert.equal(together("adam"), 23);
  const alone = rowsFor(control(true, true), 13);
  assert.equal(alone("gd"), 12, "the others stay");
  assert.equal(alone("adam"), 23);
  assert.equal(rowsFor(control(true), 50)("adam"), 50, "never past the last stop");
});

test("a rate is written with six significant digits at most", () => {
  assert.equal(formatRate(0.05), "0.05");
  assert.equal(formatRate(1 / 3), "0.333333");
});
