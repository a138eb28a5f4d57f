import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { overlayCilium, systemPool, windowsPool } from "../../support/fixtures";
import { agentPoolResource, clusterResource, MANAGED_CLUSTER, mandatory } from "../support/resources";
import { usePack } from "../support/in-process-pack";

/** Every type token azure-native 3.28.0 ships for a resource: its own and the versioned aliases it registers. */
function azureNativeTokens(module: string, resource: string): string[] {
  const source = readFileSync(require.resolve(`@pulumi/azure-native/containerservice/${module}`), "utf8");
  return [
    ...new Set(source.match(new RegExp(`azure-native:containerservice(/v\\d{8}(preview)?)?:${resource}\\b`, "g"))),
  ];
}

function pulumiOf(spec: Parameters<typeof clusterResource>[0]): Record<string, unknown> {
  return structuredClone(clusterResource(spec).props) as Record<string, unknown>;
}

describe("resource-types: which resource types each policy judges", function () {
  this.timeout(60_000);
  const pack = usePack();

  const windowsOnCilium = overlayCilium({ pools: [systemPool(), windowsPool()] });

  it("judges every ManagedCluster token azure-native 3.28.0 registers (API versions too) like the unversioned one", async () => {
    const tokens = azureNativeTokens("managedCluster", "ManagedCluster");
    assert.ok(
      tokens.length > 100 &&
        tokens.includes(MANAGED_CLUSTER) &&
        tokens.includes("azure-native:containerservice/v20250901:ManagedCluster"),
      `${tokens.length} tokens`,
    );
    for (const type of tokens) {
      const result = await pack.analyze(clusterResource(windowsOnCilium, { type }));
      assert.deepEqual(
        mandatory(result).map((d) => d.policyName),
        ["dp-cilium-no-windows"],
        type,
      );
      assert.match(
        mandatory(result)[0].message,
        /Linux-only.*win1.*Fix: .*See https:\/\/learn\.microsoft\.com.*\[dp-cilium-no-windows\]$/s,
        type,
      );
    }
  });

  it("checks every AgentPool token on its own, and leaves other resource types alone (not applicable, never silently judged)", async () => {
    for (const type of azureNativeTokens("agentPool", "AgentPool")) {
      const bad = await pack.analyze(agentPoolResource({ name: "win1", os: "Solaris" }, "aks1", "rg-aks", { type }));
      assert.deepEqual(
        mandatory(bad).map((d) => d.policyName),
        ["agent-pool-input"],
        type,
      );
    }
    for (const type of [
      "azure-native:network:VirtualNetwork",
      "azure-native:containerservice:ManagedClusterSnapshot",
      "azure-native:containerservice:Fleet",
      "azure-native:resources:ResourceGroup",
    ]) {
      const result = await pack.analyze({ type, name: "other", props: pulumiOf(windowsOnCilium) });
      assert.deepEqual(result.diagnostics, [], type);
      const skipped = new Set(result.notApplicable.map((n) => n.policyName));
      for (const policy of [
        "cluster-input",
        "dp-cilium-no-windows",
        "replacement-guard",
        "agent-pool-input",
        "component-transition",
      ])
        assert.ok(skipped.has(policy), `${policy} on ${type}`);
    }
  });
});
