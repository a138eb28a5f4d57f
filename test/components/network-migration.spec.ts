import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { armCluster, FakeArm, throwawayCertificate } from "../support/arm-server";
import { DynamicProviderHost } from "../support/dynamic-provider-host";

const SUB = "00000000-0000-0000-0000-00000000d00d";
const TOKEN = "dyn-token-31337";
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`;
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/aks-netguard:NetworkMigration::prod-network";
const TARGET = { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" };

/** The provider exactly as the program serializes it: the NetworkMigration's inputs captured under the mock runtime. */
async function serializedProvider(): Promise<string> {
  let inputs: Record<string, unknown> = {};
  await pulumi.runtime.setMocks({ newResource: (a) => ((inputs = a.inputs), { id: "id", state: a.inputs }), call: () => ({}) }, "proj", "dev", true);
  const { NetworkMigration } = await import("../../components/network-migration");
  const resource = new NetworkMigration("prod-network", { clusterId: CLUSTER_ID, target: TARGET, migration: "stepwise" });
  await new Promise((resolve) => resource.urn.apply(resolve));
  assert.equal(typeof inputs.__provider, "string");
  return inputs.__provider as string;
}

describe("NetworkMigration driven the way the engine drives it (dynamic-provider host over gRPC)", function () {
  this.timeout(120_000);
  let arm: FakeArm;
  let host: DynamicProviderHost;
  let providerText: string;

  before(async () => {
    const tls = await throwawayCertificate();
    const dir = mkdtempSync(join(tmpdir(), "aks-netguard-dyn-"));
    writeFileSync(join(dir, "ca.pem"), tls.cert);
    arm = new FakeArm(TOKEN);
    await arm.start(tls);
    providerText = await serializedProvider();
    host = await DynamicProviderHost.start({ NODE_EXTRA_CA_CERTS: join(dir, "ca.pem"), AKS_NETGUARD_ARM_TOKEN: TOKEN, AKS_NETGUARD_ARM_ENDPOINT: arm.endpoint, AKS_NETGUARD_POLL_INTERVAL_MS: "5" });
  });
  after(async () => {
    await host?.stop();
    await arm?.stop();
  });

  it("checks, previews as an update without writing, and performs exactly one step per update", async () => {
    arm.put(SUB, "rg1", "aks1", armCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile: { networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" } }));
    const news = { __provider: providerText, clusterId: CLUSTER_ID, target: TARGET, migration: "stepwise" };
    let olds: Record<string, unknown> = { ...news, applied: { networkPlugin: "kubenet", networkPolicy: "calico", podCidrs: ["10.244.0.0/16"] }, remainingSteps: [] };

    const single = await host.check(URN, olds, { ...news, migration: "single-step" });
    assert.equal(single.failures.length, 1);
    assert.match(single.failures[0].reason, /3 steps away.*migration: "stepwise"/);
    assert.deepEqual((await host.check(URN, olds, news)).failures, []);

    const preview = await host.diff(CLUSTER_ID, URN, olds, news);
    assert.deepEqual(preview, { changes: "some", replaces: [] });
    assert.deepEqual(arm.writes(), [], "preview writes nothing");

    const expectedApplied = [
      { networkPlugin: "kubenet", networkPolicy: "none", podCidrs: ["10.244.0.0/16"] },
      { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none", podCidrs: ["10.244.0.0/16"] },
      { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium", podCidrs: ["10.244.0.0/16"] },
    ];
    for (const [i, applied] of expectedApplied.entries()) {
      const outs = await host.update(CLUSTER_ID, URN, olds, news);
      assert.equal(arm.requests.filter((r) => r.method === "PUT").length, i + 1, "one PUT per update");
      assert.deepEqual(outs.applied, applied);
      assert.equal((outs.remainingSteps as unknown[]).length, 2 - i);
      olds = outs;
    }
    assert.deepEqual(await host.diff(CLUSTER_ID, URN, olds, news), { changes: "none", replaces: [] });
  });

  it("fails the update when the step fails, so the engine keeps the last successful state", async () => {
    arm.put(SUB, "rg1", "aks1", armCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" } }));
    arm.nextOutcome({ status: "Failed", code: "CiliumInstallFailed", message: "Cilium could not be installed." });
    const news = { __provider: providerText, clusterId: CLUSTER_ID, target: TARGET, migration: "single-step" };
    const olds = { ...news, applied: { networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["10.244.0.0/16"] }, remainingSteps: [] };
    const puts = arm.requests.filter((r) => r.method === "PUT").length;
    await assert.rejects(host.update(CLUSTER_ID, URN, olds, news), /Step 1\/1 .* failed/);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, puts + 1);
    assert.equal((arm.get(SUB, "rg1", "aks1").properties as { networkProfile: { networkDataplane?: string } }).networkProfile.networkDataplane, undefined);
  });
});
