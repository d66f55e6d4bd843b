"""Losses a learner types: parsed against an allowlist, differentiated exactly, evaluated without `eval`.

The text is data, never code. Python's `ast` parses it; a walk over the tree admits only numbers,
the variables x and y, the constants pi and e, + − * / and powers, and one-argument calls of a few
functions; the SymPy expression is built from that tree by hand. The symbolic work (the gradient and
the Hessian) runs in a separate process under a time limit, and comes back as a small tree of tuples
that this module evaluates with NumPy itself, so nothing typed ever reaches `eval`, `sympify` or
`lambdify`.
"""

import ast
import functools
import math
import re
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from landscapes.base import Bounds, Landscape, tag_minima
from landscapes.formula_workers import FormulaPool

MESSAGES = {
    "empty": "The formula is empty: type a loss such as {example}.",
    "too_long": "The formula is {length} characters long; at most {limit} are allowed.",
    "character": "Character {character} at position {position} is not allowed: use ASCII letters, digits, "
    "spaces and + - * / ^ ( ) .",
    "brackets_deep": "Brackets nest too deeply at position {position}: at most {limit} levels.",
    "syntax": "This is not a formula (near position {position}): {detail}.",
    "implicit_product": "This is not a formula: write {number}*{after}, not {number}{after}.",
    "no_variable": "The formula has no variable, so there is nothing to descend: use x, or x and y.",
    "too_large": "The formula is too large: at most {limit} numbers, names and operations.",
    "too_deep": "The formula is nested too deeply: at most {limit} levels of brackets and calls.",
    "constant": "Only numbers may appear as constants, not {value}.",
    "number_too_large": "The number {value} is too large: numbers may be at most {limit}.",
    "unknown_name": "Unknown name {name} at position {position}: use the variables x and y, the constants pi "
    "and e, and the functions {functions}.",
    "function_without_call": "{name} at position {position} is a function: write {name}(x).",
    "not_allowed": "{what} is not allowed in a formula (position {position}).",
    "exponent_too_large": "The exponent {value} is too large: exponents may be at most {limit}.",
    "power_tower": "A power inside an exponent (a tower of powers) is not allowed.",
    "call": "Only the functions {functions} can be called (position {position}); for a product write 2*(x+1), "
    "not 2(x+1).",
    "not_a_function": "{name} is not a function: write {name}*(...) for a product.",
    "unknown_function": "Unknown function {name}: use {functions}.",
    "arguments": "{name} takes exactly one argument, as in {name}(x).",
    "undefined_everywhere": "The formula is undefined everywhere (it divides by zero or is infinite).",
    "derivative": "The formula's derivative uses {name}, which this page cannot evaluate.",
    "infinite": "The formula divides by zero (or is infinite) for every x and y; check the divisions.",
    "box_pairs": "The box must be pairs of numbers (low, high), one per variable.",
    "box_count": "The formula has {dim} variable(s), so the box needs {dim} (low, high) pair(s).",
    "box_side": "Each side of the box must run from low to high within ±{limit}.",
    "cpu_time": "Working out this formula's gradient used all of its {seconds} s of CPU time; simplify it.",
    "worker_stopped": "The worker that was working out this formula stopped; press Enter to try again.",
    "service_stopped": "The formula service has stopped; reload the page.",
    "not_differentiable": "The formula could not be differentiated ({kind}).",
    "derivatives_too_large": "This formula's gradient and curvature come to {nodes} terms, more than the {limit} "
    "the page can evaluate at every step: simplify it (fewer nested functions).",
}
"""Every refusal by its code, in English; the page's catalogs translate them under `formula_error.<code>`."""


class FormulaError(ValueError):
    """A formula refused: `code` names the problem (a key of MESSAGES) and `fields` its particulars, such as
    the position and the fix; the message is the English one."""

    def __init__(self, code: str, **fields) -> None:
        super().__init__(MESSAGES[code].format(**fields))
        self.code, self.fields = code, fields

    def __reduce__(self):
        return _refusal, (self.code, self.fields)


def _refusal(code: str, fields: dict) -> FormulaError:
    return FormulaError(code, **fields)


