// The start ring, dragged: while a hand is on it, every path of the map is worked out again in the browser by the
// twin of the engine (runner.js) at each frame and redrawn in place; when it is let go, the page is told once,
// as a click there, and the server's run replaces the preview. A press away from the ring pans the map as before.
//
// `twin` (from the page): the landscape's name (or a typed one's trees, `formula`) and bounds, the steps, the schedule, the start, the points a path
// is drawn with at most, and each run's key with its optimizer, settings and η.

import { announceStart } from "./events.js";
import { batchesOf, dataLandscape } from "./data_losses.js";
import { formulaLandscape } from "./formula.js";
import { LANDSCAPES } from "./landscapes.js";
import { run } from "./runner.js";
import { hideTraces, keptSteps, sketch } from "./sketch.js";

const GRAB = 22; // pixels from the ring's centre that pick it up
const RING = 17; // the last point's marker, as the page draws it

// The landscape a twin names: a built-in one, or a typed one from its trees.
const made = new WeakMap();
export function landscapeOf(twin) {
  if (!twin.formula && !twin.data) return LANDSCAPES[twin.landscape];
  const key = twin.data ?? twin.formula;
  if (!made.has(key)) made.set(key, twin.data ? dataLandscape(twin.data) : formulaLandscape(twin.formula));
  return made.get(key);
}

// Where the chart draws a start: a point of the map, or on a curve the point (θ, J(θ)).
function drawnAt(twin, start) {
  return start.length === 1 ? [start[0], landscapeOf(twin).value(start)] : start;
}

// Where the plot area shows the data point (x, y), in client pixels.
function onScreen(chart, [x, y]) {
  const layout = chart._fullLayout;
  const box = chart.querySelector(".nsewdrag")?.getBoundingClientRect();
  if (!layout || !box) return null;
  return [box.left + layout.xaxis.d2p(x), box.top + layout.yaxis.d2p(y)];
}

// The start under client pixels (x, y), kept inside the landscape's bounds: a point of a map, or a curve's θ.
function inData(chart, clientX, clientY, bounds) {
  const layout = chart._fullLayout;
  const box = chart.querySelector(".nsewdrag").getBoundingClientRect();
  const point = [layout.xaxis.p2d(clientX - box.left), layout.yaxis.p2d(clientY - box.top)].slice(0, bounds.length);
  return point.map((value, i) => Math.min(Math.max(value, bounds[i][0]), bounds[i][1]));
}

// Run `path` of `twin` from `start` at η `lr` (its own unless given), by the twin of the engine. A run on a loss
// from data takes the engine's mini-batches; one whose batches run short of the steps (the steps moved past what
// the page sent) has no preview: null.
export function twinRun(twin, path, start, lr = path.lr) {
  const batches = path.batches ? batchesOf(path.batches.orders, path.batches.size, twin.steps) : null;
  if (batches && batches.length < twin.steps) return null;
  const walk = { lr, steps: twin.steps, schedule: twin.schedule, batches };
  return run(landscapeOf(twin), twin.bounds, path.optimizer, path.settings, start, walk);
}

// Every run of `twin` from `start` that has a preview (`twinRun`): `{key, ran, steps}` each, `steps` the steps
// drawn (at most the twin's `points`, `keptSteps`).
export function previewRuns(twin, start) {
  return twin.runs.flatMap((path) => {
    const ran = twinRun(twin, path, start);
    return ran ? [{ key: path.key, ran, steps: keptSteps(ran.stoppedAt + 1, twin.points) }] : [];
  });
}

// The runs' paths at their steps drawn as the chart draws them (each trace found by its `meta`; on a curve each
// point is (θ, J(θ))), and the start ring at `ring`: the data of a sketch (sketch.js) and its traces' indices.
export function previewPaths(runs, traces, ring) {
  const data = [];
  const indices = [];
  for (const { key, ran, steps } of runs) {
    const index = traces.findIndex((trace) => trace.meta === `path ${key}`);
    if (index < 0) continue;
    const count = steps.length;
    const sizes = new Uint8Array(count).fill(6);
    const rings = new Uint8Array(count);
    sizes[count - 1] = RING;
    rings[count - 1] = 2;
    data.push({
      x: Float64Array.from(steps, (k) => ran.points[k][0]),
      y: Float64Array.from(steps, (k) => (ran.points[k].length === 1 ? ran.values[k] : ran.points[k][1])),
      customdata: Uint32Array.from(steps),
      marker: { size: sizes, line: { width: rings } },
    });
    indices.push(index);
  }
  const drawn = traces.findIndex((trace) => trace.meta === "start");
  if (drawn >= 0) {
    data.push({ x: [ring[0]], y: [ring[1]] });
    indices.push(drawn);
  }
  return [data, indices];
}

