import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PolicyPackProcess } from "../../preview/policy-client";
import { REPO_ROOT } from "../support/cli";

describe("policies/ as a --policy-pack directory serves the compiled pack, or fails at once saying how to fix it", function () {
  this.timeout(120_000);

  it("its entry point is compiled.js, which loads dist/policies; dist/policies' own entry point is its index.js", () => {
    const source = JSON.parse(readFileSync(join(REPO_ROOT, "policies", "package.json"), "utf8")) as { main: string };
    assert.equal(source.main, "compiled.js");
    assert.match(readFileSync(join(REPO_ROOT, "policies", "compiled.js"), "utf8"), /"dist", "policies", "index\.js"/);
    const built = JSON.parse(readFileSync(join(REPO_ROOT, "dist", "policies", "package.json"), "utf8")) as {
      main: string;
      version: string;
    };
    assert.equal(built.main, "index.js");
    assert.equal(built.version, (source as unknown as { version: string }).version);
  });

  it("without a build, run-policy-pack exits before serving with one message naming the missing file and npm run build", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aks-netguard-unbuilt-"));
    try {
      const pack = join(dir, "policies");
      mkdirSync(pack);
      for (const file of ["compiled.js", "package.json", "PulumiPolicy.yaml"])
        copyFileSync(join(REPO_ROOT, "policies", file), join(pack, file));
      await assert.rejects(
        // The pack's SDK is this repository's, as a checkout without dist/ would have it.
        PolicyPackProcess.start(pack, { NODE_PATH: join(REPO_ROOT, "node_modules") }, 60_000),
        (error: Error) => {
          assert.match(error.message, /exited with \d+ before serving/);
          assert.doesNotMatch(error.message, /\n\s+at /, "the message alone, no stack");
          assert.match(error.message, /compiled policy pack .*dist\/policies\/index\.js is missing; run npm run build/);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
