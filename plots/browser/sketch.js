// Traces redrawn on a canvas over a chart while a hand is on a control (the start ring, the chart's η, a sidebar
// slider). An animation step of Plotly's works out every trace of the chart again, the map's contour too, and
// took most of a frame on two cores; moving SVG markers one by one cost the page a style pass over each of them.
// A sketch paints the few paths that moved, looking as Plotly drew them (their lines' and markers' colours,
// widths, dashes and shapes copied from its drawing); Plotly's own drawing of a sketched trace is hidden under
// it. The next time Plotly draws the chart (the page's sync, Play, a resize) every sketch goes.

// The drawn group of each trace of `chart` that Plotly drew as a scatter, by the trace's index.
function drawnTraces(chart) {
  const groups = new Map();
  for (const group of chart.querySelectorAll(".scatterlayer > g.trace")) {
    const trace = group.__data__?.[0]?.trace;
    if (trace) groups.set(trace.index, group);
  }
  return groups;
}

// The layout's axis a trace is drawn against: "x" → xaxis, "y2" → yaxis2.
function axisOf(chart, id) {
  return chart._fullLayout[`${id[0]}axis${id.slice(1)}`];
}

// At most `most` of a path's `count` steps, evenly spread, the first and the last always (the ring a learner
// grabs): the points a preview draws of a long path, as the η control's sweep keeps them (plots/sweep.py
// `kept_rows`), and the markers a sketch draws of a trace that shows at most `most`.
export function keptSteps(count, most) {
  if (count <= most) return Array.from({ length: count }, (_, k) => k);
  const kept = new Set(Array.from({ length: most }, (_, i) => Math.round((i * (count - 1)) / (most - 1))));
  return [...kept].sort((a, b) => a - b);
}

// How an SVG element Plotly drew is painted: its shape (a marker's) and its fill and stroke with their opacities.
function lookOf(element, opacity) {
  const style = element.style;
  const alpha = opacity * Number(style.opacity || 1);
  const width = parseFloat(style.strokeWidth) || 0;
  return {
    shape: element.classList.contains("point") ? new Path2D(element.getAttribute("d")) : null,
    radius: element.__data__?.mrc,
    fill: style.fill && style.fill !== "none" ? style.fill : null,
    fillAlpha: alpha * Number(style.fillOpacity || 1),
    stroke: style.stroke && style.stroke !== "none" && width > 0 ? style.stroke : null,
    strokeAlpha: alpha * Number(style.strokeOpacity || 1),
    width,
    dashes: (style.strokeDasharray || "").split(/[\s,]+/).filter(Boolean).map(parseFloat),
  };
}

// The looks of trace group `group`: its line's and, by radius, its markers'.
function looksOf(group) {
  const opacity = Number(group.style.opacity || 1);
  const line = group.querySelector("path.js-line");
  const markers = new Map();
  for (const point of group.querySelectorAll("path.point")) {
    const look = lookOf(point, opacity);
    if (!markers.has(look.radius)) markers.set(look.radius, look);
  }
  return { line: line ? lookOf(line, opacity) : null, markers };
}

// The canvas the sketches of `chart` are painted on, laid over its plot areas, as large as the chart.
function canvasOf(chart) {
  let canvas = chart.sketchCanvas;
  if (!canvas?.isConnected) {
    canvas = document.createElement("canvas");
    canvas.className = "gdl-sketches";
    canvas.style.cssText = "position:absolute;left:0;top:0;pointer-events:none;";
    chart.querySelector(".main-svg").after(canvas);
    chart.sketchCanvas = canvas;
  }
  const { width, height } = chart._fullLayout;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  return canvas;
}

