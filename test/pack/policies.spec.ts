import { strict as assert } from "node:assert";
import { clusterToJson, parseCluster, RULES } from "../../core";
import { agentPoolInput } from "../../policies/agent-pool-input";
import { policiesWithBaselines, allPolicies } from "../../policies/all";
import { clusterInput } from "../../policies/cluster-input";
import { componentTransition } from "../../policies/component-transition";
import { replacementGuard } from "../../policies/replacement-guard";
import { rulePolicies } from "../../policies/rule-policies";
import { stackAgentPools } from "../../policies/stack-agent-pools";
import { stackVnetCidrs } from "../../policies/stack-vnet-cidrs";
import { transitionBaseline } from "../../policies/transition-baseline";
import { azShow, clusters, pulumiArgs, WINDOWS_POOL } from "../support/clusters";
import { runResourcePolicy, runStackPolicy } from "../support/policy-args";

const MC = "azure-native:containerservice:ManagedCluster";
const MC_VERSIONED = "azure-native:containerservice/v20250901:ManagedCluster";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const policy = (name: string) => {
  const found = rulePolicies.find((p) => p.name === name);
  assert.ok(found, name);
  return found;
};
const baselineConfig = (key: string, cluster: ReturnType<typeof azShow>) => ({ baselines: { [key]: clusterToJson(parseCluster(cluster)) } });

