import { test } from "node:test";
import assert from "node:assert/strict";
import { Parts } from "../../plots/browser/parts.js";

test("a part arrives once, then comes back by its id alone", () => {
  const parts = new Parts();
  const first = parts.resolve({ parts: { sweep: { id: "a", content: { rates: [1] } } }, kept: ["a"] }, () => {});
  const again = parts.resolve({ parts: { sweep: { id: "a" } }, kept: ["a"] }, () => {});
  assert.deepEqual(first.sweep, { rates: [1] });
  assert.equal(again.sweep, first.sweep);
});

test("a part named by an id the cache lacks is asked for again, and nothing is drawn", () => {
  const asked = [];
  const found = new Parts().resolve({ parts: { backdrop: { id: "zz" } } }, (id) => asked.push(id));
  assert.equal(found, null);
  assert.deepEqual(asked, ["zz"]);
});

test("the cache forgets what the server forgot: it keeps the ids each payload names, and no others", () => {
  const parts = new Parts();
  for (const id of ["a", "b", "c", "d"]) {
    parts.resolve({ parts: { sweep: { id, content: id } }, kept: ["c", "d"].includes(id) ? ["c", id] : [id] }, () => {});
  }
  assert.equal(parts.size, 2);
  assert.deepEqual([...parts.byId.keys()].sort(), ["c", "d"]);
});
