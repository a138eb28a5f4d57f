import { strict as assert } from "node:assert";
import { existsSync, readdirSync } from "node:fs";
import { join, sep } from "node:path";
import { REPO_ROOT } from "./support/cli";

/**
 * The tests of a module are found by its name: a spec lives at `test/<source path>.spec.ts`, or at
 * `test/<source path>.<aspect>.spec.ts` when one module has several, where the source path is a module without its
 * `.ts`/`.js` (core/parse, policies/lib/secrets), a folder (core/fleet, examples) or a tracked file (README.md,
 * package.json) outside test/. This file is the one exception: it checks the test folder itself.
 */
const THIS_SPEC = "spec-names.spec.ts";
/** What is never a source: the tests themselves, and what the build or npm writes. */
const NOT_SOURCES = new Set(["test", "dist", "node_modules"]);

/** The source a spec (its path below test/, `/`-separated) is named after, or undefined when it names none. */
function sourceOf(spec: string, exists: (path: string) => boolean): string | undefined {
  const name = spec.replace(/\.spec\.ts$/, "");
  if (name === spec) return undefined;
  const candidates = [name];
  const aspect = name.lastIndexOf(".");
  if (aspect > name.lastIndexOf("/") + 1) candidates.push(name.slice(0, aspect));
  for (const candidate of candidates) {
    if (NOT_SOURCES.has(candidate.split("/")[0])) continue;
    const found = [`${candidate}.ts`, `${candidate}.js`, candidate].find(exists);
    if (found !== undefined) return found;
  }
  return undefined;
}

function specsBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(".spec.ts"))
    .map((file) => file.split(sep).join("/"))
    .sort();
}

describe("spec names: every spec is named after the module, folder or file it tests", () => {
  const inRepo = (path: string) => existsSync(join(REPO_ROOT, path));

  it("maps every test/**/*.spec.ts to an existing source by its path, with at most one aspect", () => {
    const specs = specsBelow(join(REPO_ROOT, "test")).filter((spec) => spec !== THIS_SPEC);
    assert.ok(specs.length > 40, `only ${specs.length} specs found`);
    const unmapped = specs.filter((spec) => sourceOf(spec, inRepo) === undefined);
    assert.deepEqual(
      unmapped.map((spec) => `test/${spec}`),
      [],
      "name each spec test/<source path>.spec.ts or test/<source path>.<aspect>.spec.ts",
    );
  });

  it("reads a module, a module's aspect, a folder and a tracked file, and refuses a concern or a test-only path", () => {
    const tree = new Set([
      "core/parse.ts",
      "policies/compiled.js",
      "core/fleet",
      "examples",
      "README.md",
      "package.json",
      "test/support/cli.ts",
    ]);
    const has = (path: string) => tree.has(path);
    assert.equal(sourceOf("core/parse.spec.ts", has), "core/parse.ts");
    assert.equal(sourceOf("core/parse.microsoft-examples.spec.ts", has), "core/parse.ts");
    assert.equal(sourceOf("policies/compiled.spec.ts", has), "policies/compiled.js");
    assert.equal(sourceOf("core/fleet.spec.ts", has), "core/fleet");
    assert.equal(sourceOf("examples.spec.ts", has), "examples");
    assert.equal(sourceOf("README.md.spec.ts", has), "README.md");
    assert.equal(sourceOf("package.json.installed.spec.ts", has), "package.json");
    for (const unnamed of [
      "policies/served-pack.spec.ts",
      "core/parse.microsoft.examples.spec.ts",
      "support/cli.spec.ts",
      "test/support/cli.spec.ts",
      "core/parse.ts",
    ])
      assert.equal(sourceOf(unnamed, has), undefined, unnamed);
  });
});
