import { strict as assert } from "node:assert";
import { clusterToJson, parseCluster } from "../../core";
import { armCluster, azShowCluster, kubenet, nodeSubnet, overlay } from "../support/fixtures";
import { urnOf } from "../support/policy-server";
import {
  baselineConfig,
  byPolicy,
  clusterResource,
  COMPONENT,
  MANAGED_CLUSTER,
  mandatory,
  summary,
} from "./support/resources";
import { usePack } from "./support/in-process-pack";

const revertFromOverlay = { current: overlay(), desired: nodeSubnet() };

describe("transition-baseline: where a raw cluster's current profile comes from", function () {
  this.timeout(60_000);
  const pack = usePack();

  const revert = () => clusterResource(revertFromOverlay.desired);

  it("says the transition rules could not run and how to provide a baseline when no source knows the cluster", async () => {
    const result = await pack.analyze(revert());
    const [d] = byPolicy(result, "transition-baseline");
    assert.equal(d.enforcementLevel, "advisory");
    assert.match(d.message, /No baseline is known for cluster aks1/);
    assert.match(d.message, /az aks show .* aks-netguard baseline current\.json --name aks1/);
    assert.match(d.message, /aks-netguard:baselines/);
    assert.deepEqual(mandatory(result), []);
  });

  for (const [label, key] of [
    ["Pulumi resource name", "cluster"],
    ["Azure cluster name, in any case", "AKS1"],
    ["URN", urnOf(MANAGED_CLUSTER, "cluster")],
  ] as const) {
    it(`finds a policy-config baseline filed under the ${label}`, async () => {
      await pack.configure(baselineConfig({ [key]: armCluster(revertFromOverlay.current) }));
      const result = await pack.analyze(clusterResource(revertFromOverlay.desired, { name: "cluster" }));
      assert.ok(
        mandatory(result).some((d) => d.policyName === "ipam-overlay-irreversible" && /one-way/.test(d.message)),
        summary(result),
      );
      assert.deepEqual(byPolicy(result, "transition-baseline"), []);
    });
  }

  it("reads the stack config aks-netguard:baselines the language host passes in PULUMI_CONFIG", async () => {
    process.env.PULUMI_CONFIG = JSON.stringify({
      "proj:other": "x",
      "aks-netguard:baselines": JSON.stringify({ aks1: azShowCluster(revertFromOverlay.current) }),
    });
    const result = await pack.analyze(revert());
    assert.ok(
      mandatory(result).some((d) => d.policyName === "ipam-overlay-irreversible"),
      summary(result),
    );
  });

  it("judges a raw cluster against the live network a baseline carries (aks-netguard baseline --subscription …)", async () => {
    const current = { ...clusterToJson(parseCluster(armCluster(kubenet()))) };
    const context = {
      peerings: [{ name: "to-hub", remoteAddressPrefixes: ["10.0.0.0/8"], state: "Connected" }],
      unavailable: { routeTables: "AuthorizationFailed" },
    };
    await pack.configure(baselineConfig({ aks1: { ...current, context } }));
    const toOverlay = clusterResource(kubenet({ plugin: "azure", mode: "overlay" }));
    const result = await pack.analyze(toOverlay);
    assert.ok(
      mandatory(result).some((d) => d.policyName === "cidr-pod-vs-peerings" && /to-hub/.test(d.message)),
      summary(result),
    );
    await pack.configure(baselineConfig({ aks1: current }));
    const without = await pack.analyze(toOverlay);
    assert.deepEqual(byPolicy(without, "cidr-pod-vs-peerings"), [], "the peering is known only from the baseline");
  });

  it("prefers the policy config's baseline to the stack config's", async () => {
    process.env.PULUMI_CONFIG = JSON.stringify({
      "aks-netguard:baselines": JSON.stringify({ aks1: armCluster(nodeSubnet()) }),
    });
    await pack.configure(baselineConfig({ aks1: armCluster(overlay()) }));
    const result = await pack.analyze(revert());
    assert.ok(
      mandatory(result).some((d) => d.policyName === "ipam-overlay-irreversible"),
      summary(result),
    );
  });

  it("says which baseline cannot be used and why, instead of passing silently", async () => {
    process.env.PULUMI_CONFIG = JSON.stringify({ "aks-netguard:baselines": "{not json" });
    const broken = byPolicy(await pack.analyze(revert()), "transition-baseline");
    assert.match(broken[0].message, /stack config aks-netguard:baselines is not valid JSON/);
    delete process.env.PULUMI_CONFIG;
    await pack.configure(baselineConfig({ aks1: { networkProfile: { networkPlugin: "calico" } } }));
    const invalid = byPolicy(await pack.analyze(revert()), "transition-baseline");
    assert.match(invalid[0].message, /baselines\["aks1"\]\.networkProfile\.networkPlugin.*calico/);
  });

  it("leaves a cluster inside the AksCluster component to component-transition", async () => {
    const child = clusterResource(nodeSubnet(), { parent: urnOf(COMPONENT, "prod") });
    assert.deepEqual(byPolicy(await pack.analyze(child), "transition-baseline"), []);
  });
});
