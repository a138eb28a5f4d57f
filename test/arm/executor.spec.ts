import { strict as assert } from "node:assert";
import { credentialFrom } from "../../arm/credentials";
import { request } from "node:https";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { DefaultAzureCredential } from "@azure/identity";
import { ManagedClusterArm } from "../../arm/arm-client";
import { armEndpointFrom } from "../../arm/credentials";
import {
  applyNetworkMigration,
  ClusterStateError,
  MigrationTimeoutError,
  StepFailedError,
  type ExecutorOptions,
} from "../../arm/executor";
import { parseCluster } from "../../core";
import { armCluster } from "../support/arm-server";
import { executorConnection, nothingDeleted, withFakeArm } from "../support/loopback-arm";
import { defined } from "../support/defined";
import { OVERLAY_CILIUM_PROFILE } from "../support/fixtures";

const SUB = "00000000-0000-0000-0000-00000000abcd";
const TOKEN = "test-token-5f1c9d";
const OVERLAY_CILIUM = OVERLAY_CILIUM_PROFILE;

type Doc = Record<string, unknown>;
const profileOf = (document: Doc) => (document.properties as Doc).networkProfile as Doc;
const withProfile = (document: Doc, changes: Doc): Doc => ({
  ...document,
  properties: { ...(document.properties as Doc), networkProfile: { ...profileOf(document), ...changes } },
});

/** The read-only properties this fixture has, named here independently of the code under test. */
function withoutReadOnly(document: Doc): Doc {
  const copy = structuredClone(document);
  for (const field of ["id", "name", "type", "systemData", "eTag"]) delete copy[field];
  const properties = copy.properties as Doc;
  for (const field of ["provisioningState", "fqdn", "currentKubernetesVersion"]) delete properties[field];
  for (const pool of properties.agentPoolProfiles as Doc[]) delete pool.eTag;
  return copy;
}

/** Fields @azure/arm-containerservice's model does not know (newer or preview API); a PUT must carry them back. */
function withFieldsUnknownToTheSdk(document: Doc): Doc {
  const properties = document.properties as Doc;
  const pools = properties.agentPoolProfiles as Doc[];
  return {
    ...document,
    systemData: { createdBy: "someone@example.com", createdAt: "2026-01-02T03:04:05Z" },
    properties: {
      ...properties,
      previewFeatureProfile: { enabled: true, settings: ["a", "b"] },
      agentPoolProfiles: [{ ...pools[0], previewPoolSetting: "keep-me", tags: { pool: "system" } }],
      networkProfile: {
        ...(properties.networkProfile as Doc),
        previewNetworkSetting: { mode: "x" },
        serviceCidrs: ["10.0.0.0/16"],
      },
      addonProfiles: { azurepolicy: { enabled: true, config: null } },
      identityProfile: { kubeletidentity: { resourceId: "/subscriptions/x/rg/id", clientId: "c", objectId: "o" } },
    },
  };
}

