"""A scene to take away as a page that plays offline, made from the figures the page draws, so the file and the
page never differ. (Its pictures, GIF and PNG, are made by the learner's browser: `plots/browser/pictures.js`.)"""

import html
import re
from collections.abc import Sequence

import plotly.io as pio

from plots.live import CONFIG


def still_layout(layout: dict) -> dict:
    """`layout` without Play, Pause and the scrubber, which do nothing in a picture."""
    return {key: value for key, value in layout.items() if key not in ("sliders", "updatemenus")}


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
