// Pictures of the page's charts made by the learner's browser from the figures on screen: a chart's animation as
// a GIF (one picture per frame of Play, titled with the scene and the frame's step) and a chart as a PNG. plotly.js
// draws each picture as it draws the page (Plotly.toImage); gifenc (vendor/gifenc.js, MIT) writes the GIF. The
// server makes none of them.

import { geometryOf, movingLayer, stillCount, stillLayer } from "./layers.js";
import { GIFEncoder, applyPalette, quantize } from "./vendor/gifenc.js";

// A copy of a chart's `layout` without Play, Pause and the scrubber, which do nothing in a picture.
export function withoutPlay(layout) {
  const still = structuredClone(layout);
  delete still.sliders;
  delete still.updatemenus;
  return still;
}

// The layout of a GIF's picture `width` × `height` from a chart's `layout`: without Play, titled `title`, with
// room `margin` ({t, b}) for the title and the legend above the chart.
export function stillLayout(layout, title, { width, height, margin }) {
  const still = withoutPlay(layout);
  return {
    ...still,
    width,
    height,
    margin: { ...still.margin, ...margin },
    title: { text: title, xref: "paper", x: 0, y: 0.98, yanchor: "top" },
  };
}

// The scrubber's own words for frame `name` ("step 12", "第 12 步"), or the name itself.
export function frameLabel(layout, name) {
  const current = layout.sliders?.[0]?.currentvalue;
  if (!current) return String(name);
  return `${current.prefix ?? ""}${name}${current.suffix ?? ""}`.trim();
}

// How long each of `count` pictures stays up: one pass in about `playMs` (at least 40 ms a picture, a GIF's
// fastest a browser honours), then the last for `holdMs`. In milliseconds (the GIF keeps hundredths).
export function durations(count, playMs, holdMs) {
  const step = Math.max(40, Math.floor(playMs / Math.max(count - 1, 1)));
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? holdMs : step));
}

// Which pictures a GIF keeps once every other one is dropped, the last always: [0, 2, 4, …, last].
export function halved(indices) {
  if (indices.length <= 2) return indices;
  return [...indices.slice(0, -1).filter((_, i) => i % 2 === 0), indices[indices.length - 1]];
}

// A GIF of `pictures` (each a palette index per pixel, `width` × `height`) in `palette` (255 colours at most),
// looping, each up for its `times` (ms). After the first, a picture keeps only the pixels that changed since the
// one before; the rest take a transparent slot after the palette's colours and show the picture under them (a
// GIF's pictures are laid one over another): most of a frame is the still landscape, so the file is a fraction
// of the size, and quicker to write.
export function encodeGif(pictures, palette, width, height, times) {
  const gif = GIFEncoder();
  const clear = palette.length;
  let before = null;
  pictures.forEach((picture, i) => {
    let written = picture;
    if (before) {
      written = new Uint8Array(picture.length);
      for (let p = 0; p < picture.length; p++) written[p] = picture[p] === before[p] ? clear : picture[p];
    }
    const options = { delay: times[i], repeat: 0, dispose: 1, transparent: Boolean(before), transparentIndex: clear };
    if (i === 0) options.palette = [...palette, [0, 0, 0]];
    gif.writeFrame(written, width, height, options);
    before = picture;
  });
  gif.finish();
  return gif.bytes();
}

// The picture `figure` makes at `width` × `height`, drawn by `plotly` (as SVG, which the browser draws itself: a
// PNG would be encoded by plotly.js only to be decoded here).
async function drawn(plotly, figure, width, height) {
  const image = new Image();
  image.src = await plotly.toImage(figure, { format: "svg", width, height });
  await image.decode();
  return image;
}

