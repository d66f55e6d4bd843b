// The pictures the browser makes (plots/browser/pictures.js): each GIF picture's layout and title, how long each
// stays up, which are kept under the size limit, how a frame is laid over the traces, and the GIF's own bytes,
// read back by a reader of the format written here.

import { test } from "node:test";
import assert from "node:assert/strict";
import { durations, encodeGif, frameLabel, halved, merged, stillLayout } from "../../plots/browser/pictures.js";

const SCRUBBER = { sliders: [{ currentvalue: { prefix: "step ", suffix: "" } }], updatemenus: [{ type: "buttons" }] };

test("a frame is named as the scrubber names it, or by its name where there is no scrubber", () => {
  assert.equal(frameLabel(SCRUBBER, "12"), "step 12");
  assert.equal(frameLabel({ sliders: [{ currentvalue: { prefix: "第 ", suffix: " 步" } }] }, 7), "第 7 步");
  assert.equal(frameLabel({}, "3"), "3");
});

test("a GIF's picture has its size, its title, room above and no Play, Pause or scrubber; the chart keeps its own", () => {
  const layout = { ...SCRUBBER, margin: { l: 50, t: 20 }, xaxis: { title: { text: "x" } } };
  const still = stillLayout(layout, "Ravine  ·  step 3", { width: 960, height: 540, margin: { t: 110, b: 70 } });
  assert.equal(still.sliders, undefined);
  assert.equal(still.updatemenus, undefined);
  assert.deepEqual([still.width, still.height], [960, 540]);
  assert.deepEqual(still.margin, { l: 50, t: 110, b: 70 });
  assert.equal(still.title.text, "Ravine  ·  step 3");
  assert.deepEqual(still.xaxis, { title: { text: "x" } });
  assert.ok(layout.sliders && layout.updatemenus, "the chart's own layout is left as it was");
  assert.deepEqual(layout.margin, { l: 50, t: 20 });
});

test("one pass through the pictures takes the time given, none faster than 40 ms, and the last is held", () => {
  assert.deepEqual(durations(21, 6000, 2000), [...Array(20).fill(300), 2000]);
  assert.deepEqual(durations(501, 6000, 2000).slice(0, 2), [40, 40]);
  assert.deepEqual(durations(1, 6000, 2000), [2000]);
});

test("dropping every other picture keeps the first and the last", () => {
  assert.deepEqual(halved([0, 1, 2, 3, 4, 5, 6, 7, 8]), [0, 2, 4, 6, 8]);
  assert.deepEqual(halved([0, 1, 2, 3, 4, 5]), [0, 2, 4, 5]);
  assert.deepEqual(halved([0, 5]), [0, 5]);
});

test("a frame replaces an array, a typed array or an encoded one whole, and merges nested settings", () => {
  const base = { x: { dtype: "f4", bdata: "AAA", shape: "3" }, y: [1, 2], marker: { color: "red", size: 3 }, z: 1 };
  const frame = { x: { dtype: "f8", bdata: "BBB" }, y: new Float64Array([5]), marker: { size: 9 } };
  const laid = merged(base, frame);
  assert.deepEqual(laid.x, { dtype: "f8", bdata: "BBB" }, "no shape left over from the trace's own array");
  assert.deepEqual(laid.y, new Float64Array([5]));
  assert.deepEqual(laid.marker, { color: "red", size: 9 });
  assert.equal(laid.z, 1);
  assert.deepEqual(base.marker, { color: "red", size: 3 }, "the trace itself is left as it was");
});

// The logical screen's size, whether it loops, and each picture's delay (hundredths of a second) and size, read
// from a GIF's blocks as the format (GIF89a) lays them out.
function readGif(bytes) {
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 6)), "GIF89a");
  const word = (at) => bytes[at] | (bytes[at + 1] << 8);
  const size = [word(6), word(8)];
  let at = 13 + (bytes[10] & 0x80 ? 3 * 2 ** ((bytes[10] & 7) + 1) : 0);
  const skipBlocks = () => {
    while (bytes[at] !== 0) at += bytes[at] + 1;
    at += 1;
  };
  const delays = [];
  const pictures = [];
  let loops = false;
  while (bytes[at] !== 0x3b) {
    if (bytes[at] === 0x21) {
      const label = bytes[at + 1];
      if (label === 0xf9) delays.push(word(at + 4));
      if (label === 0xff && new TextDecoder().decode(bytes.subarray(at + 3, at + 14)) === "NETSCAPE2.0") loops = true;
      at += 2;
      skipBlocks();
    } else if (bytes[at] === 0x2c) {
      pictures.push([word(at + 5), word(at + 7)]);
      const local = bytes[at + 9] & 0x80 ? 3 * 2 ** ((bytes[at + 9] & 7) + 1) : 0;
      at += 10 + local + 1;
      skipBlocks();
    } else {
      throw new Error(`unexpected block ${bytes[at]} at ${at}`);
    }
  }
  return { size, loops, delays, pictures };
}

test("the GIF loops, one picture a frame at the GIF's size, each up as long as it was given", () => {
  const [width, height] = [4, 2];
  const palette = [
    [255, 255, 255],
    [200, 30, 30],
  ];
  const pictures = [0, 1, 2].map((dot) => Uint8Array.from({ length: width * height }, (_, i) => (i === dot ? 1 : 0)));
  const gif = readGif(encodeGif(pictures, palette, width, height, [300, 300, 2000]));
  assert.deepEqual(gif.size, [4, 2]);
  assert.equal(gif.loops, true);
  assert.deepEqual(gif.delays, [30, 30, 200]);
  assert.deepEqual(gif.pictures, [
    [4, 2],
    [4, 2],
    [4, 2],
  ]);
});
