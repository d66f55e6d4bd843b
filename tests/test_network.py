"""A trained network's loss on a plane (`landscapes.network`): its passes against finite differences, its training,
Li et al.'s filter normalization, and the plane through the trained weights."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import landscapes
import optimizers
from landscapes import network
from landscapes.network import DATA_KINDS, Layers, Plane, trained_network
from language import number
from tests.specs import figures, numbers, summary
from tests.test_app import assert_healthy, run_page


def plane_of(data: str) -> tuple[Plane, network.Examples]:
    examples = network.make_data(data)
    trained = network.train(examples)
    plane = Plane(trained.weights, network.filter_normalized(trained.weights, 1),
                  network.filter_normalized(trained.weights, 2))  # fmt: skip
    return plane, examples


def principal(data: str) -> tuple[Plane, network.Examples]:
    examples = network.make_data(data)
    return network.principal_plane(network.train(examples))[0], examples


PLANES = {"moons": plane_of("moons"), "xor": plane_of("xor"), "moons along its path": principal("moons")}


@settings(max_examples=30, deadline=None)
@given(data=st.sampled_from(sorted(PLANES)), a=st.floats(-1, 1), b=st.floats(-1, 1))
def test_each_examples_gradient_along_the_plane_is_its_loss_slope(data, a, b):
    """The backward pass projected on δ and ε, example by example, against central differences of the forward pass."""
    plane, examples = PLANES[data]
    h = 1e-5
    slopes = plane.per_example_grad(np.array(a), np.array(b), *examples)
    for index, (da, db) in enumerate(((h, 0.0), (0.0, h))):
        up = plane.per_example(np.array(a + da), np.array(b + db), *examples)
        down = plane.per_example(np.array(a - da), np.array(b - db), *examples)
        np.testing.assert_allclose(slopes[index], (up - down) / (2 * h), rtol=1e-5, atol=1e-8)


def test_the_backward_pass_gives_every_weights_slope():
    """`gradient` (training's) against central differences of the mean loss, on a few weights of each layer."""
    examples = network.make_data("circles", n_examples=40)
    layers = network.initial((2, 5, 5, 1), seed=3)

    def loss(changed: Layers) -> float:
        score = network.forward(changed, examples.inputs)[-1]
        return float(network.example_losses(score, examples.targets).mean() + network.decay(changed))

    grad = network.gradient(layers, *examples)
    rng = np.random.default_rng(0)
    for kind in ("weights", "biases"):
        for index, part in enumerate(getattr(layers, kind)):
            for flat in rng.choice(part.size, size=min(4, part.size), replace=False):
                h = 1e-6
                moved = [np.array(p, copy=True) for p in getattr(layers, kind)]
                moved[index].flat[flat] += h
                up = loss(layers._replace(**{kind: tuple(moved)}))
                moved[index].flat[flat] -= 2 * h
                down = loss(layers._replace(**{kind: tuple(moved)}))
                assert getattr(grad, kind)[index].flat[flat] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-9)


@pytest.mark.parametrize("data", DATA_KINDS)
def test_the_network_learns_each_data_set(data):
    examples = network.make_data(data)
    trained = network.train(examples)
    score = network.forward(trained.weights, examples.inputs)[-1]
    assert np.mean(np.sign(score) == examples.targets) >= 0.9, "it classifies the data it was trained on"
    scores = [network.forward(trained.weights.unflat(row), examples.inputs)[-1] for row in trained.path[[0, -1]]]
    losses = [network.example_losses(score, examples.targets).mean() for score in scores]
    assert losses[1] < losses[0] / 4, "training lowered the loss"
    assert np.allclose(trained.path[-1], trained.weights.flat()), "the path ends at θ*"


def test_each_neuron_of_a_direction_has_the_length_of_its_neuron_in_the_trained_weights():
    examples = network.make_data("spiral")
    weights = network.train(examples, steps=50).weights
    direction = network.filter_normalized(weights, seed=7)
    for trained, moved in zip(weights.weights, direction.weights, strict=True):
        np.testing.assert_allclose(np.linalg.norm(moved, axis=0), np.linalg.norm(trained, axis=0), rtol=1e-12)
        assert not np.allclose(moved / np.linalg.norm(moved, axis=0), trained / np.linalg.norm(trained, axis=0))
    assert all(not bias.any() for bias in direction.biases), "biases do not move"
    other = network.filter_normalized(weights, seed=8)
    cosine = other.flat() @ direction.flat() / np.linalg.norm(other.flat()) / np.linalg.norm(direction.flat())
    assert abs(cosine) < 0.3, "two random directions are nearly orthogonal"


