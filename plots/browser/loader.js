// Loading plotly.js once for the page, from where the server serves it.

let loading = null;

// The Plotly object, loaded from `source` (a URL relative to the page) the first time it is asked for.
export function loadPlotly(source) {
  loading ??= new Promise((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    const script = document.createElement("script");
    script.src = new URL(source, document.baseURI).href;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => {
      loading = null; // a failed load is tried again next time, not remembered as failed
      reject(new Error(`Plotly did not load from ${script.src}`));
    };
    document.head.append(script);
  });
  return loading;
}
