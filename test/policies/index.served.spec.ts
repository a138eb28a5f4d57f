import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { RULES } from "../../core";
import { allPolicies } from "../../policies/all";
import { REPO_ROOT, runCli } from "../support/cli";
import {
  armCluster,
  azShowCluster,
  kubenet,
  nodeSubnet,
  overlay,
  overlayCilium,
  systemPool,
  windowsPool,
} from "../support/fixtures";
import {
  PolicyConfigError,
  secret,
  ServedPolicyPack,
  UNKNOWN,
  type AnalyzeResult,
  type EngineResource,
} from "../support/policy-server";
import { runProgram } from "./support/program-runner";
import {
  advisory,
  agentPoolResource,
  baselineConfig,
  byPolicy,
  clusterResource,
  MANAGED_CLUSTER,
  mandatory,
  summary,
} from "./support/resources";

/** One sentence of what is wrong, the fix, the doc link and the rule id: the message as the policy wrote it, no description line. */
const FINDING_MESSAGE = /^[^\n]+\. Fix: .+ See https:\/\/\S+ \[[a-z0-9-]+\]( \(stack-[a-z-]+\))?$/s;
const mandatoryNames = (r: AnalyzeResult) =>
  mandatory(r)
    .map((d) => d.policyName)
    .sort();

