import { strict as assert } from "node:assert";
import { Agent } from "node:https";
import { credentialFrom } from "../../arm/credentials";
import { applyNetworkMigration, MigrationTimeoutError, StepFailedError, type ExecutorOptions } from "../../arm/executor";
import { parseCluster } from "../../core";
import { armCluster, FakeArm, throwawayCertificate } from "../support/arm-server";

const SUB = "00000000-0000-0000-0000-00000000abcd";
const TOKEN = "test-token-5f1c9d";
const OVERLAY_CILIUM = { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" };
const READ_ONLY = ["provisioningState", "fqdn", "currentKubernetesVersion", "azurePortalFqdn", "powerState", "maxAgentPools"];

function withoutReadOnly(document: Record<string, unknown>): Record<string, unknown> {
  const properties = { ...(document.properties as Record<string, unknown>) };
  for (const field of READ_ONLY) delete properties[field];
  const { id: _id, name: _name, type: _type, ...rest } = document;
  return { ...rest, properties };
}

describe("ARM executor against a loopback ARM (HTTPS, bearer token, async operations)", function () {
  this.timeout(120_000);
  let tls: { key: string; cert: string };
  let arm: FakeArm;
  let agent: Agent;

  before(async () => {
    tls = await throwawayCertificate();
    agent = new Agent({ ca: tls.cert });
  });
  beforeEach(async () => {
    arm = new FakeArm(TOKEN);
    await arm.start(tls);
  });
  afterEach(async () => arm.stop());

  const seed = (networkProfile: Record<string, unknown>, extra: Partial<Parameters<typeof armCluster>[0]> = {}) =>
    arm.put(SUB, "rg1", "aks1", armCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile, ...extra }));
  const run = (target: Record<string, unknown>, options: Partial<ExecutorOptions> = {}) =>
    applyNetworkMigration({
      cluster: { subscriptionId: SUB, resourceGroup: "rg1", name: "aks1" },
      target: parseCluster(target),
      credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: TOKEN }),
      endpoint: arm.endpoint,
      pollIntervalMs: 5,
      conflictDelayMs: 5,
      retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 50 },
      httpsAgent: agent,
      ...options,
    });

  it("takes kubenet + Calico to overlay + Cilium in three PUTs, each changing only its step's network fields", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] });
    const states = [withoutReadOnly(arm.get(SUB, "rg1", "aks1"))];
    const result = await run(OVERLAY_CILIUM);
    assert.equal(result.status, "at-target");
    assert.deepEqual(result.applied.map((s) => s.kind), ["network-policy", "ipam", "dataplane"]);
    const puts = arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 3);
    assert.ok(arm.requests.every((r) => r.method !== "DELETE" && r.authorized));
    const expectedChanges = [
      { networkPolicy: "none" },
      { networkPlugin: "azure", networkPluginMode: "overlay" },
      { networkDataplane: "cilium", networkPolicy: "cilium" },
    ];
    let before = states[0];
    puts.forEach((put, i) => {
      const sent = withoutReadOnly(put.body!);
      const profileBefore = (before.properties as Record<string, unknown>).networkProfile as Record<string, unknown>;
      const expected = { ...before, properties: { ...(before.properties as object), networkProfile: { ...profileBefore, ...expectedChanges[i] } } };
      assert.deepEqual(sent, expected, `PUT ${i + 1} changes only its step's fields`);
      before = expected;
    });
    const final = arm.get(SUB, "rg1", "aks1").properties as Record<string, unknown>;
    assert.deepEqual((final.networkProfile as Record<string, unknown>).networkDataplane, "cilium");
    assert.equal(final.provisioningState, "Succeeded");

    const again = await run(OVERLAY_CILIUM);
    assert.equal(again.status, "at-target");
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 3, "a re-run at the target writes nothing");
  });

  it("refuses an unreachable target before any write", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const result = await run({ networkPlugin: "azure" });
    assert.equal(result.status, "refused");
    assert.ok(result.blockers.some((b) => b.rule === "ipam-overlay-irreversible"));
    assert.deepEqual(arm.writes(), []);
  });

  it("rides out 429 with Retry-After, 5xx, transient poll failures and 409 while another operation runs", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16", networkPolicy: "azure" });
    arm.inject({ method: "PUT", status: 429, headers: { "Retry-After": "0" }, body: { error: { code: "TooManyRequests", message: "Too many requests." } } });
    arm.inject({ method: "PUT", status: 409, body: { error: { code: "OperationNotAllowed", message: "Operation is not allowed because there's an in progress update managed cluster operation on the managed cluster." } } });
    arm.inject({ method: "PUT", status: 503, body: { error: { code: "ServiceUnavailable", message: "The service is unavailable." } } });
    arm.inject({ method: "GET", path: /operations/, status: 500, times: 2 });
    const result = await run({ networkDataplane: "cilium", networkPolicy: "cilium" });
    assert.equal(result.status, "at-target");
    const puts = arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 4, "three refused attempts and one accepted");
    assert.equal((arm.get(SUB, "rg1", "aks1").properties as { networkProfile: { networkDataplane: string } }).networkProfile.networkDataplane, "cilium");
  });

  it("stops at a failed operation with the ARM error, and a re-run continues from where the cluster is", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" });
    arm.nextOutcome({ status: "Succeeded" });
    arm.nextOutcome({ status: "Failed", code: "RouteTableDetachFailed", message: "Failed to detach the route table from subnet nodes." });
    await assert.rejects(run(OVERLAY_CILIUM), (error: unknown) => {
      assert.ok(error instanceof StepFailedError);
      assert.equal(error.index, 2);
      assert.equal(error.applied.length, 1);
      assert.match(error.message, /Step 2\/3 \(Move to Azure CNI Overlay from kubenet\) failed: .*RouteTableDetachFailed|Failed to detach/);
      assert.match(error.message, /run the same command again: it continues from where the cluster is/);
      return true;
    });
    const afterFailure = arm.get(SUB, "rg1", "aks1").properties as { networkProfile: Record<string, string>; provisioningState: string };
    assert.equal(afterFailure.networkProfile.networkPlugin, "kubenet");
    assert.equal(afterFailure.networkProfile.networkPolicy, "none", "the first step stays applied");
    const resumed = await run(OVERLAY_CILIUM);
    assert.equal(resumed.status, "at-target");
    assert.deepEqual(resumed.applied.map((s) => s.kind), ["ipam", "dataplane"]);
  });

  it("reports a canceled operation as a failed step", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    arm.nextOutcome({ status: "Canceled" });
    await assert.rejects(run({ networkDataplane: "cilium", networkPolicy: "cilium" }), (error: unknown) => error instanceof StepFailedError && error.index === 1);
  });

  it("gives up at the user's timeout, saying an operation may still run", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    arm.pollsPerOperation = 1000;
    arm.pollDelayMs = 20;
    await assert.rejects(run({ networkDataplane: "cilium", networkPolicy: "cilium" }, { timeoutMs: 400 }), (error: unknown) => error instanceof MigrationTimeoutError && /may still be running in Azure/.test(error.message));
  });

  it("applies at most maxSteps steps per run (the component's one step per pulumi up)", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" });
    const first = await run(OVERLAY_CILIUM, { maxSteps: 1 });
    assert.equal(first.status, "stopped");
    assert.equal(first.applied.length, 1);
    assert.equal(first.remaining.length, 2);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 1);
  });

  it("surfaces ARM's refusal of a bad token", async () => {
    seed({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" });
    await assert.rejects(run(OVERLAY_CILIUM, { credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: "wrong" }) }), /Authentication failed/);
    assert.deepEqual(arm.writes(), []);
  });
});
