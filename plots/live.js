// A Plotly chart that stays on the page between reruns. Each new figure goes to Plotly.react, which
// redraws the chart in place; a click anywhere on the plot area reports its data coordinates.

// A tall chart (the main view) takes this share of the window's height when that is more than its own.
const TALL_SHARE = 0.8;

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

// A click that did not drag, on the plot area (Plotly re-dispatches it there), as data coordinates.
function reportClicks(chart, setTriggerValue) {
  chart.addEventListener("click", (event) => {
    const area = event.target;
    const layout = chart._fullLayout;
    if (!layout || !area.classList?.contains("nsewdrag")) return;
    const box = area.getBoundingClientRect();
    const x = layout.xaxis.p2d(event.clientX - box.left);
    const y = layout.yaxis.p2d(event.clientY - box.top);
    if (Number.isFinite(x) && Number.isFinite(y)) setTriggerValue("click", { x, y });
  });
}

function showError(chart, error) {
  chart.textContent = `This chart could not be drawn: ${error.message}`;
}

export default function ({ parentElement, data, setTriggerValue }) {
  const chart = parentElement.querySelector(".live-chart");
  const text = new TextDecoder().decode(data);
  if (chart.drawnText === text) return;
  chart.drawnText = text;
  const { options, figure } = JSON.parse(text);
  loadPlotly(options.bundle)
    .then((Plotly) => {
      if (chart.drawnText !== text) return null;
      if (options.clickable && !chart.reportsClicks) {
        chart.reportsClicks = true;
        reportClicks(chart, setTriggerValue);
      }
      if (options.tall) figure.layout.height = Math.max(figure.layout.height ?? 0, Math.round(innerHeight * TALL_SHARE));
      return Plotly.react(chart, { ...figure, config: options.config });
    })
    .catch((error) => showError(chart, error));
  // Called when the chart leaves the page (not between reruns): free Plotly's listeners and WebGL context.
  return () => window.Plotly?.purge(chart);
}
