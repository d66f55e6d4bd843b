import { test } from "node:test";
import assert from "node:assert/strict";
import { EditQueue } from "../../plots/browser/edits.js";

test("every edit is sent until the server has applied it, in order", () => {
  const queue = new EditQueue();
  queue.add({ x: 1, y: 2 });
  const sent = queue.add({ from: { x: 0, y: 0 }, to: { x: 1, y: 1 } });
  assert.deepEqual(sent.edits.map((edit) => edit.id), [1, 2], "the second click carries the first");
  queue.applied(queue.token, 1);
  assert.deepEqual(queue.add({ x: 3, y: 4 }).edits.map((edit) => edit.id), [2, 3]);
  queue.applied("another chart", 3);
  assert.equal(queue.sent().edits.length, 2, "another chart's word applies nothing here");
  queue.applied(queue.token, 3);
  assert.deepEqual(queue.sent().edits, []);
});

test("a queue the server never answers stays short", () => {
  const queue = new EditQueue();
  for (let i = 0; i < 120; i++) queue.add({ x: i, y: 0 });
  const { edits } = queue.sent();
  assert.equal(edits.length, 50);
  assert.equal(edits.at(-1).x, 119, "the latest are kept");
});

test("two charts have two tokens", () => {
  assert.notEqual(new EditQueue().token, new EditQueue().token);
});
