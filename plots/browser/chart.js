// A Plotly chart that stays on the page between reruns. Each new figure goes to Plotly.react, which redraws the
// chart in place; a click anywhere on the plot area reports its data coordinates.
//
// Large parts of a figure (a map's backdrop, its layout's still settings, a learning-rate sweep) arrive once and
// are kept by id (parts.js). A chart with a sweep gets a learning-rate control (rate_control.js) that redraws the paths at every input event
// from the sweep, without a message to the server.

import { bundleFor, loadPlotly } from "./loader.js";
import { Parts } from "./parts.js";
import { reportClicks } from "./taps.js";
import { EditQueue } from "./edits.js";
import { dragStart } from "./drag_start.js";
import { followControls } from "./sidebar_preview.js";
import { onRate, onStart } from "./events.js";
import { hideTraces, showTraces, sketch, unsketch } from "./sketch.js";
import { NARROW, NARROW_CHART, PROJECTOR_WIDTH, chartHeight, compact, enlarged, narrowed, pageTop } from "./layout.js";
import { darkened, isDark } from "./theme.js";
import { joinedFrames, lossesAt, ownPaths, sweepFrames, withBackdrop, withStillLayout } from "./frames.js";
import { formatRate, outcomeLines, rateControl, rowsFor, showOutcomes } from "./rate_control.js";

function showError(chart, error, texts) {
  chart.textContent = `${texts?.failed ?? ""} ${error.message}`;
}

// The loss chart follows the η the map's control moves to; the listener goes with the chart.
function followRate(chart, losses) {
  chart.followed = losses;
  chart.stopFollowing ??= onRate((detail) => {
    const current = chart.followed;
    if (!current || current.sweep !== detail.sweep || !chart.plotly) return;
    const [update, indices] = lossesAt(chart, current, detail.indices);
    if (indices.length) redrawCurves(chart, update, indices);
  });
}

// Curves `update` ({x: [...], y: [...]}, one array per trace in `indices`) sketched over the chart (sketch.js: a
// restyle works out the whole chart again, a third of a frame). Curves that leave its axes are restyled too, so
// the axes take them in, once they have stayed still RESCALE_AFTER ms (a restyle while they move would cost the
// frames it falls in), and not once the page has drawn the chart again.
const RESCALE_AFTER = 200;
function redrawCurves(chart, update, indices) {
  sketch(chart, indices.map((_, i) => ({ x: update.x[i], y: update.y[i] })), indices);
  clearTimeout(chart.rescaleTimer);
  if (insideAxes(chart, update)) return;
  const drawn = chart.drawnText;
  chart.rescaleTimer = setTimeout(() => {
    if (drawn === chart.drawnText) chart.plotly.restyle(chart, update, indices);
  }, RESCALE_AFTER);
}

// The control first, filled in: it stands above the chart (or beside it), and the chart fills what is left.
function fillControl(chart, figure, sweep, options, setTriggerValue) {
  const control = rateControl(chart, setTriggerValue);
  control.sweep = { ...sweep, id: options.sweep };
  control.framesFromSweep = Boolean(options.browserFrames);
  Object.assign(control, { own: options.own, paths: options.paths, base: options.rate, focus: options.focus });
  control.optimizers = options.optimizers;
  control.colon = options.texts.colon;
  control.aloneLabel.style.display = options.own ? "flex" : "none";
  control.aloneText.textContent = options.alone;
  control.labelText.textContent = options.texts.rate;
  control.input.setAttribute("aria-label", options.texts.rate_aria);
  control.input.min = "0";
  control.input.max = String(sweep.rates.length - 1);
  if (!control.dragging && control.timer === null) {
    control.input.value = String(options.rate);
    control.shown.value = `η = ${formatRate(sweep.rates[options.rate])}`;
    const rows = rowsFor(control, options.rate);
    showOutcomes(control, outcomeLines(figure.data, sweep, rows, options.own, control.colon));
  }
}

