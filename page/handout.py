"""A lesson as a handout to print, in the visitor's language: each step's narration, question and answers in the
order the page shows them, the picture the page shows before the run, and the answers with why at the end.
Plain Python: the lesson panel offers it for download."""

from __future__ import annotations

from language import Words
from page import work
from page.lessons import Lesson, answer_order
from page.scene import Built, default_start
from plots.animation import Figure
from plots.contour import contour_figure
from plots.curve import curve_figure
from plots.handout import LETTERS, Labels, Sheet, handout_html
from plots.live import figure_spec
from plots.training_path import add_training_path


def handout(lesson: Lesson, say: Words) -> str:
    """`lesson` as a printable page (see `plots.handout`)."""
    labels = Labels(say("handout.name"), say("handout.intro"), say("handout.why"), say("handout.answers"))
    return handout_html(lesson.title[say.lang], sheets(lesson, say), labels, say.lang)


def sheets(lesson: Lesson, say: Words) -> list[Sheet]:
    """One sheet per step of `lesson`, in `say`'s language."""
    made, lang, count = [], say.lang, len(lesson.steps)
    for index, step in enumerate(lesson.steps):
        heading = say("lesson.step", number=index + 1, count=count)
        chart = figure_spec(before_the_run(step.scene, say))
        question = step.question
        if question is None:
            made.append(Sheet(heading, step.narration[lang], None, (), chart))
            continue
        order = answer_order(lesson, index)
        answers = tuple(question.answers[i][lang] for i in order)
        right = LETTERS[order.index(question.right)]
        answer = say("handout.answer", step=heading, letter=right, answer=question.answers[question.right][lang],
                     why=question.why[lang])  # fmt: skip
        made.append(Sheet(heading, step.narration[lang], question.text[lang], answers, chart, answer))
    return made


def before_the_run(names: dict[str, str], say: Words) -> Figure:
    """What the page shows while a step waits for the learner's prediction: its landscape and the ringed start,
    no paths. `names` is the step's scene in the link's names."""
    source = Built(names["landscape"])
    land = work.landscape_for(source)
    axes = zip(("start_x", "start_y"), default_start(land), strict=False)
    start = tuple(float(names.get(key, default)) for key, default in axes)
    grid, shading = work.grid(source, 400 if land.dim == 1 else 100)
    if land.dim == 1:
        return curve_figure(land, grid, {}, None, None, animated=False, say=say, start=start[0])
    fig = contour_figure(land, grid, shading, {}, start, animated=False, say=say)
    add_training_path(fig, land, say)
    return fig
