// The "Take it away" panel's pictures, made by the learner's browser (pictures.js): a button that makes the
// animation of the map (or curve) as a GIF and one that makes each chart as a PNG, a progress bar while they are
// drawn, then a link that saves each file. Nothing is asked of the server.
//
// `data` (from the page): the `scene`'s id, `texts` in the page's language, the files' `stem`, `gif` ({keys: the
// keys the main chart may have, caption, width, height, margin, playMs, holdMs, maxBytes}) and `png` ({charts:
// [{name, keys, width, label}], scale}).

import { animatedGif, chartPng, framesOf } from "./pictures.js";

// The first chart on the page keyed one of `keys` (Streamlit's `st-key-{key}` around it) that Plotly has drawn.
function chartKeyed(keys) {
  for (const key of keys) {
    const chart = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    if (chart?._fullLayout) return chart;
  }
  return null;
}

const BUTTON = "display:inline-block;margin:4px 0;padding:6px 12px;border-radius:8px;border:1px solid #d0d0d8;"
  + "background:inherit;color:inherit;font:inherit;cursor:pointer;text-decoration:none;";

// A link that saves `blob` as `name`, labelled `label`, in the look of the panel's buttons.
function saving(blob, name, label) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.textContent = `⤓ ${label}`;
  link.className = "gdl-save";
  link.style.cssText = BUTTON;
  return link;
}

// `holder` emptied of its saving links, the memory their files held given back.
function emptied(holder) {
  for (const link of holder.querySelectorAll("a.gdl-save")) URL.revokeObjectURL(link.href);
  holder.replaceChildren();
}

// A line of its own in the panel for `element`.
function line(element) {
  const holder = document.createElement("div");
  holder.append(element);
  return holder;
}

// The panel's part, built once per element; each rerun gives it the scene's newest settings.
function partOf(parentElement) {
  const built = parentElement.querySelector(".gdl-pictures");
  if (built) return built.part;
  const root = document.createElement("div");
  root.className = "gdl-pictures";
  const button = () => {
    const made = document.createElement("button");
    made.type = "button";
    made.style.cssText = BUTTON;
    return made;
  };
  const part = { root, gifButton: button(), pngButton: button(), gifFiles: document.createElement("div"),
    pngFiles: document.createElement("div"), bar: document.createElement("progress"),
    message: document.createElement("div"), busy: false, settings: null };
  part.bar.style.cssText = "display:none;width:100%;";
  part.message.setAttribute("role", "status");
  root.append(line(part.gifButton), part.gifFiles, line(part.pngButton), part.pngFiles, part.bar, part.message);
  parentElement.append(root);
  root.part = part;
  part.gifButton.addEventListener("click", () => make(part, "gif"));
  part.pngButton.addEventListener("click", () => make(part, "png"));
  return part;
}

// Make the files of `kind` ("gif" or "png") for the scene the panel was last given, the bar moving as each
// picture is drawn; a failure says so in the panel. Files of a scene the page left meanwhile are not offered.
async function make(part, kind) {
  if (part.busy) return;
  const settings = part.settings;
  const { texts } = settings;
  const offer = (holder, ...links) => {
    if (part.scene !== settings.scene) return false;
    holder.replaceChildren(...links);
    return true;
  };
  const told = (done, total) => {
    part.bar.max = total;
    part.bar.value = done;
    part.message.textContent = texts.drawing.replace("{done}", done).replace("{total}", total);
  };
  part.busy = true;
  emptied(kind === "gif" ? part.gifFiles : part.pngFiles); // the file made before is made again
  part.bar.style.display = "block";
  part.bar.removeAttribute("value");
  part.message.textContent = texts.starting;
  try {
    if (kind === "gif") {
      const chart = chartKeyed(settings.gif.keys);
      if (!chart || !framesOf(chart).length) {
        part.message.textContent = texts.no_frames;
        return;
      }
      const bytes = await animatedGif(chart, settings.gif, told);
      const link = saving(new Blob([bytes], { type: "image/gif" }), `${settings.stem}.gif`, texts.gif);
      if (offer(part.gifFiles, line(link))) link.focus();
    } else {
      const links = [];
      const shown = settings.png.charts.filter(({ keys }) => chartKeyed(keys));
      for (const [i, { name, keys, width, label }] of shown.entries()) {
        const blob = await chartPng(chartKeyed(keys), { width, scale: settings.png.scale });
        links.push(line(saving(blob, `${settings.stem}-${name}.png`, label)));
        told(i + 1, shown.length);
      }
      if (offer(part.pngFiles, ...links)) links[0]?.firstChild.focus();
    }
    part.message.textContent = "";
  } catch (error) {
    part.message.textContent = texts.failed;
    console.error(error);
  } finally {
    part.busy = false;
    part.bar.style.display = "none";
  }
}

export function draw({ parentElement, data }) {
  const part = partOf(parentElement);
  if (part.scene !== data.scene) {
    // A file made for another scene is never offered for this one.
    emptied(part.gifFiles);
    emptied(part.pngFiles);
    part.message.textContent = "";
  }
  part.scene = data.scene;
  part.settings = data;
  part.gifButton.textContent = data.texts.make_gif;
  part.pngButton.textContent = data.texts.make_png;
  return undefined;
}
