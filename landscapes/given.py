"""The learner's own examples: points added, moved or removed on the data chart, or rows read from a CSV file, each
checked against the same rules, so a loss on them is bounded work and has no NaN in it.

A chart point is (x₁, x₂) for two classes (its class chosen apart) and (x, y) for a regression; a file's row is
`x₁, x₂, class` or `x, y`. A refusal is a `DataError` naming the row and the rule; the page keeps the old data.
"""

from __future__ import annotations

import csv
import math

import numpy as np

from landscapes.data import DataLandscape, Examples, Given
from landscapes.network import NetworkLandscape

MAX_BYTES = 200_000
"""A file larger than this is refused unread."""
MAX_ROWS = 2000
NETWORK_ROWS = 500
"""A trained network's data is smaller: each change trains it again (about a second at this size)."""
VALUE_LIMIT = 1000.0
"""Every feature and target lies within ±this: the chart stays readable and no loss overflows."""
FEWEST = 2
REACH = 0.04
"""A click or a drag takes the nearest example within this share of the chart's span; nothing farther."""
CLASSES = {-1.0: -1.0, 0.0: -1.0, 1.0: 1.0}
"""A class in a file: −1 or 0 for one, 1 for the other (the loss writes them ±1)."""

MESSAGES = {
    "too_large": "The file is {size} kB; at most {limit} kB are read. Use fewer rows.",
    "not_text": "The file is not text (UTF-8): save it as CSV and try again.",
    "columns": "Row {row} has {found} values; each row needs {expected} ({names}).",
    "not_number": "Row {row}, column {column}: “{text}” is not a number.",
    "not_finite": "Row {row}, column {column}: a number is needed, not “{text}”.",
    "out_of_range": "Row {row}, column {column}: {value} is beyond ±{limit}. Scale your data to lie within it.",
    "class": "Row {row}: the class is “{text}”; it must be 1, or −1 (or 0) for the other class.",
    "off_limits": "The point ({x}, {y}) is beyond ±{limit}: put it nearer the others.",
    "nothing_near": "No point is near enough: click on a point to remove it, or start a drag on one to move it.",
    "too_many_rows": "{rows} examples are more than the {limit} this loss takes. Use fewer rows.",
    "too_few": "At least {fewest} examples are needed; there would be {rows}.",
    "one_x": "Every example has the same x: a line through them is not one line. Give two different x.",
}


class DataError(ValueError):
    """Examples refused: `code` names the rule (a key of MESSAGES) and `fields` the row and the values; the
    message is the English one."""

    def __init__(self, code: str, **fields) -> None:
        super().__init__(MESSAGES[code].format(**fields))
        self.code, self.fields = code, fields


def columns(land: DataLandscape) -> tuple[str, ...]:
    """The columns a file for `land` has, in order."""
    return ("x₁", "x₂", "class") if land.task == "classification" else ("x", "y")


def row_limit(land: DataLandscape) -> int:
    return NETWORK_ROWS if isinstance(land, NetworkLandscape) else MAX_ROWS


def checked(land: DataLandscape, examples: Examples) -> Given:
    """`examples` for `land` if they keep its rules (count, range, two different x for a line); else DataError."""
    rows = len(examples.targets)
    if rows > row_limit(land):
        raise DataError("too_many_rows", rows=rows, limit=row_limit(land))
    if rows < FEWEST:
        raise DataError("too_few", fewest=FEWEST, rows=rows)
    if land.task == "regression" and np.ptp(examples.inputs[:, 0]) == 0:
        raise DataError("one_x")
    return Given.of(examples)


