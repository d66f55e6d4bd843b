// A Plotly chart that stays on the page between reruns. Each new figure goes to Plotly.react, which
// redraws the chart in place; a click anywhere on the plot area reports its data coordinates.
//
// Large parts of a figure (a map's backdrop, a learning-rate sweep) arrive once and are kept here by id;
// later payloads name them by id alone. A chart with a sweep gets a learning-rate control under it that
// redraws the paths at every input event from the sweep, without a message to the server, and tells the
// server the chosen η once the learner lets go or pauses.

// A tall chart (the main view) fills the window from where it starts down to the window's foot (at least
// SHORTEST pixels, so a short window scrolls rather than shrinking the map to nothing): the whole map is on the
// first screen. A chart given a share (presentation) takes exactly that share of the window's height.
const SHORTEST = 380;
const FOOT = 12;
// Milliseconds without input after which the chart's learning rate is sent to the server.
const SETTLE_MS = 300;
const RATE_EVENT = "gdl-rate";
const STILL = { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } };

const parts = (window.__gdlParts ??= new Map());
let plotlyLoading = null;

function loadPlotly(source) {
  plotlyLoading ??= new Promise((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    const script = document.createElement("script");
    script.src = new URL(source, document.baseURI).href;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error(`Plotly did not load from ${script.src}`));
    document.head.append(script);
  });
  return plotlyLoading;
}

// A click that did not drag, on the plot area (Plotly re-dispatches it there), as data coordinates; on a touch
// screen, a tap (a touch that did not move), which Plotly's drag handling keeps from becoming a click.
const TAP_SLOP = 10;
function reportClicks(chart, setTriggerValue) {
  const report = (target, clientX, clientY) => {
    const layout = chart._fullLayout;
    const area = chart.querySelector(".nsewdrag");
    if (!layout || !area || (target !== area && !target?.closest?.(".draglayer, .main-svg"))) return;
    const box = area.getBoundingClientRect();
    if (clientX < box.left || clientX > box.right || clientY < box.top || clientY > box.bottom) return;
    const x = layout.xaxis.p2d(clientX - box.left);
    const y = layout.yaxis.p2d(clientY - box.top);
    if (Number.isFinite(x) && Number.isFinite(y)) setTriggerValue("click", { x, y });
  };
  chart.addEventListener("click", (event) => report(event.target, event.clientX, event.clientY));
  let touch = null;
  chart.addEventListener("touchstart", (event) => (touch = event.touches.length === 1 ? event.touches[0] : null), {
    passive: true,
  });
  chart.addEventListener("touchend", (event) => {
    const end = event.changedTouches[0];
    if (touch && end && Math.hypot(end.clientX - touch.clientX, end.clientY - touch.clientY) < TAP_SLOP) {
      report(touch.target, end.clientX, end.clientY);
    }
    touch = null;
  });
}

function showError(chart, error, texts) {
  chart.textContent = `${texts?.failed ?? ""} ${error.message}`;
}

// Typed arrays from Plotly's binary spec ({dtype, bdata, shape?}); anything else as it is. A spec with a shape of
// two axes ("rows, columns", a heatmap's z) becomes an array of rows, as Plotly reads a 2D array.
const TYPES = { f4: Float32Array, f8: Float64Array, i4: Int32Array, u1: Uint8Array, u2: Uint16Array, i1: Int8Array };
function decoded(value) {
  if (!value || typeof value !== "object" || !("bdata" in value)) return value;
  const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
  const flat = new TYPES[value.dtype](bytes.buffer);
  const [rows, columns] = String(value.shape ?? "").split(",").map(Number);
  if (!columns) return flat;
  return Array.from({ length: rows }, (_, r) => flat.subarray(r * columns, (r + 1) * columns));
}

// The parts named in a payload, kept or newly arrived; null when one is missing (the server then resends it).
function resolveParts(payload, setTriggerValue) {
  const found = {};
  for (const [name, { id, content }] of Object.entries(payload.parts ?? {})) {
    if (content !== undefined) parts.set(id, content);
    if (!parts.has(id)) {
      setTriggerValue("missing", id);
      return null;
    }
    found[name] = parts.get(id);
  }
  return found;
}

// Binary arrays inside `value` as typed arrays, decoded once: the backdrop is then the very same arrays at every
// redraw, and Plotly.react, which compares arrays by identity, leaves the landscape as it is.
function decodedAll(value) {
  if (Array.isArray(value)) return value.map(decodedAll);
  if (!value || typeof value !== "object") return value;
  if ("bdata" in value) return decoded(value);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodedAll(item)]));
}