describe("policy pack: policies (unit, args built as the server builds them)", () => {
  it("has one policy per catalog rule, named by its id, mandatory for block and advisory for warn rules", () => {
    for (const rule of RULES) {
      const p = policy(rule.id);
      assert.equal(p.enforcementLevel, rule.severity === "block" ? "mandatory" : "advisory");
      assert.ok(p.configSchema?.properties.baselines && p.configSchema.properties.exemptions, rule.id);
    }
    const names = allPolicies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length, "policy names are unique");
    for (const name of names) assert.match(name, /^[a-zA-Z0-9-_.]{1,100}$/);
    assert.ok(policiesWithBaselines.includes("replacement-guard") && policiesWithBaselines.includes("ipam-overlay-irreversible"));
  });

  it("blocks a Cilium cluster with an inline Windows pool, under the base and the versioned type token", async () => {
    const props = pulumiArgs(clusters.overlayCilium({ pools: [{ name: "system", mode: "System", count: 3 }, WINDOWS_POOL] }));
    for (const type of [MC, MC_VERSIONED]) {
      const reports = await runResourcePolicy(policy("dp-cilium-no-windows"), { type, name: "prod", props });
      assert.equal(reports.length, 1, type);
      assert.equal(reports[0].level, "mandatory");
      assert.match(reports[0].message, /Linux-only.*win1.*Fix: .*See https:\/\/learn\.microsoft\.com.*\[dp-cilium-no-windows\]$/s);
    }
  });

  it("passes a compliant cluster and ignores other resource types", async () => {
    const props = pulumiArgs(clusters.overlayCilium());
    assert.deepEqual(await runResourcePolicy(policy("dp-cilium-no-windows"), { type: MC, name: "prod", props }), []);
    assert.deepEqual(await runResourcePolicy(policy("dp-cilium-no-windows"), { type: "azure-native:resources:ResourceGroup", name: "rg", props: { location: "x" } }), []);
  });

  it("runs transition rules against a baseline from policy config, keyed by Pulumi name, Azure name or URN", async () => {
    const current = azShow(clusters.overlay({ name: "aks-prod" }));
    const props = pulumiArgs(clusters.nodeSubnet({ name: "aks-prod" }));
    for (const key of ["prod", "aks-prod", "urn:pulumi:dev::proj::azure-native:containerservice:ManagedCluster::prod"]) {
      const reports = await runResourcePolicy(policy("ipam-overlay-irreversible"), { type: MC, name: "prod", props }, { config: baselineConfig(key, current) });
      assert.equal(reports.length, 1, key);
      assert.match(reports[0].message, /one-way/);
    }
  });

  it("reads baselines from the stack config aks-netguard:baselines when the policy config has none", async () => {
    const saved = process.env.PULUMI_CONFIG;
    process.env.PULUMI_CONFIG = JSON.stringify({ "aks-netguard:baselines": JSON.stringify({ prod: azShow(clusters.overlay()) }) });
    try {
      const reports = await runResourcePolicy(policy("ipam-overlay-irreversible"), { type: MC, name: "prod", props: pulumiArgs(clusters.nodeSubnet()) });
      assert.equal(reports.length, 1);
    } finally {
      if (saved === undefined) delete process.env.PULUMI_CONFIG;
      else process.env.PULUMI_CONFIG = saved;
    }
  });

  it("says the transition rules could not run when no baseline knows the cluster — never a silent pass", async () => {
    const props = pulumiArgs(clusters.nodeSubnet());
    assert.deepEqual(await runResourcePolicy(policy("ipam-overlay-irreversible"), { type: MC, name: "prod", props }), []);
    const advisory = await runResourcePolicy(transitionBaseline, { type: MC, name: "prod", props });
    assert.equal(advisory.length, 1);
    assert.equal(advisory[0].level, "advisory");
    assert.match(advisory[0].message, /No baseline is known for cluster prod.*aks-netguard baseline/s);
    const withBaseline = await runResourcePolicy(transitionBaseline, { type: MC, name: "prod", props }, { config: baselineConfig("prod", azShow(clusters.nodeSubnet())) });
    assert.deepEqual(withBaseline, []);
  });

  it("blocks a force-new network change as a replacement, unless ignoreChanges covers it", async () => {
    const config = baselineConfig("prod", azShow(clusters.overlay({ policy: "azure" })));
    const props = pulumiArgs(clusters.overlayCilium());
    const blocked = await runResourcePolicy(replacementGuard, { type: MC, name: "prod", props }, { config });
    assert.equal(blocked.length, 1);
    assert.match(blocked[0].message, /This update would delete and recreate the cluster.*networkProfile\.networkDataplane azure → cilium.*--network-dataplane cilium --network-policy cilium/s);
    const ignored = await runResourcePolicy(replacementGuard, { type: MC, name: "prod", props, ignoreChanges: ["networkProfile.networkDataplane", "networkProfile.networkPolicy"] }, { config });
    assert.deepEqual(ignored, []);
    const unchanged = await runResourcePolicy(replacementGuard, { type: MC, name: "prod", props: pulumiArgs(clusters.overlay({ policy: "azure" })) }, { config });
    assert.deepEqual(unchanged, []);
  });

  it("does not read azure-native's default pod CIDR on a Node Subnet cluster as a replacement", async () => {
    const config = baselineConfig("prod", azShow(clusters.nodeSubnet()));
    const reports = await runResourcePolicy(replacementGuard, { type: MC, name: "prod", props: pulumiArgs(clusters.nodeSubnet({ podCidr: "10.244.0.0/16" })) }, { config });
    assert.deepEqual(reports, []);
  });

  it("honours exemptions with a reason as an advisory, and refuses exemptions without one", async () => {
    const props = pulumiArgs(clusters.kubenet());
    const exempt = await runResourcePolicy(policy("kubenet-retirement"), { type: MC, name: "legacy-1", props }, { config: { exemptions: [{ resource: "legacy-*", reason: "retired with the datacenter exit in 2027" }] } });
    assert.deepEqual(exempt.map((r) => r.level), ["advisory"]);
    assert.match(exempt[0].message, /exempt from kubenet-retirement: retired with the datacenter exit/);
    const noReason = await runResourcePolicy(policy("kubenet-retirement"), { type: MC, name: "legacy-1", props }, { config: { exemptions: [{ resource: "legacy-*" }] } });
    assert.equal(noReason.length, 2);
    assert.match(noReason[0].message, /has no reason, so it does not apply/);
    const byTag = await runResourcePolicy(policy("kubenet-retirement"), { type: MC, name: "x", props }, { stackTags: { env: "sandbox" }, config: { exemptions: [{ stackTag: "env=sandbox", reason: "sandboxes are recreated weekly" }] } });
    assert.match(byTag[0].message, /sandboxes are recreated weekly/);
  });

  it("turns unknown values into an advisory naming the field and never blocks on them", async () => {
    const props = pulumiArgs(clusters.nodeSubnet({ podCidr: UNKNOWN }));
    (props.networkProfile as Record<string, unknown>).networkPluginMode = "overlay";
    const input = await runResourcePolicy(clusterInput, { type: MC, name: "prod", props });
    assert.deepEqual(input.map((r) => r.level), ["advisory"]);
    assert.match(input[0].message, /prod\.networkProfile\.podCidr is not known until apply/);
    for (const p of rulePolicies) assert.deepEqual(await runResourcePolicy(p, { type: MC, name: "prod", props }), [], p.name);
    const subnetUnknown = pulumiArgs(clusters.overlayCilium({ pools: [{ name: "system", mode: "System", count: 3, vnetSubnetId: UNKNOWN }, WINDOWS_POOL] }));
    const stillChecked = await runResourcePolicy(policy("dp-cilium-no-windows"), { type: MC, name: "prod", props: subnetUnknown });
    assert.equal(stillChecked.length, 1, "a pool's unknown subnet does not stop the rules that do not use it");
  });

  it("reports malformed input with the field and the value", async () => {
    const props = pulumiArgs(clusters.overlay({ podCidr: "10.0.0.0/33" }));
    const reports = await runResourcePolicy(clusterInput, { type: MC, name: "prod", props });
    assert.equal(reports.length, 1);
    assert.equal(reports[0].level, "mandatory");
    assert.match(reports[0].message, /prod\.networkProfile\.podCidr: "10\.0\.0\.0\/33" is not valid/);
    const pool = await runResourcePolicy(agentPoolInput, { type: "azure-native:containerservice:AgentPool", name: "p", props: { agentPoolName: "p", osType: "Solaris" } });
    assert.match(pool[0].message, /p\.osType: "Solaris" is not valid; expected one of Linux, Windows/);
  });

  describe("component transition (aks-netguard:index:AksCluster)", () => {
    const COMPONENT = "aks-netguard:index:AksCluster";
    const inputs = (network: Record<string, unknown>, observed: unknown, migration?: string) => ({
      resourceGroupName: "rg1",
      kubernetesVersion: "1.31.2",
      network,
      nodePools: [{ name: "system", mode: "System", count: 3 }],
      observedNetworkProfile: observed,
      ...(migration ? { migration } : {}),
    });

    it("blocks a revert from overlay seen against the observed profile", async () => {
      const reports = await runResourcePolicy(componentTransition, { type: COMPONENT, name: "prod", props: inputs({ plugin: "azure" }, clusterToJson(parseCluster(azShow(clusters.overlay())))) });
      assert.ok(reports.some((r) => r.level === "mandatory" && /ipam-overlay-irreversible/.test(r.message)));
    });

    it("blocks a target several steps away unless migration is stepwise", async () => {
      const observed = clusterToJson(parseCluster(azShow(clusters.kubenet({ policy: "calico", identity: "UserAssigned" }))));
      const target = { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" };
      const single = await runResourcePolicy(componentTransition, { type: COMPONENT, name: "prod", props: inputs(target, observed) });
      assert.ok(single.some((r) => r.level === "mandatory"));
      const stepwise = await runResourcePolicy(componentTransition, { type: COMPONENT, name: "prod", props: inputs(target, observed, "stepwise") });
      assert.ok(stepwise.every((r) => r.level === "advisory"), stepwise.map((r) => r.message).join("\n"));
    });

    it("treats an absent observed profile as a create", async () => {
      const reports = await runResourcePolicy(componentTransition, { type: COMPONENT, name: "prod", props: inputs({ plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16" }, null) });
      assert.ok(reports.every((r) => r.level === "advisory"));
    });
  });

  describe("stack policies", () => {
    const cluster = (desc: Parameters<typeof pulumiArgs>[0]) => ({ type: MC, name: "prod", props: { ...pulumiArgs(desc), name: "aks1" } });
    const pool = (name: string, osType: string) => ({ type: "azure-native:containerservice:AgentPool", name, props: { resourceGroupName: "rg1", resourceName: "aks1", agentPoolName: name, osType, count: 2 } });

    it("blocks a Windows pool declared as a separate AgentPool on a Cilium cluster", async () => {
      const reports = await runStackPolicy(stackAgentPools, [cluster(clusters.overlayCilium()), pool("win2", "Windows")]);
      assert.ok(reports.some((r) => r.level === "mandatory" && /dp-cilium-no-windows/.test(r.message) && /separate AgentPool/.test(r.message)));
      assert.deepEqual(await runStackPolicy(stackAgentPools, [cluster(clusters.overlayCilium()), pool("lin2", "Linux")]), []);
      assert.deepEqual(await runStackPolicy(stackAgentPools, [cluster(clusters.overlay()), { ...pool("win2", "Windows"), props: { ...pool("win2", "Windows").props, resourceName: "other-cluster" } }]), []);
    });

    it("checks pod CIDRs against the subnets of the stack's VNet", async () => {
      const vnet = { type: "azure-native:network:VirtualNetwork", name: "vnet", props: { resourceGroupName: "rg1", virtualNetworkName: "vnet", addressSpace: { addressPrefixes: ["10.240.0.0/16"] }, subnets: [{ name: "nodes", addressPrefix: "10.240.0.0/22" }] } };
      const overlapping = await runStackPolicy(stackVnetCidrs, [cluster(clusters.overlay({ podCidr: "10.240.0.0/16" })), vnet]);
      assert.ok(overlapping.some((r) => r.level === "mandatory" && /cidr-pod-vs-subnets/.test(r.message)));
      assert.deepEqual(await runStackPolicy(stackVnetCidrs, [cluster(clusters.overlay()), vnet]), []);
    });
  });
});
