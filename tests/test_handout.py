"""A lesson's handout: every question of the lesson with its answers in the order the page shows them, the
picture the page shows before the run, the right answers on a last page, and it opens and prints offline."""

import re
from html.parser import HTMLParser

import pytest

from language import Words
from page.handout import before_the_run, handout
from page.lessons import LANGUAGES, catalog
from tests.browser import needs_chromium, offline
from tests.specs import figures
from tests.test_app import assert_healthy, run_page

LESSONS = catalog()
ASKED = [(name, index) for name, lesson in LESSONS.items() for index, step in enumerate(lesson.steps) if step.question]


class Sheets(HTMLParser):
    """What a handout shows, by section: each section's visible text, its list items and its number of charts."""

    def __init__(self):
        super().__init__()
        self.sections: list[dict] = []
        self._skip, self._in_item = 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.sections.append({"class": dict(attrs).get("class"), "text": "", "items": [], "charts": 0})
        if tag == "li" and self.sections:
            self.sections[-1]["items"].append("")
            self._in_item = True
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "div" and "plotly-graph-div" in (dict(attrs).get("class") or "") and self.sections:
            self.sections[-1]["charts"] += 1

    def handle_endtag(self, tag):
        self._in_item = self._in_item and tag != "li"
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and self.sections:
            self.sections[-1]["text"] += data
            if self._in_item:
                self.sections[-1]["items"][-1] += data


def read(text: str) -> tuple[list[dict], dict]:
    """The steps' sections and the answer key's, of a handout."""
    parser = Sheets()
    parser.feed(text)
    (key,) = [s for s in parser.sections if s["class"] == "key"]
    return [s for s in parser.sections if s["class"] == "step"], key


def plain(markdown: str) -> str:
    """A narration's words as the handout shows them: its markup gone (a star alone, as in θ*, is no markup),
    its lines joined."""
    words = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown, flags=re.DOTALL)
    words = re.sub(r"\*(.+?)\*", r"\1", words, flags=re.DOTALL)
    return " ".join(words.replace("`", "").split())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", LESSONS)
def test_the_handout_holds_every_step_question_and_answer_and_the_key_names_the_right_ones(name, lang):
    lesson, say = LESSONS[name], Words(lang)
    steps, key = read(handout(lesson, say))
    assert len(steps) == len(lesson.steps)
    for index, (section, step) in enumerate(zip(steps, lesson.steps, strict=True)):
        text = " ".join(section["text"].split())
        assert say("lesson.step", number=index + 1, count=len(lesson.steps)) in text
        assert plain(step.narration[lang]) in text
        assert section["charts"] == 1, "the picture to predict from"
        if step.question is None:
            continue
        assert plain(step.question.text[lang]) in text
        shown = dict(item.split(". ", 1) for item in section["items"])
        assert sorted(shown.values()) == sorted(plain(answer[lang]) for answer in step.question.answers)
        right_answer = plain(step.question.answers[step.question.right][lang])
        (right,) = [letter for letter, answer in shown.items() if answer == right_answer]
        heading = say("lesson.step", number=index + 1, count=len(lesson.steps))
        (line,) = [" ".join(item.split()) for item in key["items"] if item.startswith(heading)]
        assert re.match(re.escape(heading) + r"\W+" + right + r"\. ", line), (heading, right, line)
        assert plain(step.question.why[lang]) in line


def answers_on_paper(name: str, index: int) -> list[str]:
    steps, _ = read(handout(LESSONS[name], Words("en")))
    return [item.split(". ", 1)[1] for item in steps[index]["items"]]


@pytest.mark.parametrize(("name", "index"), ASKED, ids=[f"{n}-{i + 1}" for n, i in ASKED])
def test_the_handouts_answers_come_in_the_pages_order_beside_the_pages_picture_before_the_run(name, index):
    """A class mixing paper and screens reads the same answers as A, B, C, beside the same picture."""
    at = run_page(lesson=name, step=str(index + 1))
    assert_healthy(at)
    (radio,) = [radio for radio in at.radio if radio.key.startswith("answer")]
    assert answers_on_paper(name, index) == [plain(option) for option in radio.options]
    on_page = figures(at)[0]
    step = LESSONS[name].steps[index]
    on_paper = before_the_run(step.scene, Words("en")).to_dict()
    names = lambda spec: [trace.get("name") for trace in spec["data"]]  # noqa: E731
    assert names(on_paper) == names(on_page)
    start = lambda spec: next(t for t in spec["data"] if t.get("name") == "start")  # noqa: E731
    assert [float(start(on_paper)["x"][0])] == pytest.approx([float(start(on_page)["x"][0])])


@needs_chromium
def test_lesson_fours_handout_in_chinese_opens_offline_and_prints_on_a4_with_the_answers_last(tmp_path):
    lesson = LESSONS["local_global"]
    path = tmp_path / "handout.html"
    path.write_text(handout(lesson, Words("zh")), encoding="utf-8")
    with offline(path) as (page, asked):
        drawn = page.evaluate(DRAWN)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        page.evaluate("() => document.querySelector('section.key').remove()")
        without_key = page.pdf(format="A4", prefer_css_page_size=True)
    assert asked == [path.as_uri()], "nothing but the file itself"
    assert drawn == [True] * len(lesson.steps), "every step's picture is drawn"
    assert page_sizes(pdf) == {(595, 842)}, "A4"
    assert len(page_sizes(pdf, every=True)) == len(page_sizes(without_key, every=True)) + 1, "the answers' own page"


DRAWN = """() => [...document.querySelectorAll('section.step')]
  .map((section) => section.querySelectorAll('.js-plotly-plot .main-svg').length > 0)"""


def page_sizes(pdf: bytes, every: bool = False):
    """The sizes (points, rounded) of a PDF's pages: as a set, or with `every`, one per page."""
    sizes = [tuple(round(float(v)) for v in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)]
    return sizes if every else set(sizes)
