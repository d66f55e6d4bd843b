import { test } from "node:test";
import assert from "node:assert/strict";
import { decoded, decodedAll } from "../../plots/browser/arrays.js";

const spec = (values, dtype, shape) => {
  const typed = dtype === "f4" ? Float32Array.from(values) : Int32Array.from(values);
  const bdata = Buffer.from(typed.buffer).toString("base64");
  return shape ? { dtype, bdata, shape } : { dtype, bdata };
};

test("a flat spec becomes a typed array of its values", () => {
  assert.deepEqual(Array.from(decoded(spec([1, 2, 3], "i4"))), [1, 2, 3]);
});

// Every typed array the page may send (plots.animation.PLOTLY_JS_TYPES: NumPy's 64-bit integers go in the narrowest
// that holds them), as plotly.js reads them.
const ARRAYS = { i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array,
  f4: Float32Array, f8: Float64Array };

test("every typed array plotly.js reads is read back with its values", () => {
  for (const [dtype, Typed] of Object.entries(ARRAYS)) {
    const bdata = Buffer.from(Typed.from([0, 1, 100]).buffer).toString("base64");
    assert.deepEqual(Array.from(decoded({ dtype, bdata })), [0, 1, 100], dtype);
  }
});

test("a spec with a shape of two axes becomes its rows, as Plotly reads a heatmap's z", () => {
  const rows = decoded(spec([1, 2, 3, 4, 5, 6], "f4", "2, 3"));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((row) => Array.from(row)), [[1, 2, 3], [4, 5, 6]]);
});

test("anything that is not a spec is left as it is, and nested specs are all decoded", () => {
  assert.equal(decoded("text"), "text");
  const tree = decodedAll({ a: [spec([7], "i4"), 3], b: { c: spec([1, 2], "f4", "1, 2") } });
  assert.deepEqual(Array.from(tree.a[0]), [7]);
  assert.equal(tree.a[1], 3);
  assert.deepEqual(Array.from(tree.b.c[0]), [1, 2]);
});
