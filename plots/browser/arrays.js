// Typed arrays from Plotly's binary spec ({dtype, bdata, shape?}): the page sends NumPy arrays this way.

// Every dtype plotly.js reads (and the page sends: plots.animation.PLOTLY_JS_TYPES).
const TYPES = {
  i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array,
  f4: Float32Array, f8: Float64Array,
};

// One spec as a typed array; with a shape of two axes ("rows, columns", a heatmap's z or a sweep's rows) as an
// array of rows, as Plotly reads a 2D array. Anything that is not a spec, as it is.
export function decoded(value) {
  if (!value || typeof value !== "object" || !("bdata" in value)) return value;
  const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
  const flat = new TYPES[value.dtype](bytes.buffer);
  const [rows, columns] = String(value.shape ?? "").split(",").map(Number);
  if (!columns) return flat;
  return Array.from({ length: rows }, (_, r) => flat.subarray(r * columns, (r + 1) * columns));
}

// Every spec inside `value` decoded, once: a backdrop is then the very same arrays at every redraw, and
// Plotly.react, which compares arrays by identity, leaves the landscape as it is.
export function decodedAll(value) {
  if (Array.isArray(value)) return value.map(decodedAll);
  if (!value || typeof value !== "object") return value;
  if ("bdata" in value) return decoded(value);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodedAll(item)]));
}
