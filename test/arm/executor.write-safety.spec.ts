import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { CredentialUnavailableError } from "@azure/identity";
import { NoCredentialsError } from "../../arm/access-tokens";
import { parseClusterId } from "../../arm/cluster-ref";
import {
  applyNetworkMigration,
  ClusterStateError,
  MigrationTimeoutError,
  StepFailedError,
  type ExecutorEvent,
  type ExecutorOptions,
} from "../../arm/executor";
import { memoryJournal } from "../../arm/operation-journal";
import { READ_ONLY_FIELDS, writableBody } from "../../arm/writable-body";
import { InputError, parseCluster } from "../../core";
import { FakeArm } from "../support/arm-server";
import { executorConnection, nothingDeleted, withFakeArm } from "../support/loopback-arm";

const SUB = "00000000-0000-0000-0000-00000000cafe";
const TOKEN = "safety-token-4242";
const OVERLAY = { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" };
const TO_CILIUM = { networkDataplane: "cilium", networkPolicy: "cilium" };
const TWO_POOLS = [
  {
    name: "system",
    mode: "System",
    osType: "Linux",
    vmSize: "Standard_D4ds_v5",
    count: 3,
    type: "VirtualMachineScaleSets",
  },
  {
    name: "apps",
    mode: "User",
    osType: "Linux",
    vmSize: "Standard_D8ds_v5",
    count: 3,
    enableAutoScaling: true,
    minCount: 2,
    maxCount: 10,
    type: "VirtualMachineScaleSets",
  },
];

type Doc = Record<string, unknown>;
const props = (d: Doc) => d.properties as Doc;
const profileOf = (d: Doc) => props(d).networkProfile as Doc;
const pool = (d: Doc, name: string) => (props(d).agentPoolProfiles as Doc[]).find((p) => p.name === name) as Doc;

/** A credential that hands out the given tokens in turn and counts its calls. */
function rotatingCredential(tokens: string[]): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      const token = tokens[Math.min(credential.calls, tokens.length - 1)];
      credential.calls++;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

describe("apply never loses another actor's change and never reports what it did not see (loopback ARM)", function () {
  this.timeout(60_000);
  const loopback = withFakeArm(TOKEN, {
    seeded: (arm) =>
      arm.putCluster({
        subscription: SUB,
        resourceGroup: "rg1",
        name: "aks1",
        networkProfile: OVERLAY,
        pools: TWO_POOLS,
      }),
    checked: nothingDeleted,
  });

  const cluster = () => loopback.arm.get(SUB, "rg1", "aks1");
  const puts = () => loopback.arm.requests.filter((r) => r.method === "PUT");
  const run = (options: Partial<ExecutorOptions> = {}, target: Doc = TO_CILIUM) =>
    applyNetworkMigration({
      cluster: { subscriptionId: SUB, resourceGroup: "rg1", name: "aks1" },
      target: parseCluster(target),
      ...executorConnection(loopback, { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 }),
      ...options,
    });
  /** Someone else scales a pool with az aks scale (a cluster-level write) and tags the cluster. */
  const otherAdmin = (tag: string) => (fake: FakeArm) =>
    fake.writeCluster(SUB, "rg1", "aks1", (d) => {
      (d.tags as Doc).changedBy = tag;
      pool(d, "system").count = 5;
    });
  const assertOtherChangeKept = (tag: string) => {
    assert.equal((cluster().tags as Doc).changedBy, tag, "the other actor's tag survives");
    assert.equal(pool(cluster(), "system").count, 5, "the other actor's pool scale survives");
    assert.equal(profileOf(cluster()).networkDataplane, "cilium", "and the step is applied");
    assert.equal(props(cluster()).provisioningState, "Succeeded");
  };

  it("a change made between the read and the PUT gets a 412, and the step is rebuilt from a new read", async () => {
    loopback.arm.afterGet(1, otherAdmin("between read and write"));
    const events: ExecutorEvent[] = [];
    const result = await run({ onEvent: (e) => events.push(e) });
    assert.equal(result.status, "at-target");
    assertOtherChangeKept("between read and write");
    assert.equal(puts().length, 2, "the stale PUT was refused, the rebuilt one accepted");
    assert.notEqual(puts()[0].ifMatch, puts()[1].ifMatch, "the second PUT carries the new read's eTag");
    assert.ok(events.some((e) => e.kind === "step-retrying" && /412/.test(e.reason)));
  });

  it("after a 409 the body is built from a new read, never re-sent (the other actor's change survives)", async () => {
    loopback.arm.inject({
      method: "PUT",
      status: 409,
      body: {
        error: { code: "OperationNotAllowed", message: "Operation is not allowed: another operation is in progress." },
      },
    });
    loopback.arm.afterGet(1, otherAdmin("during the 409"));
    const result = await run();
    assert.equal(result.status, "at-target");
    assertOtherChangeKept("during the 409");
    const [first, second] = puts();
    assert.notDeepEqual(first.body, second.body, "the second PUT is a new body");
    assert.equal((second.body?.tags as Doc).changedBy, "during the 409");
  });

  it("after several 412s in a row the change of each other write is kept", async () => {
    loopback.arm.afterGet(1, otherAdmin("first"));
    loopback.arm.afterGet(2, (fake) => fake.writeCluster(SUB, "rg1", "aks1", (d) => ((d.tags as Doc).second = "yes")));
    const result = await run();
    assert.equal(result.status, "at-target");
    assertOtherChangeKept("first");
    assert.equal((cluster().tags as Doc).second, "yes");
    assert.equal(puts().length, 3);
  });

  it("a change made while the confirmation prompt waits is in the body: the GET the PUT is built from comes after the answer", async () => {
    let asked = 0;
    let etagAfterTheChange: unknown;
    const result = await run({
      confirmStep: async () => {
        asked++;
        otherAdmin("while the prompt waited")(loopback.arm);
        etagAfterTheChange = cluster().eTag;
        return true;
      },
    });
    assert.equal(result.status, "at-target");
    assert.equal(asked, 1);
    assertOtherChangeKept("while the prompt waited");
    assert.equal(puts().length, 1, "no 412 even: the write was built from a read made after the answer");
    assert.equal(puts()[0].ifMatch, etagAfterTheChange);
  });

  it("stops after bounded 412s, naming what the other actor changed, and has written nothing", async () => {
    for (let n = 1; n <= 10; n++)
      loopback.arm.afterGet(n, (fake) =>
        fake.writeCluster(SUB, "rg1", "aks1", (d) => ((d.tags as Doc).churn = String(n))),
      );
    await assert.rejects(run({ conflictRetries: 2 }), (error: unknown) => {
      assert.ok(error instanceof StepFailedError);
      assert.equal(error.code, "PreconditionFailed");
      assert.match(error.message, /kept changing between this run's read and its write \(3 tries/);
      assert.match(error.message, /changed by someone else: tags\.churn/);
      assert.match(error.message, /nothing of this step was written/);
      return true;
    });
    assert.equal(profileOf(cluster()).networkDataplane, undefined, "no write of ours got through");
  });

  it("drops an autoscaled pool's count (the autoscaler's scale survives), servicePrincipalProfile without the MSI placeholder, and every read-only field", async () => {
    loopback.arm.writeCluster(SUB, "rg1", "aks1", (d) => {
      props(d).servicePrincipalProfile = { clientId: "11111111-2222-3333-4444-555555555555" };
      props(d).powerState = { code: "Running" };
      props(d).previewSetting = { keep: true };
      d.systemData = { createdBy: "x" };
    });
    loopback.arm.afterGet(1, (fake) => fake.writePool(SUB, "rg1", "aks1", "apps", (p) => (p.count = 7)));
    const result = await run();
    assert.equal(result.status, "at-target");
    const body = puts()[0].body as Doc;
    assert.equal(pool(body, "apps").count, undefined, "no count for an autoscaled pool");
    assert.equal(pool(body, "system").count, 3, "a manual pool keeps its count");
    assert.equal(props(body).servicePrincipalProfile, undefined);
    for (const field of ["provisioningState", "powerState", "fqdn", "currentKubernetesVersion"])
      assert.equal(props(body)[field], undefined, field);
    assert.equal(body.systemData, undefined);
    assert.equal(body.eTag, undefined);
    assert.deepEqual(props(body).previewSetting, { keep: true }, "a property the SDK does not know is carried through");
    assert.equal(pool(cluster(), "apps").count, 7, "the autoscaler's count is not reverted");

    const msi = writableBody({ properties: { servicePrincipalProfile: { clientId: "msi" } } });
    assert.deepEqual(props(msi).servicePrincipalProfile, { clientId: "msi" }, "the MSI placeholder is kept");
  });

  it("the fake RP refuses a stale count on an autoscaled pool (so a body that kept it would fail)", async () => {
    const live = cluster();
    const stale = structuredClone(live);
    pool(stale, "apps").count = 1;
    const response = await fetchArm("PUT", stale);
    assert.equal(response.status, 400);
    assert.match(response.text, /Cannot manually scale AgentPool/);
  });

  it("keeps the read-only list equal to @azure/arm-containerservice's own model (an SDK bump shows the difference here)", () => {
    const models = readFileSync(
      require.resolve("@azure/arm-containerservice").replace(/index\.js$/, "models/models.d.ts"),
      "utf8",
    );
    const readOnly = readOnlyOf(models);
    for (const entry of READ_ONLY_FIELDS) {
      let expected = readOnly(entry.sdkModel);
      // The SDK flattens `properties` into ManagedCluster; its properties-level fields are listed under that model.
      if (entry.sdkModel === "ManagedCluster")
        expected = expected.filter((f) => !readOnly("ManagedClusterProperties").includes(f));
      assert.deepEqual(
        [...entry.fields].map((f) => f.toLowerCase()).sort(),
        expected.map((f) => f.toLowerCase()).sort(),
        `${entry.sdkModel} (${entry.path || "top level"})`,
      );
    }
  });

  it("a Failed cluster with the target's values is never 'at the target': nothing is written, the error and the recovery are named", async () => {
    loopback.arm.writeCluster(SUB, "rg1", "aks1", (d) => {
      Object.assign(profileOf(d), TO_CILIUM);
      props(d).provisioningState = "Failed";
      props(d).status = { provisioningError: { code: "CiliumInstallFailed", message: "cilium-operator crashed" } };
    });
    await assert.rejects(run(), (error: unknown) => {
      assert.ok(error instanceof ClusterStateError);
      assert.equal(error.code, "ClusterFailed");
      assert.match(error.message, /goal of the last operation, not necessarily what runs/);
      assert.match(error.message, /CiliumInstallFailed: cilium-operator crashed/);
      assert.match(error.message, /az aks update -g rg1 -n aks1 with no other change/);
      return true;
    });
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("reports no success without Succeeded: HTML and {} poll answers keep it polling, and too many end it saying the operation may still run", async () => {
    loopback.arm.inject({
      method: "GET",
      path: /operations/,
      status: 200,
      body: "<html><body>proxy</body></html>",
      headers: { "Content-Type": "text/html" },
      times: 2,
    });
    loopback.arm.inject({ method: "GET", path: /operations/, status: 200, body: {}, times: 2 });
    const waits: string[] = [];
    const result = await run({ onEvent: (e) => e.kind === "step-waiting" && waits.push(e.status) });
    assert.equal(result.status, "at-target", "unreadable answers were polled past, then the real end was seen");
    assert.ok(waits.filter((w) => /unreadable status answer/.test(w)).length >= 4, waits.join("; "));
    assert.ok(
      waits.some((w) => /not JSON \(starts with "<html>/.test(w)),
      "the HTML answer is reported as such",
    );
  });

  it("an answer without status forever ends the step as unknown, never as done", async () => {
    loopback.arm.inject({ method: "GET", path: /operations/, status: 200, body: {}, times: 1000 });
    await assert.rejects(run(), (error: unknown) => {
      assert.ok(error instanceof StepFailedError, String(error));
      assert.equal(error.code, "UnreadableStatusError");
      assert.match(error.message, /may still be running in Azure; run the same command to follow it/);
      return true;
    });
  });

  it("an interrupted run's re-run follows the operation it started and sends no second PUT", async () => {
    loopback.arm.pollsPerOperation = Number.POSITIVE_INFINITY;
    loopback.arm.operationMs = 1500;
    const journal = memoryJournal();
    await assert.rejects(run({ journal, timeoutMs: 300 }), MigrationTimeoutError);
    assert.equal(puts().length, 1);
    assert.equal(journal.entries.size, 1, "the accepted operation is on record");
    assert.equal(props(cluster()).provisioningState, "Updating", "ARM shows the goal state while it runs");
    const events: ExecutorEvent[] = [];
    const again = await run({ journal, onEvent: (e) => events.push(e) });
    assert.equal(again.status, "at-target");
    assert.equal(again.resumed, "Switch the data plane to Cilium (network policy cilium)");
    assert.equal(puts().length, 1, "no second PUT");
    assert.ok(events.some((e) => e.kind === "cluster-busy" && e.ours));
    assert.equal(journal.entries.size, 0);
  });

  it("without the record (another machine), a second run waits for the running operation and writes nothing either", async () => {
    loopback.arm.pollsPerOperation = Number.POSITIVE_INFINITY;
    loopback.arm.operationMs = 1000;
    await assert.rejects(run({ timeoutMs: 300 }), MigrationTimeoutError);
    const events: ExecutorEvent[] = [];
    const second = await run({ onEvent: (e) => events.push(e) });
    assert.equal(second.status, "at-target");
    assert.equal(puts().length, 1);
    assert.ok(events.some((e) => e.kind === "cluster-busy" && !e.ours));
  });

  it("stops, bounded, on someone else's operation that does not end, saying why two runs never overwrite each other", async () => {
    loopback.arm.writeCluster(SUB, "rg1", "aks1", (d) => (props(d).provisioningState = "Updating"));
    await assert.rejects(run({ foreignWaitMs: 200 }), (error: unknown) => {
      assert.ok(error instanceof ClusterStateError);
      assert.equal(error.code, "ClusterBusy");
      assert.match(error.message, /Two runs never overwrite each other: each write carries If-Match/);
      return true;
    });
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("refuses a traversal or query in a name, and a loose cluster id, before any request", async () => {
    const names = [
      "x/../../../other-rg/providers/Microsoft.ContainerService/managedClusters/victim",
      "aks1?api-version=2017-01-01",
      "-aks",
      "a".repeat(64),
    ];
    for (const name of names) {
      await assert.rejects(
        run({ cluster: { subscriptionId: SUB, resourceGroup: "rg1", name } }),
        (error: unknown) => error instanceof InputError && /--name/.test(error.message),
      );
    }
    await assert.rejects(
      run({ cluster: { subscriptionId: "not-a-guid", resourceGroup: "rg1", name: "aks1" } }),
      InputError,
    );
    await assert.rejects(run({ cluster: { subscriptionId: SUB, resourceGroup: "rg/..", name: "aks1" } }), InputError);
    assert.throws(
      () =>
        parseClusterId(
          `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/a/../b`,
        ),
      InputError,
    );
    assert.equal(loopback.arm.requests.length, 0, "no request was made");
  });

  it("never contacts, nor sends the token to, an Azure-AsyncOperation on another host", async () => {
    loopback.arm.asyncOperationOrigin = loopback.arm.endpoint.replace("127.0.0.1", "localhost");
    await assert.rejects(run(), (error: unknown) => {
      assert.ok(error instanceof StepFailedError);
      assert.match(error.message, /on another host .* no token was sent/);
      return true;
    });
    assert.ok(
      loopback.arm.requests.every((r) => r.host.startsWith("127.0.0.1")),
      loopback.arm.requests.map((r) => r.host).join(","),
    );
  });

  it("asks the credential again on 401 ExpiredAuthenticationToken during polling, and carries on", async () => {
    const credential = rotatingCredential([TOKEN, "fresh-token-2"]);
    loopback.arm.tokens.add("fresh-token-2");
    loopback.arm.pollsPerOperation = 3;
    let expired = false;
    const result = await run({
      credential,
      onEvent: (e) => {
        if (e.kind === "step-accepted" && !expired) {
          expired = true;
          loopback.arm.expired.add(TOKEN);
        }
      },
    });
    assert.equal(result.status, "at-target");
    assert.equal(credential.calls, 2);
    assert.ok(
      loopback.arm.requests.some((r) => !r.authorized && r.sentToken),
      "the expired token was refused once",
    );
  });

  it("stops on a Retry-After beyond the cap with the reason, instead of hanging", async () => {
    loopback.arm.inject({
      method: "PUT",
      status: 429,
      headers: { "Retry-After": "3600" },
      body: { error: { code: "TooManyRequests", message: "slow down" } },
    });
    await assert.rejects(run({ maxRetryAfterMs: 1000 }), (error: unknown) => {
      assert.ok(error instanceof StepFailedError);
      assert.equal(error.code, "RetryAfterTooLong");
      assert.match(error.message, /retry after 3600 s .* longer than the 1 s this run waits/);
      return true;
    });
  });

  it("gives up on a socket that never answers after the per-request limit and bounded retries", async () => {
    loopback.arm.inject({ method: "GET", hang: true, status: 0, times: 10 });
    await assert.rejects(
      run({ requestTimeoutMs: 200, retry: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 5 } }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "NoAnswer");
        assert.match(error.message, /GET got no answer from https:\/\/127\.0\.0\.1:\d+: no answer within 0 s/);
        return true;
      },
    );
    assert.equal(loopback.arm.requests.length, 2, "one try and one retry");
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("refuses a time limit a timer cannot hold, and a document without eTag unless allowed", async () => {
    await assert.rejects(
      run({ timeoutMs: 50_000 * 60_000 }),
      (error: unknown) => error instanceof InputError && /timeout/.test(error.message),
    );
    loopback.arm.etags = false;
    loopback.arm.writeCluster(SUB, "rg1", "aks1", () => undefined);
    await assert.rejects(
      run(),
      (error: unknown) =>
        error instanceof ClusterStateError && error.code === "MissingETag" && /--no-etag/.test(error.message),
    );
    assert.deepEqual(loopback.arm.writes(), []);
    const result = await run({ allowMissingEtag: true });
    assert.equal(result.status, "at-target");
    assert.equal(puts()[0].ifMatch, undefined);
  });

  it("a current document without a network plugin, or a non-JSON answer, is one clear error naming it", async () => {
    loopback.arm.writeCluster(SUB, "rg1", "aks1", (d) => (profileOf(d).networkPlugin = ""));
    await assert.rejects(
      run(),
      (error: unknown) =>
        error instanceof InputError && /properties\.networkProfile\.networkPlugin/.test(error.message),
    );
    loopback.arm.inject({
      method: "GET",
      status: 200,
      body: "<!DOCTYPE html><html>sign in</html>",
      headers: { "Content-Type": "text/html" },
    });
    await assert.rejects(
      run(),
      (error: Error & { code?: string }) =>
        error.code === "NotJson" && /GET answer is not JSON \(starts with "<!DOCTYPE html>/.test(error.message),
    );
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("with no credentials at all, says in one line how to log in", async () => {
    const none: TokenCredential = {
      getToken: async () => {
        throw new CredentialUnavailableError(
          "EnvironmentCredential is unavailable. ManagedIdentityCredential: no response.",
        );
      },
    };
    await assert.rejects(run({ credential: none }), (error: unknown) => {
      assert.ok(error instanceof NoCredentialsError);
      assert.match(error.message, /^no Azure credentials: run `az login`/);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
    assert.equal(loopback.arm.requests.length, 0);
  });

  /** A request from outside the executor, with the token and the fake's CA. */
  async function fetchArm(method: string, body: Doc): Promise<{ status: number; text: string }> {
    const { request } = await import("node:https");
    return new Promise((resolve, reject) => {
      const url = new URL(
        `${loopback.arm.endpoint}/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1?api-version=2026-06-01`,
      );
      const req = request(
        url,
        {
          method,
          agent: loopback.agent,
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });
  }
});

/** The `readonly` properties of an interface in the SDK's model declarations, including those it inherits. */
function readOnlyOf(declarations: string): (model: string) => string[] {
  const interfaces = new Map<string, { extendsFrom: string[]; readOnly: string[] }>();
  for (const match of declarations.matchAll(/export interface (\w+)(?: extends ([\w, ]+))? \{([^]*?)\n\}/g)) {
    interfaces.set(match[1], {
      extendsFrom: (match[2] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      readOnly: [...match[3].matchAll(/^\s+readonly (\w+)\??:/gm)].map((m) => m[1]),
    });
  }
  const of = (model: string): string[] => {
    const found = interfaces.get(model);
    assert.ok(
      found !== undefined || model === "Resource" || model === "TrackedResource",
      `the SDK has no model ${model}`,
    );
    return found === undefined ? [] : [...found.readOnly, ...found.extendsFrom.flatMap(of)];
  };
  return of;
}
