"""A lesson on paper: one printable page (A4) with each step's narration, its question with a box per answer and
room to say why, and the picture the learner predicts from; the answers and why on a last page of their own.
Opens with no network (plotly.js inside, once) and prints as it shows."""

import html
from collections.abc import Sequence
from typing import NamedTuple

import plotly.io as pio

from plots.export import document, inline_html, still_layout

CHART_SIZE = (640, 360)
"""A chart's size in CSS pixels: the width of an A4 page inside its margins, at the browser's 96 px per inch."""
LETTERS = "ABCD"


class Sheet(NamedTuple):
    """One step on paper: its heading ("Step 2 of 5"), narration, question (None: a step that only tells) with its
    answers in the order the page shows them, the chart before the run, and its answer with why."""

    heading: str
    narration: str
    question: str | None
    answers: tuple[str, ...]
    chart: dict
    answer: str = ""
    """The answer key's line for this step: which answer is right, and why."""


class Labels(NamedTuple):
    """The handout's own words, in the visitor's language."""

    name: str
    """What a line to write one's name on is headed with ("Name:")."""
    intro: str
    why: str
    """The prompt above the room to answer in."""
    answers: str
    """The last page's heading."""


def handout_html(title: str, sheets: Sequence[Sheet], labels: Labels, lang: str) -> str:
    """The lesson `title` as a printable page of `sheets`; each picture is still (no Play, scrubber or hover)."""
    steps = "\n".join(_step(sheet, index == 0, labels) for index, sheet in enumerate(sheets))
    key = "".join(f"<li>{inline_html(sheet.answer)}</li>" for sheet in sheets if sheet.question)
    style = f"""
@page {{ size: A4; margin: 14mm 15mm; }}
body {{ font-family: "Source Sans", "Noto Sans CJK SC", sans-serif; font-size: 11.5pt; line-height: 1.45;
       color: #1f1f1f; max-width: {CHART_SIZE[0]}px; margin: 1.5rem auto; }}
h1 {{ font-size: 17pt; margin: 0 0 .3rem; }}
h2 {{ font-size: 13pt; margin: 0 0 .3rem; }}
.name {{ margin: .4rem 0 1rem; }}
.step {{ break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #bbb; padding: .6rem 0 .8rem; }}
.step p {{ margin: .2rem 0 .5rem; }}
.question {{ font-weight: 600; }}
ol.answers {{ list-style: none; padding: 0; margin: .2rem 0 .4rem; }}
ol.answers li {{ margin: .25rem 0; }}
.box {{ display: inline-block; width: .9em; height: .9em; border: 1.5px solid #333; margin-right: .5em;
       vertical-align: -.1em; }}
.room {{ height: 2.2em; border-bottom: 1px solid #999; }}
.key {{ break-before: page; page-break-before: always; }}
.key li {{ margin: .4rem 0; }}
"""
    body = f"""<h1>{html.escape(title)}</h1>
<p class="name">{html.escape(labels.name)} ____________________________</p>
<p>{inline_html(labels.intro)}</p>
{steps}
<section class="key">
<h2>{html.escape(labels.answers)}</h2>
<ol class="answers">{key}</ol>
</section>
"""
    return document(title, lang, style, body)


def _step(sheet: Sheet, first: bool, labels: Labels) -> str:
    heading, narration = f"<h2>{html.escape(sheet.heading)}</h2>", f"<p>{inline_html(sheet.narration)}</p>"
    parts = [heading, narration, _chart(sheet.chart, first)]
    if sheet.question:
        answers = "".join(
            f'<li><span class="box"></span>{letter}. {inline_html(answer)}</li>'
            for letter, answer in zip(LETTERS, sheet.answers, strict=False)
        )
        parts += [
            f'<p class="question">{inline_html(sheet.question)}</p>',
            f'<ol class="answers">{answers}</ol>',
            f"<p>{html.escape(labels.why)}</p>",
            '<div class="room"></div>' * 4,
        ]
    return f'<section class="step">{"".join(parts)}</section>'


def _chart(spec: dict, first: bool) -> str:
    width, height = CHART_SIZE
    layout = {**still_layout(spec["layout"]), "width": width, "height": height}
    layout["margin"] = {**layout.get("margin", {}), "t": 64}
    return pio.to_html(
        {**spec, "layout": layout, "frames": []},
        include_plotlyjs=first,
        include_mathjax=False,
        full_html=False,
        config={"staticPlot": True, "displayModeBar": False},
        validate=False,
    )
