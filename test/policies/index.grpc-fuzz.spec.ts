import { strict as assert } from "node:assert";
import { join } from "node:path";
import { PolicyPackProcess } from "../../preview/policy-client";
import { REPO_ROOT } from "../support/cli";
import { fuzzServedPack } from "../fuzz/grpc-fuzz";

describe("policy pack gRPC fuzz (real server, real protos)", function () {
  this.timeout(600_000);

  it("answers 2,000 hostile requests with well-formed responses, echoes no secret and keeps serving", async () => {
    const pack = await PolicyPackProcess.start(join(REPO_ROOT, "policies"));
    try {
      await pack.configureStack({ stack: "fuzz", project: "proj" });
      const report = await fuzzServedPack(pack, 2000, 20261123);
      assert.deepEqual(report.problems, []);
      assert.equal(report.requests, 2000);
      assert.ok(report.analyzeStack >= 190 && report.diagnostics > 0);
      assert.ok(pack.running);
      const info = await pack.info();
      assert.equal(info.name, "aks-netguard", "still serving after the fuzz");
    } finally {
      await pack.stop();
    }
  });
});
