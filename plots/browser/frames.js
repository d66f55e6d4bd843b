// What a chart draws from a learning-rate sweep: each path and loss curve at a row of the sweep (one row per η
// stop), and Play's frames, so the browser redraws at any η without the server.

import { decoded, decodedAll } from "./arrays.js";

export function withBackdrop(figure, backdrop) {
  if (!backdrop) return figure;
  backdrop.decodedTraces ??= decodedAll(backdrop.traces);
  figure.data = [...backdrop.decodedTraces, ...figure.data];
  figure.layout.images = backdrop.images;
  return figure;
}

// The layout's settings that stay the same while η moves (its template, Play and the scrubber), sent once as a
// part and put back here: a copy, since the chart's own styling (a dark theme, a phone's sizes) changes them in
// place.
export function withStillLayout(figure, still) {
  if (still) Object.assign(figure.layout, structuredClone(still));
  return figure;
}

// Each path of the sweep at its row (`indexOf(key)`) up to step `upto`, as frame data for its trace in `traces`.
export function pathsAt(traces, sweep, indexOf, upto = Infinity) {
  const indices = [], data = [];
  for (const [uid, path] of Object.entries(sweep.paths)) {
    const trace = traces.findIndex((t) => t.meta === uid);
    if (trace < 0) continue;
    // x and y arrive as (rates × points) arrays: one row per swept η.
    path.xs ??= decoded(path.x);
    path.ys ??= decoded(path.y);
    path.stepList ??= decoded(path.steps);
    if (path.z) path.zs ??= decoded(path.z);
    const index = indexOf(path.key);
    let count = path.stepList.length;
    while (count > 1 && path.stepList[count - 1] > upto) count -= 1;
    const sizes = new Uint8Array(count).fill(6), rings = new Uint8Array(count);
    sizes[count - 1] = 17;
    rings[count - 1] = 2;
    indices.push(trace);
    const shown = {
      x: path.xs[index].subarray(0, count),
      y: path.ys[index].subarray(0, count),
      customdata: path.stepList.subarray(0, count),
    };
    // A 3D path takes its heights and keeps its own small markers; a map's path rings its last point.
    if (path.zs) shown.z = path.zs[index].subarray(0, count);
    else shown.marker = { size: sizes, line: { width: rings } };
    data.push(shown);
  }
  return [data, indices];
}

export function lossesAt(chart, losses, indices) {
  const traces = [], update = { x: [], y: [] };
  for (const [uid, curve] of Object.entries(losses.curves)) {
    const trace = chart.data.findIndex((t) => t.meta === uid);
    if (trace < 0 || !(curve.key in indices)) continue;
    curve.xs ??= decoded(curve.x);
    curve.ys ??= decoded(curve.y);
    traces.push(trace);
    update.x.push(curve.xs);
    update.y.push(curve.ys[indices[curve.key]]);
  }
  return [update, traces];
}

// The animation's frames from the sweep at row `index`: frame "k" shows each path up to step k. The last
// frame keeps the paths as the figure draws them when they are its own (every step, not the sweep's thinning).
export function sweepFrames(traces, layout, sweep, indexOf, whole = null) {
  const steps = layout.sliders?.[0]?.steps?.map((step) => Number(step.label)) ?? [];
  return steps.map((step, i) => {
    const last = i === steps.length - 1;
    const [data, indices] = pathsAt(traces, sweep, indexOf, last ? Infinity : step);
    return { name: String(step), traces: indices, data: last && whole ? whole(indices) : data };
  });
}

// The frames made from the sweep, each joined by name with the frame the server sent for the same step, which
// carries what the sweep does not hold (the curve's tangent and step arrows at the page's η).
export function joinedFrames(made, sent = []) {
  const byName = new Map(sent.map((frame) => [frame.name, frame]));
  return made.map((frame) => {
    const own = byName.get(frame.name);
    if (!own) return frame;
    return { ...frame, traces: [...frame.traces, ...own.traces], data: [...frame.data, ...own.data] };
  });
}

export function ownPaths(figure) {
  return (indices) =>
    indices.map((i) => {
      const { x, y, z, customdata, marker } = figure.data[i];
      if (z) return { x, y, z, customdata };
      return { x, y, customdata, marker: { size: marker.size, line: { width: marker.line.width } } };
    });
}
