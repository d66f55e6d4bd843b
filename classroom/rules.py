"""Who may do what in a class, and which answers count: only the page holding the teacher's key moves, reveals or
closes a class; a student's answer counts only for the step the class is on, before the reveal, of the kind the
step asks and inside its limits, and at most a few times a second. A refusal names its reason as a catalog key
(`class.refused.<reason>`), which the page words in the visitor's language; nothing refused is stored."""

import collections
import math
from typing import NamedTuple

from classroom.codes import as_code, holds_key, key_hash, new_code, new_key
from classroom.store import Answer, Room, Store

ANSWERS_PER_SECOND = 3
"""Answers one page may send a second; more are refused (a student cannot flood the class)."""
CODE_TRIES = 20


class Refused(Exception):
    """A request the class does not take; `reason` is its catalog key's last part."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Asked(NamedTuple):
    """What a step asks, as an answer is checked against it: `kind` ("choice", "point" or "rate") and its limits:
    the number of choices, the landscape's box (one (low, high) per axis), or the η stops."""

    kind: str
    choices: int = 0
    bounds: tuple[tuple[float, float], ...] = ()
    stops: tuple[float, ...] = ()


def start(store: Store, lesson: str, now: float) -> tuple[str, str]:
    """A new class at `lesson`'s first step: its code and the teacher's key."""
    key = new_key()
    for _ in range(CODE_TRIES):
        code = new_code()
        if store.create(code, key_hash(key), lesson, now):
            return code, key
    raise Refused("full")


def open_room(store: Store, text: str) -> Room:
    """The class a link or a student's typing names; refused when there is none open by that code."""
    code = as_code(text)
    room = store.room(code) if code else None
    if room is None:
        raise Refused("unknown")
    return room


def as_teacher(store: Store, code: str, key: str) -> None:
    """Refused unless `key` is the class's teacher key."""
    stored = store.key_hash(code)
    if stored is None:
        raise Refused("unknown")
    if not holds_key(stored, str(key)):
        raise Refused("not_teacher")


def move(store: Store, code: str, key: str, lesson: str, step: int, now: float) -> None:
    as_teacher(store, code, key)
    store.move(code, lesson, step, now)


def reveal(store: Store, code: str, key: str, now: float) -> None:
    as_teacher(store, code, key)
    store.reveal(code, now)


def open_controls(store: Store, code: str, key: str, opened: bool, now: float) -> None:
    """The teacher opens every control to the students (or closes them to the step's own again)."""
    as_teacher(store, code, key)
    store.open_controls(code, opened, now)


def close(store: Store, code: str, key: str) -> None:
    as_teacher(store, code, key)
    store.close(code)


def checked(asked: Asked, kind: str, value) -> Answer:
    """`value` as the answer of `kind` to what `asked` asks, written as the store keeps it; refused when it is
    not one."""
    if kind != asked.kind:
        raise Refused("wrong_kind")
    if kind == "choice":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < asked.choices:
            raise Refused("no_such_choice")
        return Answer(kind, str(value))
    if kind == "point":
        try:
            point = tuple(float(x) for x in value)
        except (TypeError, ValueError):
            raise Refused("outside") from None
        inside = len(point) == len(asked.bounds) and all(
            math.isfinite(x) and low <= x <= high for x, (low, high) in zip(point, asked.bounds, strict=False)
        )
        if not inside:
            raise Refused("outside")
        return Answer(kind, ",".join(f"{x:.6g}" for x in point))
    if kind == "rate":
        if not isinstance(value, int | float) or float(value) not in asked.stops:
            raise Refused("not_a_stop")
        return Answer(kind, f"{float(value):.10g}")
    raise Refused("wrong_kind")


class Pace:
    """The times of one page's last answers, to refuse more than ANSWERS_PER_SECOND a second."""

    def __init__(self) -> None:
        self.times: collections.deque = collections.deque(maxlen=ANSWERS_PER_SECOND)

    def allow(self, now: float) -> bool:
        if len(self.times) == ANSWERS_PER_SECOND and now - self.times[0] < 1.0:
            return False
        self.times.append(now)
        return True


def submit(store: Store, code: str, student: str, lesson: str, step: int, asked: Asked, kind: str, value,
           now: float, pace: Pace) -> Answer:  # fmt: skip
    """`student`'s answer to `lesson`'s `step`, stored if the class is on that step and has not revealed it."""
    room = store.room(code)
    if room is None:
        raise Refused("unknown")
    if (room.lesson, room.step) != (lesson, step):
        raise Refused("not_open")
    if room.revealed:
        raise Refused("revealed")
    answer = checked(asked, kind, value)
    if not pace.allow(now):
        raise Refused("too_fast")
    store.answer(code, lesson, step, student, answer, now)
    return answer
