"""Every landscape's claims, proven: gradients, minima, convexity, shapes, and the registry."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import landscapes

ALL = [landscapes.get(name) for name in landscapes.names()]
IDS = [land.name for land in ALL]


def grid(land, per_axis):
    """A regular grid of points over the landscape's bounds, shape (per_axis, ..., dim)."""
    axes = [np.linspace(low, high, per_axis) for low, high in land.bounds]
    return np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)


def points_in(land):
    """Hypothesis strategy: one point inside the landscape's bounds."""
    return st.tuples(*(st.floats(low, high) for low, high in land.bounds)).map(np.array)


@pytest.mark.parametrize("land", ALL, ids=IDS)
def test_gradient_matches_central_differences(land):
    @settings(max_examples=60, deadline=None)
    @given(points_in(land))
    def check(point):
        if land.name == "ackley" and np.linalg.norm(point) < 1e-3:
            return  # the cone's tip has no derivative; test_ackley_origin covers it
        h = 1e-6
        steps = h * np.eye(land.dim)
        numeric = (land.value(point + steps) - land.value(point - steps)) / (2 * h)
        analytic = land.grad(point)
        scale = 1 + np.abs(analytic) + abs(land.value(point))
        assert np.all(np.abs(numeric - analytic) <= 1e-5 * scale), (point, numeric, analytic)

    check()


@pytest.mark.parametrize("land", ALL, ids=IDS)
def test_hessian_matches_central_differences_of_the_gradient(land):
    """Written out by hand for the built-in functions (and for the line fit, whose Hessian is constant), by
    differences of the analytic gradient for the other losses from data: checked against differences here."""

    @settings(max_examples=40, deadline=None)
    @given(points_in(land))
    def check(point):
        if land.name == "ackley" and np.linalg.norm(point) < 1e-2:
            return  # the cone's tip has no curvature to speak of
        h = 1e-6 * max(1.0, float(np.abs(point).max()))
        numeric = np.stack([(land.grad(point + h * e) - land.grad(point - h * e)) / (2 * h) for e in np.eye(land.dim)])
        analytic = land.hessian(point)
        assert analytic.shape == (land.dim, land.dim)
        np.testing.assert_allclose(analytic, analytic.T, atol=1e-12)
        scale = 1 + np.abs(numeric).max()
        assert np.all(np.abs(numeric - analytic) <= 2e-5 * scale), (point, numeric, analytic)

    check()


def test_the_built_in_functions_give_their_hessians_in_closed_form():
    closed = [name for name in landscapes.names() if landscapes.get(name).second_derivatives is not None]
    networks = [name for name in landscapes.names() if name.startswith("network_")]
    by_differences = ("logistic_regression", "tiny_network", *networks)  # backward passes
    assert closed == [*(n for n in landscapes.names() if n not in by_differences)]


def test_a_batch_hessian_is_the_hessian_of_that_batch():
    land = landscapes.get("tiny_network")
    point, batch = np.array([0.4, -1.2]), np.arange(0, 200, 7)
    h = 1e-6
    numeric = np.stack(
        [(land.batch_grad(point + h * e, batch) - land.batch_grad(point - h * e, batch)) / (2 * h) for e in np.eye(2)]
    )
    np.testing.assert_allclose(land.batch_hessian(point, batch), numeric, rtol=1e-5, atol=1e-7)
    assert not np.allclose(land.batch_hessian(point, batch), land.hessian(point), rtol=1e-3)


def test_hessians_broadcast_over_any_leading_axes():
    land = landscapes.get("himmelblau")
    grid_points = grid(land, 7)
    hessians = land.hessian(grid_points)
    assert hessians.shape == (7, 7, 2, 2)
    np.testing.assert_array_equal(hessians[3, 5], land.hessian(grid_points[3, 5]))


