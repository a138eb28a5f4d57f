import { strict as assert } from "node:assert";
import type { PolicyResource } from "@pulumi/policy";
import { indexStack } from "../../policies/lib/stack-index";
import { stackAgentPools } from "../../policies/stack-agent-pools";
import { stackVnetCidrs } from "../../policies/stack-vnet-cidrs";
import { overlay, overlayCilium, userPool, windowsPool } from "../support/fixtures";
import { UNKNOWN, urnOf, type EngineResource } from "../support/policy-server";
import { InProcessPack } from "./support/in-process-pack";
import {
  AGENT_POOL,
  agentPoolResource,
  clusterResource,
  MANAGED_CLUSTER,
  mandatory,
  SUBNET,
  summary,
  vnetResource,
} from "./support/resources";
import { defined } from "../support/defined";

const CLUSTER_ID = (rg: string, name: string) =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const windowsFlagged = (text: string) => /\[dp-cilium-no-windows\] \(stack-agent-pools\)$/.test(text);

describe("policies (unit): stack policies with args built by @pulumi/policy's server code", function () {
  this.timeout(60_000);
  const pack = InProcessPack.get();
  before(async () => {
    await pack.configure({});
    await pack.configureStack({});
  });

  describe("stack-agent-pools: a separate pool and its cluster", () => {
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
      const linux = await pack.analyzeStack(
        [cluster, agentPoolResource(userPool(), "aks1", "rg-aks")],
        stackAgentPools,
      );
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
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkDataplane: "cilium",
          networkPolicy: "cilium",
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

  describe("stack-vnet-cidrs: the cluster's VNet declared in the stack", () => {
    const vnet = (subnets = [{ name: "snet-nodes", addressPrefixes: ["10.240.0.0/22"] }]) =>
      vnetResource({ addressSpaces: ["10.240.0.0/16"], subnets });

    it("blocks a pod CIDR over a subnet, warns on one over the unused address space, and passes one outside", async () => {
      const over = await pack.analyzeStack(
        [clusterResource(overlay({ podCidr: "10.240.0.0/16" })), vnet()],
        stackVnetCidrs,
      );
      assert.ok(
        mandatory(over).some((d) => /\[cidr-pod-vs-subnets\] \(stack-vnet-cidrs\)$/.test(d.message)),
        summary(over),
      );
      const unused = await pack.analyzeStack(
        [clusterResource(overlay({ podCidr: "10.240.128.0/17" })), vnet()],
        stackVnetCidrs,
      );
      assert.deepEqual(mandatory(unused), [], summary(unused));
      assert.ok(
        unused.diagnostics.some((d) => d.enforcementLevel === "advisory"),
        summary(unused),
      );
      assert.deepEqual((await pack.analyzeStack([clusterResource(overlay()), vnet()], stackVnetCidrs)).diagnostics, []);
    });

    it("reads subnets declared as Subnet resources, by VNet name or, when that is unknown, by dependency on the VNet", async () => {
      const bare = vnet([]);
      const byName: EngineResource = {
        type: SUBNET,
        name: "nodes",
        props: {
          resourceGroupName: "rg-net",
          virtualNetworkName: "vnet-aks",
          subnetName: "snet-nodes",
          addressPrefix: "10.240.0.0/22",
        },
      };
      const byDependency: EngineResource = {
        ...byName,
        props: { ...byName.props, virtualNetworkName: UNKNOWN },
        dependencies: [defined(bare.urn, "the cluster URN")],
      };
      for (const subnet of [byName, byDependency]) {
        const result = await pack.analyzeStack(
          [clusterResource(overlay({ podCidr: "10.240.0.0/20" })), bare, subnet],
          stackVnetCidrs,
        );
        assert.ok(
          mandatory(result).some((d) => /\[cidr-pod-vs-subnets\]/.test(d.message)),
          summary(result),
        );
      }
    });

    it("does not repeat what the separate pools alone add (that is stack-agent-pools' to report)", async () => {
      const result = await pack.analyzeStack([
        clusterResource(overlayCilium()),
        agentPoolResource(windowsPool(), "aks1", "rg-aks"),
        vnet(),
      ]);
      assert.deepEqual(
        mandatory(result).map((d) => d.policyName),
        ["stack-agent-pools"],
        summary(result),
      );
    });
  });

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
    assert.equal(indexStack(policyResources).poolsByCluster.size, 1_000);
  });
});
