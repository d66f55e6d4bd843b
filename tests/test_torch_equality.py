"""The rules that follow `torch.optim` take its path, step for step: float64, the same gradients, 100 steps.

Where PyTorch is installed the paths come from `torch.optim` itself, run now; elsewhere (CI does not install
it) from `tests/recorded/torch_optim.json`, recorded from torch 2.13 by `python -m tests.torch_reference`,
and kept honest by the test that compares a fresh recording with it wherever PyTorch is present.
"""

import importlib.util
import inspect

import numpy as np
import pytest

import landscapes
import optimizers
from bench import textbook
from tests.torch_reference import CASES, STEPS, case_id, recorded, torch_run

HAS_TORCH = importlib.util.find_spec("torch") is not None
SOURCE = "torch.optim, run now" if HAS_TORCH else "recorded from torch.optim"


@pytest.mark.parametrize("case", CASES, ids=[f"{case_id(case)} ({SOURCE})" for case in CASES])
def test_the_path_is_torchs(case):
    name, land, start, lr, settings = case
    ours = optimizers.run(landscapes.get(land), optimizers.get(name, **settings), start, lr=lr, steps=STEPS)
    theirs = torch_run(case) if HAS_TORCH else recorded()[case_id(case)]
    assert not ours.diverged[0]
    np.testing.assert_allclose(ours.points[:, 0], theirs, rtol=1e-6, atol=1e-6)


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed: the recording cannot be checked here")
def test_the_recording_is_what_torch_does_now():
    fresh, kept = {case_id(case): torch_run(case) for case in CASES}, recorded()
    assert set(fresh) == set(kept)
    for key, path in fresh.items():
        np.testing.assert_array_equal(path, kept[key], err_msg=key)


TEXTBOOK_NAMES = {"momentum_decay": "psi"}
"""Where a textbook loop (`bench/textbook.py`) names a setting otherwise."""


def textbook_cases():
    """The recorded cases a textbook loop can run: those whose settings it takes."""
    for case in CASES:
        name, _, _, _, settings = case
        loop = getattr(textbook, name)
        accepted = set(inspect.signature(loop).parameters)
        if all(TEXTBOOK_NAMES.get(key, key) in accepted for key in settings):
            yield case


@pytest.mark.parametrize("case", list(textbook_cases()), ids=case_id)
def test_the_recording_is_what_a_textbook_loop_does(case):
    """In CI, where PyTorch is not installed, the recording itself is held to something our code did not make: the
    plain NumPy loop a tutorial writes (bench/textbook.py), one start, the same gradients."""
    name, land_name, start, lr, settings = case
    land = landscapes.get(land_name)
    loop = getattr(textbook, name)
    kwargs = {TEXTBOOK_NAMES.get(key, key): value for key, value in settings.items()}
    if "hessian" in inspect.signature(loop).parameters:
        kwargs["hessian"] = land.hessian
    if "history_size" in kwargs:
        kwargs["history_size"] = int(kwargs["history_size"])
    if name == "lbfgs":  # the textbook L-BFGS walks a list of starts, one at a time
        (end,) = loop(land.grad, np.array([start], dtype=float), lr, STEPS, **kwargs)
    else:
        end = loop(land.grad, np.array(start, dtype=float), lr, STEPS, **kwargs)
    np.testing.assert_allclose(recorded()[case_id(case)][-1], end, rtol=1e-6, atol=1e-6)
