"""The lessons, read from `lessons/*.toml`: the chapter as guided scenes, each step a scene in the link's names,
a narration, and perhaps a question to answer before the run is shown. Plain Python, no Streamlit."""

from __future__ import annotations

import functools
import hashlib
import tomllib
from pathlib import Path
from typing import NamedTuple

FOLDER = Path(__file__).resolve().parents[1] / "lessons"
LANGUAGES = ("en", "zh")


class Question(NamedTuple):
    """What the learner predicts before the run is shown: the question, 2–4 answers, the right one, why it is
    right, and for each wrong answer why not (`mistakes[i]`, the misconception answer i comes from; None for
    the right one)."""

    text: dict[str, str]
    answers: tuple[dict[str, str], ...]
    right: int
    why: dict[str, str]
    mistakes: tuple[dict[str, str] | None, ...]


class Predict(NamedTuple):
    """What a class predicts besides the question's choice: `kind` "point" (a tap on the map or curve: where the
    focus optimizer's run ends) or "rate" (a pick on the η scale: the smallest η at which it diverges), and the
    words that ask it."""

    kind: str
    text: dict[str, str]


class Step(NamedTuple):
    """A scene in the link's names, its narration, the question it asks, `claims`: what the run itself says,
    per optimizer (words its outcome line must contain), and `shows`: what its picture must show for the
    narration to be true (`zigzag`: optimizers whose path zig-zags; `drawn`: optimizers whose path is drawn;
    `marked`: names of the chart's marks and arrows). Tests hold the lesson to both. `predict`: in a class,
    what else the students predict (`Predict`); `controls`: the controls a student's page offers once the run
    is shown (names as `?controls=` takes them)."""

    scene: dict[str, str]
    narration: dict[str, str]
    question: Question | None
    claims: dict[str, str]
    shows: dict[str, list[str]]
    predict: Predict | None = None
    controls: tuple[str, ...] = ()


class Lesson(NamedTuple):
    name: str
    order: int
    title: dict[str, str]
    steps: tuple[Step, ...]


def _step(raw: dict) -> Step:
    question = None
    if "question" in raw:
        answers = tuple({lang: answer[lang] for lang in LANGUAGES} for answer in raw["answers"])
        mistakes = tuple(answer.get("why") for answer in raw["answers"])
        question = Question(raw["question"], answers, int(raw["right"]), raw["why"], mistakes)
    scene = {key: str(value) for key, value in raw["scene"].items()}
    predict = None
    if "predict" in raw:
        predict = Predict(raw["predict"]["kind"], {lang: raw["predict"][lang] for lang in LANGUAGES})
    return Step(scene, raw["narration"], question, raw.get("claims", {}), raw.get("shows", {}), predict,
                tuple(raw.get("controls", ())))  # fmt: skip


def load(path: Path) -> Lesson:
    """One lesson file; its name is the file's name without the leading number (`01_update_rule` → `update_rule`)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    name = path.stem.split("_", 1)[1]
    return Lesson(name, int(raw["order"]), raw["title"], tuple(_step(step) for step in raw["steps"]))


@functools.cache
def catalog() -> dict[str, Lesson]:
    """Every lesson by name, in the chapter's order."""
    lessons = sorted((load(path) for path in FOLDER.glob("*.toml")), key=lambda lesson: lesson.order)
    return {lesson.name: lesson for lesson in lessons}


def answer_order(lesson: Lesson, index: int) -> list[int]:
    """The answers of step `index`'s question in the order the page and the handout show them: fixed for the step
    but not the file's, so the right one is not always first."""
    count = len(lesson.steps[index].question.answers)
    digest = hashlib.sha256(f"{lesson.name}/{index}".encode()).digest()
    return sorted(range(count), key=lambda i: digest[i])
