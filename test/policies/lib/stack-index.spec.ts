import { strict as assert } from "node:assert";
import type { PolicyResource } from "@pulumi/policy";
import { indexStack } from "../../../policies/lib/stack-index";
import { stackAgentPools } from "../../../policies/stack-agent-pools";
import { stackVnetCidrs } from "../../../policies/stack-vnet-cidrs";
import { overlayCilium, userPool, windowsPool } from "../../support/fixtures";
import { urnOf, type EngineResource } from "../../support/policy-server";
import { agentPoolResource, clusterResource, mandatory } from "../support/resources";
import { usePack } from "../support/in-process-pack";

const windowsFlagged = (text: string) => /\[dp-cilium-no-windows\] \(stack-agent-pools\)$/.test(text);

describe("stack-index: a large stack, indexed and correlated", function () {
  this.timeout(60_000);
  const pack = usePack({}, before);

  // How fast is for `npm run bench` (part 2); this checks what a stack of that size gets right.
  it("correlates a 10,000-resource stack (1,000 clusters, 1,000 pools, 8,000 other resources): each Windows pool on Cilium once", async () => {
    const resources: EngineResource[] = [];
    for (let i = 0; i < 1_000; i++) {
      resources.push(clusterResource(overlayCilium({ name: `aks${i}` }), { name: `aks${i}` }));
      resources.push(
        agentPoolResource(i % 2 === 0 ? windowsPool() : userPool(), `aks${i}`, "rg-aks", { name: `pool${i}` }),
      );
    }
    for (let i = resources.length; i < 10_000; i++)
      resources.push({
        type: "azure-native:storage:StorageAccount",
        name: `sa${i}`,
        props: { resourceGroupName: "rg", accountName: `sa${i}`, sku: { name: "Standard_LRS" } },
      });
    const result = await pack.analyzeStack(resources, [stackAgentPools, stackVnetCidrs]);
    const flagged = mandatory(result).filter((d) => windowsFlagged(d.message));
    assert.equal(flagged.length, 500);
    assert.equal(new Set(flagged.map((d) => d.urn)).size, 500, "one finding per cluster with a Windows pool");
    const policyResources = resources.map((r) => ({
      ...r,
      urn: r.urn ?? urnOf(r.type, r.name),
      dependencies: [],
      propertyDependencies: {},
    })) as unknown as PolicyResource[];
    assert.equal(indexStack(policyResources).clusters.filter((c) => c.separatePools.length > 0).length, 1_000);
  });
});
