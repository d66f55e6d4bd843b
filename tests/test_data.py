"""Losses from data and the batch runner: full batch, SGD and mini-batches."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import landscapes
import optimizers
from tests.specs import figures, numbers, tables

DATA = ["linear_regression", "logistic_regression", "tiny_network"]


@pytest.mark.parametrize("name", DATA)
def test_full_batch_is_exactly_plain_gradient_descent(name):
    land = landscapes.get(name)
    plain = optimizers.run(land, optimizers.get("gd"), [0.5, -0.5], lr=0.05, steps=100)
    full = optimizers.run(land, optimizers.get("gd"), [0.5, -0.5], lr=0.05, steps=100, batch_size=land.n_examples)
    np.testing.assert_array_equal(plain.points, full.points)


@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("batch_size", [1, 8, 40])
def test_one_epoch_of_batch_gradients_averages_to_the_full_gradient(name, batch_size):
    land = landscapes.get(name)
    point = np.array([[0.7, -1.2], [2.0, 1.0]])
    epoch = optimizers.batch_schedule(land.n_examples, batch_size, land.n_examples // batch_size, seed=3)
    assert sorted(np.concatenate(epoch)) == list(range(land.n_examples)), "an epoch sees every example once"
    mean = np.mean([land.batch_grad(point, batch) for batch in epoch], axis=0)
    np.testing.assert_allclose(mean, land.grad(point), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", DATA)
def test_the_same_seed_gives_the_same_path_and_another_seed_another(name):
    land = landscapes.get(name)
    starts = np.array([[0.5, -0.5], [-1.0, 1.0]])

    def path(seed):
        return optimizers.run(land, optimizers.get("adam"), starts, lr=0.05, steps=60, batch_size=4, seed=seed).points

    np.testing.assert_array_equal(path(7), path(7))
    assert not np.array_equal(path(7), path(8))


def test_batches_run_the_same_for_many_starts_and_one():
    land = landscapes.get("tiny_network")
    starts = np.array([[0.5, -0.5], [-1.0, 1.0], [2.0, 2.0]])
    together = optimizers.run(land, optimizers.get("momentum"), starts, lr=0.02, steps=80, batch_size=16, seed=1)
    for i, start in enumerate(starts):
        alone = optimizers.run(land, optimizers.get("momentum"), start, lr=0.02, steps=80, batch_size=16, seed=1)
        np.testing.assert_allclose(together.points[:, i], alone.points[:, 0], rtol=1e-13)


@pytest.mark.parametrize("name", DATA)
def test_per_example_and_batch_gradients_match_finite_differences(name):
    land = landscapes.get(name)

    @settings(max_examples=40, deadline=None)
    @given(
        st.tuples(*(st.floats(low, high) for low, high in land.bounds)),
        st.lists(st.integers(0, land.n_examples - 1), min_size=1, max_size=20),
    )
    def check(point, indices):
        point, indices = np.array(point), np.array(indices)
        h = 1e-6
        numeric = [
            (land.batch_value(point + h * e, indices) - land.batch_value(point - h * e, indices)) / (2 * h)
            for e in np.eye(2)
        ]
        analytic = land.batch_grad(point, indices)
        assert np.allclose(numeric, analytic, rtol=1e-5, atol=1e-6)

    check()


def test_linear_regression_minimum_is_the_least_squares_line():
    """The textbook's closed form: slope = cov(x, y) / var(x), intercept = ȳ − slope·x̄."""
    land = landscapes.get("linear_regression")
    x, y = land.examples.inputs[:, 0], land.examples.targets
    slope = np.mean((x - x.mean()) * (y - y.mean())) / np.mean((x - x.mean()) ** 2)
    intercept = y.mean() - slope * x.mean()
    np.testing.assert_allclose(land.minima[0].point, (slope, intercept), rtol=1e-10)
    assert land.minima[0].value == pytest.approx(np.mean((slope * x + intercept - y) ** 2), rel=1e-10)
    assert slope == pytest.approx(1.5, abs=0.15), "the data were drawn around y = 1.5x − 0.5"


def test_the_tiny_network_has_two_mirror_minima():
    land = landscapes.get("tiny_network")
    (a, b) = land.minima
    assert a.kind == b.kind == "global"
    np.testing.assert_allclose(a.point, -np.array(b.point), rtol=1e-10)


def test_a_new_sample_draws_new_data():
    first, again, other = (landscapes.with_data("linear_regression", seed=s) for s in (1, 1, 2))
    np.testing.assert_array_equal(first.examples.targets, again.examples.targets)
    assert not np.array_equal(first.examples.targets, other.examples.targets)
    with pytest.raises(ValueError, match="not built from data"):
        landscapes.with_data("rosenbrock")


