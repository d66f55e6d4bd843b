"""The learner's own examples: a CSV file read row by row with each refusal naming its row and rule, points added,
moved and removed on the chart, and the losses on them (with the minima they have, or none)."""

import numpy as np
import pytest
from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

import landscapes
import optimizers
from landscapes import given, network
from landscapes.data import Examples, Given

LINE = landscapes.get("linear_regression")
CLASSES = landscapes.get("logistic_regression")


def csv_of(rows) -> bytes:
    return ("\n".join(",".join(str(cell) for cell in row) for row in rows) + "\n").encode()


def refusal(land, raw: bytes) -> given.DataError:
    with pytest.raises(given.DataError) as caught:
        given.read_csv(land, raw)
    return caught.value


def test_a_file_with_a_header_becomes_the_examples_with_its_classes_as_plus_and_minus_one():
    raw = b"x1;x2;label\n0.5;1;1\n-0.5;-1;0\n2;0.25;-1\n"
    own = given.read_csv(CLASSES, raw)
    np.testing.assert_array_equal(own.examples.inputs, [[0.5, 1], [-0.5, -1], [2, 0.25]])
    np.testing.assert_array_equal(own.examples.targets, [1, -1, -1])


def test_a_file_for_a_line_has_two_columns_and_blank_lines_are_skipped():
    own = given.read_csv(LINE, b"x,y\r\n\r\n1,2\r\n3,4.5\r\n")
    np.testing.assert_array_equal(own.examples.inputs, [[1], [3]])
    np.testing.assert_array_equal(own.examples.targets, [2, 4.5])


@settings(max_examples=40, deadline=None)
@hypothesis_given(
    rows=st.integers(2, 30),
    bad_row=st.integers(0, 29),
    breaking=st.sampled_from(["text", "nan", "inf", "columns", "range", "class"]),
    header=st.booleans(),
)
def test_the_first_row_that_breaks_a_rule_is_named_by_its_line_in_the_file(rows, bad_row, breaking, header):
    bad_row %= rows
    table = [[0.1 * i, -0.2 * i, 1 if i % 2 else -1] for i in range(rows)]
    table[bad_row] = {
        "text": [0.1, "abc", 1],
        "nan": ["nan", 0, 1],
        "inf": [0, "-inf", 1],
        "columns": [0.5, 1],
        "range": [0, 1e6, 1],
        "class": [0, 0, 2],
    }[breaking]
    raw = csv_of([["x1", "x2", "class"], *table] if header else table)
    error = refusal(CLASSES, raw)
    line = bad_row + 1 + header
    assert error.fields["row"] == line
    assert f"Row {line}" in str(error)
    expected = {"text": "not_number", "nan": "not_finite", "inf": "not_finite", "columns": "columns",
                "range": "out_of_range", "class": "class"}  # fmt: skip
    assert error.code == expected[breaking]


def test_each_refusal_says_what_to_do():
    assert refusal(CLASSES, b"1,2,1\n1,abc,1\n").fields == {"row": 2, "column": "x₂", "text": "abc"}
    assert "each row needs 3 (x₁, x₂, class)" in str(refusal(CLASSES, b"1,2\n"))
    too_many = csv_of([[i, i, 1] for i in range(given.MAX_ROWS + 1)])
    assert refusal(CLASSES, too_many).fields == {"rows": given.MAX_ROWS + 1, "limit": given.MAX_ROWS}
    assert "Use fewer rows" in str(refusal(CLASSES, b"1," * given.MAX_BYTES))
    assert refusal(CLASSES, b"\xff\xfe\x00bad").code == "not_text"
    assert refusal(CLASSES, b"x1,x2,class\n1,2,1\n").code == "too_few"
    assert refusal(LINE, b"1,2\n1,3\n1,5\n").code == "one_x", "a line through points at one x is not one line"


def test_a_trained_network_takes_fewer_rows_than_the_small_losses():
    moons = landscapes.get("network_moons")
    rows = csv_of([[0.01 * i, 0, 1 if i % 2 else -1] for i in range(given.NETWORK_ROWS + 1)])
    assert refusal(moons, rows).fields["limit"] == given.NETWORK_ROWS
    assert len(given.read_csv(CLASSES, rows).examples.targets) == given.NETWORK_ROWS + 1


def test_the_data_written_to_a_file_reads_back_the_same():
    for land in (LINE, CLASSES, landscapes.get("tiny_network")):
        own = given.read_csv(land, given.as_csv(land).encode())
        np.testing.assert_array_equal(own.examples.inputs, land.examples.inputs)
        np.testing.assert_array_equal(own.examples.targets, land.examples.targets)


def test_equal_examples_are_one_key_and_changed_ones_another():
    first, again = Given.of(CLASSES.examples), Given.of(Examples(*map(np.copy, CLASSES.examples)))
    assert first == again
    assert hash(first) == hash(again)
    moved = given.moved_point(CLASSES, CLASSES.examples, tuple(CLASSES.examples.inputs[0]), (0.0, 0.0))
    assert Given.of(moved) != first


