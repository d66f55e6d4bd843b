"""Text from outside the program (a link's value, a typed formula) shown as text: never as Markdown, HTML,
a link or LaTeX, and never longer than a notice can hold."""

import re

MAX_SHOWN = 60

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~&:=\"'])")


def plain(value: str, limit: int = MAX_SHOWN) -> str:
    """`value` escaped for Streamlit's Markdown, on one line, cut to `limit` characters with an ellipsis.

    Every character Markdown, HTML or LaTeX could read as markup is backslash-escaped, so the page shows
    exactly the characters that came in; `(empty)` stands for nothing.
    """
    flat = " ".join(str(value).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _MARKDOWN.sub(r"\\\1", flat) if flat else "(empty)"