@pytest.mark.parametrize(
    "land", [land for land in ALL if land.minima], ids=[n for n in IDS if landscapes.get(n).minima]
)
def test_declared_minima_have_no_slope_and_lie_in_the_box(land):
    """The slope measured by differences of J (not the analytic gradient) vanishes at every declared minimum."""
    points = np.array([m.point for m in land.minima])
    h = 1e-6
    for axis in range(land.dim):
        step = np.zeros(land.dim)
        step[axis] = h
        slope = (land.value(points + step) - land.value(points - step)) / (2 * h)
        assert np.abs(slope).max() < 1e-6 * (1 + np.abs(land.value(points)).max()), axis
    low, high = np.array(land.bounds).T
    assert np.all((low <= points) & (points <= high))


@pytest.mark.parametrize(
    "land", [land for land in ALL if land.minima], ids=[n for n in IDS if landscapes.get(n).minima]
)
def test_declared_minima_are_minima_and_globals_are_lowest(land):
    best = min(m.value for m in land.minima)
    assert land.global_minima, "at least one minimum must be global"
    for minimum in land.minima:
        assert (minimum.kind == "global") == np.isclose(minimum.value, best, rtol=0, atol=1e-12)
        around = np.array(minimum.point) + 1e-4 * np.array(list(np.ndindex(*(3,) * land.dim))) - 1e-4
        assert np.all(land.value(around) >= minimum.value - 1e-15)
    per_axis = 2001 if land.dim == 1 else 401
    assert land.value(grid(land, per_axis)).min() >= best - 1e-12


@pytest.mark.parametrize("land", ALL, ids=IDS)
def test_convex_flag_survives_midpoint_check(land):
    rng = np.random.default_rng(1)
    low, high = np.array(land.bounds).T
    a = rng.uniform(low, high, (20_000, land.dim))
    b = rng.uniform(low, high, (20_000, land.dim))
    gap = (land.value(a) + land.value(b)) / 2 - land.value((a + b) / 2)
    if land.convex:
        assert gap.min() >= -1e-9
    else:
        assert gap.min() < 0, "a landscape labelled nonconvex must show a convexity violation"


@pytest.mark.parametrize("land", ALL, ids=IDS)
@pytest.mark.parametrize("shape", [(), (7,), (3, 5)])
def test_value_and_grad_broadcast_over_leading_axes(land, shape):
    rng = np.random.default_rng(2)
    low, high = np.array(land.bounds).T
    x = rng.uniform(low, high, (*shape, land.dim))
    assert land.value(x).shape == shape
    assert land.grad(x).shape == (*shape, land.dim)
    flat = x.reshape(-1, land.dim)
    np.testing.assert_allclose(land.value(x).reshape(-1), [land.value(p) for p in flat])


def test_ackley_origin_is_a_finite_minimum():
    ackley = landscapes.get("ackley")
    assert ackley.value([0.0, 0.0]) == pytest.approx(0.0, abs=1e-14)
    assert np.array_equal(ackley.grad([0.0, 0.0]), [0.0, 0.0])


def test_registry_names_and_errors():
    assert landscapes.names(dim=1) == ("parabola", "local_minimum", "wavy")
    assert set(landscapes.names(dim=2)) >= {
        "bowl", "ravine", "rosenbrock", "himmelblau", "beale", "six_hump_camel", "rastrigin", "ackley", "saddle",
    }  # fmt: skip
    with pytest.raises(ValueError, match="known: parabola"):
        landscapes.get("nope")
    for land in ALL:
        assert land.title
        assert 20 < len(land.description) < 300


def test_local_minimum_is_the_chapters_figure_two():
    land = landscapes.get("local_minimum")
    (best, trap) = land.minima
    assert best.kind == "global"
    assert trap.kind == "local"
    assert best.point[0] < 0 < trap.point[0], "the global minimum is on the left, the trap on the right"
    curvature = 3 * np.array([best.point[0], trap.point[0]]) ** 2 - 2
    assert np.all((curvature > 1) & (curvature < 10)), "learning rates 0.01 to 0.5 must show the effect"


