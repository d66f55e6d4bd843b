"""Fixtures the Python side writes for the browser modules' tests (`tests/js/`): a learning-rate sweep exactly as
the page sends it, with the numbers it must decode to written out as plain lists.

    python -m tests.js_fixtures      # writes tests/js/fixtures/sweep.json; tests/test_js.py checks it is current
"""

import json
from pathlib import Path

import numpy as np
import plotly.io as pio

import landscapes
import optimizers
from plots.animation import binary
from plots.sweep import kept_rows, path_sweep

FIXTURES = Path(__file__).resolve().parent / "js" / "fixtures"
RATES = (0.01, 0.05, 0.1)


def sweep_fixture() -> dict:
    """The sweep of gradient descent and Adam on the ravine at three η, as sent, and what it must decode to."""
    land = landscapes.get("ravine")
    runs = {name: optimizers.sweep(land, optimizers.get(name), land.start, RATES, steps=30) for name in ("gd", "adam")}
    texts = {key: [f"{key} at {rate:g}" for rate in RATES] for key in runs}
    sent = json.loads(pio.to_json(binary({"rates": list(RATES), **path_sweep(land, runs, texts)}), validate=False))
    rows = kept_rows(31)
    expected = {
        key: {"x": run.points[rows, :, 0].T.astype(np.float32).tolist(),
              "y": run.points[rows, :, 1].T.astype(np.float32).tolist(), "steps": rows.tolist()}
        for key, run in runs.items()
    }  # fmt: skip
    return {"sweep": sent, "expected": expected}


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "sweep.json").write_text(json.dumps(sweep_fixture(), indent=1) + "\n")


if __name__ == "__main__":
    main()
