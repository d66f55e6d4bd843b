"""The rules that follow `torch.optim` take its path, step for step: float64, the same gradients, 100 steps.

Where PyTorch is installed the paths come from `torch.optim` itself, run now; elsewhere (CI does not install
it) from `tests/recorded/torch_optim.json`, recorded from torch 2.13 by `python -m tests.torch_reference`,
and kept honest by the test that compares a fresh recording with it wherever PyTorch is present.
"""

import importlib.util

import numpy as np
import pytest

import landscapes
import optimizers
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