// Paint one sketch: its line through every point, then its markers (at most as many as Plotly shows), sized as
// given or as the trace's own, each as Plotly drew a marker of that size (or scaled from one).
function paint(context, chart, { trace, looks, shown }) {
  const xaxis = axisOf(chart, trace.xaxis);
  const yaxis = axisOf(chart, trace.yaxis);
  context.save();
  context.beginPath();
  context.rect(xaxis._offset, yaxis._offset, xaxis._length, yaxis._length);
  context.clip();
  context.translate(xaxis._offset, yaxis._offset);
  const count = shown.x.length;
  const px = Float64Array.from(shown.x, (x) => xaxis.c2p(x));
  const py = Float64Array.from(shown.y, (y) => yaxis.c2p(y));
  const drawn = (k) => Number.isFinite(px[k]) && Number.isFinite(py[k]);
  if (looks.line?.stroke) {
    context.beginPath();
    for (let k = 0; k < count; k++) {
      if (!drawn(k)) continue;
      if (k > 0 && drawn(k - 1)) context.lineTo(px[k], py[k]);
      else context.moveTo(px[k], py[k]);
    }
    context.globalAlpha = looks.line.strokeAlpha;
    context.strokeStyle = looks.line.stroke;
    context.lineWidth = looks.line.width;
    context.lineJoin = "round";
    context.setLineDash(looks.line.dashes);
    context.stroke();
    context.setLineDash([]);
  }
  const sizes = shown.marker?.size ?? trace.marker?.size;
  const most = trace.marker?.maxdisplayed || Infinity;
  const marked = new Set(keptSteps(count, most));
  const fallback = looks.markers.values().next().value;
  for (let k = 0; looks.markers.size && k < count; k++) {
    if (!marked.has(k) || !drawn(k)) continue;
    const radius = (typeof sizes === "number" ? sizes : (sizes?.[k] ?? 6)) / 2;
    const look = looks.markers.get(radius) ?? fallback;
    const scale = look.radius ? radius / look.radius : 1;
    context.save();
    context.translate(px[k], py[k]);
    context.scale(scale, scale);
    if (look.fill) {
      context.globalAlpha = look.fillAlpha;
      context.fillStyle = look.fill;
      context.fill(look.shape);
    }
    if (look.stroke) {
      context.globalAlpha = look.strokeAlpha;
      context.strokeStyle = look.stroke;
      context.lineWidth = look.width / scale;
      context.stroke(look.shape);
    }
    context.restore();
  }
  context.restore();
}

// Every sketch goes, and Plotly's drawing of each sketched trace shows again.
export function unsketch(chart) {
  for (const { group } of chart.sketches?.values() ?? []) group.style.removeProperty("visibility");
  chart.sketches?.clear();
  const canvas = chart.sketchCanvas;
  canvas?.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
}

// Sketches go when Plotly draws the chart again (its own events, which go with the chart's emitter).
function watch(chart) {
  chart.sketches ??= new Map();
  if (chart.sketchesWatched === chart._ev || !chart.on) return;
  chart.sketchesWatched = chart._ev;
  for (const event of ["plotly_afterplot", "plotly_animating"]) chart.on(event, () => unsketch(chart));
}

// Hide traces `indices` of `chart` (what tells of the server's runs while a preview shows others) until the page
// draws its next figure, `showTraces`: through the page's style, as a sketched trace is hidden, where a restyle
// would work out the whole chart again (a tenth of a second on a map). Play's frames leave them hidden.
export function hideTraces(chart, indices) {
  if (!chart._fullLayout || !indices.length) return;
  chart.hiddenTraces ??= new Set();
  const groups = drawnTraces(chart);
  for (const index of indices) {
    const group = groups.get(index);
    if (!group) continue;
    group.style.visibility = "hidden";
    chart.hiddenTraces.add(group);
  }
}

// The traces `hideTraces` hid show again.
export function showTraces(chart) {
  for (const group of chart.hiddenTraces ?? []) group.style.removeProperty("visibility");
  chart.hiddenTraces?.clear();
}

// Draw `data[i]` ({x, y, marker?: {size}}) over trace `traces[i]` of `chart`, as an animation step without a
// redraw would, in the time of painting a few paths. A trace Plotly did not draw (hidden) stays so.
// `chart.sketches` holds what each sketched trace shows, by the trace's index.
export function sketch(chart, data, traces) {
  if (!chart._fullLayout) return;
  watch(chart);
  const groups = drawnTraces(chart);
  traces.forEach((index, i) => {
    const group = groups.get(index);
    if (!group) return;
    const known = chart.sketches.get(index);
    const looks = known?.group === group ? known.looks : looksOf(group);
    chart.sketches.set(index, { group, looks, trace: group.__data__[0].trace, shown: data[i] });
  });
  const canvas = canvasOf(chart);
  const context = canvas.getContext("2d");
  const ratio = canvas.width / chart._fullLayout.width;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, chart._fullLayout.width, chart._fullLayout.height);
  for (const sketched of chart.sketches.values()) {
    paint(context, chart, sketched);
    sketched.group.style.visibility = "hidden";
  }
}