// Whether every point of `update` ({x: [...], y: [...]}, one array per trace) lies inside the chart's axes (a
// point that is not a number, a diverged run's, is drawn nowhere).
export function insideAxes(chart, update) {
  const layout = chart._fullLayout;
  if (!layout) return false;
  const within = (axis, values) => {
    const [low, high] = axis.range.map((end) => (axis.type === "log" ? 10 ** end : end));
    const inside = (v) => Number.isNaN(v) || (v >= Math.min(low, high) && v <= Math.max(low, high));
    return values.every((list) => list.every(inside));
  };
  return within(layout.xaxis, update.x) && within(layout.yaxis, update.y);
}

// The η chart follows a dragged start through a worker (sweep_worker.js): where each run ends at every η, its
// lines (the chart's first traces, one per run in the twin's order) redrawn when the worker answers, the latest
// start asked for next, at most every SWEEP_EVERY ms (the worker's core is the frames' on a two-core laptop); the
// crosses of the server's diverged runs are hidden until the chart is drawn again.
const SWEEP_EVERY = 150;
function followSweep(chart, sweep, { twin, start }) {
  chart.sweeper ??= new Worker(new URL("./sweep_worker.js", import.meta.url), { type: "module" });
  chart.sweepAsked = { twin, start, rates: sweep.rates };
  if (chart.sweepBusy) return;
  const ask = () => {
    const asked = chart.sweepAsked;
    chart.sweepAsked = null;
    chart.sweepBusy = Boolean(asked);
    if (!asked) return;
    const wait = Math.max(0, (chart.sweepSent ?? 0) + SWEEP_EVERY - performance.now());
    setTimeout(() => {
      chart.sweepSent = performance.now();
      chart.sweeper.postMessage(asked);
    }, wait);
  };
  chart.sweeper.onmessage = ({ data }) => {
    const shown = (value, gone) => (gone ? NaN : sweep.best === null ? value : Math.max(value - sweep.best, sweep.floor));
    const lines = data.flatMap(({ values }, i) => (values ? [i] : []));
    const y = lines.map((i) => data[i].values.map((value, k) => shown(value, data[i].diverged[k])));
    hideTraces(chart, chart.data.flatMap((trace, i) => (trace.yaxis === "y2" ? [i] : [])));
    if (lines.length) redrawCurves(chart, { x: lines.map(() => sweep.rates), y }, lines);
    ask();
  };
  chart.sweeper.onerror = () => ask(); // a failed sweep leaves the chart as it is and the next start is asked for
  ask();
}

// The loss chart follows the runs from a start being dragged on the map: each run's loss, less the lowest
// minimum's (`follows.best`, none: the loss itself), never below `follows.floor`, against the step. The η chart
// follows them through a worker (`follows.sweep`); a chart that tells of the server's runs only
// (`follows.dimmed`: the data and the model) is dimmed until it is drawn again.
function followStart(chart, follows) {
  chart.followsStart = follows;
  chart.style.opacity = "";
  chart.stopFollowingStart ??= onStart((detail) => {
    const current = chart.followsStart;
    const { runs } = detail;
    if (!current || !chart.plotly) return;
    if (current.dimmed) {
      chart.style.opacity = "0.3";
      return;
    }
    if (current.sweep) {
      followSweep(chart, current.sweep, detail);
      return;
    }
    const update = { x: [], y: [] };
    const indices = [];
    for (const { key, steps, values } of runs) {
      const index = chart.data.findIndex((trace) => trace.meta === `loss ${key}`);
      if (index < 0) continue;
      update.x.push(steps);
      update.y.push(current.best === null ? values : values.map((v) => Math.max(v - current.best, current.floor)));
      indices.push(index);
    }
    if (indices.length) redrawCurves(chart, update, indices);
  });
}

// Resolves once `element` has a width: a figure that comes before the page has laid out the chart's column (or
// while it is hidden) would be fitted to a width of 0 and a top of 0, and keep that height until its next figure.
function laidOut(element) {
  if (element.clientWidth) return Promise.resolve();
  return new Promise((resolve) => {
    const watcher = new ResizeObserver(() => {
      if (!element.clientWidth) return;
      watcher.disconnect();
      resolve();
    });
    watcher.observe(element);
  });
}

