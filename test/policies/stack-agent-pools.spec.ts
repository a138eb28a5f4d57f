import { strict as assert } from "node:assert";
import { stackAgentPools } from "../../policies/stack-agent-pools";
import { overlay, overlayCilium, userPool, windowsPool, OVERLAY_CILIUM_PROFILE } from "../support/fixtures";
import { UNKNOWN, type EngineResource } from "../support/policy-server";
import {
  AGENT_POOL,
  agentPoolResource,
  clusterResource,
  MANAGED_CLUSTER,
  mandatory,
  summary,
} from "./support/resources";
import { defined } from "../support/defined";
import { usePack } from "./support/in-process-pack";

const CLUSTER_ID = (rg: string, name: string) =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const windowsFlagged = (text: string) => /\[dp-cilium-no-windows\] \(stack-agent-pools\)$/.test(text);

describe("stack-agent-pools: a separate pool and its cluster", function () {
  this.timeout(60_000);
  const pack = usePack({}, before);

  it("matches by resource group and cluster name in any case, and not across resource groups or clusters", async () => {
    const cluster = clusterResource(overlayCilium({ name: "AKS1", resourceGroup: "RG-AKS" }));
    const matched = await pack.analyzeStack(
      [cluster, agentPoolResource(windowsPool(), "aks1", "rg-aks")],
      stackAgentPools,
    );
    assert.ok(
      mandatory(matched).some(
        (d) => windowsFlagged(d.message) && /separate AgentPool/.test(d.message) && d.urn === cluster.urn,
      ),
      summary(matched),
    );
    const otherCluster = await pack.analyzeStack(
      [cluster, agentPoolResource(windowsPool(), "other-cluster", "rg-aks")],
      stackAgentPools,
    );
    assert.deepEqual(otherCluster.diagnostics, []);
    const elsewhere = await pack.analyzeStack(
      [cluster, agentPoolResource(windowsPool(), "aks1", "rg-other")],
      stackAgentPools,
    );
    assert.deepEqual(elsewhere.diagnostics, []);
    const linux = await pack.analyzeStack([cluster, agentPoolResource(userPool(), "aks1", "rg-aks")], stackAgentPools);
    assert.deepEqual(linux.diagnostics, []);
  });

  it("matches a pool whose cluster name is unknown in preview through its dependency on the cluster, never through the unknown marker", async () => {
    const cilium = {
      ...clusterResource(overlayCilium(), { name: "cilium" }),
      props: { ...clusterResource(overlayCilium()).props, resourceName: UNKNOWN },
    };
    const plain = {
      ...clusterResource(overlay(), { name: "plain" }),
      props: { ...clusterResource(overlay()).props, resourceName: UNKNOWN },
    };
    const poolOf = (cluster: EngineResource, name: string) => {
      const pool = agentPoolResource(windowsPool({ name }), "x", "rg-aks", {
        name,
        dependencies: [defined(cluster.urn, "the cluster URN")],
      });
      return { ...pool, props: { ...pool.props, resourceName: UNKNOWN } };
    };
    const result = await pack.analyzeStack(
      [cilium, plain, poolOf(cilium, "win1"), poolOf(plain, "win2")],
      stackAgentPools,
    );
    const flagged = mandatory(result).filter((d) => windowsFlagged(d.message));
    assert.equal(flagged.length, 1, summary(result));
    assert.equal(flagged[0].urn, cilium.urn);
    assert.match(flagged[0].message, /win1/);
  });

  it("matches resources that carry azure-native's outputs (ARM id and name, no resourceGroupName) after an update", async () => {
    const outputs = {
      id: CLUSTER_ID("rg-aks", "aks1"),
      name: "aks1",
      kubernetesVersion: "1.31.2",
      networkProfile: {
        ...OVERLAY_CILIUM_PROFILE,
        podCidr: "192.168.0.0/16",
      },
      agentPoolProfiles: [{ name: "system", mode: "System", osType: "Linux", count: 3 }],
    };
    const cluster: EngineResource = { type: MANAGED_CLUSTER, name: "cluster", props: outputs };
    const pool: EngineResource = {
      type: AGENT_POOL,
      name: "win",
      props: { id: `${CLUSTER_ID("rg-aks", "aks1")}/agentPools/win1`, name: "win1", osType: "Windows", count: 2 },
    };
    const result = await pack.analyzeStack([cluster, pool], stackAgentPools);
    assert.ok(
      mandatory(result).some((d) => windowsFlagged(d.message)),
      summary(result),
    );
  });
});
