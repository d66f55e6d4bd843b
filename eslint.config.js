// ESLint for the chart's browser code and its tests: the recommended rules, browser globals for the modules,
// node's for the tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["plots/browser/vendor/**"] }, // as published by their authors: checked against the npm package instead
  js.configs.recommended,
  { files: ["plots/browser/**/*.js"], languageOptions: { globals: { ...globals.browser } } },
  { files: ["tests/js/**/*.js"], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  { rules: { "no-unused-vars": ["error", { argsIgnorePattern: "^_" }] } },
];
