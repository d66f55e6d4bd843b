"""The lessons, read from `lessons/*.toml`: the chapter as guided scenes, each step a scene in the link's names,
a narration, and perhaps a question to answer before the run is shown. Plain Python, no Streamlit."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import NamedTuple

FOLDER = Path(__file__).resolve().parents[1] / "lessons"
LANGUAGES = ("en", "zh")


class Question(NamedTuple):
    """What the learner predicts before the run is shown: the question, 2–4 answers, the right one, and why."""

    text: dict[str, str]
    answers: tuple[dict[str, str], ...]
    right: int
    why: dict[str, str]


class Step(NamedTuple):
    """A scene in the link's names, its narration, the question it asks, and `claims`: what the run itself
    says, per optimizer (words its outcome line must contain), so a test holds the lesson to the run."""

    scene: dict[str, str]
    narration: dict[str, str]
    question: Question | None
    claims: dict[str, str]


class Lesson(NamedTuple):
    name: str
    order: int
    title: dict[str, str]
    steps: tuple[Step, ...]


def _step(raw: dict) -> Step:
    question = None
    if "question" in raw:
        answers = tuple(raw["answers"])
        question = Question(raw["question"], answers, int(raw["right"]), raw["why"])
    scene = {key: str(value) for key, value in raw["scene"].items()}
    return Step(scene, raw["narration"], question, raw.get("claims", {}))


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
