"""The chart's browser code (`plots/browser/`): its own tests under node's test runner, ESLint, and the fixtures
they read, current with what the Python side sends."""

import json
import os
import shutil
import subprocess

import pytest

from tests import js_fixtures, twin_fixture
from tests.browser import ROOT

NODE = shutil.which("node")


def test_the_fixtures_are_what_the_page_sends_today():
    written = json.loads((js_fixtures.FIXTURES / "sweep.json").read_text())
    assert written == json.loads(json.dumps(js_fixtures.sweep_fixture())), "run: python -m tests.js_fixtures"


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_browser_modules_pass_their_tests_under_node():
    twin_fixture.main()  # the engine's numbers the browser's twin is held to, written fresh from the engine
    done = subprocess.run([NODE, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout


def test_eslint_finds_nothing_in_the_browser_code():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        if os.environ.get("CI") == "true":
            raise RuntimeError("CI must lint the browser code, but ESLint is missing: npm ci")
        pytest.skip("ESLint is not installed here (npm ci installs it)")
    done = subprocess.run([str(eslint), "plots/browser", "tests/js"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