def test_the_plane_passes_through_the_trained_weights_and_its_minimum_is_near_them():
    land = trained_network("moons")
    examples = land.examples
    plane, _ = PLANES["moons"]
    trained_loss = network.example_losses(network.forward(plane.center, examples.inputs)[-1], examples.targets).mean()
    assert land.value((0.0, 0.0)) == pytest.approx(trained_loss + network.decay(plane.center), rel=1e-12)
    (minimum,) = land.minima
    assert np.hypot(*minimum.point) < 0.2, "θ* is close to the plane's own minimum"
    assert np.linalg.norm(land.grad(minimum.point)) < 1e-9
    assert np.all(np.linalg.eigvalsh(land.hessian(minimum.point)) > 0)
    assert land.value((0.9, 0.9)) > 3 * minimum.value, "away from θ*, the loss climbs"
    a, b = np.meshgrid(np.linspace(-1, 1, 101), np.linspace(-1, 1, 101))
    assert land.value(np.stack([a, b], axis=-1)).min() >= minimum.value, "marked global: nothing in the box is lower"


def test_a_grid_worked_in_chunks_equals_each_point_alone():
    plane, examples = PLANES["xor"]
    a, b = np.meshgrid(np.linspace(-1, 1, 23), np.linspace(-1, 1, 19))
    together = plane.per_example(a, b, *examples)
    assert together.shape == (19, 23, len(examples.targets))
    for i, j in ((0, 0), (7, 11), (18, 22)):
        np.testing.assert_allclose(together[i, j], plane.per_example(a[i, j], b[i, j], *examples), rtol=1e-13)


def test_the_network_landscape_is_made_once_per_data_width_and_seed():
    assert trained_network("circles") is trained_network("circles")
    assert trained_network("circles", seed=1) is not trained_network("circles")


def test_an_unknown_data_set_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match="moons, circles, spiral, xor"):
        network.make_data("iris")


def test_the_training_path_seen_on_its_principal_plane_says_how_far_off_the_plane_each_step_is():
    trained = network.train(network.make_data("spiral"))
    plane, seen = network.principal_plane(trained)
    offsets = trained.path - trained.path[-1]
    np.testing.assert_allclose(seen.points[-1], 0.0, atol=1e-12, err_msg="the path ends at θ*, the plane's center")
    np.testing.assert_allclose(np.hypot(*seen.points.T) ** 2 + seen.distances**2, (offsets**2).sum(axis=1), rtol=1e-9)
    assert 0.5 < seen.explained <= 1.0, "two directions hold most of a training path's spread"
    assert abs(plane.across.flat() @ plane.along.flat()) < 1e-12, "the two directions are orthogonal"
    start = plane.across.flat() * seen.points[0, 0] + plane.along.flat() * seen.points[0, 1]
    assert np.linalg.norm(offsets[0] - start) == pytest.approx(seen.distances[0]), "the start, off the plane by that"


def test_the_plane_along_the_training_path_holds_the_path_and_starts_where_training_did():
    land = network.training_path_network("moons")
    seen = land.training
    (low, high), (low_b, high_b) = land.bounds
    assert np.all((low < seen.points[:, 0]) & (seen.points[:, 0] < high) & (low_b < seen.points[:, 1]))
    assert np.all(seen.points[:, 1] < high_b), "the whole projected path is on the map"
    assert land.start == pytest.approx(tuple(seen.points[0]), abs=0.05), "a run starts where training did, seen here"
    assert np.hypot(*land.minima[0].point) < 0.1, "θ* at the centre is near the plane's minimum"
    assert seen.weights == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1