// Where an element starts below the top of the page, however far the page (or a box it scrolls in) is scrolled.
function pageTop(element) {
  let top = element.getBoundingClientRect().top;
  for (let box = element.parentElement; box; box = box.parentElement) top += box.scrollTop;
  return top;
}

// A map keeps its box's proportions: a chart taller than that would only add blank space above and below.
function mapHeight(layout, width) {
  const [x0, x1] = layout.xaxis?.range ?? [], [y0, y1] = layout.yaxis?.range ?? [];
  if (!layout.yaxis?.scaleanchor || !width || x1 === x0) return Infinity;
  const margin = layout.margin ?? {};
  const plot = width - (margin.l ?? 80) - (margin.r ?? 80);
  return Math.round(plot * ((y1 - y0) / (x1 - x0)) + (margin.t ?? 80) + (margin.b ?? 80));
}

// On a narrow screen (a phone: the window, not the chart, is narrow; a chart in one of two columns on a laptop keeps
// its axis titles), the figure gives its width to the plot: small margins, the legend in a small font
// above it, no colour bar, no toolbar, and a map that fills the width (its height keeping the box's proportions).
const NARROW = 600;
function compact(figure, config, width) {
  const layout = figure.layout;
  const controls = Boolean(layout.sliders?.length);
  layout.margin = { l: 8, r: 4, t: 36, b: controls ? 130 : 44 };
  layout.font = { ...(layout.font ?? {}), size: 12 };
  // Tick labels inside the plot and no y title: the plot keeps the screen's whole width.
  layout.yaxis = { ...(layout.yaxis ?? {}), ticklabelposition: "inside", title: { text: "" } };
  // The legend in rows above the plot, where it covers neither a path nor the start (Plotly makes room for it).
  layout.legend = { orientation: "h", x: 0, xanchor: "left", y: 1.01, yanchor: "bottom", font: { size: 11 } };
  layout.margin.t = 8;
  for (const trace of figure.data) if ("colorbar" in trace || trace.type === "heatmap") trace.showscale = false;
  if (layout.yaxis?.scaleanchor && layout.xaxis?.range && layout.yaxis?.range) {
    delete layout.yaxis.scaleanchor;
    const [x0, x1] = layout.xaxis.range, [y0, y1] = layout.yaxis.range;
    const plotWidth = width - layout.margin.l - layout.margin.r;
    layout.height = Math.round(plotWidth * ((y1 - y0) / (x1 - x0)) + layout.margin.t + layout.margin.b + 40);
  } else {
    layout.height = Math.min(layout.height ?? Infinity, Math.round(width * 0.85) + layout.margin.t + layout.margin.b);
  }
  return { ...config, displayModeBar: false };
}

// On a projector (a chart given a share of the window), text grows with the screen beyond 1280 px wide, so the
// back row of a room reads the ticks and labels at 1920x1080 as well as at 1280x720.
const PROJECTOR_WIDTH = 1280;
function enlarged(figure, scale) {
  const grow = (value) => {
    if (!value || typeof value !== "object" || ArrayBuffer.isView(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === "font" && inner && typeof inner === "object") inner.size = Math.round((inner.size ?? 16) * scale);
      else if (key !== "data") grow(inner);
    }
  };
  figure.layout.font = { ...(figure.layout.font ?? {}), size: figure.layout.font?.size ?? 16 };
  grow(figure.layout);
  for (const trace of figure.data) if (trace.textfont) trace.textfont.size = Math.round((trace.textfont.size ?? 16) * scale);
  return figure;
}

// Under Streamlit's dark theme (light text on the page), the chart turns dark too: background, text and grid.
const DARK = { paper: "#0E1117", text: "#FAFAFA", grid: "#2F3441", line: "#5A6170" };
function isDark(element) {
  const [r, g, b] = (getComputedStyle(element).color.match(/[\d.]+/g) ?? [0, 0, 0]).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128;
}

function darkened(figure) {
  const layout = figure.layout;
  Object.assign(layout, { paper_bgcolor: DARK.paper, plot_bgcolor: DARK.paper });
  layout.font = { ...(layout.font ?? {}), color: DARK.text };
  const axis = { gridcolor: DARK.grid, zerolinecolor: DARK.line, linecolor: DARK.line, color: DARK.text };
  for (const name of Object.keys(layout).filter((key) => /^[xy]axis\d*$/.test(key))) {
    layout[name] = { ...layout[name], ...axis };
  }
  if (layout.scene) {
    for (const name of ["xaxis", "yaxis", "zaxis"]) {
      layout.scene[name] = { ...(layout.scene[name] ?? {}), ...axis, backgroundcolor: DARK.paper };
    }
  }
  if (layout.template?.layout) layout.template = { layout: { ...layout.template.layout, font: layout.font } };
  for (const menu of layout.updatemenus ?? []) Object.assign(menu, { bgcolor: DARK.grid, font: { color: DARK.text } });
  for (const slider of layout.sliders ?? []) {
    Object.assign(slider, { font: { color: DARK.text }, bgcolor: DARK.grid });
    slider.currentvalue = { ...(slider.currentvalue ?? {}), font: { ...(slider.currentvalue?.font ?? {}), color: DARK.text } };
  }
  for (const note of layout.annotations ?? []) if (note.bgcolor) note.bgcolor = "rgba(14,17,23,0.85)";
  return figure;
}