// A painter of one chart's pictures at `width` × `height`, from the first, `figure`, drawn by `plotly` (the
// chart's own): `paint(figure)` gives the RGBA pixels of a figure of the same chart (another frame). A map's still
// layer (layers.js) is drawn once.
export async function painter(plotly, figure, width, height) {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const count = stillCount(figure);
  const geometry = count ? await geometryOf(plotly, figure) : null;
  const still = count ? await createImageBitmap(await drawn(plotly, stillLayer(figure, count, geometry), width, height)) : null;
  return async (shown) => {
    const top = await drawn(plotly, count ? movingLayer(shown, count, geometry) : shown, width, height);
    context.clearRect(0, 0, width, height);
    if (still) context.drawImage(still, 0, 0);
    context.drawImage(top, 0, 0);
    return context.getImageData(0, 0, width, height).data;
  };
}

// The frames of Play on `chart` (none where the chart is not animated).
export function framesOf(chart) {
  return chart._transitionData?._frames ?? [];
}

// The figure of `data` with frame `frame` laid over it, as Plotly lays a frame over its traces.
function atFrame(data, frame) {
  const shown = [...data];
  (frame.traces ?? []).forEach((index, i) => {
    shown[index] = merged(shown[index], frame.data[i]);
  });
  return shown;
}

// `base` with `partial` laid over it key by key, nested objects merged, as Plotly lays a frame over a trace (an
// array, a typed array or an encoded one, `{dtype, bdata}`, is one value).
export function merged(base, partial) {
  const result = { ...base };
  for (const [key, value] of Object.entries(partial ?? {})) {
    const plain = value && typeof value === "object" && !ArrayBuffer.isView(value) && !Array.isArray(value);
    const nested = plain && !("bdata" in value);
    result[key] = nested && result[key] && typeof result[key] === "object" ? merged(result[key], value) : value;
  }
  return result;
}

// Chart `chart`'s animation as a GIF: `{caption, width, height, margin, playMs, holdMs, maxBytes}`; `told(done,
// total)` hears of each picture drawn. One palette for every picture, so colours do not flicker, from the first
// and last (the last holds every path; the landscape and the legend are in all). Over `maxBytes`, every other
// picture is dropped (the last kept) until it fits.
export async function animatedGif(chart, settings, told = () => {}) {
  const { caption, width, height, playMs, holdMs, maxBytes } = settings;
  const layout = chart.plainLayout ?? chart.layout;
  const frames = framesOf(chart);
  const stillOf = (frame) => ({
    data: atFrame(chart.data, frame),
    layout: stillLayout(layout, `${caption}  ·  ${frameLabel(layout, frame.name)}`, settings),
  });
  const pictures = [];
  const paint = await painter(chart.plotly, stillOf(frames[0]), width, height);
  let palette = null;
  for (const [i, frame] of frames.entries()) {
    const rgba = await paint(stillOf(frame));
    if (!palette) {
      const last = i === frames.length - 1 ? rgba : await paint(stillOf(frames[frames.length - 1]));
      const both = new Uint8Array(rgba.length * 2);
      both.set(rgba);
      both.set(last, rgba.length);
      palette = quantize(both, 255);
    }
    pictures.push(applyPalette(rgba, palette));
    told(i + 1, frames.length);
  }
  let kept = pictures.map((_, i) => i);
  for (;;) {
    const times = durations(kept.length, playMs, holdMs);
    const bytes = encodeGif(kept.map((i) => pictures[i]), palette, width, height, times);
    if (bytes.length <= maxBytes || kept.length <= 2) return bytes;
    kept = halved(kept);
  }
}

// Chart `chart` as a PNG `width` CSS pixels wide at its own height, `scale` times as many pixels, without Play,
// Pause or the scrubber: a Blob.
export async function chartPng(chart, { width, scale }) {
  const layout = chart.plainLayout ?? chart.layout;
  const height = layout.height || 500;
  const url = await chart.plotly.toImage({ data: chart.data, layout: { ...withoutPlay(layout), width, height } }, {
    format: "png",
    width,
    height,
    scale,
  });
  return (await fetch(url)).blob();
}
