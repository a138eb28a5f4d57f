import { strict as assert } from "node:assert";
import { evaluateProfile, InputError, parseAgentPool, parseCluster, UnknownValueError } from "../../core";
import { pulumiClusterArgs, overlayCilium, systemPool, windowsPool } from "../support/fixtures";
import { UNKNOWN } from "../support/policy-server";

/** An azure-native program whose second pool's name comes from another resource's output (unknown in preview). */
function clusterWithUnknownPoolName(): Record<string, unknown> {
  const args = pulumiClusterArgs(overlayCilium({ pools: [systemPool(), windowsPool()] }));
  const pools = args.agentPoolProfiles as Record<string, unknown>[];
  return { ...args, agentPoolProfiles: [pools[0], { ...pools[1], name: UNKNOWN }] };
}

describe("model: a pool whose name is unknown until apply", () => {
  it("is judged under a placeholder while unknowns are collected, and the field is listed", () => {
    const model = parseCluster(clusterWithUnknownPoolName(), "aks1", { unknowns: "collect" });
    assert.equal(model.nodePools.length, 2);
    assert.equal(model.nodePools[1].name, "aks1.agentPoolProfiles[1] (name unknown until apply)");
    assert.equal(model.nodePools[1].osType, "Windows");
    assert.ok(model.unknownFields?.includes("aks1.agentPoolProfiles[1].name"), String(model.unknownFields));
    const rules = evaluateProfile(model).findings.map((f) => f.rule);
    assert.ok(rules.includes("dp-cilium-no-windows"), "the Windows pool still meets the Cilium rule in preview");
  });

  it("is an UnknownValueError naming the field when unknowns are not collected", () => {
    assert.throws(
      () => parseCluster(clusterWithUnknownPoolName(), "aks1"),
      (e: unknown) => e instanceof UnknownValueError && e.field === "aks1.agentPoolProfiles[1].name",
    );
  });

  it("gives a separate AgentPool with an unknown agentPoolName the same placeholder", () => {
    const pool = parseAgentPool(
      { resourceGroupName: "rg", resourceName: "aks1", agentPoolName: UNKNOWN, osType: "Windows" },
      "win",
      { unknowns: "collect" },
    );
    assert.equal(pool.name, "win (name unknown until apply)");
    assert.equal(pool.osType, "Windows");
  });

  it("still refuses a pool with no name at all, naming the field", () => {
    const args = pulumiClusterArgs(overlayCilium({ pools: [systemPool(), windowsPool()] }));
    const pools = args.agentPoolProfiles as Record<string, unknown>[];
    const nameless = { ...args, agentPoolProfiles: [pools[0], { ...pools[1], name: undefined }] };
    assert.throws(
      () => parseCluster(nameless, "aks1", { unknowns: "collect" }),
      (e: unknown) => e instanceof InputError && e.field === "aks1.agentPoolProfiles[1].name",
    );
  });
});
