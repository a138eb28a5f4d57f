import { strict as assert } from "node:assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../../policies/all";
import { neverThrows } from "../../../policies/lib/guard";
import { notApplicable, onlyFor } from "../../../policies/lib/not-applicable";
import { isManagedCluster } from "../../../policies/lib/resource-types";
import { overlayCilium, systemPool } from "../../support/fixtures";
import { agentPoolResource, clusterResource } from "../support/resources";
import { usePack } from "../support/in-process-pack";

describe("not-applicable: signalled once and without a stack trace", function () {
  this.timeout(60_000);
  const pack = usePack();

  it("reports every cluster-only policy not applicable to an AgentPool, with its reason, and no diagnostic", async () => {
    const result = await pack.analyze(agentPoolResource(systemPool()));
    const clusterOnly = allPolicies.filter(
      (p) => "validateResource" in p && p.name !== "agent-pool-input" && p.name !== "component-transition",
    );
    const reported = new Map(result.notApplicable.map((n) => [n.policyName, n.reason]));
    for (const policy of clusterOnly) assert.match(reported.get(policy.name) ?? "", /ManagedCluster/, policy.name);
    assert.equal(reported.has("agent-pool-input"), false);
    assert.deepEqual(result.diagnostics, []);
  });

  it("does not run a guarded validation on a resource type it is not for", async () => {
    let runs = 0;
    const policy = neverThrows<ResourceValidationPolicy>({
      name: "clusters-only",
      description: "d",
      enforcementLevel: "mandatory",
      validateResource: onlyFor(isManagedCluster, "clusters only", () => void runs++),
    });
    const onPool = await pack.analyze(agentPoolResource(systemPool()), policy);
    assert.deepEqual(onPool.notApplicable, [{ policyName: "clusters-only", reason: "clusters only" }]);
    assert.equal(runs, 0);
    const onCluster = await pack.analyze(clusterResource(overlayCilium()), policy);
    assert.deepEqual(onCluster.notApplicable, []);
    assert.equal(runs, 1);
  });

  it("captures no stack trace for the signal and leaves Error.stackTraceLimit as it found it", () => {
    const before = Error.stackTraceLimit;
    let thrown: unknown;
    try {
      notApplicable(
        {
          notApplicable: (reason?: string) => {
            throw new Error(reason);
          },
        },
        "not for this type",
      );
    } catch (error) {
      thrown = error;
    }
    assert.equal((thrown as Error).message, "not for this type");
    assert.equal((thrown as Error).stack?.includes("\n    at "), false);
    assert.equal(Error.stackTraceLimit, before);
    assert.ok(new Error("x").stack?.includes("\n    at "), "later errors still carry a trace");
  });
});