// Hide what tells of the server's runs while a preview shows others, until the next draw: the outcome lines, the
// crosses where paths left the chart, a curve's slope and step arrows, and the start's label (through the page's
// style, not Plotly's restyle or relayout, which redraw the whole map: a tenth of a second).
export function hideServerFacts(chart) {
  if (chart.rateControl) chart.rateControl.outcome.style.visibility = "hidden";
  const stale = ["diverged", "at this η"];
  hideTraces(chart, chart.data.flatMap((trace, i) => (stale.includes(trace.meta) ? [i] : [])));
  const label = chart.querySelector('.annotation[data-index="0"]');
  if (label) label.style.visibility = "hidden";
}

// Every run of `twin` from `start`, sketched on `chart` (sketch.js), and told to the loss chart (its loss at the
// steps drawn).
export function drawPreview(chart, twin, start) {
  if (!chart.plotly) return;
  const runs = previewRuns(twin, start);
  const [data, traces] = previewPaths(runs, chart.data, drawnAt(twin, start));
  sketch(chart, data, traces);
  const losses = runs.map(({ key, ran, steps }) => ({ key, steps, values: steps.map((k) => ran.values[k]) }));
  announceStart({ twin, start, runs: losses });
}

// Let the start ring of `chart` be dragged; `twin()` gives the scene's twin now (or null: no preview here),
// `report(point)` tells the page where it was let go. Returns the function that removes the listeners.
export function dragStart(chart, twin, report) {
  let dragging = null;
  let frame = null;
  const moveTo = (clientX, clientY) => {
    const scene = twin();
    const start = inData(chart, clientX, clientY, scene.bounds);
    dragging.start = start;
    if (frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      if (dragging) drawPreview(chart, scene, dragging.start);
    });
  };
  const near = (clientX, clientY) => {
    const scene = twin();
    if (!scene || chart.playing) return false;
    const ring = onScreen(chart, drawnAt(scene, scene.start));
    return ring !== null && Math.hypot(clientX - ring[0], clientY - ring[1]) <= GRAB;
  };
  const grab = (event, clientX, clientY) => {
    if (!near(clientX, clientY)) return false;
    event.preventDefault();
    event.stopPropagation();
    dragging = { start: twin().start };
    hideServerFacts(chart);
    return true;
  };
  const release = () => {
    const { start } = dragging;
    dragging = null;
    chart.swallowClickUntil = performance.now() + 400;
    report({ x: start[0], y: start[1] ?? 0 });
  };
  const pressed = (event) => {
    if (event.pointerType !== "touch" && grab(event, event.clientX, event.clientY)) {
      chart.setPointerCapture?.(event.pointerId);
    }
  };
  const moved = (event) => dragging && event.pointerType !== "touch" && moveTo(event.clientX, event.clientY);
  const lifted = (event) => dragging && event.pointerType !== "touch" && release();
  const touched = (event) => event.touches.length === 1 && grab(event, event.touches[0].clientX, event.touches[0].clientY);
  const slid = (event) => {
    if (!dragging) return;
    event.preventDefault();
    moveTo(event.touches[0].clientX, event.touches[0].clientY);
  };
  const ended = () => dragging && release();
  const swallowed = (event) => {
    if (performance.now() < (chart.swallowClickUntil ?? 0)) event.stopPropagation();
  };
  const listeners = [
    [chart, "pointerdown", pressed, { capture: true }],
    [chart, "mousedown", (event) => dragging && event.stopPropagation(), { capture: true }],
    [window, "pointermove", moved, { capture: true }],
    [window, "pointerup", lifted, { capture: true }],
    [chart, "touchstart", touched, { capture: true, passive: false }],
    [window, "touchmove", slid, { capture: true, passive: false }],
    [window, "touchend", ended, { capture: true }],
    [chart, "click", swallowed, { capture: true }],
  ];
  for (const [target, type, listener, options] of listeners) target.addEventListener(type, listener, options);
  return () => {
    for (const [target, type, listener, options] of listeners) target.removeEventListener(type, listener, options);
    if (frame !== null) cancelAnimationFrame(frame);
  };
}