def test_known_counts_of_minima():
    counts = {name: len(landscapes.get(name).minima) for name in ("himmelblau", "six_hump_camel", "saddle")}
    assert counts == {"himmelblau": 4, "six_hump_camel": 6, "saddle": 0}
    assert [m.kind for m in landscapes.get("himmelblau").minima] == ["global"] * 4
    assert [m.kind for m in landscapes.get("six_hump_camel").minima].count("global") == 2


def test_ravine_is_ill_conditioned():
    ravine = landscapes.get("ravine")
    h = 1e-4
    hessian = np.array([(ravine.grad(h * e) - ravine.grad(-h * e)) / (2 * h) for e in np.eye(2)])
    eigenvalues = np.linalg.eigvalsh(hessian)
    assert eigenvalues.max() / eigenvalues.min() >= 25


@pytest.mark.parametrize(
    "land", [land for land in ALL if land.curvature], ids=[n for n in IDS if landscapes.get(n).curvature]
)
def test_declared_curvature_is_the_largest_hessian_eigenvalue_everywhere(land):
    rng = np.random.default_rng(4)
    low, high = np.array(land.bounds).T
    h = 1e-4
    for point in rng.uniform(low, high, (20, land.dim)):
        hessian = np.array([(land.grad(point + h * e) - land.grad(point - h * e)) / (2 * h) for e in np.eye(land.dim)])
        assert np.abs(np.linalg.eigvalsh((hessian + hessian.T) / 2)).max() == pytest.approx(land.curvature, rel=1e-6)


# ------------------------------------------------------------------------- what the descriptions claim

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else WORDS.get(word)


@pytest.mark.parametrize("land", ALL, ids=IDS)
def test_each_description_counts_the_minima_it_has(land):
    """'N minima', 'N valleys', 'N global minima', 'N of them local', 'one minimum': each checked against J."""
    text = land.description
    kinds = {"global": len(land.global_minima), "local": len(land.minima) - len(land.global_minima)}
    claims = 0
    for word, kind in re.findall(r"(\w+)(?: shallower)? (global|local) (?:minima|minimum|ones)\b", text):
        if count(word) is not None:
            assert count(word) == kinds[kind], (word, kind)
            claims += 1
    for word, kind in re.findall(r"(\w+) of them (global|local)", text):
        assert count(word) == kinds[kind], (word, kind)
        claims += 1
    for word in re.findall(r"(\w+)(?: mirror)? (?:minima|minimum|valleys)\b", text):
        if count(word) is not None:
            assert count(word) == len(land.minima), word
            claims += 1
    if re.search(r"no minimum", text, re.IGNORECASE):
        assert not land.minima
        claims += 1
    expected_claims = {"ackley", "local_minimum", "bowl", "ravine"}
    assert claims or land.name in expected_claims, "a description says how many minima there are"


@pytest.mark.parametrize("land", ALL, ids=IDS)
def test_each_description_states_convexity_as_flagged(land):
    text = land.description.lower()
    denied = re.search(r"\b(not convex|nonconvex)\b", text)
    claimed = re.search(r"(?<!non)(?<!not )\bconvex\b", text)
    if land.convex:
        assert claimed, "a convex loss says so"
    assert not (land.convex and denied)
    assert not (claimed and not land.convex)


@pytest.mark.parametrize("land", ALL, ids=IDS)
def test_each_description_gets_its_directions_and_limits_right(land):
    text = land.description
    centre = np.array([(low + high) / 2 for low, high in land.bounds])
    for slope, axis in re.findall(r"(uphill|downhill) along (x|y)", text):
        step = np.eye(land.dim)["xy".index(axis)] * 0.5
        rises = [land.value(centre + sign * step) - land.value(centre) for sign in (1, -1)]
        assert all((rise > 0) == (slope == "uphill") for rise in rises), (slope, axis)
    for denominator, limit in re.findall(r"2/(\d+) = ([\d.]+)", text):
        assert land.curvature == float(denominator)
        assert 2 / land.curvature == float(limit)
    for curvature in re.findall(r"curvature is (\d+)", text):
        assert land.curvature == float(curvature)
    if "converges for η < " in text:
        assert re.search(r"converges for η < ([\d.]+)", text).group(1) == f"{2 / land.curvature:g}"


