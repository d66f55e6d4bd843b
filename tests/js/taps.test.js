import { test } from "node:test";
import assert from "node:assert/strict";
import { dataPoint, reportClicks } from "../../plots/browser/taps.js";

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

// A chart that takes listeners, its plot area drawn at the area above; events carry their pointer's place.
function listening() {
  globalThis.window ??= new EventTarget();
  const node = new EventTarget();
  Object.assign(node, { _fullLayout: chart._fullLayout, querySelector: () => area, closest: () => node });
  return node;
}

function at(type, clientX, clientY, pointerType = "mouse") {
  return Object.assign(new Event(type), { clientX, clientY, pointerType });
}

test("a press moved across the plot area and let go is a drag from where it began to where it ended", () => {
  const node = listening();
  const clicks = [];
  const drags = [];
  const stop = reportClicks(node, (point) => clicks.push(point), (ends) => drags.push(ends));
  node.dispatchEvent(at("pointerdown", 300, 200));
  window.dispatchEvent(at("pointerup", 400, 250));
  node.dispatchEvent(at("click", 400, 250));
  assert.deepEqual(drags, [{ from: { x: 0, y: 0 }, to: { x: 1, y: -0.5 } }]);
  assert.deepEqual(clicks, [], "the click that ends a drag adds nothing");
  node.dispatchEvent(at("pointerdown", 300, 200));
  window.dispatchEvent(at("pointerup", 305, 200));
  node.dispatchEvent(at("click", 305, 200));
  assert.equal(clicks.length, 1, "a press that hardly moved is a click");
  assert.ok(Math.abs(clicks[0].x - 0.05) < 1e-12 && clicks[0].y === 0, "where it was let go");
  assert.equal(drags.length, 1);
  stop();
  node.dispatchEvent(at("pointerdown", 300, 200));
  window.dispatchEvent(at("pointerup", 400, 250));
  assert.equal(drags.length, 1, "stopped, it reports nothing");
});

test("without a drag to report, a moved press still clicks where it ends, as Plotly reports it", () => {
  const node = listening();
  const clicks = [];
  reportClicks(node, (point) => clicks.push(point));
  node.dispatchEvent(at("pointerdown", 300, 200));
  window.dispatchEvent(at("pointerup", 400, 200));
  node.dispatchEvent(at("click", 400, 200));
  assert.deepEqual(clicks, [{ x: 1, y: 0 }]);
});

test("a drag that ends off the plot area moves nothing", () => {
  const node = listening();
  const drags = [];
  reportClicks(node, () => {}, (ends) => drags.push(ends));
  node.dispatchEvent(at("pointerdown", 300, 200));
  window.dispatchEvent(at("pointerup", 600, 200));
  assert.deepEqual(drags, []);
});

test("a tap reports once, though the browser and Plotly each follow it with a click of their own", () => {
  const node = listening();
  const taps = [];
  reportClicks(node, (point) => taps.push(point), () => {});
  const touch = { clientX: 300, clientY: 200, target: node };
  node.dispatchEvent(Object.assign(new Event("touchstart"), { touches: [touch] }));
  node.dispatchEvent(Object.assign(new Event("touchend"), { changedTouches: [touch] }));
  node.dispatchEvent(at("click", 300, 200));
  node.dispatchEvent(at("click", 301, 200));
  assert.equal(taps.length, 1);
  node.dispatchEvent(at("pointerdown", 400, 200));
  window.dispatchEvent(at("pointerup", 400, 200));
  node.dispatchEvent(at("click", 400, 200));
  assert.equal(taps.length, 2, "a click elsewhere is a click");
});
