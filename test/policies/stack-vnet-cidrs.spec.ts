import { strict as assert } from "node:assert";
import { stackVnetCidrs } from "../../policies/stack-vnet-cidrs";
import { overlay, overlayCilium, windowsPool } from "../support/fixtures";
import { UNKNOWN, type EngineResource } from "../support/policy-server";
import { agentPoolResource, clusterResource, mandatory, SUBNET, summary, vnetResource } from "./support/resources";
import { defined } from "../support/defined";
import { usePack } from "./support/in-process-pack";

describe("stack-vnet-cidrs: the cluster's VNet declared in the stack", function () {
  this.timeout(60_000);
  const pack = usePack({}, before);

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
