/* global WorkerGlobalScope */
// Off the page's thread: where every run of a dragged start ends at every η of the slider, for the η chart to
// follow the drag. Each message is `{twin, start, rates}`; the answer, per run of the twin, the loss each η ends
// at and whether it diverged there.

import { landscapeOf } from "./drag_start.js";
import { batchesOf } from "./data_losses.js";
import { run } from "./runner.js";

export function sweepFinals(twin, start, rates) {
  const landscape = landscapeOf(twin);
  return twin.runs.map((path) => {
    const batches = path.batches ? batchesOf(path.batches.orders, path.batches.size, twin.steps) : null;
    const ends = rates.map((lr) => {
      const ran = run(landscape, twin.bounds, path.optimizer, path.settings, start,
        { lr, steps: twin.steps, schedule: twin.schedule, batches }); // prettier-ignore
      return [ran.values[ran.values.length - 1], ran.diverged];
    });
    return { key: path.key, values: ends.map(([value]) => value), diverged: ends.map(([, gone]) => gone) };
  });
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  globalThis.onmessage = ({ data }) => globalThis.postMessage(sweepFinals(data.twin, data.start, data.rates));
}
