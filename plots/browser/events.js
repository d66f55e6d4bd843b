// The page's charts tell each other of the η the learner is moving to, and of the runs from a start being dragged:
// the map speaks, the loss chart listens. One event of each on the window; every listener can be removed.

const RATE_EVENT = "gdl-rate";

export function announceRate(detail) {
  window.dispatchEvent(new CustomEvent(RATE_EVENT, { detail }));
}

// Call `listener(detail)` at each announcement; returns the function that stops it.
export function onRate(listener) {
  const heard = (event) => listener(event.detail);
  window.addEventListener(RATE_EVENT, heard);
  return () => window.removeEventListener(RATE_EVENT, heard);
}

const START_EVENT = "gdl-start";

// The runs the twin worked out from a start being dragged: `{twin, start, runs: [{key, steps, values}]}`, each
// run's loss at the steps drawn.
export function announceStart(detail) {
  window.dispatchEvent(new CustomEvent(START_EVENT, { detail }));
}

export function onStart(listener) {
  const heard = (event) => listener(event.detail);
  window.addEventListener(START_EVENT, heard);
  return () => window.removeEventListener(START_EVENT, heard);
}