function withBackdrop(figure, backdrop) {
  if (!backdrop) return figure;
  backdrop.decodedTraces ??= decodedAll(backdrop.traces);
  figure.data = [...backdrop.decodedTraces, ...figure.data];
  figure.layout.images = backdrop.images;
  return figure;
}


// Each path of the sweep at its row (`indexOf(key)`) up to step `upto`, as frame data for its trace in `traces`.
function pathsAt(traces, sweep, indexOf, upto = Infinity) {
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

function lossesAt(chart, losses, indices) {
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

// One line per path under the control: its name in its colour, and how its run ends at the control's η.
function outcomeLines(traces, sweep, indexOf, own) {
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
    line.append(name, `${rate}: ${path.outcomes[index]}`);
    lines.push(line);
  }
  return lines;
}

// Which sweep row each run shows when the control is at `value`: the shared η; with each optimizer its own η,
// every run moved by the same number of stops, or the focus optimizer's alone.
function rowsFor(control, value) {
  const last = control.sweep.rates.length - 1;
  return (key) => {
    if (!control.own) return value;
    const own = control.paths[key] ?? control.base;
    if (control.alone.checked && key.split(" ")[0] !== control.focus) return own;
    return Math.min(Math.max(own + value - control.base, 0), last);
  };
}

// The animation's frames from the sweep at row `index`: frame "k" shows each path up to step k. The last
// frame keeps the paths as the figure draws them when they are its own (every step, not the sweep's thinning).
function sweepFrames(traces, layout, sweep, indexOf, whole = null) {
  const steps = layout.sliders?.[0]?.steps?.map((step) => Number(step.label)) ?? [];
  return steps.map((step, i) => {
    const last = i === steps.length - 1;
    const [data, indices] = pathsAt(traces, sweep, indexOf, last ? Infinity : step);
    return { name: String(step), traces: indices, data: last && whole ? whole(indices) : data };
  });
}

function ownPaths(figure) {
  return (indices) =>
    indices.map((i) => {
      const { x, y, z, customdata, marker } = figure.data[i];
      if (z) return { x, y, z, customdata };
      return { x, y, customdata, marker: { size: marker.size, line: { width: marker.line.width } } };
    });
}

function formatRate(rate) {
  return Number(rate.toPrecision(6)).toString();
}

// Where the page is wide (a laptop), the control and what it says stand beside the chart, so the chart starts
// high on the page and the whole map fits the first screen; on a narrower one they stand above it.
const SIDE_BY_SIDE = 900;
function sideBySide(chart, box) {
  const holder = chart.parentElement;
  const wide = holder.clientWidth >= SIDE_BY_SIDE;
  holder.style.cssText = wide ? "display:flex;align-items:flex-start;gap:16px;" : "";
  chart.style.cssText = wide ? "flex:1 1 0;min-width:0;" : "";
  box.style.order = wide ? "2" : "0";
  box.style.flex = wide ? "0 0 300px" : "";
}

// The learning-rate control under a chart with a sweep, built once per chart.
function rateControl(chart, setTriggerValue) {
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
function switchRate(chart, control, value) {
  const Plotly = window.Plotly;
  const sweep = control.sweep;
  const indexOf = rowsFor(control, value);
  control.shown.value = `η = ${formatRate(sweep.rates[value])}`;
  const stale = chart.data.flatMap((t, i) => (t.meta === "at this η" && t.visible !== false ? [i] : []));
  if (stale.length) Plotly.restyle(chart, { visible: false }, stale);
  // An animation step without a redraw moves only the paths, as the frames of Play do: far quicker than restyle.
  // A 3D scene cannot move a trace in place: its paths are restyled.
  const [data, traces] = pathsAt(chart.data, sweep, indexOf);
  if (traces.length && chart._fullLayout?.scene?._scene) {
    const update = {};
    for (const name of Object.keys(data[0])) update[name] = data.map((path) => path[name]);
    Plotly.restyle(chart, update, traces);
  } else if (traces.length) Plotly.animate(chart, { data, traces }, STILL);
  if (control.framesFromSweep) {
    clearTimeout(control.framing);
    const rebuild = () => Plotly.addFrames(chart, sweepFrames(chart.data, chart.layout, sweep, indexOf));
    control.framing = setTimeout(rebuild, 120);
  }
  control.outcome.replaceChildren(...outcomeLines(chart.data, sweep, indexOf, control.own));
  const indices = Object.fromEntries(Object.values(sweep.paths).map((path) => [path.key, indexOf(path.key)]));
  window.dispatchEvent(new CustomEvent(RATE_EVENT, { detail: { sweep: sweep.id, indices } }));
}

function followRate(chart, losses) {
  if (chart.followsRate) {
    chart.followsRate.losses = losses;
    return;
  }
  chart.followsRate = { losses };
  window.addEventListener(RATE_EVENT, (event) => {
    const current = chart.followsRate.losses;
    if (!current || current.sweep !== event.detail.sweep || !window.Plotly) return;
    const [update, indices] = lossesAt(chart, current, event.detail.indices);
    if (indices.length) window.Plotly.restyle(chart, update, indices);
  });
}

export default function ({ parentElement, data, setTriggerValue }) {
  const chart = parentElement.querySelector(".live-chart");
  const text = new TextDecoder().decode(data);
  if (chart.drawnText === text) return;
  chart.drawnText = text;
  const payload = JSON.parse(text);
  const { options } = payload;
  const found = resolveParts(payload, setTriggerValue);
  if (!found) return;
  const figure = withBackdrop(payload.figure, found.backdrop);
  if (options.browserFrames && found.sweep) {
    const indexOf = (key) => options.paths[key] ?? options.rate;
    figure.frames = sweepFrames(figure.data, figure.layout, found.sweep, indexOf, ownPaths(figure));
  }
  loadPlotly(options.bundle)
    .then((Plotly) => {
      if (chart.drawnText !== text) return null;
      if (options.clickable && !chart.reportsClicks) {
        chart.reportsClicks = true;
        reportClicks(chart, setTriggerValue);
      }
      // The control first, filled in: it stands above the chart (or beside it), and the chart fills what is left.
      if (found.sweep) {
        const control = rateControl(chart, setTriggerValue);
        control.sweep = { ...found.sweep, id: options.sweep };
        control.framesFromSweep = Boolean(options.browserFrames);
        Object.assign(control, { own: options.own, paths: options.paths, base: options.rate, focus: options.focus });
        control.aloneLabel.style.display = options.own ? "flex" : "none";
        control.aloneText.textContent = options.alone;
        control.labelText.textContent = options.texts.rate;
        control.input.setAttribute("aria-label", options.texts.rate_aria);
        control.input.min = "0";
        control.input.max = String(found.sweep.rates.length - 1);
        if (!control.dragging && control.timer === null) {
          control.input.value = String(options.rate);
          control.shown.value = `η = ${formatRate(found.sweep.rates[options.rate])}`;
          const rows = rowsFor(control, options.rate);
          control.outcome.replaceChildren(...outcomeLines(figure.data, found.sweep, rows, options.own));
        }
      }
      const width = chart.clientWidth || parentElement.clientWidth;
      const top = pageTop(chart);
      if (options.tall === true) figure.layout.height = Math.max(SHORTEST, Math.round(innerHeight - top - FOOT));
      else if (options.tall) {
        figure.layout.height = Math.round(innerHeight * options.tall);
        if (innerWidth > PROJECTOR_WIDTH) enlarged(figure, innerWidth / PROJECTOR_WIDTH);
      }
      if (options.tall) figure.layout.height = Math.min(figure.layout.height, mapHeight(figure.layout, width));
      if (isDark(parentElement)) darkened(figure);
      const config = width && innerWidth < NARROW ? compact(figure, options.config, width) : options.config;
      return Plotly.react(chart, { ...figure, config });
    })
    .then(() => {
      if (chart.drawnText !== text) return;
      if (!chart.watchesPlay) {
        chart.watchesPlay = true;
        chart.on("plotly_animating", () => (chart.playing = true));
        for (const done of ["plotly_animated", "plotly_animationinterrupted"]) chart.on(done, () => (chart.playing = false));
      }
      if (found.losses) followRate(chart, { ...found.losses, sweep: options.sweep });
    })
    .catch((error) => showError(chart, error, options.texts));
  // Called when the chart leaves the page (not between reruns): free Plotly's listeners and WebGL context.
  return () => window.Plotly?.purge(chart);
}
