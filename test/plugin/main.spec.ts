import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { armCluster, FakeArm, throwawayCertificate } from "../support/arm-server";
import { REPO_ROOT } from "../support/cli";
import { compiledPluginDir, consumerFolder } from "../support/plugin-dir";
import { FakeEngine, PluginProcess } from "../../preview/plugin-client";
import { OVERLAY_CILIUM_PROFILE } from "../support/fixtures";

const SUB = "00000000-0000-0000-0000-00000000d00d";
const TOKEN = "plugin-token-31337";
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`;
const NEW_TYPE = "aks-netguard:index:NetworkMigration";
const URN = `urn:pulumi:dev::proj::aks-netguard:index:AksCluster$${NEW_TYPE}::prod-network`;
const TARGET = OVERLAY_CILIUM_PROFILE;
const KUBENET_CALICO = { networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" };
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const secret = (value: unknown) => ({ ...SECRET_SIG, value });
const isSecret = (value: unknown) =>
  typeof value === "object" && value !== null && (value as Props)["4dabf18193072939515e22adb298388d"] !== undefined;

type Props = Record<string, unknown>;
interface EngineState {
  readonly id: string;
  readonly inputs: Props;
  readonly outputs: Props;
}

describe("the provider plugin, started as the Node language host's RunPlugin starts it, over the engine's gRPC protocol", function () {
  this.timeout(180_000);
  let arm: FakeArm;
  let engine: FakeEngine;
  let plugin: PluginProcess;
  let pluginDir: string;
  let consumer: string;

  before(async () => {
    const tls = await throwawayCertificate();
    pluginDir = compiledPluginDir();
    consumer = consumerFolder();
    const ca = join(pluginDir, "ca.pem");
    writeFileSync(ca, tls.cert);
    arm = new FakeArm(TOKEN);
    await arm.start(tls);
    engine = await FakeEngine.start();
    plugin = await PluginProcess.start({
      pluginDir,
      cwd: consumer,
      engineAddress: engine.address,
      env: {
        NODE_EXTRA_CA_CERTS: ca,
        AKS_NETGUARD_ARM_TOKEN: TOKEN,
        AKS_NETGUARD_ARM_ENDPOINT: arm.endpoint,
        AKS_NETGUARD_POLL_INTERVAL_MS: "5",
        AKS_NETGUARD_STATE_DIR: join(pluginDir, "state"),
      },
    });
  });
  beforeEach(() => {
    arm.requests.length = 0;
    arm.operationMs = Number.POSITIVE_INFINITY;
  });
  afterEach(() => {
    assert.ok(
      arm.requests.every((r) => r.method !== "DELETE"),
      "nothing is ever deleted in Azure",
    );
    assert.ok(!plugin.output.includes(TOKEN), "the plugin never prints the token");
    assert.ok(!JSON.stringify(engine.logs).includes(TOKEN), "the plugin never logs the token");
  });
  after(async () => {
    await plugin?.stop();
    await engine?.stop();
    await arm?.stop();
    for (const dir of [pluginDir, consumer]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const seed = (networkProfile: Props) =>
    arm.put(SUB, "rg1", "aks1", armCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile }));
  const news = (extra: Props = {}): Props => ({
    clusterId: CLUSTER_ID,
    target: TARGET,
    migration: "stepwise",
    ...extra,
  });
  const puts = () => arm.requests.filter((r) => r.method === "PUT").length;
  const networkProfile = () => (arm.get(SUB, "rg1", "aks1").properties as { networkProfile: Props }).networkProfile;

  /** One `pulumi up` as the engine runs it: Check, then Create, or Diff and (when it shows a change) Update. */
  async function up(state: EngineState | undefined, desired: Props): Promise<EngineState> {
    const checked = await plugin.check(URN, state?.inputs ?? {}, desired);
    assert.deepEqual(checked.failures, []);
    if (state === undefined) {
      const created = await plugin.create(URN, checked.inputs);
      return { id: created.id, inputs: checked.inputs, outputs: created.properties };
    }
    const diff = await plugin.diff(state.id, URN, state.outputs, checked.inputs);
    assert.deepEqual(diff.replaces, [], "never a replacement");
    if (diff.changes === "none") return { ...state, inputs: checked.inputs };
    return {
      id: state.id,
      inputs: checked.inputs,
      outputs: await plugin.update(state.id, URN, state.outputs, checked.inputs),
    };
  }

  it("starts from a consumer folder without node_modules and serves the shipped schema.json, the package version and secrets support", async () => {
    assert.deepEqual(readdirSync(consumer), ["__main__.py"], "nothing Node in the program's folder");
    const served = JSON.parse(await plugin.getSchema()) as Props;
    assert.deepEqual(served, JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")));
    assert.ok((served.resources as Props)["aks-netguard:index:AksCluster"]);
    assert.equal(
      await plugin.getPluginInfo(),
      JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version,
    );
    assert.deepEqual(await plugin.configure(), { acceptSecrets: true, acceptResources: true });
  });

  it("Check names every bad input by field and value, and lets unknown values through to the update", async () => {
    const bad = await plugin.check(
      URN,
      {},
      news({
        clusterId: "/subscriptions/x/aks1",
        migration: "all-at-once",
        timeoutMinutes: -5,
        armEndpoint: "http://management.azure.com",
        target: { networkPlugin: "flannel" },
      }),
    );
    const byField = new Map(bad.failures.map((f) => [f.property, f.reason]));
    assert.match(byField.get("clusterId") ?? "", /"\/subscriptions\/x\/aks1" is not a managed cluster ARM id/);
    assert.match(byField.get("migration") ?? "", /"all-at-once" is not one of "single-step", "stepwise"/);
    assert.match(byField.get("timeoutMinutes") ?? "", /-5 is not a positive number/);
    assert.match(byField.get("armEndpoint") ?? "", /must use https/);
    assert.match(byField.get("target") ?? "", /flannel/);
    const pending = await plugin.check(
      URN,
      {},
      news({ clusterId: UNKNOWN, target: { ...TARGET, podCidrs: [UNKNOWN] } }),
    );
    assert.deepEqual(pending.failures, []);
    assert.equal(arm.requests.length, 0, "Check never calls Azure");
  });

  it("preview (Check, Diff) plans from the last applied profile, shows the pending step as an update, and neither reads nor writes Azure", async () => {
    seed(KUBENET_CALICO);
    const lastApplied = { networkPlugin: "kubenet", networkPolicy: "calico", podCidrs: ["10.244.0.0/16"] };
    const state: EngineState = {
      id: CLUSTER_ID,
      inputs: news({ target: lastApplied, nextProfile: lastApplied }),
      outputs: { ...news({ target: lastApplied }), applied: lastApplied, remainingSteps: [] },
    };
    const singleStep = await plugin.check(URN, state.inputs, news({ migration: "single-step" }));
    assert.deepEqual(
      singleStep.failures.map((f) => f.property),
      ["target"],
    );
    assert.match(singleStep.failures[0].reason, /3 steps away \(1\. Uninstall Calico.*migration: "stepwise"/);

    const checked = await plugin.check(URN, state.inputs, news());
    assert.deepEqual(checked.failures, []);
    assert.equal((checked.inputs.nextStep as Props).title, "Uninstall Calico (network policy none)");
    assert.match(String((checked.inputs.nextStep as Props).azCommand), /az aks update .*--network-policy none/);
    assert.deepEqual(await plugin.diff(state.id, URN, state.outputs, checked.inputs), {
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(arm.requests.length, 0, "preview neither writes nor reads Azure");
  });

  it("stepwise: Create performs the first step, each Update one more (one PUT each), no change at the target", async () => {
    seed(KUBENET_CALICO);
    const observed = () => {
      const live = networkProfile();
      return Object.fromEntries(
        Object.entries({
          networkPlugin: live.networkPlugin,
          networkPluginMode: live.networkPluginMode,
          networkDataplane: live.networkDataplane,
          networkPolicy: live.networkPolicy,
          podCidrs: [live.podCidr],
        }).filter(([, v]) => v !== undefined),
      );
    };
    let state = await up(undefined, news({ observed: observed() }));
    assert.equal(state.id, CLUSTER_ID);
    assert.equal(puts(), 1, "create performs the first step");
    assert.deepEqual(state.outputs.applied, {
      networkPlugin: "kubenet",
      networkPolicy: "none",
      podCidrs: ["10.244.0.0/16"],
    });
    for (const step of [2, 3]) {
      state = await up(state, news({ observed: observed() }));
      assert.equal(puts(), step, "one PUT per update");
      assert.equal((state.outputs.remainingSteps as unknown[]).length, 3 - step);
    }
    assert.equal(networkProfile().networkDataplane, "cilium");
    const checked = await plugin.check(URN, state.inputs, news({ observed: observed() }));
    assert.equal(checked.inputs.nextStep, undefined);
    assert.equal((await plugin.diff(state.id, URN, state.outputs, checked.inputs)).changes, "none");
    assert.equal(arm.writes().length, 3);
  });

  it("a failed step fails the Update (the engine keeps the last state) with ARM's reason; a Failed cluster fails the next one until reconciled", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const before = { networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["10.244.0.0/16"] };
    const state: EngineState = {
      id: CLUSTER_ID,
      inputs: news({ target: before, nextProfile: before }),
      outputs: { ...news({ target: before }), applied: before, remainingSteps: [] },
    };
    const checked = await plugin.check(URN, state.inputs, news({ migration: "single-step" }));
    arm.nextOutcome({
      status: "Failed",
      code: "CiliumInstallFailed",
      message: "Cilium could not be installed on 2 nodes.",
    });
    await assert.rejects(plugin.update(state.id, URN, state.outputs, checked.inputs), (error: Error) =>
      /CiliumInstallFailed: Cilium could not be installed on 2 nodes/.test(error.message),
    );
    assert.equal(puts(), 1);
    assert.equal(networkProfile().networkDataplane, "cilium", "ARM shows the failed step's goal values");
    await assert.rejects(
      plugin.update(state.id, URN, state.outputs, checked.inputs),
      (error: Error) =>
        /provisioningState Failed.*goal of the last operation.*CiliumInstallFailed/s.test(error.message) &&
        /with no other change/.test(error.message),
      "a Failed cluster is never taken as applied",
    );
    assert.equal(puts(), 1, "and nothing is written");
    // The documented recovery (az aks update with no change) reconciles the cluster to its goal.
    arm.writeCluster(SUB, "rg1", "aks1", (d) => ((d.properties as Props).provisioningState = "Succeeded"));
    const outputs = await plugin.update(state.id, URN, state.outputs, checked.inputs);
    assert.equal(puts(), 1);
    assert.deepEqual(outputs.applied, { ...before, networkDataplane: "cilium", networkPolicy: "cilium" });
  });

  it("refuses a step other than the one preview showed when the cluster changed in between, before any write", async () => {
    seed(KUBENET_CALICO);
    const observed = { networkPlugin: "kubenet", networkPolicy: "calico", podCidrs: ["10.244.0.0/16"] };
    const state: EngineState = {
      id: CLUSTER_ID,
      inputs: news({ observed }),
      outputs: { ...news({ observed }), applied: observed, remainingSteps: [] },
    };
    const checked = await plugin.check(URN, state.inputs, news({ observed }));
    seed({ networkPlugin: "kubenet", networkPolicy: "none", podCidr: "10.244.0.0/16" });
    await assert.rejects(
      plugin.update(state.id, URN, state.outputs, checked.inputs),
      /Nothing was changed\. The cluster changed since the preview/,
    );
    assert.equal(arm.writes().length, 0);
  });

  it("Read (refresh) keeps the record and Delete forgets it; neither calls Azure", async () => {
    seed(KUBENET_CALICO);
    const state = { ...news(), applied: TARGET, remainingSteps: [] };
    assert.deepEqual(await plugin.read(CLUSTER_ID, URN, state), { id: CLUSTER_ID, properties: state });
    await plugin.delete(CLUSTER_ID, URN, state);
    assert.equal(arm.requests.length, 0);
    assert.equal(networkProfile().networkPlugin, "kubenet");
  });

  it("a state the old dynamic resource wrote (its inputs with __provider) diffs as an update, never a replace, and the update drops __provider", async () => {
    seed(KUBENET_CALICO);
    const lastApplied = { networkPlugin: "kubenet", networkPolicy: "calico", podCidrs: ["10.244.0.0/16"] };
    const loader =
      'exports.handler = function () { return require("/old/plugin/dir/dist/arm/index.js").networkMigrationProvider; };';
    const oldInputs = { __provider: loader, ...news({ target: lastApplied, nextProfile: lastApplied }) };
    const oldOutputs = {
      __provider: loader,
      ...news({ target: lastApplied }),
      applied: lastApplied,
      remainingSteps: [],
    };
    const checked = await plugin.check(URN, oldInputs, news());
    assert.deepEqual(checked.failures, []);
    assert.equal("__provider" in checked.inputs, false, "the old provider text is not carried into the new inputs");
    const diff = await plugin.diff(CLUSTER_ID, URN, oldOutputs, checked.inputs);
    assert.deepEqual(diff, { changes: "some", replaces: [], deleteBeforeReplace: false });
    const outputs = await plugin.update(CLUSTER_ID, URN, oldOutputs, checked.inputs);
    assert.equal(puts(), 1);
    assert.equal("__provider" in outputs, false);
    assert.deepEqual(outputs.applied, { networkPlugin: "kubenet", networkPolicy: "none", podCidrs: ["10.244.0.0/16"] });
    // At the target the same old state shows no change at all.
    const settled = {
      __provider: loader,
      ...news({ target: TARGET }),
      applied: { ...TARGET, podCidrs: ["10.244.0.0/16"] },
    };
    const again = await plugin.check(URN, { __provider: loader, ...news(), nextProfile: settled.applied }, news());
    assert.equal((await plugin.diff(CLUSTER_ID, URN, settled, again.inputs)).changes, "none");
  });

  it("receives secrets wrapped: unwraps them, never prints them, and answers the inputs and outputs they flow into as secrets", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const hidden = "/subscriptions/x/hidden-cluster-name";
    const bad = await plugin.check(URN, {}, news({ clusterId: secret(hidden) }));
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      ["clusterId"],
    );
    assert.ok(!bad.failures[0].reason.includes(hidden), bad.failures[0].reason);
    assert.match(bad.failures[0].reason, /\[secret\]/);

    const before = { networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["10.244.0.0/16"] };
    const checked = await plugin.check(
      URN,
      { ...news({ target: before }), nextProfile: before },
      news({ clusterId: secret(CLUSTER_ID), migration: "single-step" }),
    );
    assert.deepEqual(checked.failures, []);
    assert.ok(isSecret(checked.inputs.clusterId), "the checked input stays secret");
    assert.ok(isSecret(checked.inputs.nextProfile), "what is derived from a secret is secret");
    const created = await plugin.create(URN, checked.inputs);
    assert.equal(puts(), 1, "the unwrapped cluster id reached ARM");
    assert.ok(isSecret(created.properties.clusterId) && isSecret(created.properties.applied));
    assert.ok(!plugin.output.includes(hidden) && !JSON.stringify(engine.logs).includes(hidden));
  });
});
