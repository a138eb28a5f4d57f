import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "./support/cli";

/** The modules a fresh node process has loaded after requiring `entry` from the built package. */
function loadedModules(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as string[];
}

const AZURE_NATIVE_ROOT = /node_modules\/@pulumi\/azure-native\/index\.js$/;

describe("what the package makes a consumer load (compile and start-up cost; speed itself is npm run bench's)", function () {
  this.timeout(120_000);

  it("the package root uses azure-native's containerservice modules by deep path, never azure-native's root", () => {
    const loaded = loadedModules("./dist/index.js");
    assert.ok(
      loaded.some((m) => m.endsWith("@pulumi/azure-native/containerservice/managedCluster.js")),
      "the component's ManagedCluster is loaded",
    );
    assert.deepEqual(
      loaded.filter((m) => AZURE_NATIVE_ROOT.test(m)),
      [],
    );
  });

  it("the rules core loads neither Pulumi nor the Azure SDK", () => {
    const loaded = loadedModules("./dist/core/index.js");
    assert.deepEqual(
      loaded.filter((m) => /node_modules\/(@pulumi|@azure)\//.test(m)),
      [],
    );
  });
});
