// A GIF's picture in two layers: what stays still from frame to frame (the traces the page marks `backdrop`: a
// map's shading and level lines, with the layout's images under them, the grid and the axes) is drawn once, and
// each frame draws only what moves (the paths, the start, the minima, the legend and the title) on a clear ground
// laid over it. plotly.js takes more than twice as long to draw a map's frame whole (66 ms against 27, measured).
// Both layers keep the plot area and the axes' ranges of the whole picture, so they meet pixel for pixel; the
// axes' ticks and labels lie outside the plot area, where no path is drawn.

const CLEAR = "rgba(0,0,0,0)";
const AXIS = /^[xy]axis\d*$/;

// Where `plotly` lays out `figure` whole: its margins and each axis's range.
export async function geometryOf(plotly, figure) {
  const holder = document.createElement("div");
  holder.style.cssText = "position:fixed;left:-10000px;top:0;";
  document.body.append(holder);
  try {
    const { data, layout } = structuredClone(figure);
    await plotly.newPlot(holder, data, layout, { staticPlot: true });
    const full = holder._fullLayout;
    const { l, r, t, b } = full._size;
    const ranges = Object.fromEntries(Object.keys(full).filter((key) => AXIS.test(key)).map((key) => [key, [...full[key].range]]));
    return { margin: { l, r, t, b }, ranges };
  } finally {
    plotly.purge(holder);
    holder.remove();
  }
}

// `layout` on the plot area and axis ranges of `geometry`, nothing pushing its margins, each axis changed by
// `change`.
function pinned(layout, geometry, change) {
  const axes = Object.fromEntries(
    Object.entries(geometry.ranges).map(([key, range]) => [key, { ...layout[key], ...change, range, autorange: false }]),
  );
  return { ...layout, ...axes, margin: { ...layout.margin, ...geometry.margin, autoexpand: false } };
}

// How many of `figure`'s first traces make its still layer: the leading `backdrop` traces, none of them in the
// legend; 0 where the figure cannot be split so (one comes after a moving trace, or has a legend entry).
export function stillCount(figure) {
  const count = figure.data.findIndex((trace) => trace.meta !== "backdrop");
  const leading = count < 0 ? figure.data.length : count;
  const later = figure.data.slice(leading).some((trace) => trace.meta === "backdrop");
  const listed = figure.data.slice(0, leading).some((trace) => trace.showlegend === true);
  return later || listed || leading === figure.data.length ? 0 : leading;
}

// The still layer of `figure` (its first `count` traces) laid out as `geometry` says: with the page's ground, the
// images and the shapes drawn below the traces, the grid and the axes; no legend, title or annotation, which the
// moving layer draws.
export function stillLayer(figure, count, geometry) {
  const { layout } = figure;
  const still = { ...layout, showlegend: false, title: { text: "" }, annotations: [] };
  still.shapes = (layout.shapes ?? []).filter((shape) => shape.layer === "below");
  return { data: figure.data.slice(0, count), layout: pinned(still, geometry, {}) };
}

// The moving layer of `figure` (every trace after the first `count`) laid out as `geometry` says, on a clear
// ground: no images, no axes, no shapes drawn below the traces.
export function movingLayer(figure, count, geometry) {
  const { layout } = figure;
  const moving = { ...layout, paper_bgcolor: CLEAR, plot_bgcolor: CLEAR, images: [] };
  moving.shapes = (layout.shapes ?? []).filter((shape) => shape.layer !== "below");
  const bare = { showticklabels: false, ticks: "", showline: false, showgrid: false, zeroline: false, title: { text: "" } };
  return { data: figure.data.slice(count), layout: pinned(moving, geometry, bare) };
}
