"""What a class shares across processes and machines, and the small interface every store gives it: one row per
class (its lesson, step, whether the answer is revealed), its students, and one answer per student and step.

Stores keep and return values; the rules (who may move a class, which answers count) are `classroom.rules`'."""

from typing import NamedTuple, Protocol

IDLE_SECONDS = 12 * 3600
"""A class untouched this long is closed and its answers deleted."""


class Unreachable(OSError):
    """What a store raises when its server cannot be reached or answers too slowly (the embedded one raises
    OSError or sqlite3.Error, which the page catches alike)."""


class Room(NamedTuple):
    """A class as every page reads it, about once a second."""

    code: str
    lesson: str
    step: int
    revealed: bool
    joined: int
    touched: float
    """When the teacher or a student last did something in it (seconds since the epoch)."""
    open: bool = False
    """Whether the teacher has opened every control to the students (once a run is shown)."""


class Answer(NamedTuple):
    """One student's answer to one step: `kind` is "choice" (the option's number), "point" ("x,y" or "θ") or
    "rate" (an η stop), `value` its text as the page wrote it."""

    kind: str
    value: str


class Store(Protocol):
    def create(self, code: str, key_hash: str, lesson: str, now: float) -> bool:
        """A new class at its lesson's first step; False, storing nothing, if `code` is taken."""

    def room(self, code: str) -> Room | None:
        """The class `code`, or None when there is none (never opened, closed, or expired)."""

    def key_hash(self, code: str) -> str | None:
        """The hash of the class's teacher key."""

    def move(self, code: str, lesson: str, step: int, now: float) -> None:
        """The class goes to `lesson`'s `step`, its answer not yet revealed."""

    def reveal(self, code: str, now: float) -> None: ...

    def open_controls(self, code: str, opened: bool, now: float) -> None:
        """Open (or close again) every control to the class's students."""

    def close(self, code: str) -> None:
        """The class, its students and its answers deleted."""

    def join(self, code: str, student: str, now: float) -> int:
        """`student` (a random id of one page, never a name) counted in the class; how many have joined."""

    def answer(self, code: str, lesson: str, step: int, student: str, answer: Answer, now: float) -> None:
        """`student`'s answer to the step, replacing the one of its kind they gave before."""

    def answers(self, code: str, lesson: str, step: int) -> list[Answer]:
        """Every answer to the step, one per student and kind, in no particular order and with no student named."""

    def answer_of(self, code: str, lesson: str, step: int, student: str, kind: str) -> Answer | None: ...

    def expire(self, now: float, idle: float = IDLE_SECONDS) -> list[str]:
        """Close every class untouched for `idle` seconds; their codes."""
