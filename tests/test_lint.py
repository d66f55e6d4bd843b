"""The code as CI holds it: ruff's lint and format clean, and every package the code imports declared."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWN = {path.stem if path.is_file() else path.name for path in ROOT.iterdir()} | {"tests", "bench"}
IMPORT_NAMES = {"pillow": "PIL", "pyyaml": "yaml"}
"""Distributions imported under another name."""


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_finds_nothing(command):
    done = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def declared() -> set[str]:
    names = set()
    for listing in ("requirements.in", "requirements-dev.in"):
        for line in (ROOT / listing).read_text().splitlines():
            match = re.match(r"([A-Za-z0-9_.-]+)", line.strip())
            if match and not line.startswith(("#", "-")):
                name = match.group(1).lower()
                names.add(IMPORT_NAMES.get(name, name.replace("-", "_")))
    return names


def imported() -> dict[str, str]:
    """Every top-level module the code imports, with a file that imports it."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if any(part.startswith(".") or part in ("venv", "node_modules") for part in path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_package_the_code_imports_is_declared():
    standard = set(sys.stdlib_module_names)
    optional = {"torch"}  # the recorded reference's own generator, run where PyTorch is installed
    missing = {
        name: where for name, where in imported().items()
        if name not in standard | OWN | declared() | optional and not name.startswith("_")
    }  # fmt: skip
    assert not missing, f"imported but not declared in requirements.in or requirements-dev.in: {missing}"


NOT_BELOW = {
    "landscapes": {"optimizers", "plots", "page", "classroom", "streamlit"},
    "optimizers": {"plots", "page", "classroom", "streamlit"},
    "plots": {"page", "classroom", "streamlit"},
    "classroom": {"landscapes", "optimizers", "plots", "page", "streamlit"},
}
"""Imports flow one way (app → page → plots → optimizers → landscapes); the class store knows no page."""


@pytest.mark.parametrize("package", sorted(NOT_BELOW))
def test_imports_flow_one_way(package):
    wrong = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            wrong |= {f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] in NOT_BELOW[package]}
    assert not wrong, f"{package} imports what sits above it: {sorted(wrong)}"
