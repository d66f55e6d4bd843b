"""Text from outside the program (a link's value, a typed formula) shown as text: never as Markdown, HTML,
a link, an emoji code or LaTeX, and never longer than a notice can hold."""

import re

MAX_SHOWN = 60

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~&:=\"'/@])")


def _flat(value: str, limit: int) -> str:
    """`value` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quoted(value: str, limit: int = MAX_SHOWN) -> str:
    """`value` as a Markdown code span, inside which nothing is markup: fenced by one backtick more than the
    longest run of backticks it holds, so no backtick in it can close the span."""
    flat = _flat(value, limit)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    return f"{fence} {flat} {fence}"


def plain(value: str, limit: int = 1000) -> str:
    """`value` with every character Markdown, HTML, LaTeX or an autolink could read as markup backslash-escaped:
    for a sentence of ours that carries a visitor's fragments (a formula's refusal names what was typed)."""
    return _MARKUP.sub(r"\\\1", _flat(value, limit))
