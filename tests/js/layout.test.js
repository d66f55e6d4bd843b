import { test } from "node:test";
import assert from "node:assert/strict";
import { SHORTEST, chartHeight, compact, enlarged, mapHeight, narrowed } from "../../plots/browser/layout.js";

const map = () => ({
  layout: {
    height: 560,
    margin: { l: 90, r: 120, t: 46, b: 124 },
    xaxis: { range: [-3, 3] },
    yaxis: { range: [-2, 2], scaleanchor: "x", title: { text: "y" } },
    font: { size: 16 },
    legend: { orientation: "h" },
  },
  data: [{ type: "heatmap", colorbar: {} }, { type: "scatter", textfont: { size: 18 } }],
});

test("a map is no taller than its box's proportions ask for", () => {
  const { layout } = map();
  assert.equal(mapHeight(layout, 1000), Math.round((1000 - 210) * (4 / 6) + 46 + 124));
  assert.equal(mapHeight({ ...layout, yaxis: {} }, 1000), Infinity, "a chart that is not a map keeps its height");
});

test("the main chart fills the window below where it starts, but never below the shortest", () => {
  const layout = { ...map().layout, yaxis: {} };
  assert.equal(chartHeight(layout, true, 250, 800, 720), 720 - 250 - 12);
  assert.equal(chartHeight(layout, true, 600, 800, 720), SHORTEST, "a short window scrolls instead");
  assert.equal(chartHeight(layout, 0.72, 0, 800, 1000), 720, "a projector's share");
  assert.equal(chartHeight(layout, false, 250, 800, 720), 560, "other charts keep their own height");
});

test("on a phone the plot gets the width: the legend above it, no colour bar, no toolbar", () => {
  const figure = map();
  const config = compact(figure, { displaylogo: false }, 390);
  assert.equal(config.displayModeBar, false);
  assert.equal(figure.layout.legend.yanchor, "bottom");
  assert.ok(figure.layout.legend.y > 1, "above the plot, covering nothing");
  assert.equal(figure.data[0].showscale, false);
  assert.equal(figure.layout.yaxis.title.text, "");
});

test("on a projector wider than 1280 px every font grows by the screen's share", () => {
  const figure = enlarged(map(), 1.5);
  assert.equal(figure.layout.font.size, 24);
  assert.equal(figure.data[1].textfont.size, 27);
});

test("a chart in a narrow column keeps its axis titles and gives its margins to the plot", () => {
  const figure = narrowed(map());
  assert.equal(figure.layout.margin.l, 60);
  assert.equal(figure.layout.margin.r, 76);
  assert.equal(figure.layout.yaxis.title.text, "y");
  assert.equal(figure.data[0].colorbar.thickness, 10);
});