describe("policy pack served as the Node language host serves it: run-policy-pack over gRPC with the engine's protos", function () {
  this.timeout(180_000);
  let pack: ServedPolicyPack;

  before(async () => {
    pack = await ServedPolicyPack.launch(join(REPO_ROOT, "policies"), {
      stackConfig: {
        "proj:region": "westeurope",
        "aks-netguard:baselines": JSON.stringify({ "aks-from-stack": armCluster(overlay({ name: "aks-from-stack" })) }),
      },
    });
    await pack.configureStack({ stack: "dev", project: "proj", tags: { team: "platform" } });
  });
  after(async () => pack?.stop());
  beforeEach(async () => pack.configure({}));

  it("describes itself as the engine expects: name, version, config support, every policy with its default level", async () => {
    const info = await pack.analyzerInfo();
    assert.equal(info.getName(), "aks-netguard");
    assert.equal(
      info.getVersion(),
      JSON.parse(readFileSync(join(REPO_ROOT, "policies", "package.json"), "utf8")).version,
    );
    assert.ok(info.getSupportsconfig());
    const levels = new Map((await pack.policies()).map((p) => [p.name, p.enforcementLevel]));
    assert.equal(levels.size, allPolicies.length);
    for (const rule of RULES)
      assert.equal(levels.get(rule.id), rule.severity === "block" ? "mandatory" : "advisory", rule.id);
    for (const name of [
      "replacement-guard",
      "transition-baseline",
      "stack-agent-pools",
      "stack-vnet-cidrs",
      "cluster-input",
      "agent-pool-input",
      "component-transition",
    ])
      assert.ok(levels.has(name), name);
    assert.match((await pack.pluginInfo()).getVersion(), /^\d+\.\d+\.\d+/);
    await assert.rejects(
      pack.raw("handshake", new analyzer.AnalyzerHandshakeRequest()),
      (e: { code?: number }) => e.code === 12,
      "Handshake is UNIMPLEMENTED, which the engine tolerates",
    );
  });

  it("blocks the seed transitions as mandatory: revert from overlay, IPAM and data plane in one update on Node Subnet", async () => {
    await pack.configure(
      baselineConfig({
        revert: azShowCluster(overlay({ name: "revert" })),
        both: azShowCluster(nodeSubnet({ name: "both" })),
      }),
    );
    const revert = await pack.analyze(clusterResource(nodeSubnet({ name: "revert" }), { name: "revert" }));
    assert.ok(mandatoryNames(revert).includes("ipam-overlay-irreversible"), summary(revert));
    const both = await pack.analyze(clusterResource(overlayCilium({ name: "both" }), { name: "both" }));
    assert.ok(mandatoryNames(both).includes("dp-ipam-and-dataplane-separate"), summary(both));
    assert.ok(
      mandatory(both).some(
        (d) => d.policyName === "replacement-guard" && /delete and recreate the cluster/.test(d.message),
      ),
      "and azure-native would replace the cluster",
    );
    for (const diagnostic of [...mandatory(revert), ...mandatory(both)].filter(
      (d) => d.policyName !== "replacement-guard",
    ))
      assert.match(diagnostic.message, FINDING_MESSAGE);
  });

  it("blocks Cilium with a Windows pool declared inline (Analyze) and as a separate AgentPool (AnalyzeStack)", async () => {
    const inline = await pack.analyze(clusterResource(overlayCilium({ pools: [systemPool(), windowsPool()] })));
    assert.deepEqual(mandatoryNames(inline), ["dp-cilium-no-windows"], summary(inline));
    const cluster = clusterResource(overlayCilium());
    const pool = agentPoolResource(windowsPool(), "aks1", "rg-aks");
    assert.deepEqual(mandatoryNames(await pack.analyze(cluster)), [], "the cluster alone is fine");
    const stack = await pack.analyzeStack([cluster, pool]);
    const [d] = mandatory(stack);
    assert.equal(d.policyName, "stack-agent-pools");
    assert.match(d.message, /\[dp-cilium-no-windows\] \(stack-agent-pools\)$/);
    assert.equal(d.urn, cluster.urn);
    assert.match(d.message, FINDING_MESSAGE);
  });

  it("comes back clean for a valid in-place migration (overlay + NPM → Cilium, force-new fields under ignoreChanges)", async () => {
    await pack.configure(baselineConfig({ aks1: armCluster(overlay({ policy: "azure" })) }));
    const result = await pack.analyze(
      clusterResource(overlayCilium(), {
        ignoreChanges: ["networkProfile.networkDataplane", "networkProfile.networkPolicy"],
      }),
    );
    assert.deepEqual(mandatory(result), [], summary(result));
    assert.ok(
      advisory(result).some((d) => d.policyName === "dp-cilium-replaces-npm-calico"),
      summary(result),
    );
  });

  it("reads the baseline of a cluster from the stack config the language host passes in PULUMI_CONFIG", async () => {
    const result = await pack.analyze(clusterResource(nodeSubnet({ name: "aks-from-stack" }), { name: "from-stack" }));
    assert.ok(mandatoryNames(result).includes("ipam-overlay-irreversible"), summary(result));
    assert.deepEqual(byPolicy(result, "transition-baseline"), []);
  });

  it("answers unknown values with an advisory naming the field, never a block", async () => {
    const props = clusterResource(overlayCilium({ pools: [systemPool(), windowsPool()] })).props;
    (props.networkProfile as Record<string, unknown>).networkDataplane = UNKNOWN;
    const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
    assert.deepEqual(mandatory(result), [], summary(result));
    assert.match(
      byPolicy(result, "cluster-input")[0].message,
      /networkProfile\.networkDataplane is not known until apply/,
    );
  });

  it("lets policy config change enforcement levels, per policy and for all, and refuses a config the engine refuses", async () => {
    const windows = clusterResource(overlayCilium({ pools: [systemPool(), windowsPool()] }));
    await pack.configure({ "dp-cilium-no-windows": "advisory" });
    assert.equal(byPolicy(await pack.analyze(windows), "dp-cilium-no-windows")[0].enforcementLevel, "advisory");
    await pack.configure({ "dp-cilium-no-windows": { enforcementLevel: "disabled" } });
    assert.deepEqual(byPolicy(await pack.analyze(windows), "dp-cilium-no-windows"), []);
    await pack.configure({ all: "advisory" });
    const relaxed = await pack.analyze(windows);
    assert.ok(relaxed.diagnostics.length > 0 && mandatory(relaxed).length === 0, summary(relaxed));
    await pack.configure({ "kubenet-retirement": "mandatory" });
    const kubenetCluster = await pack.analyze(
      clusterResource({ ...overlay(), plugin: "kubenet", mode: undefined, podCidr: "10.244.0.0/16" }),
    );
    assert.equal(
      byPolicy(kubenetCluster, "kubenet-retirement")[0].enforcementLevel,
      "mandatory",
      "a warn rule made mandatory",
    );
    await assert.rejects(pack.configure({ "dp-cilium-no-windows": "strict" as never }), PolicyConfigError);
  });

  it("never prints a secret value sent in the engine's secret encoding", async () => {
    const props = clusterResource(overlay({ name: "aks-secret-name-7f3a", podCidr: "172.16.0.0/12" })).props;
    props.resourceName = secret("aks-secret-name-7f3a");
    (props.networkProfile as Record<string, unknown>).podCidr = secret("172.16.0.0/12");
    const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "s", props });
    assert.ok(mandatoryNames(result).includes("cidr-reserved-ranges"), "the secret value is judged");
    for (const d of result.diagnostics) assert.ok(!/172\.16\.0\.0\/12|aks-secret-name-7f3a/.test(d.message), d.message);
    // A value in the secret encoding with a signature the SDK does not know still gets an answer, and the pack keeps serving.
    const hostile = await pack.analyze({
      type: MANAGED_CLUSTER,
      name: "h",
      props: {
        ...clusterResource(overlay()).props,
        tags: { "4dabf18193072939515e22adb298388d": "not-a-known-signature" },
      },
    });
    assert.ok(Array.isArray(hostile.diagnostics));
    assert.ok(pack.running, pack.stderr);
  });

  it("tells the engine which policies did not apply to other resource types", async () => {
    const result = await pack.analyze({
      type: "azure-native:storage:StorageAccount",
      name: "logs",
      props: { accountName: "logs" },
    });
    assert.deepEqual(result.diagnostics, []);
    assert.ok(
      result.notApplicable.some((n) => n.policyName === "dp-cilium-no-windows" && /ManagedCluster/.test(n.reason)),
    );
  });

  it("never calls the engine back (the engine address run-policy-pack is given goes unused) and keeps serving", async () => {
    assert.deepEqual(pack.engine.calls, []);
    assert.ok(pack.running, pack.stderr);
    assert.equal(pack.stdoutAfterPort.trim(), "", "nothing but the port on stdout");
  });
});

