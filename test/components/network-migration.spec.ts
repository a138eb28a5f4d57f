import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { armCluster, FakeArm, throwawayCertificate } from "../support/arm-server";
import { providerText as loaderText } from "../../components/network-migration";
import { DynamicProviderHost, installCompiledPackage } from "../support/dynamic-provider-host";

/** The loader the dynamic-provider host itself uses (a dependency of @pulumi/pulumi). */
const REQUIRE_FROM_STRING = require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] });

const SUB = "00000000-0000-0000-0000-00000000d00d";
const TOKEN = "dyn-token-31337";
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`;
const URN =
  "urn:pulumi:dev::proj::aks-netguard:index:AksCluster$pulumi-nodejs:dynamic/aks-netguard:NetworkMigration::prod-network";
const TARGET = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkDataplane: "cilium",
  networkPolicy: "cilium",
};
const KUBENET_CALICO = { networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" };
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Props = Record<string, unknown>;
interface EngineState {
  readonly id: string;
  readonly inputs: Props;
  readonly outputs: Props;
}

/** The provider exactly as a program serializes it: the `__provider` input of a NetworkMigration, captured under the mock runtime. */
async function serializedProvider(): Promise<string> {
  let inputs: Props = {};
  await pulumi.runtime.setMocks(
    { newResource: (a) => ((inputs = a.inputs), { id: "id", state: a.inputs }), call: () => ({}) },
    "proj",
    "dev",
    true,
  );
  const { NetworkMigration } = await import("../../components/network-migration");
  const resource = new NetworkMigration("prod-network", {
    clusterId: CLUSTER_ID,
    target: TARGET,
    migration: "stepwise",
  });
  await new Promise((resolve) => resource.urn.apply(resolve));
  assert.equal(typeof inputs.__provider, "string");
  return inputs.__provider as string;
}

describe("NetworkMigration driven the way the engine drives it (the real dynamic-provider host over gRPC)", function () {
  this.timeout(120_000);
  let arm: FakeArm;
  let host: DynamicProviderHost;
  let providerText: string;
  let project: string;

  before(async () => {
    const tls = await throwawayCertificate();
    project = installCompiledPackage(["arm", "core"]);
    writeFileSync(join(project, "ca.pem"), tls.cert);
    arm = new FakeArm(TOKEN);
    await arm.start(tls);
    providerText = await serializedProvider();
    host = await DynamicProviderHost.start(project, {
      NODE_EXTRA_CA_CERTS: join(project, "ca.pem"),
      AKS_NETGUARD_ARM_TOKEN: TOKEN,
      AKS_NETGUARD_ARM_ENDPOINT: arm.endpoint,
      AKS_NETGUARD_POLL_INTERVAL_MS: "5",
      AKS_NETGUARD_STATE_DIR: join(project, "state"),
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
    assert.ok(!host.output.includes(TOKEN), "the host never prints the token");
  });
  after(async () => {
    await host?.stop();
    await arm?.stop();
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  });

  const seed = (networkProfile: Props) =>
    arm.put(SUB, "rg1", "aks1", armCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile }));
  const news = (extra: Props = {}): Props => ({
    __provider: providerText,
    clusterId: CLUSTER_ID,
    target: TARGET,
    migration: "stepwise",
    ...extra,
  });
  const puts = () => arm.requests.filter((r) => r.method === "PUT").length;
  const networkProfile = () => (arm.get(SUB, "rg1", "aks1").properties as { networkProfile: Props }).networkProfile;

  /** One `pulumi up` as the engine runs it: Check, then Create, or Diff and (when it shows a change) Update. A failed update keeps the old state. */
  async function up(state: EngineState | undefined, desired: Props): Promise<EngineState> {
    const checked = await host.check(URN, state?.inputs ?? {}, desired);
    assert.deepEqual(checked.failures, []);
    if (state === undefined) {
      const created = await host.create(URN, checked.inputs);
      return { id: created.id, inputs: checked.inputs, outputs: created.properties };
    }
    const diff = await host.diff(state.id, URN, state.outputs, checked.inputs);
    assert.deepEqual(diff.replaces, [], "never a replacement");
    if (diff.changes === "none") return { ...state, inputs: checked.inputs };
    return {
      id: state.id,
      inputs: checked.inputs,
      outputs: await host.update(state.id, URN, state.outputs, checked.inputs),
    };
  }

  it("registers a provider text that loads the compiled module by package name and holds no logic of its own", () => {
    assert.match(providerText, /require\("aks-netguard\/arm"\)/);
    assert.match(providerText, /networkMigrationProvider/);
    assert.ok(
      !providerText.includes("planMigration") && !providerText.includes("migrateStep"),
      "no rule or step logic is inlined into the provider",
    );
    assert.ok(providerText.length < 2_000, `a small provider text (${providerText.length} characters)`);
  });

  it("Check names every bad input by field and value, and lets unknown values through to the update", async () => {
    const bad = await host.check(
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
    const pending = await host.check(URN, {}, news({ clusterId: UNKNOWN, target: { ...TARGET, podCidrs: [UNKNOWN] } }));
    assert.deepEqual(pending.failures, []);
    assert.equal(arm.requests.length, 0, "Check never calls Azure");
  });

  it("preview (Check, Diff) validates the transition from the last applied profile, shows the pending step as an update, and writes nothing", async () => {
    seed(KUBENET_CALICO);
    // The state after an earlier update that left the cluster at kubenet + Calico: old inputs carry the profile it reached.
    const lastApplied = { networkPlugin: "kubenet", networkPolicy: "calico", podCidrs: ["10.244.0.0/16"] };
    const state: EngineState = {
      id: CLUSTER_ID,
      inputs: news({ target: lastApplied, nextProfile: lastApplied }),
      outputs: { ...news({ target: lastApplied }), applied: lastApplied, remainingSteps: [] },
    };

    const singleStep = await host.check(URN, state.inputs, news({ migration: "single-step" }));
    assert.equal(singleStep.failures.length, 1);
    assert.equal(singleStep.failures[0].property, "target");
    assert.match(
      singleStep.failures[0].reason,
      /3 steps away \(1\. Uninstall Calico.*2\. Move to Azure CNI Overlay from kubenet.*3\. Switch the data plane to Cilium.*migration: "stepwise"/,
    );

    const overlayState = {
      ...state.inputs,
      nextProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["10.244.0.0/16"] },
    };
    const unreachable = await host.check(URN, overlayState, news({ target: { networkPlugin: "kubenet" } }));
    assert.deepEqual(
      unreachable.failures.map((f) => f.property),
      ["target"],
    );
    assert.match(
      unreachable.failures[0].reason,
      /cannot be reached in place from azure \/ overlay .*\[ipam-overlay-irreversible\].*Fix:/,
    );

    const checked = await host.check(URN, state.inputs, news());
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(checked.inputs.nextStep, {
      title: "Uninstall Calico (network policy none)",
      azCommand: (checked.inputs.nextStep as Props).azCommand,
    });
    assert.match(String((checked.inputs.nextStep as Props).azCommand), /az aks update .*--network-policy none/);
    assert.deepEqual(checked.inputs.nextProfile, {
      networkPlugin: "kubenet",
      networkPolicy: "none",
      podCidrs: ["10.244.0.0/16"],
    });
    assert.equal(checked.inputs.__provider, providerText);

    assert.deepEqual(await host.diff(state.id, URN, state.outputs, checked.inputs), {
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(arm.requests.length, 0, "preview neither writes nor reads Azure");

    const observedWins = await host.check(
      URN,
      state.inputs,
      news({
        observed: {
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkPolicy: "none",
          podCidrs: ["10.244.0.0/16"],
        },
      }),
    );
    assert.deepEqual(
      (observedWins.inputs.nextStep as Props).title,
      "Switch the data plane to Cilium (network policy cilium)",
      "the observed live profile wins over the state",
    );
  });

  it("stepwise, as the AksCluster component drives it (observing the live cluster): one step per update, the state records each step that succeeded, no change at the target", async () => {
    seed(KUBENET_CALICO);
    const appliedAfter = [
      { networkPlugin: "kubenet", networkPolicy: "none", podCidrs: ["10.244.0.0/16"] },
      { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none", podCidrs: ["10.244.0.0/16"] },
      {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidrs: ["10.244.0.0/16"],
      },
    ];
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
    assert.deepEqual(state.outputs.applied, appliedAfter[0]);
    for (const [i, applied] of appliedAfter.slice(1).entries()) {
      state = await up(state, news({ observed: observed() }));
      assert.equal(puts(), i + 2, "one PUT per update");
      assert.deepEqual(state.outputs.applied, applied);
      assert.deepEqual(
        state.inputs.nextProfile,
        applied,
        "the checked inputs the engine keeps name the profile reached",
      );
      assert.equal((state.outputs.remainingSteps as unknown[]).length, 1 - i);
    }
    assert.equal(networkProfile().networkDataplane, "cilium");
    const checked = await host.check(URN, state.inputs, news({ observed: observed() }));
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.nextStep, undefined);
    assert.deepEqual(await host.diff(state.id, URN, state.outputs, checked.inputs), {
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(arm.writes().length, 3);
  });

  it("single-step without observations: the state's last applied profile is what the next Check plans from", async () => {
    seed(KUBENET_CALICO);
    const noPolicy = { networkPlugin: "kubenet", networkPolicy: "none", podCidrs: ["10.244.0.0/16"] };
    const overlay = {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "none",
      podCidrs: ["10.244.0.0/16"],
    };
    let state = await up(undefined, news({ migration: "single-step", target: noPolicy }));
    assert.deepEqual(state.outputs.applied, noPolicy);
    assert.deepEqual(state.inputs.nextProfile, noPolicy);

    const tooFar = await host.check(URN, state.inputs, news({ migration: "single-step" }));
    assert.match(
      tooFar.failures.map((f) => f.reason).join(),
      /2 steps away \(1\. Move to Azure CNI Overlay from kubenet.*2\. Switch the data plane to Cilium/,
      "judged from the state, before any call to Azure",
    );

    state = await up(state, news({ migration: "single-step", target: overlay }));
    assert.deepEqual(state.outputs.applied, overlay);
    assert.equal(puts(), 2);
    state = await up(state, news({ migration: "single-step" }));
    assert.equal(networkProfile().networkDataplane, "cilium");
    assert.equal(puts(), 3);
  });

  it("a failed step fails the update, so the engine keeps the last successful state; a Failed cluster fails the next one until reconciled", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const before = { networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["10.244.0.0/16"] };
    const state: EngineState = {
      id: CLUSTER_ID,
      inputs: news({ target: before, nextProfile: before }),
      outputs: { ...news({ target: before }), applied: before, remainingSteps: [] },
    };
    const checked = await host.check(URN, state.inputs, news({ migration: "single-step" }));
    assert.deepEqual(checked.failures, []);
    arm.nextOutcome({
      status: "Failed",
      code: "CiliumInstallFailed",
      message: "Cilium could not be installed on 2 nodes.",
    });
    await assert.rejects(
      host.update(state.id, URN, state.outputs, checked.inputs),
      (error: Error) =>
        /Step 1\/1 \(Switch the data plane to Cilium.*\) failed: CiliumInstallFailed: Cilium could not be installed on 2 nodes/.test(
          error.message,
        ) && !error.message.includes(TOKEN),
    );
    assert.equal(puts(), 1);
    assert.equal(networkProfile().networkDataplane, "cilium", "ARM shows the failed step's goal values");
    const failedState = (arm.get(SUB, "rg1", "aks1").properties as Props).provisioningState;
    assert.equal(failedState, "Failed");

    await assert.rejects(
      host.update(state.id, URN, state.outputs, checked.inputs),
      (error: Error) =>
        /provisioningState Failed.*goal of the last operation.*CiliumInstallFailed/.test(error.message) &&
        /az aks update -g rg1 -n aks1 with no other change/.test(error.message),
      "a Failed cluster is never taken as applied",
    );
    assert.equal(puts(), 1, "and nothing is written");

    // The documented recovery (az aks update with no change) reconciles the cluster to its goal.
    arm.writeCluster(SUB, "rg1", "aks1", (d) => ((d.properties as Props).provisioningState = "Succeeded"));
    const outputs = await host.update(state.id, URN, state.outputs, checked.inputs);
    assert.equal(puts(), 1);
    assert.deepEqual(outputs.applied, { ...before, networkDataplane: "cilium", networkPolicy: "cilium" });
  });

  it("single-step refuses a target several steps from the live cluster before any write", async () => {
    seed(KUBENET_CALICO);
    const checked = await host.check(URN, {}, news({ migration: "single-step" }));
    assert.deepEqual(checked.failures, [], "nothing known to judge before the cluster is read");
    await assert.rejects(host.create(URN, checked.inputs), /Nothing was changed\. The target is 3 steps away/);
    assert.equal(arm.writes().length, 0);
  });

  it("refuses to perform a step other than the one preview showed when the cluster changed in between", async () => {
    seed(KUBENET_CALICO);
    const observed = { networkPlugin: "kubenet", networkPolicy: "calico", podCidrs: ["10.244.0.0/16"] };
    const state: EngineState = {
      id: CLUSTER_ID,
      inputs: news({ observed }),
      outputs: { ...news({ observed }), applied: observed, remainingSteps: [] },
    };
    const checked = await host.check(URN, state.inputs, news({ observed }));
    assert.equal((checked.inputs.nextStep as Props).title, "Uninstall Calico (network policy none)");
    seed({ networkPlugin: "kubenet", networkPolicy: "none", podCidr: "10.244.0.0/16" }); // someone ran az aks update --network-policy none
    await assert.rejects(
      host.update(state.id, URN, state.outputs, checked.inputs),
      /Nothing was changed\. The cluster changed since the preview: its next step is now "Move to Azure CNI Overlay from kubenet"/,
    );
    assert.equal(arm.writes().length, 0);
  });

  it("Delete forgets the migration and never touches Azure", async () => {
    seed(KUBENET_CALICO);
    await host.delete(CLUSTER_ID, URN, { ...news(), applied: TARGET, remainingSteps: [] });
    assert.equal(arm.requests.length, 0);
    assert.equal(networkProfile().networkPlugin, "kubenet");
  });
});

describe("NetworkMigration's provider text, loaded as the dynamic-provider host loads it (require-from-string, in a plain node process)", function () {
  this.timeout(120_000);
  let project: string;
  let elsewhere: string;

  /**
   * Loads the text in a node process of its own, as the host does (this test process resolves aks-netguard through
   * tsconfig paths, the host does not), and runs the provider's Check on a bad cluster id.
   */
  function loadAndCheck(text: string, cwd = elsewhere): { failures?: string[]; code?: string; message?: string } {
    const script = `
      const requireFromString = require(${JSON.stringify(REQUIRE_FROM_STRING)});
      const text = require("node:fs").readFileSync(0, "utf8");
      (async () => {
        try {
          const provider = requireFromString(text, require("node:path").join(process.cwd(), "provider.js")).handler();
          const checked = await provider.check({}, { clusterId: "/subscriptions/x/aks1", target: { networkPlugin: "azure" }, migration: "stepwise" });
          console.log(JSON.stringify({ failures: checked.failures.map((f) => f.property) }));
        } catch (error) {
          console.log(JSON.stringify({ code: error.code, message: error.message }));
        }
      })();`;
    const run = spawnSync(process.execPath, ["-e", script], {
      cwd,
      input: text,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { failures?: string[]; code?: string; message?: string };
  }

  before(() => {
    project = installCompiledPackage(["arm", "core"]);
    elsewhere = mkdtempSync(join(tmpdir(), "aks-netguard-no-modules-"));
  });
  after(() => {
    for (const dir of [project, elsewhere]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("loads the provider by package name where aks-netguard is installed", () => {
    const installed = spawnSync(process.execPath, ["-e", "process.stdout.write(require.resolve('aks-netguard/arm'))"], {
      cwd: project,
      encoding: "utf8",
    });
    assert.equal(installed.status, 0, installed.stderr);
    assert.deepEqual(
      loadAndCheck(loaderText(undefined), project),
      { failures: ["clusterId"] },
      "the real provider's Check ran",
    );
  });

  it("falls back to the compiled file the program loaded when aks-netguard is not installed where the host runs", () => {
    const fallback = join(project, "node_modules", "aks-netguard", "dist", "arm", "index.js");
    assert.deepEqual(loadAndCheck(loaderText(fallback)), { failures: ["clusterId"] });
  });

  it("without a compiled file to fall back to (a TypeScript program), says the package is missing", () => {
    const result = loadAndCheck(loaderText(undefined));
    assert.equal(result.code, "MODULE_NOT_FOUND");
    assert.match(result.message ?? "", /aks-netguard\/arm/);
  });
});