describe("ARM executor against a loopback ARM (HTTPS, bearer token, async operations)", function () {
  this.timeout(120_000);
  const loopback = withFakeArm(TOKEN, {
    checked: nothingDeleted,
  });

  const seed = (networkProfile: Record<string, unknown>, extra: Partial<Parameters<typeof armCluster>[0]> = {}) =>
    loopback.arm.putCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile, ...extra });
  const run = (target: Record<string, unknown>, options: Partial<ExecutorOptions> = {}) =>
    applyNetworkMigration({
      cluster: { subscriptionId: SUB, resourceGroup: "rg1", name: "aks1" },
      target: parseCluster(target),
      ...executorConnection(loopback, { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 50 }),
      ...options,
    });

  it("takes kubenet + Calico to overlay + Cilium in three PUTs, each the document as read with only its step's network fields changed", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] });
    loopback.arm.put(SUB, "rg1", "aks1", withFieldsUnknownToTheSdk(loopback.arm.get(SUB, "rg1", "aks1")));
    const initial = structuredClone(loopback.arm.get(SUB, "rg1", "aks1"));
    const result = await run(OVERLAY_CILIUM);
    assert.equal(result.status, "at-target");
    assert.deepEqual(
      result.applied.map((s) => s.kind),
      ["network-policy", "ipam", "dataplane"],
    );
    const puts = loopback.arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 3);
    assert.ok(loopback.arm.requests.every((r) => r.method !== "DELETE" && r.authorized));
    const expectedChanges = [
      { networkPolicy: "none" },
      { networkPlugin: "azure", networkPluginMode: "overlay" },
      { networkDataplane: "cilium", networkPolicy: "cilium" },
    ];
    let before = initial;
    puts.forEach((put, i) => {
      const expected = withProfile(before, expectedChanges[i]);
      assert.deepEqual(
        put.body,
        withoutReadOnly(expected),
        `PUT ${i + 1} is the document as read, read-only properties left out, with only its step's fields changed`,
      );
      before = expected;
    });
    assert.ok(
      puts.every((put) => typeof put.ifMatch === "string" && put.ifMatch.startsWith('"etag-')),
      "every PUT is conditional on an eTag",
    );
    assert.ok(puts.every((put) => put.query.get("api-version") !== null));
    const final = loopback.arm.get(SUB, "rg1", "aks1").properties as Record<string, unknown>;
    assert.deepEqual((final.networkProfile as Record<string, unknown>).networkDataplane, "cilium");
    assert.equal(final.provisioningState, "Succeeded");

    const again = await run(OVERLAY_CILIUM);
    assert.equal(again.status, "at-target");
    assert.equal(
      loopback.arm.requests.filter((r) => r.method === "PUT").length,
      3,
      "a re-run at the target writes nothing",
    );
  });

  it("refuses an unreachable target before any write", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const result = await run({ networkPlugin: "azure" });
    assert.equal(result.status, "refused");
    assert.ok(result.blockers.some((b) => b.rule === "ipam-overlay-irreversible"));
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("waits out a real 409 while an operation someone else started is still running", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.operationMs = 300;
    const foreign = withProfile(loopback.arm.get(SUB, "rg1", "aks1"), {});
    (foreign.tags as Doc).changedBy = "someone else";
    assert.equal(
      await rawPut(
        `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`,
        foreign,
      ),
      200,
    );
    assert.equal(
      (loopback.arm.get(SUB, "rg1", "aks1").properties as Doc).provisioningState,
      "Updating",
      "the cluster shows the running operation",
    );
    const events: string[] = [];
    const result = await run(
      { networkDataplane: "cilium", networkPolicy: "cilium" },
      { conflictDelayMs: 50, onEvent: (e) => events.push(e.kind) },
    );
    assert.equal(result.status, "at-target");
    const puts = loopback.arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 2, "the other PUT, then ours once the cluster read Succeeded");
    assert.ok(events.includes("cluster-busy"), "the run said it waited for an operation it did not start");
    const final = loopback.arm.get(SUB, "rg1", "aks1");
    assert.equal(
      (final.tags as Doc).changedBy,
      "someone else",
      "the other operation's change is kept: the step re-read the cluster",
    );
    assert.equal(profileOf(final).networkDataplane, "cilium");
  });

  it("gives up on 409 after the bounded number of retries", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.inject({
      method: "PUT",
      status: 409,
      times: 100,
      body: {
        error: {
          code: "OperationNotAllowed",
          message:
            "Operation is not allowed because there's an in progress update managed cluster operation on the managed cluster.",
        },
      },
    });
    await assert.rejects(
      run({ networkDataplane: "cilium", networkPolicy: "cilium" }, { conflictRetries: 2, conflictDelayMs: 1 }),
      (error: unknown) => error instanceof StepFailedError && error.code === "OperationNotAllowed",
    );
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 3);
  });

  it("gives up on 5xx after the SDK retry policy's bounded retries", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.inject({
      method: "PUT",
      status: 503,
      times: 100,
      body: { error: { code: "ServiceUnavailable", message: "The service is unavailable." } },
    });
    await assert.rejects(
      run({ networkDataplane: "cilium", networkPolicy: "cilium" }),
      (error: unknown) => error instanceof StepFailedError && error.code === "ServiceUnavailable",
    );
    assert.equal(
      loopback.arm.requests.filter((r) => r.method === "PUT").length,
      4,
      "one try and maxRetries (3) retries",
    );
  });

  it("rides out 429 with Retry-After, 5xx, transient poll failures and 409 while another operation runs", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16", networkPolicy: "azure" });
    loopback.arm.inject({
      method: "PUT",
      status: 429,
      headers: { "Retry-After": "0" },
      body: { error: { code: "TooManyRequests", message: "Too many requests." } },
    });
    loopback.arm.inject({
      method: "PUT",
      status: 409,
      body: {
        error: {
          code: "OperationNotAllowed",
          message:
            "Operation is not allowed because there's an in progress update managed cluster operation on the managed cluster.",
        },
      },
    });
    loopback.arm.inject({
      method: "PUT",
      status: 503,
      body: { error: { code: "ServiceUnavailable", message: "The service is unavailable." } },
    });
    loopback.arm.inject({ method: "GET", path: /operations/, status: 500, times: 2 });
    const result = await run({ networkDataplane: "cilium", networkPolicy: "cilium" });
    assert.equal(result.status, "at-target");
    const puts = loopback.arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 4, "three refused attempts and one accepted");
    assert.equal(
      (loopback.arm.get(SUB, "rg1", "aks1").properties as { networkProfile: { networkDataplane: string } })
        .networkProfile.networkDataplane,
      "cilium",
    );
  });

  it("stops at a failed operation with the ARM error, and a re-run continues from where the cluster is", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" });
    loopback.arm.nextOutcome({ status: "Succeeded" });
    loopback.arm.nextOutcome({
      status: "Failed",
      code: "RouteTableDetachFailed",
      message: "Failed to detach the route table from subnet nodes.",
    });
    await assert.rejects(run(OVERLAY_CILIUM), (error: unknown) => {
      assert.ok(error instanceof StepFailedError);
      assert.equal(error.index, 2);
      assert.equal(error.applied.length, 1);
      assert.match(
        error.message,
        /Step 2\/3 \(Move to Azure CNI Overlay from kubenet\) failed: .*RouteTableDetachFailed|Failed to detach/,
      );
      assert.match(error.message, /run the same command again: it continues from where the cluster is/);
      return true;
    });
    const afterFailure = loopback.arm.get(SUB, "rg1", "aks1").properties as {
      networkProfile: Record<string, string>;
      provisioningState: string;
    };
    assert.equal(afterFailure.networkProfile.networkPlugin, "azure", "ARM shows the failed step's goal values");
    assert.equal(afterFailure.networkProfile.networkPolicy, "none", "the first step stays applied");
    assert.equal(afterFailure.provisioningState, "Failed");
    const putsBefore = loopback.arm.writes().length;
    await assert.rejects(run(OVERLAY_CILIUM), (error: unknown) => {
      assert.ok(error instanceof ClusterStateError, String(error));
      assert.match(
        error.message,
        /provisioningState Failed: the values ARM shows .* are the goal of the last operation/,
      );
      assert.match(error.message, /RouteTableDetachFailed: Failed to detach the route table/);
      assert.match(error.message, /--reconcile .*az aks update -g rg1 -n aks1 with no other change/);
      return true;
    });
    assert.equal(
      loopback.arm.writes().length,
      putsBefore,
      "a Failed cluster is never taken as at the target, and nothing is written",
    );
    const resumed = await run(OVERLAY_CILIUM, { reconcileFailed: true });
    assert.equal(resumed.status, "at-target");
    assert.deepEqual(
      resumed.applied.map((s) => s.kind),
      ["dataplane"],
      "the failed step's goal is re-issued as it stands, then the run goes on",
    );
  });

  it("says so when a step's operation succeeded but the cluster cannot be read back", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    // Cluster GETs: the first read, then the read-back that fails.
    loopback.arm.inject({
      method: "GET",
      path: /managedClusters\/aks1$/,
      skip: 1,
      status: 403,
      body: {
        error: {
          code: "AuthorizationFailed",
          message:
            "The client does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read'.",
        },
      },
    });
    await assert.rejects(
      run({ networkDataplane: "cilium", networkPolicy: "cilium" }),
      (error: unknown) =>
        error instanceof StepFailedError &&
        error.code === "AuthorizationFailed" &&
        /operation as succeeded, but the cluster could not be read back/.test(error.message),
    );
    assert.equal(profileOf(loopback.arm.get(SUB, "rg1", "aks1")).networkDataplane, "cilium");
  });

  it("reports a canceled operation as a failed step", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.nextOutcome({ status: "Canceled" });
    await assert.rejects(
      run({ networkDataplane: "cilium", networkPolicy: "cilium" }),
      (error: unknown) => error instanceof StepFailedError && error.index === 1,
    );
  });

  it("gives up at the user's timeout, saying an operation may still run", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.pollsPerOperation = 1000;
    loopback.arm.pollDelayMs = 20;
    await assert.rejects(
      run({ networkDataplane: "cilium", networkPolicy: "cilium" }, { timeoutMs: 400 }),
      (error: unknown) => error instanceof MigrationTimeoutError && /may still be running in Azure/.test(error.message),
    );
  });

  it("applies at most maxSteps steps per run (the component's one step per pulumi up)", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" });
    const first = await run(OVERLAY_CILIUM, { maxSteps: 1 });
    assert.equal(first.status, "stopped");
    assert.equal(first.applied.length, 1);
    assert.equal(first.remaining.length, 2);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 1);
  });

  it("reports the RP's own refusals with their codes (the fake RP, independent of the rules core)", async () => {
    seed({
      networkPlugin: "kubenet",
      networkPolicy: "calico",
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIP: "10.0.0.10",
    });
    const client = new ManagedClusterArm({
      cluster: { subscriptionId: SUB, resourceGroup: "rg1", name: "aks1" },
      credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: TOKEN }),
      endpoint: loopback.arm.endpoint,
      httpsAgent: loopback.agent,
    });
    const signal = new AbortController().signal;
    const live = await client.get(signal);
    const refusal = async (changes: Doc) => {
      try {
        await client.put(withProfile(live, changes), { abortSignal: signal, intervalInMs: 5 });
      } catch (error) {
        return error as { code?: string; statusCode?: number; message: string };
      }
      assert.fail(`accepted ${JSON.stringify(changes)}`);
    };
    const cases: [Doc, string, RegExp][] = [
      [
        { networkPluginMode: "overlay" },
        "UnsupportedNetworkPluginModeWithNetworkPlugin",
        /NetworkPluginMode overlay is not supported with NetworkPLugin kubenet/,
      ],
      [
        { networkPlugin: "azure", networkPluginMode: "overlay" },
        "ValidationError",
        /Cannot update cluster to Azure CNI Overlay while using network policies/,
      ],
      [{ networkPolicy: "none", serviceCidr: "10.1.0.0/16" }, "PropertyChangeNotAllowed", /networkProfile.serviceCidr/],
      [{ networkPolicy: "none", dnsServiceIP: "10.0.0.11" }, "PropertyChangeNotAllowed", /networkProfile.dnsServiceIP/],
      [
        { networkPlugin: "azure", networkPolicy: "cilium", networkDataplane: "cilium" },
        "PropertyChangeNotAllowed",
        /networkProfile.networkPlugin/,
      ],
      [{ networkDataplane: "cilium" }, "BadRequest", /Cilium dataplane requires network policy cilium/],
    ];
    for (const [changes, code, message] of cases) {
      const error = await refusal(changes);
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, code, JSON.stringify(changes));
      assert.match(error.message, message);
    }
    assert.deepEqual(loopback.arm.requests.filter((r) => r.method === "PUT").length, cases.length);
    assert.equal(
      profileOf(loopback.arm.get(SUB, "rg1", "aks1")).networkPlugin,
      "kubenet",
      "nothing refused took effect",
    );
  });

  it("surfaces ARM's refusal of a bad token", async () => {
    seed({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" });
    await assert.rejects(
      run(OVERLAY_CILIUM, { credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: "wrong" }) }),
      (error: Error & { code?: string }) =>
        error.code === "AuthenticationFailed" &&
        /Authentication failed/.test(error.message) &&
        !JSON.stringify(error).includes("wrong") &&
        !String(error.stack).includes("wrong"),
    );
    assert.deepEqual(loopback.arm.writes(), []);
    assert.ok(loopback.arm.requests.every((r) => r.method !== "DELETE"));
  });

  it("sends raw JSON because the SDK's typed model drops what it does not know (the reason, kept honest)", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.put(SUB, "rg1", "aks1", withFieldsUnknownToTheSdk(loopback.arm.get(SUB, "rg1", "aks1")));
    const sdk = new ContainerServiceClient(credentialFrom({ AKS_NETGUARD_ARM_TOKEN: TOKEN }), SUB, {
      endpoint: loopback.arm.endpoint,
      additionalPolicies: [
        { policy: (await import("@azure/core-rest-pipeline")).agentPolicy(loopback.agent), position: "perCall" },
      ],
    });
    const typed = await sdk.managedClusters.get("rg1", "aks1");
    await sdk.managedClusters.createOrUpdate("rg1", "aks1", typed, { updateIntervalInMs: 5 });
    const sent = defined(
      loopback.arm.requests.find((r) => r.method === "PUT"),
      "the PUT",
    ).body as Doc;
    assert.equal(
      (sent.properties as Doc).previewFeatureProfile,
      undefined,
      "the SDK's round trip drops an unknown property",
    );
    assert.equal(profileOf(sent).previewNetworkSetting, undefined);
  });

  it("takes credentials and the endpoint from the environment, and refuses an endpoint that is not https", () => {
    assert.ok(credentialFrom({}) instanceof DefaultAzureCredential);
    assert.ok(!(credentialFrom({ AKS_NETGUARD_ARM_TOKEN: "t" }) instanceof DefaultAzureCredential));
    assert.equal(armEndpointFrom(undefined, {}), "https://management.azure.com");
    assert.equal(
      armEndpointFrom(undefined, { AKS_NETGUARD_ARM_ENDPOINT: "https://management.usgovcloudapi.net/" }),
      "https://management.usgovcloudapi.net",
    );
    assert.equal(
      armEndpointFrom("https://management.chinacloudapi.cn", { AKS_NETGUARD_ARM_ENDPOINT: "https://x.example" }),
      "https://management.chinacloudapi.cn",
    );
    assert.throws(() => armEndpointFrom("http://management.azure.com", {}), /must use https/);
    assert.throws(() => armEndpointFrom("not a url", {}), /--arm-endpoint: "not a url" is not a URL/);
  });

  /** A PUT from outside the executor (someone running az aks update), with the fake's CA and the token. */
  function rawPut(path: string, body: Doc): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${loopback.arm.endpoint}${path}?api-version=2026-06-01`);
      const req = request(
        url,
        {
          method: "PUT",
          agent: loopback.agent,
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });
  }
});
