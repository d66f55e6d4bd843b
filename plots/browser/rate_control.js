// The learning-rate control on a chart with a sweep: a slider over the η stops, the line saying how each run
// ends there, and the redraw of the paths (and, through an announcement, the loss chart) at every input event,
// without a message to the server; the server hears of the η once the learner lets go or pauses.

import { announceRate } from "./events.js";
import { pathsAt, sweepFrames } from "./frames.js";
import { hideTraces, sketch } from "./sketch.js";

// Milliseconds without input after which the chart's learning rate is sent to the server.
const SETTLE_MS = 300;

// One line per path under the control: its name in its colour, and how its run ends at the control's η.
export function outcomeLines(traces, sweep, indexOf, own, colon = ": ") {
  const lines = [];
  for (const [uid, path] of Object.entries(sweep.paths)) {
    const trace = traces.find((t) => t.meta === uid);
    if (!trace) continue;
    const line = document.createElement("div");
    const name = document.createElement("b");
    name.textContent = trace.name;
    name.style.color = trace.line?.color ?? "inherit";
    const index = indexOf(path.key);
    const rate = own ? ` (η = ${formatRate(sweep.rates[index])})` : "";
    line.append(name, `${rate}${colon}${path.outcomes[index]}`);
    lines.push(line);
  }
  return lines;
}

// The outcome lines under the control: one a line, or with more than three runs on a wide chart, two columns of
// single lines (each whole on hover, and whole in the table under the chart), so the map keeps its height.
export const ONE_COLUMN_UP_TO = 3;
export function showOutcomes(control, lines) {
  const columns = lines.length > ONE_COLUMN_UP_TO && control.box.clientWidth >= 640;
  control.outcome.style.display = columns ? "grid" : "block";
  control.outcome.style.gridTemplateColumns = columns ? "repeat(2, minmax(0, 1fr))" : "";
  control.outcome.style.columnGap = columns ? "16px" : "";
  for (const line of lines) {
    if (!columns) continue;
    line.style.cssText = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis;";
    line.title = line.textContent;
  }
  control.outcome.replaceChildren(...lines);
}

// Which sweep row each run shows when the control is at `value`: the shared η; with each optimizer its own η,
// every run moved by the same number of stops, or the focus optimizer's alone.
export function rowsFor(control, value) {
  const last = control.sweep.rates.length - 1;
  return (key) => {
    if (!control.own) return value;
    const own = control.paths[key] ?? control.base;
    if (control.alone.checked && control.optimizers[key] !== control.focus) return own;
    return Math.min(Math.max(own + value - control.base, 0), last);
  };
}
export function formatRate(rate) {
  return Number(rate.toPrecision(6)).toString();
}

// Where the page is wide (a laptop), the control and what it says stand beside the chart, so the chart starts
// high on the page and the whole map fits the first screen; on a narrower one they stand above it.
const SIDE_BY_SIDE = 900;
export function sideBySide(chart, box) {
  const holder = chart.parentElement;
  const wide = holder.clientWidth >= SIDE_BY_SIDE;
  holder.style.cssText = wide ? "display:flex;align-items:flex-start;gap:16px;" : "";
  chart.style.cssText = wide ? "flex:1 1 0;min-width:0;" : "";
  box.style.order = wide ? "2" : "0";
  box.style.flex = wide ? "0 0 300px" : "";
}

// The learning-rate control under a chart with a sweep, built once per chart.
export function rateControl(chart, setTriggerValue) {
  if (chart.rateControl) {
    sideBySide(chart, chart.rateControl.box);
    return chart.rateControl;
  }
  const box = document.createElement("div");
  box.className = "rate-control";
  box.style.cssText = "font-size:16px;margin:4px 0 0 0;";
  const label = document.createElement("label");
  label.style.cssText = "display:flex;flex-wrap:wrap;align-items:center;gap:4px 12px;";
  const input = document.createElement("input");
  input.type = "range";
  input.step = "1";
  // On a phone the words take a line of their own and the slider the screen's width: five decades of η need room.
  input.style.cssText = "flex:1 1 240px;min-height:28px;accent-color:#ff4b4b;";
  const shown = document.createElement("output");
  shown.style.cssText = "min-width:7em;font-weight:600;";
  const labelText = document.createElement("span");
  label.append(labelText, input, shown);
  const aloneLabel = document.createElement("label");
  aloneLabel.style.cssText = "display:none;gap:6px;align-items:center;margin-top:2px;";
  const alone = document.createElement("input");
  alone.type = "checkbox";
  const aloneText = document.createElement("span");
  aloneLabel.append(alone, aloneText);
  const outcome = document.createElement("div");
  outcome.className = "rate-outcome";
  outcome.style.cssText = "margin-top:4px;line-height:1.4;";
  box.append(label, aloneLabel, outcome);
  chart.before(box);
  sideBySide(chart, box);

  const control = { box, input, shown, outcome, alone, aloneLabel, aloneText, labelText, sweep: null, dragging: false, timer: null };
  const commit = () => {
    clearTimeout(control.timer);
    control.timer = null;
    setTriggerValue("rate", { index: Number(input.value), alone: alone.checked });
  };
  input.addEventListener("input", () => {
    switchRate(chart, control, Number(input.value));
    clearTimeout(control.timer);
    if (!control.dragging) control.timer = setTimeout(commit, SETTLE_MS);
  });
  input.addEventListener("pointerdown", () => (control.dragging = true));
  const release = () => {
    if (!control.dragging) return;
    control.dragging = false;
    commit();
  };
  input.addEventListener("pointerup", release);
  input.addEventListener("pointercancel", release);
  chart.rateControl = control;
  return control;
}

// Draw the paths, the outcome lines and (through an event) the loss chart with the control at `value`.
export function switchRate(chart, control, value) {
  const Plotly = chart.plotly;
  const sweep = control.sweep;
  const indexOf = rowsFor(control, value);
  control.shown.value = `η = ${formatRate(sweep.rates[value])}`;
  hideTraces(chart, chart.data.flatMap((trace, i) => (trace.meta === "at this η" ? [i] : [])));
  // The paths are sketched over Plotly's drawing (sketch.js): a restyle, or even an animation step, works out the
  // whole chart again. A 3D scene is drawn by WebGL, not SVG: its paths are restyled.
  const [data, traces] = pathsAt(chart.data, sweep, indexOf);
  if (traces.length && chart._fullLayout?.scene?._scene) {
    const update = {};
    for (const name of Object.keys(data[0])) update[name] = data.map((path) => path[name]);
    Plotly.restyle(chart, update, traces);
  } else if (traces.length) sketch(chart, data, traces);
  if (control.framesFromSweep) {
    clearTimeout(control.framing);
    const rebuild = () => Plotly.addFrames(chart, sweepFrames(chart.data, chart.layout, sweep, indexOf));
    control.framing = setTimeout(rebuild, 120);
  }
  showOutcomes(control, outcomeLines(chart.data, sweep, indexOf, control.own, control.colon));
  const indices = Object.fromEntries(Object.values(sweep.paths).map((path) => [path.key, indexOf(path.key)]));
  announceRate({ sweep: sweep.id, indices });
}
