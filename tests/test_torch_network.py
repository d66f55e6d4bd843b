"""The network's forward and backward passes against PyTorch's autograd: the loss on the plane, its slope along
the plane (our backward pass projected on δ and ε) and training's gradient in every weight.

Where PyTorch is installed the reference comes from autograd, run now; elsewhere (CI does not install it) from
`tests/recorded/torch_network.json`, recorded by `python -m tests.torch_network`, and kept honest by the test that
compares a fresh recording with it wherever PyTorch is present.
"""

import importlib.util

import numpy as np
import pytest

from landscapes import network
from tests.torch_network import CASES, case_id, recorded, torch_case

HAS_TORCH = importlib.util.find_spec("torch") is not None
SOURCE = "autograd, run now" if HAS_TORCH else "recorded from autograd"


@pytest.mark.parametrize("case", CASES, ids=[f"{case_id(case)} ({SOURCE})" for case in CASES])
def test_the_loss_and_its_slopes_are_autograds(case):
    data, width, seed, points = case
    theirs = torch_case(case) if HAS_TORCH else recorded()[case_id(case)]
    land = network.trained_network(data, width, seed)
    at = np.array(points, dtype=float)
    ours = np.column_stack([land.value(at), land.grad(at)])
    np.testing.assert_allclose(ours, theirs["plane"], rtol=1e-10, atol=1e-12)
    start = network.initial((2, width, width, 1), seed)
    training = network.gradient(start, *land.examples).flat()
    np.testing.assert_allclose(training, theirs["training"], rtol=1e-10, atol=1e-13)


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed: the recording cannot be checked here")
def test_the_recording_is_what_autograd_gives_now():
    kept = recorded()
    assert set(kept) == {case_id(case) for case in CASES}
    for case in CASES:
        fresh = torch_case(case)
        np.testing.assert_allclose(fresh["plane"], kept[case_id(case)]["plane"], rtol=1e-14)
        np.testing.assert_allclose(fresh["training"], kept[case_id(case)]["training"], rtol=1e-14)