def test_the_page_draws_the_training_path_and_says_how_far_off_the_plane_it_lies():
    at = run_page(landscape="network_moons_path")
    assert_healthy(at)
    seen = network.training_path_network("moons").training
    (path,) = [t for t in figures(at)[0]["data"] if t.get("name") == "training's own path (projected)"]
    np.testing.assert_allclose(numbers(path["x"]), seen.points[:, 0], rtol=1e-6)
    np.testing.assert_allclose(numbers(path["y"]), seen.points[:, 1], rtol=1e-6)
    said = " ".join(c.value for c in at.caption)
    assert f"all {seen.weights} weights and biases" in said
    assert f"up to {number(seen.distances.max(), 2)} off the plane" in said
    assert f"holds {number(100 * seen.explained, 2)}% of the path's squared distance from θ*" in said
    offsets = np.linalg.norm(seen.points, axis=1) ** 2 + seen.distances**2
    assert (np.linalg.norm(seen.points, axis=1) ** 2).sum() / offsets.sum() == pytest.approx(seen.explained)


def test_the_network_on_the_page_runs_its_optimizers_and_draws_the_boundary_each_has_reached():
    at = run_page(landscape="network_moons")
    assert_healthy(at)
    land = landscapes.get("network_moons")
    ran = {name: optimizers.run(land, optimizers.get(name), land.start, lr=land.opening_rate, steps=100)
           for name in ("gd", "adam")}  # fmt: skip
    minimum = np.array(land.minima[0].point)
    assert np.linalg.norm(ran["adam"].points[-1, 0] - minimum) < 0.1
    table = summary(at)
    (adam,) = table.loc[table["optimizer"] == "Adam", "outcome"]
    assert adam.startswith("reached the global minimum")
    boundary = [t for f in figures(at) for t in f["data"] if str(t.get("name", "")).startswith("decision boundary")]
    x, y = numbers(boundary[0]["x"]), numbers(boundary[0]["y"])
    drawn = ~np.isnan(x)
    a, b = ran["gd"].points[-1, 0]
    scores = land.predict(np.array([a]), np.array([b]), np.column_stack([x[drawn], y[drawn]]))[0]
    assert np.abs(scores).max() < 0.5, "the line is where gradient descent's network, after 100 steps, scores zero"


def test_a_visitor_asking_for_many_samples_leaves_only_a_few_networks_kept():
    for seed in range(network.KEPT + 3):
        network.trained_network("xor", seed=100 + seed, n_examples=40)
    assert network.trained_network.cache_info().currsize <= network.KEPT


def test_a_new_sample_of_the_network_is_a_new_network_on_new_data():
    at = run_page(landscape="network_moons", sample="3")
    assert_healthy(at)
    land = landscapes.with_data("network_moons", seed=3)
    assert not np.allclose(land.examples.inputs, landscapes.get("network_moons").examples.inputs)
    (text,) = [m.value for m in at.markdown if "example(s)" in m.value]
    assert f"mean J = {number(land.value(land.start), 4)}" in text, "the forward pass of the network on show"


def test_a_link_naming_a_width_shows_that_network_and_says_its_width_from_the_first_run():
    at = run_page(landscape="network_circles", width="4")
    assert_healthy(at)
    assert any("A 2 → 4 → 4 → 1 network trained with Adam on circles" in m.value for m in at.markdown)
    narrow = landscapes.with_data("network_circles", width=4)
    assert network.trained_network("circles", 4).examples is narrow.examples
    (text,) = [m.value for m in at.markdown if "example(s)" in m.value]
    assert f"mean J = {number(narrow.value(narrow.start), 4)}" in text, "the forward pass of the 4-wide network"
    at.select_slider(key="width").set_value(32).run()
    assert_healthy(at)
    assert any("A 2 → 32 → 32 → 1 network" in m.value for m in at.markdown)
    wide = landscapes.with_data("network_circles", width=32)
    (text,) = [m.value for m in at.markdown if "example(s)" in m.value]
    assert f"mean J = {number(wide.value(wide.start), 4)}" in text
    assert at.query_params["width"] == "32"


def test_a_wider_network_has_the_flatter_slice_on_every_sample_we_tried():
    """Li et al.: wider networks have flatter minima. Here the loss 0.5 from θ* rises less at width 32 than at 4,
    for each of six samples of the moons (the lesson's claim rests on this, not on one lucky draw)."""
    circle = np.column_stack([0.5 * np.cos(np.linspace(0, 2 * np.pi, 24)), 0.5 * np.sin(np.linspace(0, 2 * np.pi, 24))])
    for seed in range(6):
        rises = [land.value(circle).mean() - land.value([[0.0, 0.0]])[0]
                 for land in (trained_network("moons", width, seed) for width in (4, 32))]  # fmt: skip
        assert rises[1] < rises[0], seed
