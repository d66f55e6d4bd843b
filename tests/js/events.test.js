import { test } from "node:test";
import assert from "node:assert/strict";

globalThis.window ??= new EventTarget();
const { announceRate, onRate } = await import("../../plots/browser/events.js");

test("a listener hears each η the control moves to, and nothing once it is removed", () => {
  const heard = [];
  const stop = onRate((detail) => heard.push(detail.indices.gd));
  announceRate({ sweep: "s", indices: { gd: 3 } });
  stop();
  announceRate({ sweep: "s", indices: { gd: 4 } });
  assert.deepEqual(heard, [3]);
});
