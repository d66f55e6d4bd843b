"""Typed formulas: hostile text is refused fast and nothing runs; good text is differentiated exactly."""

import builtins
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import landscapes
from landscapes import FormulaError, from_formula
from landscapes import formula as formula_module
from landscapes.formula_workers import FormulaPool
from tests.specs import figures, tables

HOSTILE = {
    "dunder": "__import__('os').system('echo hacked')",
    "dunder name": "__builtins__",
    "attribute": "x.__class__",
    "attribute on a number": "(1).real",
    "builtin call": "eval(x)",
    "open": "open(x)",
    "import": "import os",
    "lambda": "lambda: x",
    "comprehension": "[x for x in y]",
    "generator": "sum(x for x in y)",
    "statement after semicolon": "x; import os",
    "statement after newline": "x\nimport os",
    "string": "'x' * 10",
    "f-string": "f'{x}'",
    "huge power": "x^1000",
    "tower of powers": "9^9^9^9",
    "tower by exponent": "x^(x^2)",
    "factorial-like": "x^99 * 99^99",
    "deep nesting": "sin(" * 25 + "x" + ")" * 25,
    "deep brackets": "(" * 40 + "x" + ")" * 40,
    "enormous input": "x+" * 500 + "x",
    "huge constant": "1e300 * x",
    "integer too large for a float": "2" + "0" * 19 + " * x",
    "look-alike letter": "х^2",  # Cyrillic
    "fullwidth letter": "ｘ^2",
    "control character": "x\x00+1",
    "wrong arity": "sin(x, y)",
    "no argument": "sin()",
    "keyword argument": "sin(x=1)",
    "unknown name": "z^2",
    "unknown function": "gamma(x)",
    "call of a variable": "x(2)",
    "call of a number": "2(x+1)",
    "implicit product": "2x + 1",
    "empty": "",
    "blank": "   ",
    "comparison": "x < y",
    "boolean": "x and y",
    "subscript": "x[0]",
    "no variable": "pi * e",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_refused_by_the_parser_and_runs_nothing(text, monkeypatch):
    """Refused before any worker process or SymPy runs (bench/formula.py times it), and nothing is evaluated."""
    calls = []
    for name in ("eval", "exec", "open"):
        original = getattr(builtins, name)
        monkeypatch.setattr(builtins, name, lambda *a, _o=original, _n=name, **k: (calls.append(_n), _o(*a, **k))[1])

    def no_worker(*args, **kwargs):
        raise AssertionError("a worker was asked about a formula the parser should refuse")

    monkeypatch.setattr(FormulaPool, "submit", no_worker)
    with pytest.raises(FormulaError):
        from_formula(text)
    assert not calls


def test_refusals_name_the_problem_and_the_fix():
    with pytest.raises(FormulaError, match=r"write 2\*x, not 2x"):
        from_formula("2x + 1")
    with pytest.raises(FormulaError, match="position 1"):
        from_formula("х^2")
    with pytest.raises(FormulaError, match="sin takes exactly one argument"):
        from_formula("sin(x, y)")
    with pytest.raises(FormulaError, match="at most 20"):
        from_formula("x^1000")
    assert issubclass(FormulaError, ValueError)


# Within the typed formula's budgets, yet slow to differentiate twice (about a second of SymPy), and its
# derivatives too large to evaluate at every step: 33 factors, each derivative a sum of products of them.
SLOW = (
    "(sin(x)*cos(x)*tan(x)*exp(x)*tanh(x)*sinh(x)*cosh(x)*atan(x)*log(x)*sqrt(x)*abs(x))"
    "*(sin(y)*cos(y)*tan(y)*exp(y)*tanh(y)*sinh(y)*cosh(y)*atan(y)*log(y)*sqrt(y)*abs(y))*(sin(x*y)*cos(x*y)*exp(x*y))"
)


@pytest.fixture
def small_pool():
    """Two workers whose formulas may use 0.5 s of CPU each."""
    pool = FormulaPool(workers=2, cpu_seconds=0.5)
    yield pool
    pool.close()


def test_a_formula_slow_to_differentiate_is_stopped_by_its_cpu_limit():
    """0.15 s of CPU: several times what x² + y² needs, an eighth of what SLOW needs here, so the test holds on a
    machine three times faster or slower."""
    pool = FormulaPool(workers=1, cpu_seconds=0.15)
    try:
        with pytest.raises(FormulaError, match=r"used all of its 0\.15 s of CPU time"):
            formula_module.symbolic_in_worker(SLOW, pool)
        assert formula_module.symbolic_in_worker("x^2 + y^2", pool)["variables"] == ["x", "y"], "a new worker"
    finally:
        pool.close()


def test_a_formula_whose_derivatives_are_too_large_to_evaluate_is_refused_with_its_size():
    """Given its 5 s, SLOW differentiates; but every step of every start would evaluate its 35,000-term
    derivatives, so the page refuses it and says why."""
    with pytest.raises(FormulaError, match=r"come to \d+ terms, more than the 3000") as refused:
        formula_module.symbolic_in_worker(SLOW)
    assert refused.value.code == "derivatives_too_large"
    nested = "x*y"
    for _ in range(18):
        nested = f"tan({nested})"
    with pytest.raises(FormulaError, match="terms"):
        formula_module.symbolic_in_worker(nested)


@pytest.mark.parametrize(
    "text", ["x^(1000000/1)", "(9^(999999/1))^(999999/1)*x", "x^(10*10)", "(9^20)^20*x", "x^(2^30)"]
)
def test_an_exponent_written_as_a_sum_or_a_quotient_is_held_to_the_same_limits(text):
    """`x^(1000000/1)` passed as not a plain number; now a constant exponent is worked out and checked, and a
    power of constants must stay a number a float holds, all before SymPy sees it."""
    with pytest.raises(FormulaError, match=r"too large|tower"):
        formula_module.parse(text)


def test_a_class_typing_at_once_is_served_in_turn_and_nobody_is_refused(small_pool):
    texts = [f"x^4 - {k}*x^2 + x + y^2" for k in range(12)]
    with ThreadPoolExecutor(len(texts)) as typing:
        answers = list(typing.map(lambda text: formula_module.symbolic_in_worker(text, small_pool), texts))
    assert [answer["variables"] for answer in answers] == [["x", "y"]] * len(texts)
    assert len({json.dumps(answer["value"]) for answer in answers}) == len(texts), "each its own formula"


def test_the_queue_says_how_many_are_ahead(small_pool):
    futures = [small_pool.submit(f"x^2 + {k}*y^2") for k in range(1, 9)]
    positions = [small_pool.ahead(future) for future in futures]
    assert positions[-1] > 0, "the last of eight on two workers waits"
    assert positions == sorted(positions), "in arrival order"
    assert all(future.result(timeout=30)[0] == "ok" for future in futures)
    assert small_pool.ahead(futures[-1]) == 0


def test_a_worker_killed_mid_formula_is_replaced_and_the_formula_answered_clearly(small_pool):
    future = small_pool.submit(SLOW)
    # Killed as soon as a worker has taken it: SLOW needs about a second of SymPy, so it is mid-formula.
    deadline = time.monotonic() + 10
    while (small_pool.ahead(future) or not small_pool.worker_pids()) and time.monotonic() < deadline:
        time.sleep(0.01)
    for pid in small_pool.worker_pids():
        os.kill(pid, signal.SIGKILL)
    status, (code, _) = future.result(timeout=30)
    assert status == "error"
    assert code == "worker_stopped", "not the formula's fault"
    assert formula_module.symbolic_in_worker("x^3 + y", small_pool)["variables"] == ["x", "y"]


def test_no_worker_outlives_the_pool_or_the_server():
    root = str(Path(__file__).resolve().parents[1])
    script = (
        f"import sys; sys.path.insert(0, {root!r})\n"
        "from landscapes.formula_workers import FormulaPool\n"
        "pool = FormulaPool(workers=2)\n"
        "print(pool.submit('x^2 + y').result()[0])\n"
        "print(' '.join(map(str, pool.worker_pids())), flush=True)\n"
        "import time; time.sleep(60)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert server.stdout.readline().strip() == "ok"
    pids = [int(pid) for pid in server.stdout.readline().split()]
    assert pids
    server.kill()  # the hardest way down: no clean-up runs
    server.wait()
    server.stdout.close()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids), "workers exit once the server is gone"


def test_closing_the_pool_stops_its_workers():
    pool = FormulaPool(workers=2)
    assert pool.submit("x + y^2").result(timeout=30)[0] == "ok"
    pids = pool.worker_pids()
    pool.close()
    assert not any(alive(pid) for pid in pids)
    assert pool.submit("x + y^3").result(timeout=1)[0] == "error"


def alive(pid: int) -> bool:
    """Whether process `pid` is still running (a zombie waiting for its parent counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_the_typed_rosenbrock_is_the_builtin_one():
    typed = from_formula("(1-x)^2 + 100*(y-x^2)^2", bounds=((-2, 2), (-1, 3)))
    builtin = landscapes.get("rosenbrock")
    points = np.stack(np.meshgrid(np.linspace(-2, 2, 41), np.linspace(-1, 3, 41)), axis=-1)
    np.testing.assert_allclose(typed.value(points), builtin.value(points), rtol=1e-12)
    np.testing.assert_allclose(typed.grad(points), builtin.grad(points), rtol=1e-9, atol=1e-9)
    assert [m.point for m in typed.minima] == [pytest.approx((1.0, 1.0))]
    assert typed.dim == 2
    assert "100" in typed.latex


@pytest.mark.parametrize(
    "text",
    ["x^4 - 3*x^2 + x", "sin(x)*cos(y) + 0.1*(x^2+y^2)", "exp(-x^2) * tanh(y) + abs(x)/3", "sqrt(x^2 + y^2 + 1)"],
)
def test_gradients_match_finite_differences(text):
    land = from_formula(text)

    @settings(max_examples=40, deadline=None)
    @given(st.tuples(*(st.floats(-2.9, 2.9) for _ in range(land.dim))))
    def check(point):
        point = np.array(point)
        if "abs" in text and abs(point[0]) < 1e-3:
            return  # abs has no derivative at 0
        h = 1e-6
        numeric = [(land.value(point + h * e) - land.value(point - h * e)) / (2 * h) for e in np.eye(land.dim)]
        assert np.allclose(numeric, land.grad(point), rtol=1e-5, atol=1e-6)

    check()


def test_found_minima_are_minima():
    land = from_formula("x^4 - 3*x^2 + x")
    assert [m.kind for m in land.minima] == ["global", "local"]
    for minimum in land.minima:
        assert abs(land.grad(np.array(minimum.point))[0]) < 1e-8
    grid = np.linspace(-3, 3, 6001)[:, None]
    assert land.value(grid).min() >= land.minima[0].value - 1e-9
    assert "not proven" in land.description


def test_undefined_regions_are_masked_not_warned():
    land = from_formula("log(x) + y^2 + 1/(x-2)")
    points = np.array([[-1.0, 0.0], [2.0, 0.0], [1.0, 0.0]])
    values, gradient = land.value(points), land.grad(points)
    assert np.isnan(values[:2]).all()
    assert np.isnan(gradient[:2]).all()
    assert np.isfinite(values[2])


def test_a_path_into_an_undefined_region_stops_as_diverged():
    import optimizers

    land = from_formula("log(x)", bounds=((0.1, 3.0),))
    traj = optimizers.run(land, optimizers.get("gd"), [0.5], lr=1.0, steps=20)
    assert traj.diverged[0]
    assert np.isfinite(traj.points).all()
    assert np.isfinite(traj.values).all()


def test_bad_boxes_are_refused():
    for box in (((1, -1),), ((0, float("inf")),), ((0, 1), (0, 1)), (("a", 1),)):
        with pytest.raises(FormulaError, match="box"):
            from_formula("x^2", bounds=box)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(["x", "y", "+", "-", "*", "/", "^", "(", ")", "sin", "log", "2", "0.5", "pi", ",", " "]),
            max_size=25,
        ).map("".join),
    )
)
def test_fuzz_only_formula_errors_escape(text):
    """Random text and random token soup: parsing and the symbolic work raise FormulaError or nothing."""
    with contextlib.suppress(FormulaError):
        formula_module.symbolic(text)


TERMS = st.lists(
    st.tuples(st.integers(-5, 5).filter(bool), st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=5
)


@settings(max_examples=6, deadline=None)
@given(TERMS.filter(lambda terms: any(px + py for _, px, py in terms)))
def test_every_polynomial_is_accepted_and_its_gradient_matches_finite_differences(terms):
    """The other side of the fuzz test: a refusal of everything would pass it, but not this."""
    text = " + ".join(f"{c}*x^{px}*y^{py}" for c, px, py in terms)
    land = from_formula(text)
    points = np.random.default_rng(0).uniform(-2, 2, (5, land.dim))
    h = 1e-6
    for point in points:
        numeric = [(land.value(point + h * e) - land.value(point - h * e)) / (2 * h) for e in np.eye(land.dim)]
        np.testing.assert_allclose(land.grad(point), numeric, rtol=1e-5, atol=1e-4)


# ------------------------------------------------------------------------------------------------ the page

APP = Path(__file__).resolve().parents[1] / "app.py"


def formula_page(**query) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["landscape"] = "formula"
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_typed_formula_is_drawn_and_descended():
    at = formula_page(formula="(1-x)^2 + 100*(y-x^2)^2", x_min="-2", x_max="2", y_min="-1", y_max="3")
    main = figures(at)[0]
    assert [trace["name"] for trace in main["data"][:2]] == ["J", "level lines"]
    assert len(main["layout"]["images"]) == 1, "the map's colour"
    assert "global minimum" in [t.get("name") for t in main["data"]]
    assert any("400 x" in latex.value for latex in at.latex), "the exact gradient is typeset"
    assert not [e for e in at.error if "refused" in e.value]


def test_a_one_variable_formula_gets_the_curve():
    at = formula_page(formula="x^4 - 3*x^2 + x")
    assert figures(at)[0]["data"][0]["type"] == "scatter"
    assert [w.key for w in at.slider if w.key.startswith("start")] == ["start_x"]


def test_a_bad_formula_shows_its_message_and_keeps_the_last_good_scene():
    at = formula_page(formula="x^2 + y^2")
    at.text_input(key="formula").set_value("2x + y").run()
    assert not at.exception
    shown = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as the reader sees it, Markdown's escapes resolved
    assert "write 2*x, not 2x" in shown
    assert any("x^{2} + y^{2}" in latex.value for latex in at.latex), "the last good formula is still shown"


def test_undefined_regions_get_a_note_and_an_undefined_start_a_warning():
    at = formula_page(formula="log(x) + y^2")
    assert any("undefined" in caption.value for caption in at.caption)
    at.slider(key="start_x").set_value(-2.0).run()
    assert "undefined at the start" in at.warning[0].value
    for table in tables(at):
        assert not table.isna().to_numpy().any()


def test_a_typed_formula_has_sympys_exact_hessian():
    land = from_formula("x^2*y + sin(x)")
    x, y = 0.7, -1.3
    expected = [[2 * y - np.sin(x), 2 * x], [2 * x, 0.0]]
    np.testing.assert_allclose(land.hessian([x, y]), expected, atol=1e-14)
