// Loading plotly.js for the page, each bundle once, from the files beside this module (vendor/, as published on
// npm). Every 2D chart is drawn by the cartesian bundle, which the page starts loading first; the gl3d bundle, as
// large again, only when a 3D chart is drawn. A chart keeps the Plotly that drew it (`chart.plotly`).

const BUNDLES = {
  cartesian: "./vendor/plotly-cartesian.min.js",
  gl3d: "./vendor/plotly-gl3d.min.js",
};
const THREE_D = new Set(["surface", "scatter3d"]);

// The bundle that draws a figure's traces `data`: gl3d for a 3D scene, else cartesian.
export function bundleFor(data) {
  return data.some((trace) => THREE_D.has(trace.type)) ? "gl3d" : "cartesian";
}

const loading = new Map();
let first = null;

// The Plotly object of bundle `name`, loaded the first time it is asked for. Each bundle names itself
// window.Plotly as it runs; the first one loaded keeps that name.
export function loadPlotly(name = "cartesian") {
  if (!loading.has(name)) {
    loading.set(
      name,
      new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = new URL(BUNDLES[name], import.meta.url).href;
        script.onload = () => {
          const plotly = window.Plotly;
          first ??= plotly;
          window.Plotly = first;
          resolve(plotly);
        };
        script.onerror = () => {
          loading.delete(name); // a failed load is tried again next time, not remembered as failed
          reject(new Error(`Plotly did not load from ${script.src}`));
        };
        document.head.append(script);
      }),
    );
  }
  return loading.get(name);
}

// The page's hidden preloader (a component drawing nothing, the page's first): the cartesian bundle starts loading
// before the server has made the first figure, so the chart finds it loaded (or loading) when its figure comes.
export function draw() {
  loadPlotly().catch(() => {}); // a failed load is tried again by the chart, which says so
}