def read_csv(land: DataLandscape, raw: bytes) -> Given:
    """The examples of a CSV file for `land` (commas, semicolons or tabs; a first row without numbers is a
    header), or a DataError naming the first row that breaks a rule, by its line in the file."""
    if len(raw) > MAX_BYTES:
        raise DataError("too_large", size=math.ceil(len(raw) / 1000), limit=MAX_BYTES // 1000)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("not_text") from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = next((mark for mark in (",", ";", "\t") if mark in first), ",")
    rows = [(number, [cell.strip() for cell in cells])
            for number, cells in enumerate(csv.reader(lines, delimiter=delimiter), start=1)
            if any(cell.strip() for cell in cells)]  # fmt: skip
    if rows and not any(_is_number(cell) for cell in rows[0][1]):
        rows = rows[1:]
    if len(rows) > row_limit(land):
        raise DataError("too_many_rows", rows=len(rows), limit=row_limit(land))
    names = columns(land)
    values = np.array([_row(number, cells, names) for number, cells in rows]).reshape(-1, len(names))
    return checked(land, Examples(values[:, :-1], values[:, -1]))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _row(number: int, cells: list[str], names: tuple[str, ...]) -> list[float]:
    if len(cells) != len(names):
        raise DataError("columns", row=number, found=len(cells), expected=len(names), names=", ".join(names))
    values = []
    for cell, name in zip(cells, names, strict=True):
        try:
            value = float(cell)
        except ValueError:
            raise DataError("not_number", row=number, column=name, text=cell[:24]) from None
        if not math.isfinite(value):
            raise DataError("not_finite", row=number, column=name, text=cell[:24])
        if name == "class":
            if value not in CLASSES:
                raise DataError("class", row=number, text=cell[:24])
            value = CLASSES[value]
        elif abs(value) > VALUE_LIMIT:
            raise DataError("out_of_range", row=number, column=name, value=cell[:24], limit=f"{VALUE_LIMIT:g}")
        values.append(value)
    return values


def on_chart(land: DataLandscape, examples: Examples) -> np.ndarray:
    """Each example where `land`'s data chart draws it, `(m, 2)`: its two features, or its x and its target."""
    inputs, targets = examples
    return inputs[:, :2] if land.task == "classification" else np.column_stack([inputs[:, 0], targets])


def with_point(land: DataLandscape, examples: Examples, x: float, y: float, label: float = 1.0) -> Examples:
    """`examples` and one more where the chart was clicked (of class `label`, for two classes)."""
    _within_limit(x, y)
    inputs, targets = examples
    if land.task == "classification":
        return Examples(np.vstack([inputs, [[x, y]]]), np.append(targets, label))
    return Examples(np.vstack([inputs, [[x]]]), np.append(targets, y))


def nearest(land: DataLandscape, examples: Examples, x: float, y: float) -> int:
    """The example drawn nearest to (x, y), which must be within REACH of the chart's span (else DataError)."""
    drawn = on_chart(land, examples)
    span = np.maximum(np.ptp(drawn, axis=0), 1e-9)
    distances = np.linalg.norm((drawn - [x, y]) / span, axis=1)
    closest = int(np.argmin(distances))
    if distances[closest] > REACH:
        raise DataError("nothing_near")
    return closest


def without_point(land: DataLandscape, examples: Examples, x: float, y: float) -> Examples:
    """`examples` without the one drawn nearest to (x, y)."""
    index = nearest(land, examples, x, y)
    return Examples(np.delete(examples.inputs, index, axis=0), np.delete(examples.targets, index))


def moved_point(land: DataLandscape, examples: Examples, start: tuple[float, ...], end: tuple[float, ...]) -> Examples:
    """`examples` with the one drawn nearest to `start` moved to `end` on the chart, its class kept."""
    index = nearest(land, examples, *start)
    _within_limit(*end)
    inputs, targets = np.array(examples.inputs), np.array(examples.targets)
    if land.task == "classification":
        inputs[index, :2] = end
    else:
        inputs[index, 0], targets[index] = end
    return Examples(inputs, targets)


def _within_limit(x: float, y: float) -> None:
    if not all(math.isfinite(value) and abs(value) <= VALUE_LIMIT for value in (x, y)):
        raise DataError("off_limits", x=f"{x:.3g}", y=f"{y:.3g}", limit=f"{VALUE_LIMIT:g}")


def as_csv(land: DataLandscape) -> str:
    """`land`'s examples as a file `read_csv` reads back: a header, then one row per example."""
    inputs, targets = land.examples
    table = np.column_stack([inputs, targets])
    body = "\n".join(",".join(f"{value:.17g}" for value in row) for row in table)
    return ",".join(columns(land)) + "\n" + body + "\n"