MAX_LENGTH = 200
MAX_NODES = 120
MAX_DEPTH = 20
MAX_CONSTANT = 1e6
MAX_EXPONENT = 20
MAX_POWER = 1e12
MAX_BOUND = 1e4
MAX_DERIVATIVE_NODES = 3000
"""The gradient's and the Hessian's trees together may hold this many nodes: every step of every start
evaluates them (18 nested tans made a Hessian of 24,432 nodes, and minutes of a shared server's time)."""

VARIABLES = ("x", "y")
CONSTANTS = ("pi", "e")
FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan")
ALLOWED_CHARACTERS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-*/^().,_")
EXAMPLE = "x^4 - 3*x^2 + x, or (1-x)^2 + 100*(y-x^2)^2"
DEFAULT_BOUNDS = (-3.0, 3.0)


# ------------------------------------------------------------------------------------------------ parsing


def check_text(text: str) -> str:
    """The text with `^` as `**`, once its length and characters pass; a FormulaError otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("empty", example=EXAMPLE)
    if len(text) > MAX_LENGTH:
        raise FormulaError("too_long", length=len(text), limit=MAX_LENGTH)
    for position, character in enumerate(text, start=1):
        if character not in ALLOWED_CHARACTERS:
            shown = repr(character) if character.isprintable() else f"U+{ord(character):04X}"
            raise FormulaError("character", character=shown, position=position)
    depth = 0
    for position, character in enumerate(text, start=1):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth > MAX_DEPTH:
            raise FormulaError("brackets_deep", position=position, limit=MAX_DEPTH)
    return text.replace("^", "**")


def _syntax_error(text: str, error: SyntaxError) -> FormulaError:
    """The refusal of text that does not parse: the commonest slip, a number glued to a name or a bracket (2x
    for 2*x), named with its fix; otherwise Python's own reason and where it found it."""
    match = re.search(r"(?<![\w.])(\d+(?:\.\d*)?)(?![eE][+-]?\d)([A-Za-z(])", text)
    if match:
        return FormulaError("implicit_product", number=match.group(1), after=match.group(2))
    return FormulaError("syntax", position=error.offset or 1, detail=error.msg)


def parse(text: str) -> tuple[ast.expr, tuple[str, ...]]:
    """The checked expression tree of `text` and the variables it uses; a FormulaError for anything else."""
    source = check_text(text)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise _syntax_error(text, error) from None
    used: set[str] = set()
    _check(tree.body, used, depth=1, budget=[MAX_NODES])
    if not used:
        raise FormulaError("no_variable")
    return tree.body, tuple(v for v in VARIABLES if v in used)


def _check(node: ast.AST, used: set[str], depth: int, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise FormulaError("too_large", limit=MAX_NODES)
    if depth > MAX_DEPTH:
        raise FormulaError("too_deep", limit=MAX_DEPTH)
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FormulaError("constant", value=repr(value))
        # Size first: an integer too large for a float cannot even be tested for finiteness.
        if abs(value) > MAX_CONSTANT or not math.isfinite(value):
            raise FormulaError("number_too_large", value=value, limit=f"{MAX_CONSTANT:g}")
    elif isinstance(node, ast.Name):
        if node.id in VARIABLES:
            used.add(node.id)
        elif node.id not in CONSTANTS:
            where = {"name": node.id, "position": node.col_offset + 1}
            if node.id in FUNCTIONS:
                raise FormulaError("function_without_call", **where)
            raise FormulaError("unknown_name", **where, functions=", ".join(FUNCTIONS))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        _check(node.operand, used, depth + 1, budget)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.Pow):
        if isinstance(node.op, ast.Pow):
            _check_power(node)
        _check(node.left, used, depth + 1, budget)
        _check(node.right, used, depth + 1, budget)
    elif isinstance(node, ast.Call):
        _check_call(node)
        _check(node.args[0], used, depth + 1, budget)
    else:
        raise FormulaError("not_allowed", what=_describe(node), position=_position(node))


def _check_power(node: ast.BinOp) -> None:
    """An exponent is a number, or a constant expression of numbers (`1000000/1` is 1000000), at most
    MAX_EXPONENT; a power of a constant stays a number a float can hold. Both are checked here, before SymPy,
    which would otherwise work out a number with millions of digits."""
    exponent = _folded(node.right)
    if exponent is not None:
        if abs(exponent) > MAX_EXPONENT:
            raise FormulaError("exponent_too_large", value=f"{exponent:g}", limit=MAX_EXPONENT)
        base = _folded(node.left)
        if base is not None:
            try:
                value = abs(base) ** exponent if base else 0.0
            except (OverflowError, ZeroDivisionError):
                value = math.inf
            if not value <= MAX_POWER:
                raise FormulaError("number_too_large", value=f"{base:g}^{exponent:g}", limit=f"{MAX_POWER:g}")
    elif any(isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Pow) for inner in ast.walk(node.right)):
        raise FormulaError("power_tower")


