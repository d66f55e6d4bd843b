"""The page's link: reading each control's part of it, and writing a scene back into it.

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
    DEFAULT_FORMULA,
    DEFAULT_LANDSCAPE,
    DEFAULT_OPTIMIZERS,
    DEFAULT_STEPS,
    FORMULA,
    LOSS_AXES,
    VIEWS,
    Built,
    Scene,
    Typed,
    default_rate,
    setting_default,
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
    return say("control.landscape_title", title=say(f"landscape.{name}.title"), dim=landscapes.get(name).dim)


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


def scene_link(scene: Scene, default_start: tuple[float, ...]) -> dict[str, str]:
    """The link's parts for `scene`: every control that differs from its default, by stable names."""
    link: dict[str, str] = {}
    source = scene.source
    if isinstance(source, Typed):
        link["landscape"] = FORMULA
        if source.text != DEFAULT_FORMULA:
            link["formula"] = source.text
        for axis, (low, high) in zip("xy", source.bounds, strict=False):
            link |= {f"{axis}_min": f"{low:g}", f"{axis}_max": f"{high:g}"}
    elif source.name != DEFAULT_LANDSCAPE:
        link["landscape"] = source.name
    names = tuple(choice.name for choice in scene.optimizers)
    if names != DEFAULT_OPTIMIZERS:
        link["optimizers"] = ",".join(names)
    if scene.lr != default_rate(scene.source):
        link["lr"] = rate_text(scene.lr)
    if scene.own_rates:
        link["own_rates"] = "true"
        link |= {f"{name}_lr": rate_text(rate) for name, rate in scene.own_rates if rate != scene.lr}
    for axis, value, default in zip(("start_x", "start_y"), scene.start, default_start, strict=False):
        if value != default:
            link[axis] = f"{value:.10g}"
    if scene.steps != DEFAULT_STEPS:
        link["steps"] = str(scene.steps)
    for choice in scene.optimizers:
        link |= _settings(choice.name, choice.settings, optimizers.get(choice.name).hyperparams)
    if scene.schedule:
        link["schedule"] = scene.schedule.name
        link |= _settings("schedule", scene.schedule.settings, schedules.get(scene.schedule.name).hyperparams)
    if isinstance(source, Built) and source.sample:
        link["sample"] = str(source.sample)
    batching = scene.batching
    if batching.batch_size is not None and batching.batch_size != landscapes.get(source.name).n_examples:
        link["batch_size"] = str(batching.batch_size)
    if batching.compare:
        link["compare"] = "true"
    view = scene.view
    link |= {"animate": "false"} if not view.animated else {}
    link |= {"view": view.kind} if view.kind == "surface" else {}
    link |= {"focus": view.focus} if scene.optimizers and view.focus != scene.optimizers[0].name else {}
    link |= {"basins": "true"} if view.basins else {}
    link |= {"loss_axis": "examples"} if view.per_example else {}
    if view.iteration is not None:
        link |= {"stepping": "true"} | ({"iteration": str(view.iteration)} if view.iteration else {})
    return link


def _settings(owner: str, settings, specs) -> dict[str, str]:
    return {f"{owner}_{name}": rate_text(value) for name, value in settings if value != setting_default(specs[name])}
