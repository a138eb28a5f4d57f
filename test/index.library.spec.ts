import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compiledPluginDir } from "./support/plugin-dir";

describe("the package as a library (a TypeScript program importing AksCluster)", function () {
  this.timeout(120_000);

  it("loads the library, never the plugin entry, and starts no server: the process ends on its own having printed nothing", () => {
    const pluginDir = compiledPluginDir();
    const program = mkdtempSync(join(tmpdir(), "aks-netguard-ts-program-"));
    try {
      mkdirSync(join(program, "node_modules"));
      symlinkSync(pluginDir, join(program, "node_modules", "aks-netguard"), "dir");
      const script = `const lib = require("aks-netguard");
        if (typeof lib.AksCluster !== "function") throw new Error("no AksCluster");
        const loaded = Object.keys(require.cache).filter((f) => f.includes("/dist/plugin/"));
        process.on("exit", () => process.stderr.write(JSON.stringify(loaded)));`;
      const run = spawnSync(process.execPath, ["-e", script], { cwd: program, encoding: "utf8", timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, "", "no port printed");
      assert.deepEqual(JSON.parse(run.stderr), [], "no module of the plugin entry loaded");
    } finally {
      rmSync(program, { recursive: true, force: true });
      rmSync(pluginDir, { recursive: true, force: true });
    }
  });
});