def _folded(node: ast.AST) -> float | None:
    """The value of an expression of numbers and the constants alone (None where a variable or a function
    appears), worked out in floats; a FormulaError where it overflows."""
    if isinstance(node, ast.Name):
        return {"pi": math.pi, "e": math.e}.get(node.id)
    if isinstance(node, ast.Constant):
        return _number(node)
    if isinstance(node, ast.UnaryOp):
        inner = _folded(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if not isinstance(node, ast.BinOp):
        return None
    left, right = _folded(node.left), _folded(node.right)
    if left is None or right is None:
        return None
    operations = {ast.Add: lambda: left + right, ast.Sub: lambda: left - right, ast.Mult: lambda: left * right,
                  ast.Div: lambda: left / right, ast.Pow: lambda: float(abs(left) ** right)}  # fmt: skip
    try:
        value = operations[type(node.op)]()
    except (OverflowError, ZeroDivisionError):
        value = math.inf
    if not math.isfinite(value):
        raise FormulaError("number_too_large", value=ast.unparse(node), limit=f"{MAX_POWER:g}")
    return value


def _check_call(node: ast.Call) -> None:
    if not isinstance(node.func, ast.Name):
        raise FormulaError("call", functions=", ".join(FUNCTIONS), position=_position(node))
    name = node.func.id
    if name not in FUNCTIONS:
        if name in VARIABLES or name in CONSTANTS:
            raise FormulaError("not_a_function", name=name)
        raise FormulaError("unknown_function", name=name, functions=", ".join(FUNCTIONS))
    if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        raise FormulaError("arguments", name=name)


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        inner = _number(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    return None


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "Attribute access (a dot after a name)",
        ast.Subscript: "Indexing with [ ]",
        ast.Lambda: "A lambda",
        ast.Compare: "A comparison",
        ast.BoolOp: "and / or",
        ast.IfExp: "if / else",
        ast.Tuple: "A comma-separated list",
    }
    for kind, text in names.items():
        if isinstance(node, kind):
            return text
    if isinstance(node, ast.BinOp):
        return f"The operator {type(node.op).__name__}"
    return f"A {type(node).__name__}"


def _position(node: ast.AST) -> int:
    return getattr(node, "col_offset", 0) + 1


# ------------------------------------------------------------------------------------- symbolic (worker)


def _to_sympy(node: ast.AST, symbols: dict):
    import sympy

    if isinstance(node, ast.Constant):
        return sympy.Integer(node.value) if isinstance(node.value, int) else sympy.Rational(repr(node.value))
    if isinstance(node, ast.Name):
        return symbols.get(node.id) or {"pi": sympy.pi, "e": sympy.E}[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _to_sympy(node.operand, symbols)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _to_sympy(node.left, symbols), _to_sympy(node.right, symbols)
        operations = {ast.Add: sympy.Add, ast.Mult: sympy.Mul, ast.Pow: sympy.Pow}
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Div):
            return left / right
        return operations[type(node.op)](left, right)
    functions = {"abs": sympy.Abs, "sqrt": sympy.sqrt}
    function = functions.get(node.func.id) or getattr(sympy, node.func.id)
    return function(_to_sympy(node.args[0], symbols))


def _to_tree(expression, variables: tuple[str, ...]) -> tuple:
    """A SymPy expression as nested tuples that `_evaluate` understands."""
    import sympy

    if expression.is_Symbol:
        return ("var", variables.index(expression.name))
    if expression.is_Number or expression.is_NumberSymbol:
        value = complex(expression)
        if not np.isfinite(value) or value.imag:
            raise FormulaError("undefined_everywhere")
        return ("num", value.real)
    if expression.func is sympy.DiracDelta:
        return ("num", 0.0)  # the second derivative of abs: zero wherever it is defined
    name = {sympy.Add: "add", sympy.Mul: "mul", sympy.Pow: "pow", sympy.Abs: "abs"}.get(expression.func)
    name = name or expression.func.__name__
    if name not in _NUMPY and name not in ("add", "mul", "pow"):
        raise FormulaError("derivative", name=name)
    return (name, *(_to_tree(arg, variables) for arg in expression.args))


def symbolic(text: str) -> dict:
    """Parse `text` and differentiate it: trees for J, ∇J and the Hessian, and LaTeX for the page."""
    import sympy

    tree, used = parse(text)
    variables = ("x", "y") if "y" in used else ("x",)
    symbols = {name: sympy.Symbol(name, real=True) for name in variables}
    expression = _to_sympy(tree, symbols)
    ordered = [symbols[name] for name in variables]
    if expression.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise FormulaError("infinite")
    gradient = [sympy.diff(expression, s) for s in ordered]
    hessian = [[sympy.diff(g, s) for s in ordered] for g in gradient]
    parts = [*gradient, *(h for row in hessian for h in row)]
    nodes = sum(sum(1 for _ in sympy.preorder_traversal(part)) for part in parts)
    if nodes > MAX_DERIVATIVE_NODES:
        raise FormulaError("derivatives_too_large", nodes=nodes, limit=MAX_DERIVATIVE_NODES)
    return {
        "variables": variables,
        "value": _to_tree(expression, variables),
        "gradient": [_to_tree(g, variables) for g in gradient],
        "hessian": [[_to_tree(h, variables) for h in row] for row in hessian],
        "latex": sympy.latex(expression),
        "gradient_latex": [sympy.latex(g) for g in gradient],
    }


@functools.cache
def shared_pool() -> FormulaPool:
    """The server's one pool of formula workers, started on the first formula and stopped at exit."""
    return FormulaPool()


def submit(text: str, pool: FormulaPool | None = None) -> Future:
    """Queue `text` for a worker, once the allowlist passes it: a future of ("ok", trees) or ("error", message).
    The page waits on it to say how many formulas are ahead; `symbolic_in_worker` just waits."""
    parse(text)  # refuse what the allowlist refuses before any worker sees it
    return (pool or shared_pool()).submit(text)


def symbolic_in_worker(text: str, pool: FormulaPool | None = None) -> dict:
    """`symbolic(text)` in a worker process under a CPU-time limit, so no formula can hang the server.

    The worker receives the text and answers JSON: data, which is read, never run.
    """
    status, payload = submit(text, pool).result()
    if status == "error":
        code, fields = payload
        raise FormulaError(code, **fields)
    return payload


# ------------------------------------------------------------------------------------------- evaluation

_NUMPY = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "abs": np.abs,
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan, "sign": np.sign,
}  # fmt: skip