def test_a_click_adds_a_point_of_the_class_chosen_and_a_drag_moves_the_nearest_one():
    inputs, targets = CLASSES.examples
    added = given.with_point(CLASSES, CLASSES.examples, 0.25, -0.5, -1.0)
    assert len(added.targets) == len(targets) + 1
    assert list(added.inputs[-1]) == [0.25, -0.5]
    assert added.targets[-1] == -1
    start = tuple(inputs[7] + 0.01)
    moved = given.moved_point(CLASSES, CLASSES.examples, start, (3.0, 3.0))
    assert list(moved.inputs[7]) == [3.0, 3.0], "the nearest moves"
    assert moved.targets[7] == targets[7], "its class kept"
    assert np.array_equal(np.delete(moved.inputs, 7, axis=0), np.delete(inputs, 7, axis=0))
    on_line = given.with_point(LINE, LINE.examples, 1.0, 2.5)
    assert on_line.inputs[-1, 0] == 1.0
    assert on_line.targets[-1] == 2.5, "on a line's chart, y is the target"


def test_a_click_removes_the_nearest_point_only_where_one_is_near():
    inputs = CLASSES.examples.inputs
    fewer = given.without_point(CLASSES, CLASSES.examples, *(inputs[3] + 0.001))
    assert len(fewer.targets) == len(inputs) - 1
    assert not any(np.array_equal(row, inputs[3]) for row in fewer.inputs)
    with pytest.raises(given.DataError) as far:
        given.without_point(CLASSES, CLASSES.examples, 100.0, 100.0)
    assert far.value.code == "nothing_near"
    with pytest.raises(given.DataError) as beyond:
        given.with_point(CLASSES, CLASSES.examples, 1e308, 0.0)
    assert beyond.value.code == "off_limits"


def test_the_last_two_points_stay():
    two = given.checked(CLASSES, Examples(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([1.0, -1.0])))
    land = landscapes.with_data("logistic_regression", own=two)
    with pytest.raises(given.DataError) as caught:
        given.checked(land, given.without_point(land, land.examples, 0.0, 0.0))
    assert caught.value.code == "too_few"


def test_a_line_on_the_learners_points_has_its_minimum_at_their_least_squares_fit():
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    y = np.array([-1.5, 0.2, 1.8, 4.1])
    land = landscapes.with_data("linear_regression", own=given.checked(LINE, Examples(x[:, None], y)))
    w, b = np.polyfit(x, y, 1)
    assert land.minima[0].point == pytest.approx((w, b), abs=1e-9)
    assert land.value([[w, b]])[0] == pytest.approx(np.mean((w * x + b - y) ** 2))


def test_two_classes_a_line_through_the_origin_splits_have_no_minimum_and_the_page_says_none():
    inputs = np.array([[1.0, 1.0], [2.0, 0.5], [-1.0, -1.0], [-0.5, -2.0]])
    own = given.checked(CLASSES, Examples(inputs, np.array([1.0, 1.0, -1.0, -1.0])))
    land = landscapes.with_data("logistic_regression", own=own)
    assert land.minima == (), "the loss falls for ever as the weights grow along the split"
    trajectory = optimizers.run(land, optimizers.get("gd"), [0.0, 0.0], lr=0.5, steps=50)
    assert optimizers.outcomes(land, trajectory)[0].kind in {"no minimum", "outside"}


def test_overlapping_classes_of_the_learner_have_the_one_minimum_newton_finds():
    rng = np.random.default_rng(5)
    labels = np.where(rng.random(60) < 0.5, -1.0, 1.0)
    inputs = labels[:, None] * [0.5, -0.3] + rng.normal(0, 1, (60, 2))
    land = landscapes.with_data("logistic_regression", own=given.checked(CLASSES, Examples(inputs, labels)))
    (minimum,) = land.minima
    assert np.abs(land.grad([minimum.point])).max() < 1e-9


def test_a_network_on_the_learners_points_is_trained_on_them():
    sample = landscapes.get("network_moons")
    added = given.with_point(sample, sample.examples, -1.2, 0.6, 1.0)
    for _ in range(4):
        added = given.with_point(sample, added, -1.1, 0.55, 1.0)
    own = given.checked(sample, added)
    land = landscapes.with_data("network_moons", own=own)
    assert land.n_examples == sample.n_examples + 5
    assert land.given
    assert not sample.given
    theirs = network.trained("moons", network.WIDTH, 0, network.EXAMPLES).weights.flat()
    assert not np.array_equal(network.trained("moons", network.WIDTH, 0, network.EXAMPLES, own).weights.flat(), theirs)
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5)), axis=-1)
    assert not np.allclose(land.value(grid), sample.value(grid)), "the surface changes"
    assert land.minima, "weight decay keeps a minimum on the plane"


def test_the_page_says_the_landscapes_words_describe_the_sample_once_the_data_is_the_learners():
    from tests.test_app import assert_healthy, run_page

    own = given.checked(CLASSES, given.with_point(CLASSES, CLASSES.examples, 0.5, 0.5, 1.0))
    at = run_page(landscape="logistic_regression")
    at.session_state["own_data"] = ("logistic_regression", 0, own)
    at.run()
    assert_healthy(at)
    said = " ".join(caption.value for caption in at.caption)
    assert "Now on your own data (201 examples) in place of the sample: the words above describe the sample." in said
