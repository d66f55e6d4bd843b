"""A scene to take away: its animation as still pictures (one per frame) and as an animated GIF, and the whole
figure as a page that plays offline. Made from the figures the page draws, so a file and the page never differ."""

import html
import io
import re
from collections.abc import Callable, Mapping, Sequence

import plotly.io as pio
from PIL import Image

from plots.live import CONFIG
from plots.render import Renderer

Progress = Callable[[int, int], None]
"""Told (pictures drawn, pictures in all) as a file's pictures are drawn."""
Waiting = Callable[[int], None]
"""Told how many requests for pictures are ahead of this one, while it waits its turn."""

GIF_SIZE = (960, 540)
MAX_GIF_BYTES = 8 * 1024 * 1024
GIF_PLAY_MS = 6000
"""One pass through the frames takes about this long; the last frame then stays up for GIF_HOLD_MS."""
GIF_HOLD_MS = 2000
STILL_MARGIN = {"t": 110, "b": 70}
"""A still has no Play or scrubber under it, and its caption and legend above it."""


def stills(spec: dict, caption: str) -> list[dict]:
    """One figure per frame of `spec`'s animation (the paths as they stood at that frame's step), without Play
    or scrubber, each titled with `caption` and its step; a figure without frames gives itself, titled."""
    base = still_layout(spec["layout"])
    base["margin"] = {**base.get("margin", {}), **STILL_MARGIN}
    frames = spec.get("frames") or [{"name": None, "data": [], "traces": []}]
    pictures = []
    for frame in frames:
        data = list(spec["data"])
        for index, partial in zip(frame.get("traces", []), frame["data"], strict=True):
            data[index] = merged(data[index], partial)
        title = caption if frame["name"] is None else f"{caption}  ·  {frame_label(spec, frame['name'])}"
        layout = {**base, "title": {"text": title, "xref": "paper", "x": 0, "y": 0.98, "yanchor": "top"}}
        pictures.append({"data": data, "layout": layout})
    return pictures


def still_layout(layout: dict) -> dict:
    """`layout` without Play, Pause and the scrubber, which do nothing in a picture."""
    return {key: value for key, value in layout.items() if key not in ("sliders", "updatemenus")}


def frame_label(spec: dict, name: str) -> str:
    """The scrubber's own words for frame `name` ("step 12", "第 12 步"), or the name itself."""
    for slider in spec["layout"].get("sliders", []):
        current = slider.get("currentvalue", {})
        return f"{current.get('prefix', '')}{name}{current.get('suffix', '')}".strip()
    return str(name)


def merged(base: dict, partial: dict) -> dict:
    """`base` with `partial` laid over it key by key, nested dicts merged, as Plotly applies a frame to a trace
    (a typed array, `{"dtype", "bdata"}`, is one value)."""
    result = dict(base)
    for key, value in partial.items():
        nested = isinstance(value, dict) and "bdata" not in value and isinstance(result.get(key), dict)
        result[key] = merged(result[key], value) if nested else value
    return result


def animated_gif(
    renderer: Renderer, spec: dict, caption: str, done: Progress | None = None, waiting: Waiting | None = None
) -> bytes:
    """`spec`'s animation as a GIF of GIF_SIZE: one picture per frame, titled with `caption` and its step; drawn
    in the browser's turn (`waiting(n)` hears how many requests are ahead meanwhile)."""
    shots = stills(spec, caption)
    with renderer.turn(waiting):
        return gif(renderer.pngs(shots, *GIF_SIZE, done=done and (lambda n: done(n, len(shots)))))


def pictures(
    renderer: Renderer,
    specs: Mapping[str, dict],
    widths: Mapping[str, int],
    scale: float,
    done: Progress | None = None,
    waiting: Waiting | None = None,
) -> dict[str, bytes]:
    """Each chart of `specs` as a PNG of its `widths` (CSS pixels) and its own height, at `scale`, all in one turn
    of the browser's."""
    made = {}
    with renderer.turn(waiting):
        for name, spec in specs.items():
            layout = still_layout(spec["layout"])
            height = int(layout.get("height") or 500)
            (made[name],) = renderer.pngs([{**spec, "layout": layout}], widths[name], height, scale=scale)
            if done:
                done(len(made), len(specs))
    return made


def gif(pictures: Sequence[bytes], max_bytes: int = MAX_GIF_BYTES) -> bytes:
    """The PNG `pictures` as one looping GIF that plays in about GIF_PLAY_MS and holds its last picture; if it
    comes out larger than `max_bytes`, every other picture is dropped (always keeping the last) until it fits."""
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pictures]
    while True:
        encoded = _encoded(images)
        if len(encoded) <= max_bytes or len(images) <= 2:
            return encoded
        images = [*images[:-1:2], images[-1]]


def _encoded(images: list[Image.Image]) -> bytes:
    # One palette for every frame, so colours do not flicker: taken from the first, middle and last pictures
    # side by side (the last holds every path; the landscape and the legend are in all of them).
    sample = [images[0], images[len(images) // 2], images[-1]]
    board = Image.new("RGB", (sample[0].width, sample[0].height * 3))
    for row, image in enumerate(sample):
        board.paste(image, (0, row * sample[0].height))
    palette = board.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    frames = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    step = max(40, GIF_PLAY_MS // max(len(frames) - 1, 1))
    durations = [step] * (len(frames) - 1) + [GIF_HOLD_MS]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return out.getvalue()


def standalone_html(
    charts: Sequence[dict],
    title: str,
    link: str,
    facts: Sequence[tuple[str, str]],
    lang: str,
    notes: Sequence[str] = (),
) -> str:
    """A page that plays `charts` (the first with its frames, Play, Pause and scrubber; then e.g. the loss) with
    no network: plotly.js is inside, once. Above them: `title`, the scene's `link` (a web address is a link,
    anything else is shown as text), its settings (`facts`, name and value) and `notes`, paragraphs of plain
    text in which **bold** is kept (a lesson step's narration)."""
    # The page's chart config, less the one key plotly.py does not know (and warns about): its button is removed.
    config = {key: value for key, value in CONFIG.items() if key != "showEditInChartStudio"}
    drawn = "\n".join(
        pio.to_html(
            spec,
            include_plotlyjs=index == 0,
            include_mathjax=False,
            full_html=False,
            config=config,
            auto_play=False,
            validate=False,
        )
        for index, spec in enumerate(charts)
    )
    rows = "".join(f"<tr><th>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>" for name, value in facts)
    shown_link = html.escape(link)
    if link.startswith(("http://", "https://")):
        shown_link = f'<a href="{shown_link}">{shown_link}</a>'
    paragraphs = "".join(f"<p>{inline_html(note)}</p>" for note in notes)
    style = """
body { font-family: "Source Sans", "Noto Sans CJK SC", sans-serif; margin: 1.5rem; color: #262730; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { text-align: left; padding: .15rem 1rem .15rem 0; vertical-align: top; }
th { font-weight: 600; }
"""
    body = f"<h1>{html.escape(title)}</h1>\n<p>{shown_link}</p>\n<table>{rows}</table>\n{paragraphs}\n{drawn}"
    return document(title, lang, style, body)


def document(title: str, lang: str, style: str, body: str) -> str:
    """A whole HTML page in `lang`, titled `title`, with its own `style` sheet and `body`."""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""


def inline_html(text: str) -> str:
    """Plain text made safe for HTML, with a narration's markup kept: **bold**, *italic* and `code`; its line
    breaks joined, as Markdown joins them."""
    text = html.escape(" ".join(text.split()))
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)