export function draw({ parentElement, data, setTriggerValue }) {
  const chart = parentElement.querySelector(".live-chart");
  const text = new TextDecoder().decode(data);
  // A payload is drawn once; one whose drawing failed is tried again when it comes again.
  if (chart.drawnText === text || chart.pendingText === text) return undefined;
  chart.pendingText = text;
  const payload = JSON.parse(text);
  const { options } = payload;
  if (options.edits) chart.edits?.applied(...options.edits);
  chart.parts ??= new Parts();
  const found = chart.parts.resolve(payload, (id) => setTriggerValue("missing", id));
  if (!found) {
    chart.pendingText = null;
    return undefined;
  }
  const figure = withStillLayout(withBackdrop(payload.figure, found.backdrop), found.layout);
  if (options.browserFrames && found.sweep) {
    const indexOf = (key) => options.paths[key] ?? options.rate;
    const made = sweepFrames(figure.data, figure.layout, found.sweep, indexOf, ownPaths(figure));
    figure.frames = joinedFrames(made, figure.frames);
  }
  Promise.all([loadPlotly(bundleFor(figure.data)), laidOut(parentElement)])
    .then(([Plotly]) => {
      if (chart.pendingText !== text) return null;
      chart.plotly = Plotly;
      if (options.edits && !chart.stopClicks) {
        chart.edits = new EditQueue();
        const edit = (made) => setTriggerValue("edits", chart.edits.add(made));
        chart.stopClicks = reportClicks(chart, edit, edit);
      } else if (options.clickable && !chart.stopClicks) {
        chart.stopClicks = reportClicks(chart, (point) => setTriggerValue("click", point));
      }
      if (found.sweep) fillControl(chart, figure, found.sweep, options, setTriggerValue);
      // The figure's layout as the server made it, before it is fitted to this screen: what pictures are made of.
      chart.plainLayout = structuredClone(figure.layout);
      const width = chart.clientWidth || parentElement.clientWidth;
      if (width < NARROW_CHART && innerWidth >= NARROW) narrowed(figure);
      figure.layout.height = chartHeight(figure.layout, options.tall, pageTop(chart), width, innerHeight);
      if (typeof options.tall === "number" && innerWidth > PROJECTOR_WIDTH) enlarged(figure, innerWidth / PROJECTOR_WIDTH);
      if (isDark(parentElement)) darkened(figure);
      const config = width && innerWidth < NARROW ? compact(figure, options.config, width) : options.config;
      return Plotly.react(chart, { ...figure, config });
    })
    .then(() => {
      if (chart.pendingText !== text) return;
      unsketch(chart);
      showTraces(chart);
      chart.drawnText = text;
      chart.pendingText = null;
      if (!chart.watchesPlay) {
        chart.watchesPlay = true;
        chart.on("plotly_animating", () => (chart.playing = true));
        for (const done of ["plotly_animated", "plotly_animationinterrupted"]) chart.on(done, () => (chart.playing = false));
      }
      if (found.losses) followRate(chart, { ...found.losses, sweep: options.sweep });
      chart.twin = options.twin ? { ...options.twin, data: found.twin_data ?? null } : null;
      if (chart.rateControl) chart.rateControl.outcome.style.visibility = "visible";
      const label = chart.querySelector('.annotation[data-index="0"]');
      if (label) label.style.visibility = "visible";
      if (options.followsStart) followStart(chart, options.followsStart);
      chart.previewing = false;
      if (options.twin && !chart.stopDragStart) {
        chart.stopDragStart = dragStart(chart, () => chart.twin, (point) => setTriggerValue("click", point));
        chart.stopFollowingControls = followControls(chart, () => chart.twin);
      }
    })
    .catch((error) => {
      if (chart.pendingText === text) chart.pendingText = null;
      showError(chart, error, options.texts);
    });
  // Called when the chart leaves the page (not between reruns): its listeners go with it, and Plotly frees its own
  // and the WebGL context.
  return () => {
    chart.stopClicks?.();
    chart.stopDragStart?.();
    chart.stopFollowingControls?.();
    chart.stopFollowing?.();
    chart.stopFollowingStart?.();
    chart.sweeper?.terminate();
    chart.rateControl?.box.remove();
    clearTimeout(chart.rateControl?.timer);
    chart.plotly?.purge(chart);
  };
}
