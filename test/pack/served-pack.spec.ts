import { strict as assert } from "node:assert";
import { join } from "node:path";
import { clusterToJson, parseCluster } from "../../core";
import { policiesWithBaselines } from "../../policies/all";
import { PolicyPackProcess, type AnalyzedResource, type Diagnostic } from "../../preview/policy-client";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { REPO_ROOT, runCli } from "../support/cli";
import { azShow, clusters, pulumiArgs, WINDOWS_POOL, type ClusterDesc } from "../support/clusters";
import { runUnderMocks } from "../support/mock-program";

const MC = "azure-native:containerservice:ManagedCluster";
const resource = (name: string, desc: ClusterDesc, type = MC): AnalyzedResource => ({ type, name, urn: `urn:pulumi:dev::proj::${type}::${name}`, props: pulumiArgs(desc) });
const mandatory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "mandatory");
const baselines = (entries: Record<string, ClusterDesc>) =>
  Object.fromEntries(policiesWithBaselines.map((p) => [p, { baselines: Object.fromEntries(Object.entries(entries).map(([k, d]) => [k, clusterToJson(parseCluster(azShow(d)))])) }]));

describe("policy pack served as the Node language host serves it (gRPC, real protos)", function () {
  this.timeout(180_000);
  let pack: PolicyPackProcess;

  before(async () => {
    pack = await PolicyPackProcess.start(join(REPO_ROOT, "policies"));
    await pack.configureStack({ stack: "dev", project: "proj", tags: { team: "platform" } });
  });
  after(async () => pack?.stop());

  it("describes itself: name, version and every policy", async () => {
    const info = await pack.info();
    assert.equal(info.name, "aks-netguard");
    assert.equal(info.version, "0.1.0");
    const names = info.policiesList.map((p) => p.name);
    assert.ok(names.includes("dp-cilium-no-windows") && names.includes("replacement-guard") && names.includes("stack-agent-pools"));
  });

  it("blocks the seed transitions as mandatory when a baseline is configured", async () => {
    await pack.configure(baselines({ revert: clusters.overlay({ name: "revert" }), nodesubnet: clusters.nodeSubnet({ name: "nodesubnet" }) }));
    const revert = await pack.analyze(resource("revert", clusters.nodeSubnet({ name: "revert" })));
    assert.ok(mandatory(revert).some((d) => d.policyName === "ipam-overlay-irreversible"), JSON.stringify(revert, null, 1));
    const both = await pack.analyze(resource("nodesubnet", { ...clusters.overlayCilium({ name: "nodesubnet" }), pools: [{ name: "system", mode: "System", count: 3 }] }));
    assert.ok(mandatory(both).some((d) => d.policyName === "dp-ipam-and-dataplane-separate"));
    assert.ok(mandatory(both).some((d) => d.policyName === "replacement-guard" && /delete and recreate the cluster/.test(d.message)));
  });

  it("blocks Cilium with a Windows pool declared inline (Analyze) and as a separate AgentPool (AnalyzeStack)", async () => {
    await pack.configure({});
    const inline = await pack.analyze(resource("inline", clusters.overlayCilium({ pools: [{ name: "system", mode: "System", count: 3 }, WINDOWS_POOL] })));
    assert.ok(mandatory(inline).some((d) => d.policyName === "dp-cilium-no-windows"));
    const cluster = { ...resource("sep", clusters.overlayCilium({ name: "aks-sep" })) };
    const pool: AnalyzedResource = { type: "azure-native:containerservice:AgentPool", name: "win", urn: "urn:pulumi:dev::proj::azure-native:containerservice:AgentPool::win", props: { resourceGroupName: "rg1", resourceName: "aks-sep", agentPoolName: "win1", osType: "Windows", count: 1 } };
    assert.deepEqual(mandatory(await pack.analyze(cluster)).map((d) => d.policyName), [], "the cluster alone is fine");
    const stack = await pack.analyzeStack([cluster, pool]);
    assert.ok(mandatory(stack).some((d) => d.policyName === "stack-agent-pools" && /dp-cilium-no-windows/.test(d.message)));
  });

  it("takes the --policy-pack-config file that aks-netguard baseline writes from az aks show output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aks-netguard-baseline-"));
    writeFileSync(join(dir, "current.json"), JSON.stringify(azShow(clusters.overlay({ name: "aks-live" }))));
    const result = await runCli(["baseline", join(dir, "current.json"), "--name", "live", "--out", join(dir, "policy-config.json")]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Wrote .*policy-config\.json: baselines for live under \d+ policies/);
    const config = JSON.parse(readFileSync(join(dir, "policy-config.json"), "utf8"));
    assert.deepEqual(Object.keys(config).sort(), [...policiesWithBaselines].sort());
    await pack.configure(config);
    const diagnostics = await pack.analyze(resource("live", clusters.nodeSubnet({ name: "aks-live" })));
    assert.ok(mandatory(diagnostics).some((d) => d.policyName === "ipam-overlay-irreversible"));
    assert.ok(!diagnostics.some((d) => d.policyName === "transition-baseline"));
    const bad = await runCli(["baseline", join(dir, "missing.json")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /missing\.json: cannot read it/);
  });

  it("comes back clean for a valid single-step migration", async () => {
    await pack.configure(baselines({ clean: clusters.overlay({ name: "clean", policy: "azure" }) }));
    const diagnostics = await pack.analyze({ ...resource("clean", clusters.overlayCilium({ name: "clean" })), ignoreChanges: ["networkProfile.networkDataplane", "networkProfile.networkPolicy"] });
    assert.deepEqual(mandatory(diagnostics).map((d) => d.message), []);
    assert.ok(diagnostics.some((d) => d.policyName === "dp-cilium-replaces-npm-calico" && d.enforcementLevel === "advisory"));
  });

  it("answers unknowns with an advisory naming the field", async () => {
    await pack.configure({});
    const props = pulumiArgs(clusters.overlay());
    (props.networkProfile as Record<string, unknown>).podCidr = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const diagnostics = await pack.analyze({ type: MC, name: "unknown", urn: "urn:pulumi:dev::proj::x::unknown", props });
    assert.deepEqual(mandatory(diagnostics), []);
    assert.ok(diagnostics.some((d) => d.policyName === "cluster-input" && /networkProfile\.podCidr is not known until apply/.test(d.message)));
  });

  it("never echoes a secret value in any message, and answers values it cannot deserialize with a diagnostic", async () => {
    await pack.configure({});
    const sig = "4dabf18193072939515e22adb298388d";
    const secret = (value: unknown) => ({ [sig]: "1b47061264138c4ac30d75fd1eb44270", value });
    const props = pulumiArgs(clusters.kubenet({ name: "aks-secret-name-7f3a", dataplane: "cilium", policy: "cilium", podCidr: "172.16.0.0/12" }));
    props.resourceName = secret("aks-secret-name-7f3a");
    (props.networkProfile as Record<string, unknown>).podCidr = secret("172.16.0.0/12");
    const diagnostics = await pack.analyze({ type: MC, name: "s", urn: "urn:pulumi:dev::proj::x::s", props });
    assert.ok(mandatory(diagnostics).some((d) => d.policyName === "cidr-reserved-ranges"), "the secret value is still evaluated");
    for (const d of diagnostics) {
      assert.ok(!d.message.includes("172.16.0.0/12") && !d.message.includes("aks-secret-name-7f3a"), d.message);
    }
    const hostile = await pack.analyze({ type: MC, name: "h", urn: "urn:pulumi:dev::proj::x::h", props: { ...pulumiArgs(clusters.overlay()), tags: { [sig]: "not-a-known-signature" } } });
    assert.ok(Array.isArray(hostile));
  });

  it("lets policy config change enforcement levels", async () => {
    const windows = resource("levels", clusters.overlayCilium({ pools: [{ name: "system", mode: "System", count: 3 }, WINDOWS_POOL] }));
    await pack.configure({ "dp-cilium-no-windows": "advisory", "kubenet-retirement": "disabled" });
    const relaxed = await pack.analyze(windows);
    assert.equal(relaxed.find((d) => d.policyName === "dp-cilium-no-windows")?.enforcementLevel, "advisory");
    await pack.configure({ "dp-cilium-no-windows": "disabled" });
    assert.ok(!(await pack.analyze(windows)).some((d) => d.policyName === "dp-cilium-no-windows"));
    await pack.configure({});
  });

  it("analyzes a raw azure-native program run under mocks (program layer)", async () => {
    const resources = await runUnderMocks(() => import("./programs/raw-cilium-windows"));
    assert.deepEqual(resources.map((r) => r.type).sort(), ["azure-native:containerservice:AgentPool", "azure-native:containerservice:ManagedCluster", "azure-native:network:VirtualNetwork"]);
    const perResource = (await Promise.all(resources.map((r) => pack.analyze(r)))).flat();
    assert.deepEqual(mandatory(perResource).map((d) => d.policyName), []);
    const stack = await pack.analyzeStack(resources);
    const names = mandatory(stack).map((d) => d.policyName);
    assert.ok(names.includes("stack-agent-pools"), JSON.stringify(stack, null, 1));
    assert.ok(names.includes("stack-vnet-cidrs"));
    assert.ok(pack.running, "the server is still serving");
  });
});

describe("the compiled pack in dist/policies (what a consumer runs from node_modules)", function () {
  this.timeout(120_000);
  it("serves the same policies", async () => {
    const pack = await PolicyPackProcess.start(join(REPO_ROOT, "dist", "policies"));
    try {
      const info = await pack.info();
      assert.equal(info.name, "aks-netguard");
      assert.ok(info.policiesList.length > 60);
      await pack.configureStack({ stack: "dev", project: "proj" });
      const diagnostics = await pack.analyze(resource("x", clusters.kubenet({ dataplane: "cilium", policy: "cilium" })));
      assert.ok(mandatory(diagnostics).some((d) => d.policyName === "dp-cilium-requires-azure-cni"));
    } finally {
      await pack.stop();
    }
  });
});