# Minima from the literature (Surjanovic & Bingham's Virtual Library of Simulation Experiments), not from our code.
LITERATURE = {
    "himmelblau": [((3.0, 2.0), 0.0), ((-2.805118, 3.131312), 0.0), ((-3.779310, -3.283186), 0.0),
                   ((3.584428, -1.848126), 0.0)],
    "six_hump_camel": [((0.0898, -0.7126), -1.0316), ((-0.0898, 0.7126), -1.0316)],
    "rastrigin": [((0.0, 0.0), 0.0)],
    "ackley": [((0.0, 0.0), 0.0)],
    "rosenbrock": [((1.0, 1.0), 0.0)],
    "beale": [((3.0, 0.5), 0.0)],
    "bowl": [((0.0, 0.0), 0.0)],
    "ravine": [((0.0, 0.0), 0.0)],
    "parabola": [((0.0,), 0.0)],
}  # fmt: skip


def test_the_line_fits_minimum_is_the_least_squares_line():
    """Worked out here by NumPy's least squares on the data itself, not by the landscape's own code."""
    land = landscapes.get("linear_regression")
    x, y = land.examples.inputs[:, 0], land.examples.targets
    (w, b), *_ = np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)
    (minimum,) = land.minima
    np.testing.assert_allclose(minimum.point, (w, b), atol=1e-9)
    assert minimum.value == pytest.approx(np.mean((w * x + b - y) ** 2), rel=1e-12)


@pytest.mark.parametrize("name", LITERATURE)
def test_global_minima_are_where_the_literature_puts_them(name):
    land = landscapes.get(name)
    found = sorted((m.point, m.value) for m in land.global_minima)
    expected = sorted(LITERATURE[name])
    assert len(found) == len(expected)
    for (point, value), (known_point, known_value) in zip(found, expected, strict=True):
        np.testing.assert_allclose(point, known_point, atol=1e-4)
        assert value == pytest.approx(known_value, abs=1e-4)


def bisect(f, low, high, iterations=200):
    for _ in range(iterations):
        middle = (low + high) / 2
        low, high = (middle, high) if np.sign(f(middle)) == np.sign(f(low)) else (low, middle)
    return (low + high) / 2


@pytest.mark.parametrize(
    ("name", "loss", "slope", "curvature"),
    [
        ("local_minimum", lambda t: t**4 / 4 - t**2 + t / 4, lambda t: t**3 - 2 * t + 0.25, lambda t: 3 * t**2 - 2),
        ("wavy", lambda t: t**2 / 10 + np.sin(2 * t), lambda t: t / 5 + 2 * np.cos(2 * t),
         lambda t: 0.2 - 4 * np.sin(2 * t)),
    ],
)  # fmt: skip
def test_1d_minima_are_the_roots_of_the_slope_where_it_curves_up(name, loss, slope, curvature):
    """Every sign change of J' (written out here from the formula) where J'' > 0, refined by bisection."""
    land = landscapes.get(name)
    ((low, high),) = land.bounds
    grid = np.linspace(low, high, 10_001)
    changes = np.flatnonzero(np.sign(slope(grid[:-1])) != np.sign(slope(grid[1:])))
    roots = [bisect(slope, grid[i], grid[i + 1]) for i in changes]
    minima = sorted((loss(t), t) for t in roots if curvature(t) > 0)
    assert [(m.value, m.point[0]) for m in land.minima] == [
        (pytest.approx(value, abs=1e-12), pytest.approx(t, abs=1e-9)) for value, t in minima
    ]
    assert [m.kind for m in land.minima] == ["global"] + ["local"] * (len(minima) - 1)