def test_batch_size_on_a_formula_is_refused_clearly():
    with pytest.raises(ValueError, match="batch_size needs a loss built from data"):
        optimizers.run(landscapes.get("bowl"), optimizers.get("gd"), [1.0, 1.0], lr=0.1, steps=5, batch_size=4)
    with pytest.raises(ValueError, match="from 1 to 200"):
        optimizers.run(landscapes.get("linear_regression"), optimizers.get("gd"), [1, 1], lr=0.1, steps=5, batch_size=0)


def test_examples_processed_counts_the_cost():
    assert list(optimizers.examples_processed(200, None, 3)) == [0, 200, 400, 600]
    assert list(optimizers.examples_processed(200, 1, 3)) == [0, 1, 2, 3]
    assert list(optimizers.examples_processed(10, 4, 4)) == [0, 4, 8, 10, 14]


def test_sgd_is_noisy_on_the_full_loss_but_cheap():
    land = landscapes.get("linear_regression")
    sgd = optimizers.run(land, optimizers.get("gd"), [4.0, 2.0], lr=0.05, steps=400, batch_size=1, seed=0)
    full = optimizers.run(land, optimizers.get("gd"), [4.0, 2.0], lr=0.05, steps=400)
    assert np.any(np.diff(sgd.values[:, 0]) > 0), "a step on one example can raise the loss on all of them"
    assert np.all(np.diff(full.values[:, 0]) <= 1e-15), "full-batch steps never raise it at this learning rate"
    assert sgd.values[-1, 0] < 2 * land.minima[0].value


# ------------------------------------------------------------------------------------------------ the page

APP = Path(__file__).resolve().parents[1] / "app.py"


def data_page(name, **query):
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["landscape"] = name
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for table in tables(at):
        assert not table.isna().to_numpy().any()
    return at


def chart(at, index):
    return figures(at)[index]


@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("batch_size", ["1", "200"])
def test_every_data_landscape_at_both_batch_extremes(name, batch_size):
    at = data_page(name, batch_size=batch_size)
    assert at.slider(key="batch_size").value == int(batch_size)
    data = chart(at, 1)
    names = [trace.get("name") or "" for trace in data["data"]]
    assert any(n.startswith(("model", "decision boundary")) for n in names)
    frames = data["frames"]
    ringed = [len(numbers(frame["data"][1]["x"])) for frame in frames[:-1]]
    assert (max(ringed) > 0) == (batch_size == "1"), "each step's mini-batch is ringed; full batch rings nothing"
    table = at.dataframe[0].value
    assert {"prediction", "loss ℓ"} <= set(table.columns)
    assert len(table) == (1 if batch_size == "1" else 200)


def test_compare_mode_runs_full_mini_and_sgd_together():
    at = data_page("linear_regression", compare="true", optimizers="Gradient descent")
    names = [trace.get("name") for trace in chart(at, 0)["data"]]
    for label in ("full batch (batch 200)", "mini-batch (batch 32)", "SGD (batch 1)"):
        assert f"Gradient descent, {label}" in names
    dashes = {t["line"]["dash"] for t in chart(at, 0)["data"] if t.get("name", "").startswith("Gradient descent,")}
    assert dashes == {"solid", "dash", "dot"}


def test_loss_against_examples_processed():
    at = data_page("linear_regression", compare="true", loss_axis="examples processed", optimizers="Gradient descent")
    loss = chart(at, 2)
    assert loss["layout"]["xaxis"]["title"]["text"].startswith("examples processed")
    last = {trace["name"]: numbers(trace["x"])[-1] for trace in loss["data"]}
    assert last["Gradient descent, SGD (batch 1)"] == 100
    assert last["Gradient descent, full batch (batch 200)"] == 100 * 200
    assert loss["layout"]["xaxis"]["type"] == "log", "a hundred examples and twenty thousand on one chart"


def test_a_new_sample_changes_the_data():
    first = numbers(chart(data_page("linear_regression"), 1)["data"][0]["y"])
    second = numbers(chart(data_page("linear_regression", sample="5"), 1)["data"][0]["y"])
    assert not np.array_equal(first, second)


def test_batch_size_out_of_range_in_a_link_falls_back():
    at = data_page("logistic_regression", batch_size="5000")
    assert at.slider(key="batch_size").value == 200
    (notice,) = at.warning
    assert "`batch_size` = ` 5000 `" in notice.value


@pytest.mark.parametrize("batch_size", [1, 7, 50])
def test_every_epoch_shuffles_anew_and_sees_every_example_once(batch_size):
    n = 50
    per_epoch = -(-n // batch_size)
    batches = optimizers.batch_schedule(n, batch_size, 4 * per_epoch, seed=3)
    epochs = [np.concatenate(batches[e * per_epoch : (e + 1) * per_epoch]) for e in range(4)]
    for order in epochs:
        assert sorted(order.tolist()) == list(range(n)), "each example once per epoch"
    assert len({tuple(order) for order in epochs}) == 4, "a new shuffle every epoch, not one shuffle reused"
    assert all(order.tolist() != list(range(n)) for order in epochs), "shuffled, not in the data's order"