def _evaluate(tree: tuple, coordinates: list[np.ndarray]):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "var":
        return coordinates[tree[1]]
    parts = [_evaluate(part, coordinates) for part in tree[1:]]
    if kind == "add":
        return functools.reduce(np.add, parts)
    if kind == "mul":
        return functools.reduce(np.multiply, parts)
    if kind == "pow":
        base, exponent = parts
        return np.power(np.asarray(base, dtype=float), exponent)
    return _NUMPY[kind](parts[0])


def _finite(values, shape) -> np.ndarray:
    """Values broadcast to `shape`, with every infinity or undefined point as NaN (a blank on the chart)."""
    values = np.broadcast_to(np.asarray(values, dtype=float), shape).copy()
    values[~np.isfinite(values)] = np.nan
    return values


@dataclass(frozen=True, eq=False)
class FormulaLandscape(Landscape):
    """A typed loss: `formula` as typed, and its LaTeX and its gradient's; its exact Hessian comes from SymPy."""

    formula: str = ""
    latex: str = ""
    gradient_latex: tuple[str, ...] = ()
    trees: dict | None = None
    """J, ∇J and the Hessian as the trees `_evaluate` walks (`value`, `gradient`, `hessian`): data, which the
    browser's twin walks the same way (`plots/browser/formula.js`)."""


