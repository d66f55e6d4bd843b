// How big a chart is drawn, and how it gives its room to the plot: the map on a laptop's first screen, a
// phone's width, a projector's fonts.


// A tall chart (the main view) fills the window from where it starts down to the window's foot (at least
// SHORTEST pixels, so a short window scrolls rather than shrinking the map to nothing): the whole map is on the
// first screen. A chart given a share (presentation) takes exactly that share of the window's height.
export const SHORTEST = 380;
export const FOOT = 12;

// Where an element starts below the top of the page, however far the page (or a box it scrolls in) is scrolled.
export function pageTop(element) {
  let top = element.getBoundingClientRect().top;
  for (let box = element.parentElement; box; box = box.parentElement) top += box.scrollTop;
  return top;
}

// A map keeps its box's proportions: a chart taller than that would only add blank space above and below.
export function mapHeight(layout, width) {
  const [x0, x1] = layout.xaxis?.range ?? [], [y0, y1] = layout.yaxis?.range ?? [];
  if (!layout.yaxis?.scaleanchor || !width || x1 === x0) return Infinity;
  const margin = layout.margin ?? {};
  const plot = width - (margin.l ?? 80) - (margin.r ?? 80);
  return Math.round(plot * ((y1 - y0) / (x1 - x0)) + (margin.t ?? 80) + (margin.b ?? 80));
}

// On a narrow screen (a phone: the window, not the chart, is narrow; a chart in one of two columns on a laptop keeps
// its axis titles), the figure gives its width to the plot: small margins, the legend in a small font
// above it, no colour bar, no toolbar, and a map that fills the width (its height keeping the box's proportions).
export const NARROW = 600;
export function compact(figure, config, width) {
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

// A chart in a narrow column on a wide screen (a lesson's chart beside its words) keeps its axis titles but gives
// less room to its margins and legend, so the plot keeps most of the column.
export const NARROW_CHART = 640;
export function narrowed(figure) {
  const layout = figure.layout;
  const margin = layout.margin ?? {};
  layout.margin = { ...margin, l: Math.min(margin.l ?? 80, 60), r: Math.min(margin.r ?? 80, 76) };
  layout.legend = { ...(layout.legend ?? {}), font: { size: 12 }, itemwidth: 30 };
  for (const trace of figure.data) if (trace.colorbar) trace.colorbar = { ...trace.colorbar, thickness: 10 };
  return figure;
}

// On a projector (a chart given a share of the window), text grows with the screen beyond 1280 px wide, so the
// back row of a room reads the ticks and labels at 1920x1080 as well as at 1280x720.
export const PROJECTOR_WIDTH = 1280;
export function enlarged(figure, scale) {
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

// The height of a chart: `tall` true (the main view) fills the window below `top`, a share (presentation) takes
// that share of the window; a map no taller than its box's proportions ask for at `width`.
export function chartHeight(layout, tall, top, width, windowHeight) {
  let height = layout.height;
  if (tall === true) height = Math.max(SHORTEST, Math.round(windowHeight - top - FOOT));
  else if (tall) height = Math.round(windowHeight * tall);
  return tall ? Math.min(height, mapHeight({ ...layout, height }, width)) : height;
}
