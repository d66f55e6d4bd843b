import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { joinedFrames, pathsAt, sweepFrames, withStillLayout } from "../../plots/browser/frames.js";
import { darkened } from "../../plots/browser/theme.js";

// A sweep as the page sends it, and the numbers it must decode to, both written by tests/js_fixtures.py.
const fixture = JSON.parse(readFileSync(new URL("./fixtures/sweep.json", import.meta.url)));
const traces = Object.keys(fixture.sweep.paths).map((uid) => ({ meta: uid }));
const close = (actual, expected) => assert.ok(Math.abs(actual - expected) <= 1e-6 * (1 + Math.abs(expected)));

test("each path at each η of the sweep is the run the server made at that η", () => {
  for (let row = 0; row < fixture.sweep.rates.length; row++) {
    const sweep = structuredClone(fixture.sweep);
    const [data, indices] = pathsAt(traces, sweep, () => row);
    assert.deepEqual(indices, [0, 1]);
    Object.values(fixture.expected).forEach((expected, i) => {
      expected.x[row].forEach((x, k) => close(data[i].x[k], x));
      expected.y[row].forEach((y, k) => close(data[i].y[k], y));
      assert.deepEqual(Array.from(data[i].customdata), expected.steps);
    });
  }
});

test("a path up to a step stops there, its last point ringed and large", () => {
  const [data] = pathsAt(traces, structuredClone(fixture.sweep), () => 1, 10);
  assert.equal(data[0].x.length, 11);
  assert.equal(data[0].marker.size.at(-1), 17);
  assert.equal(data[0].marker.line.width.at(-1), 2);
  assert.equal(data[0].marker.size[0], 6);
});

test("Play's frames: one per scrubber step, each path up to that step", () => {
  const layout = { sliders: [{ steps: [0, 10, 30].map((step) => ({ label: String(step) })) }] };
  const frames = sweepFrames(traces, layout, structuredClone(fixture.sweep), () => 0);
  assert.deepEqual(frames.map((frame) => frame.name), ["0", "10", "30"]);
  assert.deepEqual(frames.map((frame) => frame.data[0].x.length), [1, 11, 31]);
});

test("the server's frames (the curve's arrows) join the sweep's by step, after the paths", () => {
  const layout = { sliders: [{ steps: [0, 10, 30].map((step) => ({ label: String(step) })) }] };
  const made = sweepFrames(traces, layout, structuredClone(fixture.sweep), () => 0);
  const sent = [10, 0].map((step) => ({ name: String(step), traces: [5], data: [{ x: [step, step + 1] }] }));
  const frames = joinedFrames(made, sent);
  assert.deepEqual(frames.map((frame) => frame.traces), [[0, 1, 5], [0, 1, 5], [0, 1]]);
  assert.deepEqual(frames.slice(0, 2).map((frame) => frame.data[2].x), [[0, 1], [10, 11]]);
  assert.deepEqual(frames.map((frame) => frame.data[0].x.length), [1, 11, 31]);
  assert.deepEqual(joinedFrames(made), made, "with no frames sent, the sweep's alone");
});

test("the layout's still settings come back into each figure, and styling one figure leaves the part as sent", () => {
  const still = { template: { layout: { font: { color: "#31333F" } } }, sliders: [{ steps: [{ label: "0" }] }] };
  const sent = structuredClone(still);
  for (const rate of [0.1, 0.2]) {
    const figure = withStillLayout({ data: [], layout: { xaxis: { range: [0, rate] } } }, still);
    assert.deepEqual(figure.layout.sliders, sent.sliders);
    assert.deepEqual(figure.layout.template, sent.template);
    assert.deepEqual(figure.layout.xaxis, { range: [0, rate] });
    darkened(figure);
    assert.equal(figure.layout.sliders[0].font.color, "#FAFAFA");
  }
  assert.deepEqual(still, sent, "the kept part is not changed by the dark theme");
});
