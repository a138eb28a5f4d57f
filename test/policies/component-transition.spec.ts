import { strict as assert } from "node:assert";
import { clusterToJson, parseCluster } from "../../core";
import { componentTransition } from "../../policies/component-transition";
import { armCluster, kubenet, nodeSubnet, overlay } from "../support/fixtures";
import { UNKNOWN } from "../support/policy-server";
import { COMPONENT, mandatory, summary } from "./support/resources";
import { usePack } from "./support/in-process-pack";

describe("component-transition: the AksCluster component's change, judged as the component would", function () {
  this.timeout(60_000);
  const pack = usePack();

  const component = (network: Record<string, unknown>, observed: unknown, extra: Record<string, unknown> = {}) => ({
    type: COMPONENT,
    name: "prod",
    // What AksCluster registers: its args, clusterName and the observed live profile (components/aks-cluster.ts).
    props: {
      resourceGroupName: "rg-aks",
      clusterName: "aks1",
      kubernetesVersion: "1.31.2",
      network,
      nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
      observedNetworkProfile: observed,
      ...extra,
    },
  });
  const observed = (spec: Parameters<typeof armCluster>[0]) => clusterToJson(parseCluster(armCluster(spec)));

  it("blocks the revert from overlay and IPAM + data plane in one update, as the component would", async () => {
    const revert = await pack.analyze(component({ plugin: "azure" }, observed(overlay())), componentTransition);
    assert.ok(
      mandatory(revert).some((d) => /\[ipam-overlay-irreversible\]$/.test(d.message)),
      summary(revert),
    );
    const both = await pack.analyze(
      component(
        { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16" },
        observed(nodeSubnet()),
      ),
      componentTransition,
    );
    assert.ok(
      mandatory(both).some((d) => /\[dp-ipam-and-dataplane-separate\]$/.test(d.message)),
      summary(both),
    );
  });

  it("judges the component's change in the network it registered (observedNetworkContext), as the component did", async () => {
    const toOverlay = { plugin: "azure", pluginMode: "overlay", podCidr: "10.244.0.0/16" };
    const context = {
      peerings: [{ name: "to-hub", remoteAddressPrefixes: ["10.0.0.0/8"], state: "Connected" }],
      unavailable: { routeTables: "AuthorizationFailed" },
    };
    const peered = await pack.analyze(
      component(toOverlay, observed(kubenet()), { observedNetworkContext: context }),
      componentTransition,
    );
    assert.ok(
      mandatory(peered).some((d) => /to-hub/.test(d.message) && /\[cidr-pod-vs-peerings\]$/.test(d.message)),
      summary(peered),
    );
    const alone = await pack.analyze(component(toOverlay, observed(kubenet())), componentTransition);
    assert.ok(
      !mandatory(alone).some((d) => /\[cidr-pod-vs-peerings\]$/.test(d.message)),
      `the peering is known only from the registered context: ${summary(alone)}`,
    );
  });

  it("accepts the same multi-step target when the component migrates stepwise, and judges a new cluster as a create", async () => {
    const stepwise = await pack.analyze(
      component(
        { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16" },
        observed(nodeSubnet()),
        { migration: "stepwise" },
      ),
      componentTransition,
    );
    assert.deepEqual(mandatory(stepwise), [], summary(stepwise));
    // Several steps away (kubenet + Calico → overlay + Cilium): blocked in one update, accepted stepwise.
    const target = { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" };
    const fromKubenet = observed(kubenet({ policy: "calico", identity: "UserAssigned" }));
    const single = await pack.analyze(component(target, fromKubenet), componentTransition);
    assert.ok(mandatory(single).length > 0, summary(single));
    const steps = await pack.analyze(component(target, fromKubenet, { migration: "stepwise" }), componentTransition);
    assert.deepEqual(mandatory(steps), [], summary(steps));
    const compliantCreate = await pack.analyze(
      component({ ...target, podCidr: "192.168.0.0/16" }, null),
      componentTransition,
    );
    assert.deepEqual(mandatory(compliantCreate), [], summary(compliantCreate));
    const create = await pack.analyze(
      component({ plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" }, undefined, {
        nodePools: [
          { name: "system", mode: "System", vmSize: "x", count: 3 },
          { name: "win1", osType: "Windows", vmSize: "x", count: 1 },
        ],
      }),
      componentTransition,
    );
    assert.ok(
      mandatory(create).some((d) => /\[dp-cilium-no-windows\]$/.test(d.message)),
      summary(create),
    );
  });

  it("answers inputs unknown in this preview with one advisory naming them", async () => {
    for (const [network, live, field] of [
      [{ plugin: "azure", pluginMode: UNKNOWN }, observed(overlay()), "network.pluginMode"],
      [{ plugin: "azure" }, UNKNOWN, "observedNetworkProfile"],
    ] as const) {
      const result = await pack.analyze(component(network, live), componentTransition);
      assert.deepEqual(mandatory(result), [], summary(result));
      assert.equal(result.diagnostics.length, 1);
      assert.match(result.diagnostics[0].message, new RegExp(`${field.replace(".", "\\.")} is not known until apply`));
    }
  });
});
