// The page's charts tell each other of the η the learner is moving to, and of the runs from a start being dragged:
// the map speaks, the loss and η charts listen. One event of each on the window; every listener can be removed.

// An event `type` on the window: the function that announces a detail, and the one that calls
// `listener(detail)` at each announcement and returns the function that stops it.
function channel(type) {
  const announce = (detail) => window.dispatchEvent(new CustomEvent(type, { detail }));
  const on = (listener) => {
    const heard = (event) => listener(event.detail);
    window.addEventListener(type, heard);
    return () => window.removeEventListener(type, heard);
  };
  return [announce, on];
}

// The η the map's control is at: `{sweep, indices}`.
export const [announceRate, onRate] = channel("gdl-rate");

// The runs the twin worked out from a start being dragged: `{twin, start, runs: [{key, steps, values}]}`, each
// run's loss at the steps drawn.
export const [announceStart, onStart] = channel("gdl-start");