def from_formula(text: str, bounds: Bounds | None = None) -> FormulaLandscape:
    """The landscape J = `text` over `bounds` (default ±3 on each axis); a FormulaError if refused.

    Where J is undefined (log of a negative, a division by zero) value and gradient are NaN: the chart
    leaves it blank and a path that walks in stops there as diverged. Its minima are found by Newton's
    method with the exact Hessian from a grid of starts: found, not proven.
    """
    compiled = symbolic_in_worker(text)
    dim = len(compiled["variables"])
    bounds = _check_bounds(bounds, dim)
    value_tree, gradient_trees = compiled["value"], compiled["gradient"]

    def loss(*coordinates):
        with np.errstate(all="ignore"):
            return _finite(_evaluate(value_tree, list(coordinates)), np.shape(coordinates[0]))

    def gradient(*coordinates):
        shape = np.shape(coordinates[0])
        with np.errstate(all="ignore"):
            undefined = np.isnan(loss(*coordinates))
            parts = [_finite(_evaluate(tree, list(coordinates)), shape) for tree in gradient_trees]
        for part in parts:
            part[undefined] = np.nan
        return tuple(parts)

    def second_derivatives(*coordinates):
        shape = np.shape(coordinates[0])
        with np.errstate(all="ignore"):
            return tuple(
                tuple(_finite(_evaluate(tree, list(coordinates)), shape) for tree in row) for row in compiled["hessian"]
            )

    minima = tag_minima(loss, _newton_minima(loss, gradient, second_derivatives, bounds))
    return FormulaLandscape(
        name="formula",
        title=f"J = {text.strip()}",
        dim=dim,
        bounds=bounds,
        minima=minima,
        convex=False,
        description="Your own loss. Its minima inside the box were found numerically, not proven.",
        loss=loss,
        gradient=gradient,
        formula=text.strip(),
        latex=compiled["latex"],
        gradient_latex=tuple(compiled["gradient_latex"]),
        second_derivatives=second_derivatives,
        trees={part: compiled[part] for part in ("value", "gradient", "hessian")},
    )


def _check_bounds(bounds, dim: int) -> Bounds:
    if bounds is None:
        return (DEFAULT_BOUNDS,) * dim
    try:
        bounds = tuple((float(low), float(high)) for low, high in bounds)
    except (TypeError, ValueError):
        raise FormulaError("box_pairs") from None
    if len(bounds) != dim:
        raise FormulaError("box_count", dim=dim)
    for low, high in bounds:
        if not (np.isfinite(low) and np.isfinite(high) and -MAX_BOUND <= low < high <= MAX_BOUND):
            raise FormulaError("box_side", limit=f"{MAX_BOUND:g}")
    return bounds


def _newton_minima(loss, gradient, second, bounds: Bounds, per_axis: int = 15, iterations: int = 40) -> np.ndarray:
    """Critical points by Newton's method from a grid of starts, kept where the Hessian says minimum."""
    dim = len(bounds)
    axes = [np.linspace(low, high, per_axis if dim == 2 else 4 * per_axis) for low, high in bounds]
    x = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, dim)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            g = np.stack(gradient(*x.T), axis=-1)
            h = _matrix(second, x)
            lost = ~(np.all(np.isfinite(g), axis=1) & np.all(np.isfinite(h), axis=(1, 2)))
            h[lost], g[lost] = np.eye(dim), 0.0  # a start in an undefined region stays where it is
            step = np.einsum("nij,nj->ni", np.linalg.pinv(h), g)
            x = x - np.where(np.isfinite(step), step, 0.0)
        g = np.stack(gradient(*x.T), axis=-1)
        h = _matrix(second, x)
        values = loss(*x.T)
    low, high = np.array(bounds).T
    scale = 1 + np.abs(values)
    keep = (
        np.all((low <= x) & (x <= high), axis=1)
        & np.isfinite(values)
        & np.all(np.abs(g) <= 1e-8 * scale[:, None], axis=1)
        & np.all(np.isfinite(h), axis=(1, 2))
    )
    x, h = x[keep], h[keep]
    keep = np.all(np.linalg.eigvalsh(h) > 1e-10, axis=1) if len(x) else np.zeros(0, dtype=bool)
    found: list[np.ndarray] = []
    tolerance = 1e-6 * float(np.linalg.norm(high - low))
    for point in x[keep]:
        if all(np.linalg.norm(point - other) > tolerance for other in found):
            found.append(point)
    return np.array(found).reshape(-1, dim)


def _matrix(second, x: np.ndarray) -> np.ndarray:
    """The Hessians at points `x (n, dim)` as `(n, dim, dim)`, from the rows `second` gives."""
    return np.stack([np.stack(row, axis=-1) for row in second(*x.T)], axis=-2)
