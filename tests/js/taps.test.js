import { test } from "node:test";
import assert from "node:assert/strict";
import { dataPoint } from "../../plots/browser/taps.js";

const area = { getBoundingClientRect: () => ({ left: 100, top: 50, right: 500, bottom: 350 }) };
const chart = {
  _fullLayout: { xaxis: { p2d: (px) => px / 100 - 2 }, yaxis: { p2d: (px) => 1.5 - px / 100 } },
  querySelector: () => area,
};

test("a point on the plot area is its data coordinates", () => {
  assert.deepEqual(dataPoint(chart, area, 300, 200), { x: 0, y: 0 });
});

test("a point off the plot area, or one that is not a finite number, is no point", () => {
  assert.equal(dataPoint(chart, area, 90, 200), null);
  assert.equal(dataPoint(chart, { closest: () => null }, 300, 200), null, "outside the chart's drawing");
  const broken = { ...chart, _fullLayout: { xaxis: { p2d: () => Infinity }, yaxis: { p2d: () => 0 } } };
  assert.equal(dataPoint(broken, area, 300, 200), null);
});
