/* global WorkerGlobalScope */
// Off the page's thread: where every run of a dragged start ends at every η of the slider, for the η chart to
// follow the drag. Each message is `{twin, start, rates}`; the answer, per run of the twin, the loss each η ends
// at and whether it diverged there (`values: null` for a run with no preview: `twinRun`).

import { twinRun } from "./drag_start.js";

export function sweepFinals(twin, start, rates) {
  return twin.runs.map((path) => {
    const ends = rates.map((lr) => twinRun(twin, path, start, lr));
    if (ends.includes(null)) return { key: path.key, values: null, diverged: null };
    return { key: path.key, values: ends.map((ran) => ran.values[ran.values.length - 1]),
             diverged: ends.map((ran) => ran.diverged) }; // prettier-ignore
  });
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  globalThis.onmessage = ({ data }) => globalThis.postMessage(sweepFinals(data.twin, data.start, data.rates));
}
