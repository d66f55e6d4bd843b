"""Every step explained: the replay is the engine's own path, what each optimizer carries is worked out by hand
for its first two steps on J = θ², and the written-out lines state those numbers and the step taken."""

import re

import numpy as np
import pytest

import landscapes
import optimizers
from optimizers.explain import WRITERS
from tests.test_optimizers import HAND_WORKED, PARABOLA, nadam_iterates, second_iterate

# What each optimizer carries after steps 1 and 2 from θ₀ = 1 on J = θ² (g₁ = 2, g₂ = 2θ₁), by hand.
CARRIED = {
    "momentum": lambda t1: {"b": [2.0, 0.9 * 2.0 + 2 * t1]},
    "nesterov": lambda t1: {"b": [2.0, 0.9 * 2.0 + 2 * t1]},
    "adagrad": lambda t1: {"s": [4.0, 4.0 + (2 * t1) ** 2]},
    "rmsprop": lambda t1: {"v": [0.04, 0.99 * 0.04 + 0.01 * (2 * t1) ** 2]},
    "adam": lambda t1: {"m": [0.2, 0.9 * 0.2 + 0.1 * 2 * t1], "m̂": [2.0, (0.18 + 0.2 * t1) / (1 - 0.81)],
                        "v": [0.004, 0.999 * 0.004 + 0.001 * (2 * t1) ** 2]},
    "lion": lambda t1: {"m": [0.02, 0.99 * 0.02 + 0.01 * 2 * t1]},
    "adadelta": lambda t1: {"v": [0.4, 0.9 * 0.4 + 0.1 * (2 * t1) ** 2]},
}  # fmt: skip


def first_two(name):
    lr, (first, second) = HAND_WORKED[name]
    if name == "nadam":
        first, second = nadam_iterates(lr)
    if second is None:
        second = second_iterate(name, lr, first)
    return lr, first, second


def test_every_optimizer_is_written_out():
    assert set(WRITERS) == set(optimizers.names())


@pytest.mark.parametrize("name", optimizers.names())
def test_the_replay_is_the_engines_path_and_its_steps_are_the_hand_worked_ones(name):
    lr, first, second = first_two(name)
    moments = optimizers.replay(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2)
    path = optimizers.run(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2).points[:, 0, 0]
    np.testing.assert_array_equal([m.theta[0] for m in moments], path[:2])
    np.testing.assert_allclose([m.update[0] for m in moments], [first - 1.0, second - first], rtol=1e-12)
    settings = dict(optimizers.get(name).settings)
    for moment, step in zip(moments, (first - 1.0, second - first), strict=True):
        last = optimizers.lines(name, settings, moment, lambda x: f"{x:.12g}")[-1]
        assert float(last.split("=")[-1]) == pytest.approx(step, rel=1e-10), "the line states the step taken"


@pytest.mark.parametrize("name", CARRIED)
def test_what_each_optimizer_carries_is_the_hand_worked_state(name):
    lr, first, _ = first_two(name)
    moments = optimizers.replay(PARABOLA, optimizers.get(name), [1.0], lr=lr, steps=2)
    settings = dict(optimizers.get(name).settings)
    for field, values in CARRIED[name](first).items():
        carried = [optimizers.memory(name, settings, moment)[field][0] for moment in moments]
        np.testing.assert_allclose(carried, values, rtol=1e-12, err_msg=field)
        written = " ".join(optimizers.lines(name, settings, moments[1], lambda x: f"{x:.12g}"))
        assert f"{values[1]:.12g}" in written or (name == "adam" and field == "v"), (field, written)


def test_a_diverging_replay_stops_where_the_path_leaves():
    land = landscapes.get("rosenbrock")
    moments = optimizers.replay(land, optimizers.get("gd"), (-1.5, 2.5), lr=10.0, steps=100)
    assert len(moments) < 100
    assert re.fullmatch(r"\\Delta\\theta = .*", optimizers.lines("gd", {}, moments[-1])[-1])
