// The files in plots/browser/vendor are served as their authors published them on npm: each copy must be the
// file of the package pinned in package.json (a development dependency: npm ci installs it, as CI does; elsewhere
// the check waits for it).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";

const ROOT = new URL("../../", import.meta.url);
const PINNED = JSON.parse(readFileSync(new URL("package.json", ROOT))).devDependencies;
const VENDORED = {
  "gifenc.js": ["gifenc", "dist/gifenc.esm.js"],
  "plotly-cartesian.min.js": ["plotly.js-cartesian-dist-min", "plotly-cartesian.min.js"],
  "plotly-gl3d.min.js": ["plotly.js-gl3d-dist-min", "plotly-gl3d.min.js"],
};

for (const [file, [name, published]] of Object.entries(VENDORED)) {
  const folder = new URL(`node_modules/${name}/`, ROOT);
  const installed = existsSync(folder) || process.env.CI === "true";
  test(`the vendored ${file} is ${name}'s own file`, { skip: !installed && `npm ci installs ${name}` }, () => {
    const { version } = JSON.parse(readFileSync(new URL("package.json", folder)));
    assert.equal(version, PINNED[name], "the package installed is the one pinned");
    const copy = readFileSync(new URL(`plots/browser/vendor/${file}`, ROOT));
    assert.ok(copy.equals(readFileSync(new URL(published, folder))), `plots/browser/vendor/${file} differs from ${name}'s ${published}`);
  });
}
