// The page's charts tell each other of the η the learner is moving to: the map's control speaks, the loss chart
// listens. One event on the window; every listener can be removed.

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
