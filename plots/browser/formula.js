// A typed loss, twinned for the browser's preview: J, ∇J and the Hessian as the trees the engine walks
// (`landscapes/formula.py` `_evaluate`), walked the same way, in the same order. The trees are data (numbers,
// variables and the allowlisted functions, nested): nothing typed ever becomes code. Where J is not a finite
// number, it and its slope are NaN, as the engine makes them (a path that walks in stops there).

const FUNCTIONS = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, log: Math.log, abs: Math.abs,
  tanh: Math.tanh, sinh: Math.sinh, cosh: Math.cosh, atan: Math.atan, sign: Math.sign,
}; // prettier-ignore

export function evaluate(tree, point) {
  const [kind, ...parts] = tree;
  if (kind === "num") return parts[0];
  if (kind === "var") return point[parts[0]];
  const values = parts.map((part) => evaluate(part, point));
  if (kind === "add") return values.reduce((total, value) => total + value);
  if (kind === "mul") return values.reduce((total, value) => total * value);
  if (kind === "pow") return values[0] ** values[1];
  return kind in FUNCTIONS ? FUNCTIONS[kind](values[0]) : NaN;
}

const finite = (value) => (Number.isFinite(value) ? value : NaN);

// The landscape of `trees` ({value, gradient, hessian}): as the built-in ones in landscapes.js.
export function formulaLandscape(trees) {
  const value = (point) => finite(evaluate(trees.value, point));
  return {
    value,
    grad: (point) => {
      const undefinedHere = Number.isNaN(value(point));
      return trees.gradient.map((tree) => (undefinedHere ? NaN : finite(evaluate(tree, point))));
    },
    hessian: (point) => trees.hessian.map((row) => row.map((tree) => finite(evaluate(tree, point)))),
  };
}