describe("the compiled pack (dist/policies, what a consumer runs from node_modules/aks-netguard), with programs run under mocks", function () {
  this.timeout(180_000);
  let pack: ServedPolicyPack;
  let dir: string;

  before(async () => {
    pack = await ServedPolicyPack.launch(join(REPO_ROOT, "dist", "policies"));
    await pack.configureStack({ stack: "dev", project: "proj" });
    dir = mkdtempSync(join(tmpdir(), "aks-netguard-pack-"));
  });
  after(async () => {
    await pack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => pack.configure({}));
  // The program module runs once per process (import caches it): its registered cluster is shared by the tests.
  let reverted: Promise<EngineResource> | undefined;
  const revertProgram = () =>
    (reverted ??= runProgram(() => import("./programs/raw-revert-overlay")).then(([cluster]) => cluster));

  it("serves the same pack as the source: name, every policy, and the rules' verdicts", async () => {
    const info = await pack.analyzerInfo();
    assert.equal(info.getName(), "aks-netguard");
    assert.deepEqual((await pack.policies()).map((p) => p.name).sort(), allPolicies.map((p) => p.name).sort());
    const result = await pack.analyze(clusterResource(kubenet({ dataplane: "cilium", policy: "cilium" })));
    assert.ok(mandatoryNames(result).includes("dp-cilium-requires-azure-cni"), summary(result));
  });

  it("blocks a raw program's Windows AgentPool on its Cilium cluster and its pod CIDR over the VNet's node subnet (AnalyzeStack)", async () => {
    const resources = await runProgram(() => import("./programs/raw-cilium-windows"));
    assert.deepEqual(resources.map((r) => r.type).sort(), [
      "azure-native:containerservice:AgentPool",
      MANAGED_CLUSTER,
      "azure-native:network:VirtualNetwork",
    ]);
    const perResource = await Promise.all(resources.map((r) => pack.analyze(r)));
    assert.deepEqual(perResource.flatMap(mandatoryNames), [], "each resource alone is valid");
    const stack = await pack.analyzeStack(resources);
    assert.deepEqual([...new Set(mandatoryNames(stack))], ["stack-agent-pools", "stack-vnet-cidrs"], summary(stack));
    assert.ok(mandatory(stack).some((d) => /\[dp-cilium-no-windows\] \(stack-agent-pools\)$/.test(d.message)));
    assert.ok(mandatory(stack).some((d) => /\[cidr-pod-vs-subnets\] \(stack-vnet-cidrs\)$/.test(d.message)));
    assert.ok(pack.running, "the server is still serving");
  });

  it("passes a raw in-place Cilium migration whose program puts the force-new fields under ignoreChanges", async () => {
    const resources = await runProgram(() => import("./programs/raw-overlay-to-cilium"));
    await pack.configure(
      baselineConfig({ payments: azShowCluster(overlay({ name: "aks-payments", policy: "azure" })) }),
    );
    const result = await pack.analyze(resources[0]);
    assert.deepEqual(resources[0].ignoreChanges, ["networkProfile.networkDataplane", "networkProfile.networkPolicy"]);
    assert.deepEqual(mandatory(result), [], summary(result));
    const without = await pack.analyze({ ...resources[0], ignoreChanges: [] });
    assert.deepEqual(
      mandatoryNames(without),
      ["replacement-guard"],
      "without ignoreChanges azure-native would replace it",
    );
  });

  it("takes the baselines aks-netguard baseline writes once, as the stack config every policy reads, and blocks a program's revert", async () => {
    const current = join(dir, "current.json");
    const file = join(dir, "baselines.json");
    writeFileSync(current, JSON.stringify(azShowCluster(overlay({ name: "aks-orders", resourceGroup: "rg-orders" }))));
    const written = await runCli(["baseline", current, "--out", file]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(
      written.stderr,
      /Wrote .*baselines\.json: the baselines of aks-orders, once, for the stack config aks-netguard:baselines every policy reads: pulumi config set aks-netguard:baselines < /,
    );
    const text = readFileSync(file, "utf8");
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ["aks-orders"]);
    assert.equal(text.match(/"aks-orders": \{/g)?.length, 1, "the cluster is stated once");
    assert.equal(text.match(/"networkPlugin"/g)?.length, 1, "its profile is stated once");
    assert.ok(
      text.split("\n").length > 5 && text.split("\n").every((l) => (l.match(/":/g) ?? []).length <= 1),
      "readable: one field a line",
    );

    // A second cluster added to the same file: the first stays, the file still states each once.
    const second = join(dir, "second.json");
    writeFileSync(second, JSON.stringify(azShowCluster(kubenet({ name: "aks-billing", resourceGroup: "rg-billing" }))));
    const added = await runCli(["baseline", second, "--out", file]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /the baselines of aks-billing \(and 1 kept\), once/);
    const both = readFileSync(file, "utf8");
    assert.deepEqual(Object.keys(JSON.parse(both) as object).sort(), ["aks-billing", "aks-orders"]);

    // The stack config as the language host passes it, no policy config at all: the policies read the one baseline.
    const served = await ServedPolicyPack.launch(join(REPO_ROOT, "dist", "policies"), {
      stackConfig: { "aks-netguard:baselines": both },
    });
    try {
      await served.configureStack({ stack: "dev", project: "proj" });
      await served.configure({});
      const orders = await revertProgram();
      const result = await served.analyze(orders);
      assert.deepEqual(mandatoryNames(result), ["ipam-overlay-irreversible", "replacement-guard"], summary(result));
      assert.deepEqual(byPolicy(result, "transition-baseline"), [], "the baseline is known");
    } finally {
      await served.stop();
    }
  });

  it("still reads the old layout (baselines copied under every policy's --policy-pack-config entry); baseline refuses to write into it, in one line", async () => {
    const config = join(dir, "policy-config.json");
    const old = baselineConfig(
      { "aks-orders": azShowCluster(overlay({ name: "aks-orders", resourceGroup: "rg-orders" })) },
      { "kubenet-retirement": "disabled" },
    );
    writeFileSync(config, JSON.stringify(old));
    await pack.configure(old);
    const orders = await revertProgram();
    const result = await pack.analyze(orders);
    assert.deepEqual(mandatoryNames(result), ["ipam-overlay-irreversible", "replacement-guard"], summary(result));

    writeFileSync(join(dir, "current.json"), JSON.stringify(azShowCluster(overlay({ name: "aks-orders" }))));
    const refused = await runCli(["baseline", join(dir, "current.json"), "--out", config]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /^aks-netguard baseline: --out .*policy-config\.json: a --policy-pack-config document \(the old layout, the baselines copied under each policy\), not a baselines file; .*aks-netguard:baselines.*remove the "baselines" entries/,
    );
    assert.equal(refused.stderr.trim().split("\n").length, 1, refused.stderr);
    assert.deepEqual(JSON.parse(readFileSync(config, "utf8")), old, "the old file is left as it was");
  });

  it("documents the baseline command and fails with exit code 2 on bad input, never a stack trace", async () => {
    writeFileSync(join(dir, "current.json"), JSON.stringify(azShowCluster(overlay({ name: "aks-orders" }))));
    const help = await runCli(["baseline", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /stated once: \{ "<key>": <cluster> \}/);
    assert.match(help.stdout, /pulumi config set aks-netguard:baselines/);
    assert.match(help.stdout, /--stack-config/);
    const cases: [string[], RegExp][] = [
      [["baseline"], /needs at least one file/],
      [["baseline", join(dir, "missing.json")], /missing\.json: cannot read it \(no such file\)/],
      [
        ["baseline", join(dir, "current.json"), "--name", "a", "--name", "b"],
        /--name was given 2 time\(s\) for 1 file/,
      ],
      [["baseline", join(dir, "current.json"), "--bogus"], /unknown flag --bogus \(see aks-netguard baseline --help\)/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const result = results[i];
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ networkProfile: { networkPlugin: "calico" } }));
    const [bad, stackConfig] = await Promise.all([
      runCli(["baseline", join(dir, "bad.json"), "--name", "x"]),
      runCli(["baseline", join(dir, "current.json"), "--stack-config"]),
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /networkProfile\.networkPlugin: "calico" is not valid/);
    assert.equal(stackConfig.code, 0, stackConfig.stderr);
    assert.deepEqual(Object.keys(JSON.parse(stackConfig.stdout)), ["aks-orders"]);
  });
});
