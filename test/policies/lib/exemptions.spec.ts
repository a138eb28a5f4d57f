import { strict as assert } from "node:assert";
import { overlayCilium, systemPool, windowsPool } from "../../support/fixtures";
import { PolicyConfigError } from "../../support/policy-server";
import { advisory, byPolicy, clusterResource, mandatory, summary } from "../support/resources";
import { usePack } from "../support/in-process-pack";

describe("exemptions: skipping a policy for a resource or a stack, always with a reason", function () {
  this.timeout(60_000);
  const pack = usePack();

  const windows = () =>
    clusterResource(overlayCilium({ pools: [systemPool(), windowsPool()] }), { name: "aks-sandbox" });

  it("skips a policy for a resource name glob, a URN glob or a stack tag, echoing the reason in an advisory", async () => {
    const cases = [
      {
        exemption: { resource: "aks-sand*", reason: "lab cluster, rebuilt nightly" },
        tags: {} as Record<string, string>,
      },
      {
        exemption: { resource: "urn:pulumi:dev::proj::*::aks-sandbox", reason: "lab cluster, rebuilt nightly" },
        tags: {} as Record<string, string>,
      },
      { exemption: { stackTag: "env=sandbox", reason: "lab cluster, rebuilt nightly" }, tags: { env: "sandbox" } },
    ];
    for (const { exemption, tags } of cases) {
      await pack.configureStack({ tags });
      await pack.configure({ "dp-cilium-no-windows": { exemptions: [exemption] } });
      const result = await pack.analyze(windows());
      assert.deepEqual(mandatory(result), [], summary(result));
      assert.ok(
        advisory(result).some(
          (d) =>
            d.policyName === "dp-cilium-no-windows" &&
            /aks-sandbox is exempt from dp-cilium-no-windows: lab cluster, rebuilt nightly/.test(d.message),
        ),
        summary(result),
      );
      assert.equal(byPolicy(result, "dp-cilium-no-windows").length, 1, "the exemption notice replaces the finding");
    }
    await pack.configureStack({ tags: { env: "prod" } });
    const other = await pack.analyze(windows());
    assert.deepEqual(
      mandatory(other).map((d) => d.policyName),
      ["dp-cilium-no-windows"],
      "the tag does not match",
    );
  });

  it("refuses an exemption without a reason: the engine rejects the config, and the pack does not apply it if sent anyway", async () => {
    await assert.rejects(
      pack.configure({ "dp-cilium-no-windows": { exemptions: [{ resource: "aks-sandbox" }] } }),
      (e: unknown) => e instanceof PolicyConfigError && /dp-cilium-no-windows: .*reason is required/.test(e.message),
    );
    const config = await pack.configure({});
    config.set("dp-cilium-no-windows", {
      enforcementLevel: "mandatory",
      properties: { exemptions: [{ resource: "aks-sandbox" }] },
    });
    await pack.configureUnchecked(config);
    const result = await pack.analyze(windows());
    assert.deepEqual(
      mandatory(result).map((d) => d.policyName),
      ["dp-cilium-no-windows"],
    );
    assert.ok(
      advisory(result).some((d) => /has no reason, so it does not apply/.test(d.message)),
      summary(result),
    );
  });
});
