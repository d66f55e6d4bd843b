"""The page's words in English and 中文: one catalog per language (`language/en.toml`, `language/zh.toml`) and
one function that looks a text up by its key and fills in its numbers.

The registries' own English (landscape titles and descriptions, optimizer and schedule titles, settings' help,
formula errors) stays beside the code it describes; the English catalog takes it from there under the same
keys the Chinese catalog translates, so both catalogs hold every key. Plain Python: the page asks for words,
and the figure builders receive them as an argument.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from pathlib import Path

import numpy as np

import landscapes
import optimizers
from landscapes import formula, given
from optimizers import schedules

FOLDER = Path(__file__).resolve().parent
BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")
LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    """Nested TOML tables as one level of dotted keys (`[outcome] diverged` → `outcome.diverged`)."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat |= _flat(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def registry_english() -> dict[str, str]:
    """The English the registries carry, under the keys the catalogs use for it."""
    texts = {}
    for name in landscapes.names():
        land = landscapes.about(name)
        texts |= {f"landscape.{name}.title": land.title, f"landscape.{name}.description": land.description}
    for name in optimizers.names():
        optimizer = optimizers.get(name)
        texts[f"optimizer.{name}.title"] = optimizer.title
        texts[f"optimizer.{name}.description"] = optimizer.description
        texts |= {f"setting.{name}.{param}": spec.help for param, spec in optimizer.hyperparams.items()}
    for name in schedules.names():
        schedule = schedules.get(name)
        texts[f"schedule.{name}.title"] = schedule.title
        texts |= {f"setting.schedule.{param}": spec.help for param, spec in schedule.hyperparams.items()}
    texts |= {f"formula_error.{code}": text for code, text in formula.MESSAGES.items()}
    texts |= {f"data_error.{code}": text for code, text in given.MESSAGES.items()}
    return texts


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """Every text of language `lang` by key."""
    texts = _flat(tomllib.loads((FOLDER / f"{lang}.toml").read_text(encoding="utf-8")))
    return registry_english() | texts if lang == "en" else texts


class Words:
    """The texts of one language: `words(key, **numbers)` is the text `key` with its `{fields}` filled in."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT
        self.texts = catalog(self.lang)

    def __call__(self, key: str, /, **fields) -> str:
        text = self.texts.get(key)
        if text is None:  # a word a catalog lacks: English, and a line in the log, never an error for a visitor
            logging.getLogger(__name__).warning("the %s catalog has no %r; English is shown", self.lang, key)
            text = catalog(DEFAULT)[key]
        text = text.format(**fields) if fields else text
        if self.lang == "zh" and fields:
            # A name filled in beside Chinese words ("{title} 的") keeps no space between Chinese characters.
            text = BETWEEN_HAN.sub("", text)
        return text


def missing(lang: str) -> list[str]:
    """The keys the English catalog has and `lang`'s lacks."""
    return sorted(set(catalog(DEFAULT)) - set(catalog(lang)))


@functools.cache
def words(lang: str) -> Words:
    return Words(lang)


def from_locale(locale: str | None) -> str:
    """The language a browser's locale (`zh-CN`, `en-GB`, `zh-Hant-TW`) asks for: Chinese for any `zh`, else English."""
    return "zh" if isinstance(locale, str) and locale.lower().split("-")[0].split("_")[0] == "zh" else DEFAULT


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value: float, digits: int = 4) -> str:
    """How the page writes a number, in every language: `digits` significant digits, a true minus sign, and a
    power of ten written out (2.75×10⁻⁸, never 2.75e-08 or 0.0000000000000007); ∞ for an overflow."""
    value = float(value)
    if not np.isfinite(value):
        return "—" if np.isnan(value) else ("∞" if value > 0 else "−∞")
    text = f"{value:.0f}" if 1e4 <= abs(value) < 1e6 else f"{value:.{digits}g}"
    if "e" in text:
        mantissa, power = text.split("e")
        exponent = str(int(power)).translate(SUPERSCRIPTS)
        text = f"10{exponent}" if mantissa in ("1", "-1") else f"{mantissa}×10{exponent}"
        text = ("-" if mantissa == "-1" else "") + text
    return text.replace("-", "−")


def latex(value: float, digits: int = 4) -> str:
    """A number as `number` writes it, in LaTeX (2.75 \\times 10^{-8}), for the update rules written out."""
    text = number(value, digits).replace("−", "-").replace("∞", r"\infty").replace("—", r"\text{—}")
    if "10" in text and any(c in text for c in SUPERSCRIPT_DIGITS):
        head, _, power = text.partition("10")
        exponent = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
        times = r" \times "
        text = head.replace("×", times) + "10^{" + exponent + "}"
    return text


SUPERSCRIPT_DIGITS = set("⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def point(values, digits: int = 3) -> str:
    """A point's coordinates as the page writes them: `number`s joined by commas."""
    return ", ".join(number(c, digits) for c in np.atleast_1d(values))
