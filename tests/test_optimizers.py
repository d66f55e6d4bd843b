"""Update rules against hand-worked steps, convergence across targets, and the runner's contract."""

import math
import re

import numpy as np
import pytest

import landscapes
import optimizers
from language import words
from optimizers import schedules

PARABOLA = landscapes.get("parabola")

# θ₀ = 1 on J = θ² (g = 2θ): the first two iterates, worked out by hand from each documented formula.
HAND_WORKED = {
    "gd": (0.1, [0.8, 0.64]),
    "momentum": (0.1, [0.8, 0.8 - 0.1 * (0.9 * 2 + 1.6)]),
    "nesterov": (0.1, [1 - 0.1 * (2 + 0.9 * 2), 0.62 - 0.1 * (1.24 + 0.9 * (0.9 * 2 + 1.24))]),
    "adagrad": (0.1, [1 - 0.2 / (2 + 1e-10), None]),
    "rmsprop": (0.01, [1 - 0.02 / (math.sqrt(0.04) + 1e-8), None]),
    "adam": (0.1, [1 - 0.1 * 2 / (2 + 1e-8), None]),
    "adamw": (0.1, [1 * (1 - 0.1 * 0.01) - 0.1 * 2 / (2 + 1e-8), None]),
    # Newton: θ − η·g/J″ with J″ = 2. L-BFGS: t = min(1, 1/|g|)·η = 0.25 along d = −g; then y = −1, s = −0.5,
    # ρ = 2, H̃₀ = yᵀs/yᵀy = 0.5, and the two loops give d = −0.5 (Newton's own direction), taken at t = η.
    "newton": (0.5, [0.5, 0.25]),
    "lbfgs": (0.5, [0.5, 0.25]),
    # Lion: the sign of 0.9·m + 0.1·g is +1 both times (m₁ = 0.02, g₁ = 1.8), so θ falls by η each step.
    "lion": (0.1, [0.9, 0.8]),
    "nadam": (0.1, [None, None]),
    # RAdam: ρ₁ = 1999 − 2·0.999/0.001 = 1 and ρ₂ ≈ 2, both ≤ 5: plain momentum steps −η·m̂.
    "radam": (0.1, [0.8, 0.8 - 0.1 * (0.9 * 0.2 + 0.1 * 1.6) / (1 - 0.9**2)]),
    "adadelta": (1.0, [1 - math.sqrt(1e-6) / math.sqrt(0.4 + 1e-6) * 2, None]),
}


def nadam_iterates(lr):
    """NAdam's first two iterates from θ₀ = 1, its μₜ = 0.9·(1 − ½·0.96^(0.004·t)) written out long-hand."""
    mu = [0.9 * (1 - 0.5 * 0.96 ** (0.004 * t)) for t in (1, 2, 3)]
    theta, m, v, product = 1.0, 0.0, 0.0, 1.0
    path = []
    for t in (1, 2):
        g = 2 * theta
        m, v, product = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g, product * mu[t - 1]
        denom = math.sqrt(v / (1 - 0.999**t)) + 1e-8
        theta -= lr * (1 - mu[t - 1]) / (1 - product) * g / denom + lr * mu[t] / (1 - product * mu[t]) * m / denom
        path.append(theta)
    return path


def second_iterate(name, lr, first):
    """The second iterate from the first, by the documented formulas written out long-hand."""
    g1, g2 = 2.0, 2 * first
    if name == "adadelta":
        v1, delta1 = 0.1 * g1**2, first - 1.0
        u1 = 0.1 * delta1**2
        v2 = 0.9 * v1 + 0.1 * g2**2
        return first - lr * math.sqrt(u1 + 1e-6) / math.sqrt(v2 + 1e-6) * g2
    if name == "adagrad":
        return first - lr * g2 / (math.sqrt(g1**2 + g2**2) + 1e-10)
    if name == "rmsprop":
        v = 0.99 * (0.01 * g1**2) + 0.01 * g2**2
        return first - lr * g2 / (math.sqrt(v) + 1e-8)
    m = 0.9 * (0.1 * g1) + 0.1 * g2
    v = 0.999 * (0.001 * g1**2) + 0.001 * g2**2
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    decayed = first * (1 - lr * 0.01) if name == "adamw" else first
    return decayed - lr * m_hat / (math.sqrt(v_hat) + 1e-8)


