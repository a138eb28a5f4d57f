import { strict as assert } from "node:assert";
import { applyNetworkMigration, type ExecutorOptions } from "../../arm/executor";
import { parseCluster } from "../../core";
import { executorConnection, nothingDeleted, withFakeArm } from "../support/loopback-arm";

const SUB = "00000000-0000-0000-0000-00000000abcd";
const TOKEN = "test-token-7a2e4b";
const TO_OVERLAY = { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" };
type Doc = Record<string, unknown>;
const props = (d: Doc) => d.properties as Doc;

describe("ARM executor: prerequisite steps (stop with the command, or run the Kubernetes upgrade when asked)", function () {
  this.timeout(120_000);
  const loopback = withFakeArm(TOKEN, {
    // A Node Subnet cluster on 1.25: the overlay migration needs 1.27, two minor upgrades away.
    seeded: (arm) =>
      arm.putCluster({
        subscription: SUB,
        resourceGroup: "rg1",
        name: "aks1",
        version: "1.25.11",
        networkProfile: { networkPlugin: "azure" },
      }),
    checked: nothingDeleted,
  });

  const run = (options: Partial<ExecutorOptions> = {}) =>
    applyNetworkMigration({
      cluster: { subscriptionId: SUB, resourceGroup: "rg1", name: "aks1" },
      target: parseCluster(TO_OVERLAY, "target"),
      context: { ipMasqAgentConfigMaps: [] },
      ...executorConnection(loopback, { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 50 }),
      ...options,
    });

  it("stops before the first prerequisite and writes nothing, handing back its az command", async () => {
    const result = await run();
    assert.equal(result.status, "prerequisite");
    assert.deepEqual(result.applied, []);
    assert.equal(result.remaining[0].prerequisite, true);
    assert.equal(
      result.remaining[0].azCommand,
      "az aks upgrade --resource-group rg1 --name aks1 --kubernetes-version 1.26",
    );
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 0);
  });

  it("with includePrerequisites upgrades one minor version per PUT (the document as read, versions only), then migrates", async () => {
    const before = structuredClone(loopback.arm.get(SUB, "rg1", "aks1"));
    const result = await run({ includePrerequisites: true });
    assert.equal(result.status, "at-target", JSON.stringify(result.blockers));
    assert.deepEqual(
      result.applied.map((s) => [s.kind, s.prerequisite]),
      [
        ["kubernetes-upgrade", true],
        ["kubernetes-upgrade", true],
        ["ipam", false],
      ],
    );
    const puts = loopback.arm.requests.filter((r) => r.method === "PUT").map((r) => r.body as Doc);
    assert.equal(puts.length, 3);
    const first = puts[0];
    assert.equal(props(first).kubernetesVersion, "1.26");
    assert.deepEqual(
      (props(first).agentPoolProfiles as Doc[]).map((p) => p.orchestratorVersion),
      ["1.26"],
      "nodes upgrade with the control plane, as az aks upgrade does",
    );
    assert.deepEqual(props(first).networkProfile, props(before).networkProfile, "an upgrade leaves the network alone");
    assert.equal(props(puts[1]).kubernetesVersion, "1.27");
    assert.equal((props(puts[2]).networkProfile as Doc).networkPluginMode, "overlay");
    assert.equal(props(loopback.arm.get(SUB, "rg1", "aks1")).currentKubernetesVersion, "1.27.7");
  });

  it("never runs the other prerequisites: a user-assigned identity stops the run even with includePrerequisites", async () => {
    loopback.arm.putCluster({
      subscription: SUB,
      resourceGroup: "rg1",
      name: "aks1",
      identity: "SystemAssigned",
      networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16" },
      pools: [
        {
          name: "system",
          mode: "System",
          osType: "Linux",
          vmSize: "Standard_D4ds_v5",
          count: 3,
          type: "VirtualMachineScaleSets",
          vnetSubnetID: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`,
        },
      ],
    });
    const result = await run({ includePrerequisites: true });
    assert.equal(result.status, "prerequisite");
    assert.equal(result.remaining[0].kind, "user-assigned-identity");
    assert.match(result.remaining[0].azCommand, /--enable-managed-identity --assign-identity/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 0);
  });
});
