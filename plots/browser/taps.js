// Clicks and taps on a chart's plot area, reported as data coordinates.
//
// Reaching into Plotly's private `_fullLayout` (its axes' pixel-to-data conversion) is kept to this module.

const TAP_SLOP = 10;
const TAP_ECHO_MS = 700;

// The (x, y) in data coordinates of a point on the plot area of `chart`, or null off it or where it is not a
// finite number.
export function dataPoint(chart, target, clientX, clientY) {
  const layout = chart._fullLayout;
  const area = chart.querySelector(".nsewdrag");
  if (!layout || !area || (target !== area && !target?.closest?.(".draglayer, .main-svg"))) return null;
  const box = area.getBoundingClientRect();
  if (clientX < box.left || clientX > box.right || clientY < box.top || clientY > box.bottom) return null;
  const x = layout.xaxis.p2d(clientX - box.left);
  const y = layout.yaxis.p2d(clientY - box.top);
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

// Report a click that did not drag (Plotly re-dispatches it on the plot area), and on a touch screen a tap (a
// touch that did not move), once: the clicks the browser and Plotly make of it are not reported again. With `drag`, a press that
// moved across the plot area before it was let go reports where it began and where it ended instead, as
// `{from, to}` in data coordinates. Returns the function that removes the listeners.
export function reportClicks(chart, report, drag = null) {
  let press = null;
  let tapped = null; // the last tap: the browser, and Plotly, follow it with clicks of their own at its place
  const moved = (start, end) => Math.hypot(end.clientX - start.clientX, end.clientY - start.clientY) >= TAP_SLOP;
  const echoes = (event) => tapped && Date.now() - tapped.time < TAP_ECHO_MS && !moved(tapped, event);
  const dragged = (start, end) => {
    const from = dataPoint(chart, start.target, start.clientX, start.clientY);
    const to = dataPoint(chart, start.target, end.clientX, end.clientY);
    if (from && to) drag({ from, to });
  };
  const clicked = (event) => {
    if ((drag && press && moved(press, event)) || echoes(event)) return;
    const point = dataPoint(chart, event.target, event.clientX, event.clientY);
    if (point) report(point);
  };
  const pressed = (event) => {
    press = event.pointerType === "touch" ? null : { target: event.target, clientX: event.clientX, clientY: event.clientY };
  };
  const released = (event) => {
    if (drag && press && event.pointerType !== "touch" && moved(press, event)) dragged(press, event);
  };
  let touch = null;
  const touched = (event) => (touch = event.touches.length === 1 ? event.touches[0] : null);
  const lifted = (event) => {
    const end = event.changedTouches[0];
    if (touch && end && !moved(touch, end)) {
      const point = dataPoint(chart, touch.target, end.clientX, end.clientY);
      tapped = { time: Date.now(), clientX: end.clientX, clientY: end.clientY };
      if (point) report(point);
    } else if (touch && end && drag) {
      dragged(touch, end);
    }
    touch = null;
  };
  chart.addEventListener("click", clicked);
  chart.addEventListener("pointerdown", pressed, { capture: true });
  window.addEventListener("pointerup", released, { capture: true });
  chart.addEventListener("touchstart", touched, { passive: true });
  chart.addEventListener("touchend", lifted);
  return () => {
    chart.removeEventListener("click", clicked);
    chart.removeEventListener("pointerdown", pressed, { capture: true });
    window.removeEventListener("pointerup", released, { capture: true });
    chart.removeEventListener("touchstart", touched);
    chart.removeEventListener("touchend", lifted);
  };
}
