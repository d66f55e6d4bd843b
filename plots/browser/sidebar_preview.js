// The sidebar's sliders, followed: while a hand moves the learning rate, the steps, an optimizer's setting or the
// schedule's, every path is worked out again by the twin of the engine and redrawn at each frame; Streamlit sends
// the value when the slider is let go, and the server's run replaces the preview.
//
// Streamlit draws each slider as a range input inside the element keyed `st-key-{key}`, and updates its
// `aria-valuetext` as it moves: the page's twin lists the keys it follows (`twin.controls`), each with what it
// sets and, for a slider of stops, the stops (its value is then the stop's index).

import { drawPreview, hideServerFacts } from "./drag_start.js";

// The twin with control `control` at `value`: the shared η, the steps, one optimizer's setting or its own η, or a
// schedule's setting.
export function moved(twin, control, value) {
  if (control.kind === "steps") return { ...twin, steps: value };
  if (control.kind === "schedule") {
    if (!twin.schedule) return twin;
    return { ...twin, schedule: { ...twin.schedule, settings: { ...twin.schedule.settings, [control.param]: value } } };
  }
  const runs = twin.runs.map((run) => {
    if (control.kind === "lr") return { ...run, lr: value };
    if (run.optimizer !== control.optimizer) return run;
    if (control.kind === "own_lr") return { ...run, lr: value };
    return { ...run, settings: { ...run.settings, [control.param]: value } };
  });
  return { ...twin, runs };
}

// The value control `control` has in `twin`.
export function valueIn(twin, control) {
  if (control.kind === "steps") return twin.steps;
  if (control.kind === "schedule") return twin.schedule?.settings[control.param];
  const run = control.kind === "lr" ? twin.runs[0] : twin.runs.find((r) => r.optimizer === control.optimizer);
  if (!run) return undefined;
  return control.kind === "setting" ? run.settings[control.param] : run.lr;
}

// The value a slider's input stands at: a number, or the stop at its index.
export function valueOf(input, control) {
  const raw = Number(input.value);
  return control.options ? control.options[Math.round(raw)] : raw;
}

// Follow the sidebar's sliders for `chart`, whose twin `twin()` gives now. Returns the function that stops it.
export function followControls(chart, twin) {
  let frame = null;
  let pending = null;
  let pendingFrom = null;
  const observer = new MutationObserver((records) => {
    const scene = twin();
    if (!scene?.controls) return;
    for (const record of records) {
      const input = record.target;
      // Only a slider in the learner's hand (focused: held, or moved by its arrow keys), not one Streamlit moved
      // to the value the page synced to.
      if (input.tagName !== "INPUT" || input !== document.activeElement) continue;
      const keyed = input.closest('[class*="st-key-"]');
      const key = [...(keyed?.classList ?? [])].find((name) => name.startsWith("st-key-"))?.slice(7);
      const control = scene.controls[key];
      if (!control) continue;
      const value = valueOf(input, control);
      // Streamlit draws its sliders again after each run: a value the scene already has is no move.
      if (value === undefined || Number.isNaN(value) || value === valueIn(pending ?? scene, control)) continue;
      pending = moved(pending ?? scene, control, value);
      pendingFrom = scene;
    }
    if (!pending || frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      const next = pending;
      pending = null;
      if (twin() !== pendingFrom) return; // the chart was drawn again meanwhile: its scene is newer than the move
      if (!chart.previewing) hideServerFacts(chart);
      chart.previewing = true;
      drawPreview(chart, next, next.start);
    });
  });
  observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-valuetext"] });
  return () => {
    observer.disconnect();
    if (frame !== null) cancelAnimationFrame(frame);
  };
}