@pytest.mark.parametrize("name", optimizers.names())
def test_first_steps_match_hand_worked_values(name):
    lr, (first, second) = HAND_WORKED[name]
    if name == "nadam":
        first, second = nadam_iterates(lr)
    if second is None:
        second = second_iterate(name, lr, first)
    path = optimizers.run(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2).points[:, 0, 0]
    np.testing.assert_allclose(path, [1.0, first, second], rtol=1e-12)


@pytest.mark.parametrize("name", optimizers.names())
def test_every_optimizer_is_one_complete_record(name):
    """Rule, title, colour, marker, reference and settings in the catalog's one entry; its words in both
    catalogs (English from the entry itself)."""
    record = optimizers.get(name)
    assert callable(record.init)
    assert callable(record.update)
    assert re.fullmatch(r"#[0-9A-F]{6}", record.color)
    assert record.symbol
    assert record.reference.startswith("torch.optim.") or re.search(r"\b(19|20)\d\d\b|ch\. \d", record.reference)
    for lang in ("en", "zh"):
        say = words(lang)
        for key in (f"optimizer.{name}.title", f"optimizer.{name}.description"):
            assert key in say.texts, (lang, key)
        for param in record.hyperparams:
            assert f"setting.{name}.{param}" in say.texts, (lang, param)
            assert f"param.{param}" in say.texts, (lang, param)


def test_optimizers_are_told_apart_by_colour_and_by_marker():
    records = [optimizers.get(name) for name in optimizers.names()]
    assert len({r.color for r in records}) == len(records)
    assert len({r.symbol for r in records}) == len(records)


