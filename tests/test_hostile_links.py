"""Text from a link is text: hostile values in every control's part of the link are shown, never rendered."""

import re

import pytest

from page.text import quoted
from tests.test_app import assert_healthy, run_page

HOSTILE = [
    "x` **[Session expired: log in](http://ev.il)** `",
    "```\n# Heading\n```",
    "[click](javascript:alert(1))",
    '<a href="http://ev.il">log in</a>',
    "$\\href{http://ev.il}{log in}$",
    "![x](http://ev.il/a.png)",
    ":red[alarm] :material/warning: www.ev.il",
    "a" * 5000,
]
KEYS = ["landscape", "optimizers", "lr", "start_x", "start_y", "steps", "schedule", "animate", "view", "basins"]


def code_spans(markdown: str) -> tuple[list[str], str]:
    """The contents of every code span in `markdown`, and the text outside them (CommonMark's rule: a span
    closes at the next backtick run of the same length)."""
    inside, outside, rest = [], [], markdown
    while (opening := re.search(r"`+", rest)) is not None:
        fence = opening.group()
        closing = re.search(rf"(?<!`){fence}(?!`)", rest[opening.end() :])
        if closing is None:
            break
        outside.append(rest[: opening.start()])
        inside.append(rest[opening.end() : opening.end() + closing.start()])
        rest = rest[opening.end() + closing.end() :]
    return inside, "".join(outside) + rest


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_value_in_any_part_of_the_link_is_quoted_whole(value):
    at = run_page(**dict.fromkeys(KEYS, value))
    assert_healthy(at)
    assert len(at.warning) == len(KEYS), "each refused value gets its notice"
    for notice in at.warning:
        inside, outside = code_spans(notice.value)
        fence = len(quoted(value)) - len(quoted(value).lstrip("`"))
        assert quoted(value)[fence:-fence] in inside, "the value stands whole inside one code span"
        assert not re.search(r"[\[\]<>$*!]|http|www", outside), outside
        assert len(notice.value) < 300, "a long value is cut"


def test_the_quote_is_never_closed_from_inside():
    for value in [*HOSTILE, "`", "``", "a`b``c```d"]:
        span = quoted(value)
        inside, outside = code_spans(span)
        assert outside == ""
        assert len(inside) == 1


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_formula_is_refused_in_words_that_carry_no_markup(value):
    at = run_page(landscape="formula", formula=value)
    assert_healthy(at)
    (refusal,) = at.error
    unescaped = re.sub(r"\\.", "", refusal.value.removeprefix("**Formula refused.**"))
    assert not re.search(r"[\[\]<>$`*!_]", unescaped), refusal.value
    assert len(refusal.value) < 600
