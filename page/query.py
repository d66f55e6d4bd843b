"""The page's link: how each control's part of it is read (the readers the control table's rows use).

Links name things by stable short names (`landscape=local_minimum&optimizers=gd,adam&lr=0.1`), never by the
display text, which changes with the language; links written by earlier versions, with display titles, still
open. A reader takes the raw values of one key and returns the control's value, or raises ValueError.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

import landscapes
import optimizers
from language import Words, words
from optimizers import schedules
from page.scene import (
    FORMULA,
    LOSS_AXES,
    VIEWS,
)

Reader = Callable[[list[str]], object]

SWITCH = {"true": True, "false": False}


def single(raw: list[str]) -> str:
    if len(raw) != 1:
        raise ValueError("one value expected")
    return raw[0]


def one_of(options: Mapping[str, object]) -> Reader:
    """A reader for a choice written as one of `options`' keys."""
    return lambda raw: options[single(raw)] if single(raw) in options else _refuse()


def number_in(low: float, high: float, whole: bool = False) -> Reader:
    """A reader for a finite number from `low` to `high` (a whole one if `whole`)."""

    def read(raw: list[str]) -> float | int:
        value = float(single(raw))
        if not (math.isfinite(value) and low <= value <= high) or (whole and value != int(value)):
            raise ValueError("out of range")
        return int(value) if whole else value

    return read


def rate_in(stops: Iterable[float]) -> Reader:
    """A reader for one of a log slider's `stops`, written as `rate_text` writes it (or as any equal number)."""
    by_value = {float(stop): float(stop) for stop in stops}

    def read(raw: list[str]) -> float:
        value = float(single(raw))
        return by_value[value] if value in by_value else _refuse()

    return read


def names_of(options: Mapping[str, str]) -> Reader:
    """A reader for several choices: the key repeated (`optimizers=gd&optimizers=adam`) or comma-separated."""

    def read(raw: list[str]) -> list[str]:
        items = [item.strip() for value in raw for item in value.split(",") if item.strip()]
        if not items or any(item not in options for item in items):
            raise ValueError("unknown name")
        return list(dict.fromkeys(options[item] for item in items))

    return read


def _refuse():
    raise ValueError("not one of the choices")


def rate_text(value: float) -> str:
    return f"{value:g}"


def with_titles(names: Iterable[str], title: Callable[[str], str]) -> dict[str, str]:
    """Each name, and its display title from earlier links, mapped to the name."""
    options = {}
    for name in names:
        options[title(name)] = name
        options[name] = name
    return options


def landscape_title(name: str, say: Words) -> str:
    """What the landscape picker shows for `name`; English links once carried it (`Himmelblau's function  (2D)`)."""
    if name == FORMULA:
        return say("control.formula_choice")
    return say("control.landscape_title", title=say(f"landscape.{name}.title"), dim=landscapes.about(name).dim)


ENGLISH = words("en")
"""Links written by earlier versions carried English display titles; they still open."""


def landscape_options() -> dict[str, str]:
    """Landscape names, the formula choice, and the titles links once carried."""
    return with_titles((*landscapes.names(), FORMULA), lambda name: landscape_title(name, ENGLISH))


def optimizer_options() -> dict[str, str]:
    return with_titles(optimizers.names(), lambda name: ENGLISH(f"optimizer.{name}.title"))


def schedule_options() -> dict[str, str]:
    return with_titles(schedules.names(), lambda name: ENGLISH(f"schedule.{name}.title"))


def view_options() -> dict[str, str]:
    return with_titles(VIEWS, lambda name: ENGLISH(f"control.view_{name}"))


def loss_axis_options() -> dict[str, str]:
    return with_titles(LOSS_AXES, lambda name: ENGLISH(f"control.loss_axis_{name}"))