def test_the_chapters_seven_come_first_and_the_torch_defaults_hold():
    assert optimizers.names()[:7] == ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
    assert optimizers.get("momentum").settings["momentum"] == 0.9
    assert optimizers.get("nesterov").settings["momentum"] == 0.9
    assert dict(optimizers.get("adam").settings) == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert optimizers.get("adamw").settings["weight_decay"] == 0.01
    assert dict(optimizers.get("lbfgs").settings) == {"history_size": 100, "tolerance_grad": 1e-7,
                                                      "tolerance_change": 1e-9}  # fmt: skip
    assert dict(optimizers.get("lion").settings) == {"beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0}
    assert optimizers.get("nadam").settings["momentum_decay"] == 4e-3
    assert dict(optimizers.get("adadelta").settings) == {"rho": 0.9, "eps": 1e-6}


def test_hyperparameter_specs_cover_their_defaults():
    for name in optimizers.names():
        for key, spec in optimizers.get(name).hyperparams.items():
            assert spec.low <= spec.default <= spec.high, (name, key)
            assert spec.help
            assert not spec.log or spec.low > 0


def test_unknown_optimizer_or_hyperparameter_is_a_clear_error():
    with pytest.raises(ValueError, match="known: gd, momentum"):
        optimizers.get("sgdx")
    with pytest.raises(ValueError, match="it takes: beta1, beta2, eps"):
        optimizers.get("adam", beta3=0.5)
    with pytest.raises(ValueError, match=r"outside its range \[0, 0.999\]"):
        optimizers.get("adam", beta1=1.5)


# (optimizer, learning rate, steps) that a learner would expect to reach the minimum, per target.
# Adadelta is left out on Rosenbrock: at any η it is still far from (1, 1) after 20,000 steps.
CONVERGENCE = {
    "bowl": {"start": (1.5, -1.2), "steps": 500, "lr": {"gd": 0.1, "momentum": 0.05, "nesterov": 0.05,
             "adagrad": 0.5, "rmsprop": 0.01, "adam": 0.05, "adamw": 0.05, "newton": 1.0, "lbfgs": 1.0,
             "lion": 0.01, "nadam": 0.02, "radam": 0.05, "adadelta": 1.0}},
    "ravine": {"start": (-2.5, 1.0), "steps": 1500, "lr": {"gd": 0.05, "momentum": 0.02, "nesterov": 0.02,
               "adagrad": 0.5, "rmsprop": 0.01, "adam": 0.05, "adamw": 0.05, "newton": 1.0, "lbfgs": 1.0,
               "lion": 0.01, "nadam": 0.02, "radam": 0.05, "adadelta": 1.0}},
    "rosenbrock": {"start": (-1.5, 2.0), "steps": 20000, "lr": {"gd": 1e-3, "momentum": 2e-4, "nesterov": 2e-4,
                   "adagrad": 0.5, "rmsprop": 1e-3, "adam": 0.02, "adamw": 0.02, "newton": 1.0, "lbfgs": 1.0,
                   "lion": 1e-3, "nadam": 2e-3, "radam": 2e-3}},
}  # fmt: skip
REACHING = [(target, name) for target, case in CONVERGENCE.items() for name in case["lr"]]


@pytest.mark.parametrize(("target", "name"), REACHING)
def test_optimizer_reaches_the_minimum(target, name):
    case = CONVERGENCE[target]
    land = landscapes.get(target)
    optimizer = optimizers.get(name, weight_decay=0.0) if name == "adamw" else optimizers.get(name)
    traj = optimizers.run(land, optimizer, case["start"], lr=case["lr"][name], steps=case["steps"], record_every=100)
    assert not traj.diverged[0]
    distance = np.linalg.norm(traj.points[-1, 0] - land.minima[0].point)
    assert distance < 0.02, f"{name} ended {distance:.3g} from the minimum of {target}"
    assert traj.values[-1, 0] < 1e-3 * traj.values[0, 0]


@pytest.mark.parametrize("name", optimizers.names())
@pytest.mark.parametrize("target", ["rosenbrock", "himmelblau", "ravine"])
def test_a_batch_of_starts_gives_exactly_the_single_paths(name, target):
    land = landscapes.get(target)
    rng = np.random.default_rng(3)
    low, high = np.array(land.bounds).T
    starts = rng.uniform(low, high, (6, 2))
    rates = np.geomspace(1e-3, 3e-2, 6)
    together = optimizers.run(land, optimizers.get(name), starts, lr=rates, steps=300)
    for i in range(6):
        alone = optimizers.run(land, optimizers.get(name), starts[i], lr=rates[i], steps=300)
        np.testing.assert_array_equal(together.points[:, i], alone.points[:, 0])
        np.testing.assert_array_equal(together.stopped_at[i], alone.stopped_at[0])


@pytest.mark.parametrize("name", optimizers.names())
def test_inputs_are_never_modified(name):
    land = landscapes.get("rosenbrock")
    starts = np.array([[-1.0, 2.0], [0.5, 0.5]])
    rates = np.array([1e-3, 2e-3])
    starts.flags.writeable = False
    rates.flags.writeable = False
    optimizers.run(land, optimizers.get(name), starts, lr=rates, steps=20)
    np.testing.assert_array_equal(starts, [[-1.0, 2.0], [0.5, 0.5]])

    optimizer = optimizers.get(name)
    params = starts.copy()
    state = optimizer.init(params)
    for _ in range(3):
        grad = land.grad(params)
        curvature = (land.hessian(params),) if optimizer.needs_hessian else ()
        for array in (params, grad, *curvature, *(f for f in state if isinstance(f, np.ndarray))):
            array.flags.writeable = False
        updates, state = optimizer.update(grad, state, params, 1e-3, *curvature)
        params = params + updates


def test_gradient_descent_on_the_parabola_obeys_two_over_l():
    curvature = 2.0  # J = θ², J'' = 2
    limit = 2 / curvature
    below = optimizers.run(PARABOLA, optimizers.get("gd"), [2.5], lr=0.99 * limit, steps=3000, record_every=50)
    above = optimizers.run(PARABOLA, optimizers.get("gd"), [2.5], lr=1.01 * limit, steps=3000, record_every=50)
    assert not below.diverged[0]
    assert abs(below.points[-1, 0, 0]) < 1e-6
    assert above.diverged[0]
    assert 0 < above.stopped_at[0] < 3000


def test_a_diverged_start_freezes_at_its_last_finite_point():
    land = landscapes.get("rosenbrock")
    starts = np.array([[-1.5, 2.0], [1.2, 1.2]])
    traj = optimizers.run(land, optimizers.get("gd"), starts, lr=np.array([1e-3, 0.5]), steps=200)
    assert list(traj.diverged) == [False, True]
    assert traj.stopped_at[0] == 200
    stop = traj.stopped_at[1]
    frozen = traj.points[stop:, 1]
    assert np.all(frozen == frozen[0])
    assert np.all(traj.points[stop, 1] != traj.points[stop - 1, 1])
    assert np.all(np.isfinite(traj.points))
    assert np.all(np.isfinite(traj.values))
    np.testing.assert_array_equal(traj.values, land.value(traj.points))


@pytest.mark.parametrize("name", optimizers.names())
@pytest.mark.parametrize("target", landscapes.names())
def test_absurd_learning_rates_never_leak_nan_or_warnings(name, target):
    land = landscapes.get(target)
    corners = np.array(np.meshgrid(*land.bounds)).reshape(land.dim, -1).T
    traj = optimizers.run(land, optimizers.get(name), corners, lr=1e4, steps=50)
    assert np.all(np.isfinite(traj.points))
    assert np.all(np.isfinite(traj.values))


def test_saddle_start_escapes_along_y():
    traj = optimizers.run(landscapes.get("saddle"), optimizers.get("gd"), [1.0, 1e-3], lr=0.1, steps=500)
    assert traj.diverged[0]
    last = traj.points[-1, 0]
    assert abs(last[0]) < 1e-3
    assert abs(last[1]) > 100


def test_record_every_keeps_every_kth_step_and_the_last():
    land = landscapes.get("bowl")
    full = optimizers.run(land, optimizers.get("adam"), [1.0, 1.0], lr=0.01, steps=23)
    sparse = optimizers.run(land, optimizers.get("adam"), [1.0, 1.0], lr=0.01, steps=23, record_every=5)
    assert list(sparse.steps) == [0, 5, 10, 15, 20, 23]
    np.testing.assert_array_equal(sparse.points, full.points[[0, 5, 10, 15, 20, 23]])
    assert full.points.shape == (24, 1, 2)
    assert full.values.shape == (24, 1)


def test_runner_refuses_malformed_arguments():
    land = landscapes.get("bowl")
    adam = optimizers.get("adam")
    for bad in ({"lr": -1.0}, {"lr": float("nan")}, {"lr": np.ones(3)}):
        with pytest.raises(ValueError, match=r"lr|learning rate"):
            optimizers.run(land, adam, [[0.0, 1.0], [1.0, 0.0]], steps=5, **bad)
    with pytest.raises(ValueError, match="2 coordinate"):
        optimizers.run(land, adam, [1.0, 2.0, 3.0], lr=0.1, steps=5)
    with pytest.raises(ValueError, match="steps"):
        optimizers.run(land, adam, [1.0, 2.0], lr=0.1, steps=-1)


def test_schedules_follow_their_formulas():
    steps = 400
    np.testing.assert_array_equal(schedules.get("constant").multipliers(steps), np.ones(steps))
    step = schedules.get("step", step_size=100, gamma=0.5).multipliers(steps)
    assert (step[99], step[100], step[399]) == (1.0, 0.5, 0.125)
    exponential = schedules.get("exponential", decay_rate=0.5, decay_steps=100).multipliers(steps)
    assert exponential[100] == pytest.approx(0.5)
    assert exponential[50] == pytest.approx(0.5**0.5)
    inverse = schedules.get("inverse_time", decay_rate=1.0, decay_steps=100).multipliers(steps)
    assert inverse[100] == pytest.approx(0.5)
    cosine = schedules.get("cosine", alpha=0.1).multipliers(steps)
    assert cosine[0] == 1.0
    assert cosine[200] == pytest.approx(0.55)
    assert np.all(np.diff(cosine) < 0)
    with pytest.raises(ValueError, match="known: constant, step"):
        schedules.get("warmup")


def test_the_runner_applies_the_schedule():
    schedule = schedules.get("step", step_size=2, gamma=0.5)
    path = optimizers.run(PARABOLA, optimizers.get("gd"), [1.0], lr=0.2, steps=4, schedule=schedule).points[:, 0, 0]
    rates = 0.2 * np.array([1, 1, 0.5, 0.5])
    np.testing.assert_allclose(path, np.cumprod(np.r_[1.0, 1 - 2 * rates]), rtol=1e-15)


def test_momentum_dampening_follows_torch():
    # b₁ = g₁ = 2 (no dampening at the first step); g₂ = 1.6; b₂ = 0.9·2 + (1 − 0.5)·1.6 = 2.6.
    optimizer = optimizers.get("momentum", dampening=0.5)
    path = optimizers.run(PARABOLA, optimizer, [1.0], lr=0.1, steps=2).points[:, 0, 0]
    np.testing.assert_allclose(path, [1.0, 0.8, 0.8 - 0.1 * 2.6], rtol=1e-12)


@pytest.mark.parametrize("target", ["rosenbrock", "himmelblau", "local_minimum", "linear_regression"])
@pytest.mark.parametrize("name", optimizers.names())
def test_a_sweep_is_each_learning_rate_run_on_its_own(name, target):
    """The page shows the sweep's column at the chosen η as the run and its outcome: they must be the run's."""
    land = landscapes.get(target)
    low, high = np.array(land.bounds, dtype=float).T
    start = low + 0.3 * (high - low)
    batch = 4 if isinstance(land, landscapes.DataLandscape) else None
    rates = [1e-4, 0.003, 0.05, 0.4, 2.0, 50.0]
    swept = optimizers.sweep(land, optimizers.get(name), start, rates, steps=60, batch_size=batch, seed=3)
    assert swept.points.shape == (61, len(rates), land.dim)
    ends = optimizers.outcomes(land, swept)
    for k, rate in enumerate(rates):
        alone = optimizers.run(land, optimizers.get(name), start, lr=rate, steps=60, batch_size=batch, seed=3)
        column = optimizers.one_start(swept, k)
        for field in optimizers.Trajectory._fields:
            np.testing.assert_array_equal(getattr(column, field), getattr(alone, field), err_msg=field)
        assert repr(ends[k]) == repr(optimizers.outcome(land, alone)), f"the outcome at η = {rate}"


@pytest.mark.parametrize("target", ["parabola", "bowl", "ravine", "linear_regression"])
def test_newton_reaches_a_quadratics_minimum_in_one_step(target):
    land = landscapes.get(target)
    path = optimizers.run(land, optimizers.get("newton"), np.array(land.bounds)[:, 1] * 0.8, lr=1.0, steps=1)
    np.testing.assert_allclose(path.points[1, 0], land.minima[0].point, atol=1e-9)


def test_newton_heads_uphill_where_the_curvature_is_negative():
    """On the local-minimum trap J″ = 3θ² − 2 < 0 at θ = 0.3: the step −J′/J″ goes to the hump's top, a maximum."""
    land = landscapes.get("local_minimum")
    path = optimizers.run(land, optimizers.get("newton"), [0.3], lr=1.0, steps=20).points[:, 0, 0]
    top = path[-1]
    assert abs(land.grad([top])[0]) < 1e-12, "it stops where the slope vanishes"
    assert land.hessian([top])[0, 0] < 0, "and that point is a maximum"
    assert land.value([top]) > land.value([0.3]), "it went uphill"


def test_damping_shrinks_newtons_step_toward_gradient_descents():
    land, start = landscapes.get("parabola"), [1.0]
    plain = optimizers.run(land, optimizers.get("newton"), start, lr=1.0, steps=1).points[1, 0, 0]
    damped = optimizers.run(land, optimizers.get("newton", damping=2.0), start, lr=1.0, steps=1).points[1, 0, 0]
    assert plain == 0.0
    assert damped == pytest.approx(1 - 2 / (2 + 2.0)), "θ − g/(J″ + λ)"


def test_lbfgs_forgets_its_oldest_pair_once_its_history_is_full():
    """With history_size 2 on Rosenbrock the path leaves the full history's once a third pair arrives (torch's
    own paths with short histories are in test_torch_equality)."""
    land, start = landscapes.get("rosenbrock"), (-1.5, 2.5)
    short = optimizers.run(land, optimizers.get("lbfgs", history_size=2), start, lr=0.5, steps=6).points[:, 0]
    full = optimizers.run(land, optimizers.get("lbfgs"), start, lr=0.5, steps=6).points[:, 0]
    np.testing.assert_array_equal(short[:4], full[:4])
    assert np.abs(short[4:] - full[4:]).max() > 1e-9
