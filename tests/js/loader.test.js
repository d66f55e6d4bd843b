// Which plotly.js bundle draws a figure (plots/browser/loader.js): a 3D scene's traces need the gl3d bundle;
// every 2D chart the page draws is drawn by the cartesian one.

import { test } from "node:test";
import assert from "node:assert/strict";
import { bundleFor } from "../../plots/browser/loader.js";

test("a map, a curve or a loss chart is drawn by the cartesian bundle", () => {
  assert.equal(bundleFor([{ type: "heatmap" }, { type: "scatter" }, { type: "scatter", yaxis: "y2" }]), "cartesian");
  assert.equal(bundleFor([]), "cartesian");
});

test("a surface, or paths drawn in 3D, need the gl3d bundle", () => {
  assert.equal(bundleFor([{ type: "surface" }, { type: "scatter3d" }]), "gl3d");
  assert.equal(bundleFor([{ type: "scatter" }, { type: "scatter3d" }]), "gl3d");
});
