// Streamlit's dark theme, followed by the charts.

// Under Streamlit's dark theme (light text on the page), the chart turns dark too: background, text and grid.
export const DARK = { paper: "#0E1117", text: "#FAFAFA", grid: "#2F3441", line: "#5A6170" };
export function isDark(element) {
  const [r, g, b] = (getComputedStyle(element).color.match(/[\d.]+/g) ?? [0, 0, 0]).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128;
}

export function darkened(figure) {
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
