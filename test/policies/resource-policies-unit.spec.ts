import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { clusterToJson, parseCluster, RULES } from "../../core";
import { allPolicies, policiesWithBaselines } from "../../policies/all";
import { agentPoolInput } from "../../policies/agent-pool-input";
import { clusterInput } from "../../policies/cluster-input";
import { componentTransition } from "../../policies/component-transition";
import { replacementGuard } from "../../policies/replacement-guard";
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
import { policyMetadataOf, PolicyConfigError, secret, UNKNOWN, urnOf } from "../support/policy-server";
import { InProcessPack } from "./support/in-process-pack";
import {
  advisory,
  agentPoolResource,
  baselineConfig,
  byPolicy,
  clusterResource,
  COMPONENT,
  MANAGED_CLUSTER,
  mandatory,
  summary,
} from "./support/resources";

/** Every type token azure-native 3.28.0 ships for a resource: its own and the versioned aliases it registers. */
function azureNativeTokens(module: string, resource: string): string[] {
  const source = readFileSync(require.resolve(`@pulumi/azure-native/containerservice/${module}`), "utf8");
  return [
    ...new Set(source.match(new RegExp(`azure-native:containerservice(/v\\d{8}(preview)?)?:${resource}\\b`, "g"))),
  ];
}

const revertFromOverlay = { current: overlay(), desired: nodeSubnet() };

describe("policies (unit): resource policies with args built by @pulumi/policy's server code", function () {
  this.timeout(60_000);
  const pack = InProcessPack.get();

  beforeEach(async () => {
    await pack.configure({});
    await pack.configureStack({ stack: "dev", project: "proj" });
  });
  afterEach(() => delete process.env.PULUMI_CONFIG);

  describe("metadata", () => {
    it("serves one policy per catalog rule, named by its id, mandatory for block rules and advisory for warn rules", async () => {
      const served = new Map(policyMetadataOf(await pack.info()).map((p) => [p.name, p]));
      assert.equal(served.size, allPolicies.length, "policy names are unique");
      for (const rule of RULES) {
        const policy = served.get(rule.id);
        assert.ok(policy, `no policy for ${rule.id}`);
        assert.equal(policy.enforcementLevel, rule.severity === "block" ? "mandatory" : "advisory", rule.id);
      }
      for (const name of served.keys()) assert.match(name, /^[a-zA-Z0-9-_.]{1,100}$/, "a name the engine accepts");
      const info = await pack.info();
      assert.equal(info.getName(), "aks-netguard");
      assert.ok(info.getSupportsconfig());
    });

    it("lets every policy take exemptions with a required reason, and every policy that needs the current profile the same baselines", async () => {
      const served = policyMetadataOf(await pack.info());
      const baselineSchemas = new Set<string>();
      for (const p of served) {
        const exemptions = p.configSchema?.properties.exemptions as { items: { required: string[] } } | undefined;
        assert.deepEqual(exemptions?.items.required, ["reason"], p.name);
        if (p.configSchema?.properties.baselines !== undefined)
          baselineSchemas.add(JSON.stringify(p.configSchema.properties.baselines));
      }
      assert.equal(baselineSchemas.size, 1, "one baselines schema for all");
      const needCurrent = [
        ...RULES.map((r) => r.id),
        "replacement-guard",
        "transition-baseline",
        "stack-agent-pools",
        "stack-vnet-cidrs",
        "rules-unverified",
      ];
      assert.deepEqual([...policiesWithBaselines].sort(), needCurrent.sort());
      for (const name of policiesWithBaselines)
        assert.ok(served.find((p) => p.name === name)?.configSchema?.properties.baselines, `${name} takes baselines`);
    });
  });

  describe("resource types", () => {
    const windowsOnCilium = overlayCilium({ pools: [systemPool(), windowsPool()] });

    it("judges every ManagedCluster token azure-native 3.28.0 registers (API versions too) like the unversioned one", async () => {
      const tokens = azureNativeTokens("managedCluster", "ManagedCluster");
      assert.ok(
        tokens.length > 100 &&
          tokens.includes(MANAGED_CLUSTER) &&
          tokens.includes("azure-native:containerservice/v20250901:ManagedCluster"),
        `${tokens.length} tokens`,
      );
      for (const type of tokens) {
        const result = await pack.analyze(clusterResource(windowsOnCilium, { type }));
        assert.deepEqual(
          mandatory(result).map((d) => d.policyName),
          ["dp-cilium-no-windows"],
          type,
        );
        assert.match(
          mandatory(result)[0].message,
          /Linux-only.*win1.*Fix: .*See https:\/\/learn\.microsoft\.com.*\[dp-cilium-no-windows\]$/s,
          type,
        );
      }
    });

    it("checks every AgentPool token on its own, and leaves other resource types alone (not applicable, never silently judged)", async () => {
      for (const type of azureNativeTokens("agentPool", "AgentPool")) {
        const bad = await pack.analyze(agentPoolResource({ name: "win1", os: "Solaris" }, "aks1", "rg-aks", { type }));
        assert.deepEqual(
          mandatory(bad).map((d) => d.policyName),
          ["agent-pool-input"],
          type,
        );
      }
      for (const type of [
        "azure-native:network:VirtualNetwork",
        "azure-native:containerservice:ManagedClusterSnapshot",
        "azure-native:containerservice:Fleet",
        "azure-native:resources:ResourceGroup",
      ]) {
        const result = await pack.analyze({ type, name: "other", props: pulumiOf(windowsOnCilium) });
        assert.deepEqual(result.diagnostics, [], type);
        const skipped = new Set(result.notApplicable.map((n) => n.policyName));
        for (const policy of [
          "cluster-input",
          "dp-cilium-no-windows",
          "replacement-guard",
          "agent-pool-input",
          "component-transition",
        ])
          assert.ok(skipped.has(policy), `${policy} on ${type}`);
      }
    });
  });

  describe("cluster-input", () => {
    it("blocks a value ARM would reject, naming the field and the value", async () => {
      const result = await pack.analyze(clusterResource(overlay({ podCidr: "10.244.0.0/33" })), clusterInput);
      assert.equal(result.diagnostics.length, 1, summary(result));
      const [d] = mandatory(result);
      assert.match(d.message, /aks1\.networkProfile\.podCidr: "10\.244\.0\.0\/33" is not valid/);
      assert.match(d.message, /10\.244\.0\.0\/33/);
      assert.match(d.message, /\[cluster-input\]$/);
    });

    it('takes kubernetesVersion: "" as unset on a declared cluster, as Microsoft\'s create examples send it', async () => {
      const props = pulumiOf(overlay({ version: undefined }));
      props.kubernetesVersion = "";
      const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
      assert.deepEqual(byPolicy(result, "cluster-input"), [], summary(result));
      assert.deepEqual(mandatory(result), [], summary(result));
    });

    it('refuses a baseline (a current cluster) with kubernetesVersion: "", naming the field', async () => {
      const current = armCluster(overlay());
      (current.properties as Record<string, unknown>).kubernetesVersion = "";
      await pack.configure(baselineConfig({ aks1: current }));
      try {
        const result = await pack.analyze(clusterResource(overlay()));
        const baseline = byPolicy(result, "transition-baseline");
        assert.equal(baseline.length, 1, summary(result));
        assert.match(baseline[0].message, /kubernetesVersion: "" is not valid; expected the version ARM reports/);
      } finally {
        await pack.configure({});
      }
    });

    it("answers an unknown network field with one advisory naming it, and no rule runs on a guess", async () => {
      const props = pulumiOf(kubenet({ dataplane: "cilium", policy: "cilium" }));
      (props.networkProfile as Record<string, unknown>).networkPlugin = UNKNOWN;
      const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
      assert.deepEqual(mandatory(result), [], summary(result));
      const input = byPolicy(result, "cluster-input");
      assert.deepEqual(
        input.map((d) => d.enforcementLevel),
        ["advisory"],
        summary(result),
      );
      assert.match(input[0].message, /aks1\.networkProfile\.networkPlugin is not known until apply/);
      const ruleIds = new Set(RULES.map((r) => r.id));
      assert.deepEqual(
        result.diagnostics.filter((d) => ruleIds.has(d.policyName)),
        [],
        "no rule reports anything on a guess",
      );

      const subnetUnknown = pulumiOf(overlayCilium({ pools: [systemPool({ vnetSubnetId: UNKNOWN }), windowsPool()] }));
      const stillChecked = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props: subnetUnknown });
      assert.equal(
        byPolicy(stillChecked, "dp-cilium-no-windows").length,
        1,
        "a pool's unknown subnet does not stop the rules that do not use it",
      );
    });

    it("reads a required value that is unknown (a pool name computed in this preview) as not known yet, not as missing", async () => {
      const props = pulumiOf(overlay({ pools: [systemPool(), systemPool({ name: "apps", mode: "User" })] }));
      (props.agentPoolProfiles as Record<string, unknown>[])[1].name = UNKNOWN;
      const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
      assert.deepEqual(mandatory(result), [], summary(result));
      assert.match(
        byPolicy(result, "cluster-input")[0].message,
        /agentPoolProfiles\[1\]\.name is not known until apply/,
      );
      const pool = agentPoolResource(windowsPool());
      const unknownPool = await pack.analyze(
        { ...pool, props: { ...pool.props, agentPoolName: UNKNOWN } },
        agentPoolInput,
      );
      assert.deepEqual(mandatory(unknownPool), [], summary(unknownPool));
    });

    it("never blocks because of unknown values alone, wherever they are (fast-check over a compliant cluster's fields)", async () => {
      const props = pulumiOf(
        overlayCilium({ pools: [systemPool(), systemPool({ name: "apps", mode: "User", maxCount: 5 })] }),
      );
      const leaves = leafPaths(props);
      await fc.assert(
        fc.asyncProperty(fc.subarray(leaves, { minLength: 1 }), async (paths) => {
          const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props: withUnknowns(props, paths) });
          assert.deepEqual(mandatory(result), [], `${paths.join(", ")}:\n${summary(result)}`);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("transition-baseline and where the current profile comes from", () => {
    const revert = () => clusterResource(revertFromOverlay.desired);

    it("says the transition rules could not run and how to provide a baseline when no source knows the cluster", async () => {
      const result = await pack.analyze(revert());
      const [d] = byPolicy(result, "transition-baseline");
      assert.equal(d.enforcementLevel, "advisory");
      assert.match(d.message, /No baseline is known for cluster aks1/);
      assert.match(d.message, /az aks show .* aks-netguard baseline current\.json --name aks1/);
      assert.match(d.message, /aks-netguard:baselines/);
      assert.deepEqual(mandatory(result), []);
    });

    for (const [label, key] of [
      ["Pulumi resource name", "cluster"],
      ["Azure cluster name, in any case", "AKS1"],
      ["URN", urnOf(MANAGED_CLUSTER, "cluster")],
    ] as const) {
      it(`finds a policy-config baseline filed under the ${label}`, async () => {
        await pack.configure(baselineConfig({ [key]: armCluster(revertFromOverlay.current) }));
        const result = await pack.analyze(clusterResource(revertFromOverlay.desired, { name: "cluster" }));
        assert.ok(
          mandatory(result).some((d) => d.policyName === "ipam-overlay-irreversible" && /one-way/.test(d.message)),
          summary(result),
        );
        assert.deepEqual(byPolicy(result, "transition-baseline"), []);
      });
    }

    it("reads the stack config aks-netguard:baselines the language host passes in PULUMI_CONFIG", async () => {
      process.env.PULUMI_CONFIG = JSON.stringify({
        "proj:other": "x",
        "aks-netguard:baselines": JSON.stringify({ aks1: azShowCluster(revertFromOverlay.current) }),
      });
      const result = await pack.analyze(revert());
      assert.ok(
        mandatory(result).some((d) => d.policyName === "ipam-overlay-irreversible"),
        summary(result),
      );
    });

    it("judges a raw cluster against the live network a baseline carries (aks-netguard baseline --subscription …)", async () => {
      const current = { ...clusterToJson(parseCluster(armCluster(kubenet()))) };
      const context = {
        peerings: [{ name: "to-hub", remoteAddressPrefixes: ["10.0.0.0/8"], state: "Connected" }],
        unavailable: { routeTables: "AuthorizationFailed" },
      };
      await pack.configure(baselineConfig({ aks1: { ...current, context } }));
      const toOverlay = clusterResource(kubenet({ plugin: "azure", mode: "overlay" }));
      const result = await pack.analyze(toOverlay);
      assert.ok(
        mandatory(result).some((d) => d.policyName === "cidr-pod-vs-peerings" && /to-hub/.test(d.message)),
        summary(result),
      );
      await pack.configure(baselineConfig({ aks1: current }));
      const without = await pack.analyze(toOverlay);
      assert.deepEqual(byPolicy(without, "cidr-pod-vs-peerings"), [], "the peering is known only from the baseline");
    });

    it("prefers the policy config's baseline to the stack config's", async () => {
      process.env.PULUMI_CONFIG = JSON.stringify({
        "aks-netguard:baselines": JSON.stringify({ aks1: armCluster(nodeSubnet()) }),
      });
      await pack.configure(baselineConfig({ aks1: armCluster(overlay()) }));
      const result = await pack.analyze(revert());
      assert.ok(
        mandatory(result).some((d) => d.policyName === "ipam-overlay-irreversible"),
        summary(result),
      );
    });

    it("says which baseline cannot be used and why, instead of passing silently", async () => {
      process.env.PULUMI_CONFIG = JSON.stringify({ "aks-netguard:baselines": "{not json" });
      const broken = byPolicy(await pack.analyze(revert()), "transition-baseline");
      assert.match(broken[0].message, /stack config aks-netguard:baselines is not valid JSON/);
      delete process.env.PULUMI_CONFIG;
      await pack.configure(baselineConfig({ aks1: { networkProfile: { networkPlugin: "calico" } } }));
      const invalid = byPolicy(await pack.analyze(revert()), "transition-baseline");
      assert.match(invalid[0].message, /baselines\["aks1"\]\.networkProfile\.networkPlugin.*calico/);
    });

    it("leaves a cluster inside the AksCluster component to component-transition", async () => {
      const child = clusterResource(nodeSubnet(), { parent: urnOf(COMPONENT, "prod") });
      assert.deepEqual(byPolicy(await pack.analyze(child), "transition-baseline"), []);
    });
  });

  describe("replacement-guard", () => {
    const toCilium = overlayCilium();

    it("blocks a force-new network change on a raw cluster, with the in-place way to do it", async () => {
      await pack.configure(baselineConfig({ aks1: armCluster(overlay({ policy: "azure" })) }));
      const [d] = byPolicy(await pack.analyze(clusterResource(toCilium), replacementGuard), "replacement-guard");
      assert.equal(d.enforcementLevel, "mandatory");
      assert.match(d.message, /This update would delete and recreate the cluster/);
      assert.match(d.message, /networkProfile\.networkDataplane azure → cilium/);
      assert.match(d.message, /ignoreChanges: \["networkProfile\.networkDataplane", "networkProfile\.networkPolicy"\]/);
      assert.match(d.message, /az aks update .*--network-dataplane cilium --network-policy cilium/);
      const unchanged = await pack.analyze(clusterResource(overlay({ policy: "azure" })), replacementGuard);
      assert.deepEqual(byPolicy(unchanged, "replacement-guard"), [], "restating the baseline replaces nothing");
    });

    it("lets the change through when ignoreChanges covers the fields, and ignores azure-native's default pod CIDR on Node Subnet", async () => {
      await pack.configure(baselineConfig({ aks1: armCluster(overlay({ policy: "azure" })) }));
      for (const ignoreChanges of [
        ["networkProfile.networkDataplane", "networkProfile.networkPolicy"],
        ["networkProfile"],
      ]) {
        assert.deepEqual(
          byPolicy(
            await pack.analyze(clusterResource(toCilium, { ignoreChanges }), replacementGuard),
            "replacement-guard",
          ),
          [],
          ignoreChanges.join(),
        );
      }
      await pack.configure(baselineConfig({ aks1: armCluster(nodeSubnet()) }));
      assert.deepEqual(
        byPolicy(
          await pack.analyze(clusterResource(nodeSubnet(), { sdkDefaults: true }), replacementGuard),
          "replacement-guard",
        ),
        [],
      );
    });
  });

  describe("component-transition", () => {
    const component = (network: Record<string, unknown>, observed: unknown, extra: Record<string, unknown> = {}) => ({
      type: COMPONENT,
      name: "prod",
      // What AksCluster registers: its args, clusterName and the observed live profile (components/aks-cluster.ts).
      props: {
        resourceGroupName: "rg-aks",
        clusterName: "aks1",
        kubernetesVersion: "1.31.2",
        network,
        nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
        observedNetworkProfile: observed,
        ...extra,
      },
    });
    const observed = (spec: Parameters<typeof armCluster>[0]) => clusterToJson(parseCluster(armCluster(spec)));

    it("blocks the revert from overlay and IPAM + data plane in one update, as the component would", async () => {
      const revert = await pack.analyze(component({ plugin: "azure" }, observed(overlay())), componentTransition);
      assert.ok(
        mandatory(revert).some((d) => /\[ipam-overlay-irreversible\]$/.test(d.message)),
        summary(revert),
      );
      const both = await pack.analyze(
        component(
          { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16" },
          observed(nodeSubnet()),
        ),
        componentTransition,
      );
      assert.ok(
        mandatory(both).some((d) => /\[dp-ipam-and-dataplane-separate\]$/.test(d.message)),
        summary(both),
      );
    });

    it("judges the component's change in the network it registered (observedNetworkContext), as the component did", async () => {
      const toOverlay = { plugin: "azure", pluginMode: "overlay", podCidr: "10.244.0.0/16" };
      const context = {
        peerings: [{ name: "to-hub", remoteAddressPrefixes: ["10.0.0.0/8"], state: "Connected" }],
        unavailable: { routeTables: "AuthorizationFailed" },
      };
      const peered = await pack.analyze(
        component(toOverlay, observed(kubenet()), { observedNetworkContext: context }),
        componentTransition,
      );
      assert.ok(
        mandatory(peered).some((d) => /to-hub/.test(d.message) && /\[cidr-pod-vs-peerings\]$/.test(d.message)),
        summary(peered),
      );
      const alone = await pack.analyze(component(toOverlay, observed(kubenet())), componentTransition);
      assert.ok(
        !mandatory(alone).some((d) => /\[cidr-pod-vs-peerings\]$/.test(d.message)),
        `the peering is known only from the registered context: ${summary(alone)}`,
      );
    });

    it("accepts the same multi-step target when the component migrates stepwise, and judges a new cluster as a create", async () => {
      const stepwise = await pack.analyze(
        component(
          { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16" },
          observed(nodeSubnet()),
          { migration: "stepwise" },
        ),
        componentTransition,
      );
      assert.deepEqual(mandatory(stepwise), [], summary(stepwise));
      // Several steps away (kubenet + Calico → overlay + Cilium): blocked in one update, accepted stepwise.
      const target = { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" };
      const fromKubenet = observed(kubenet({ policy: "calico", identity: "UserAssigned" }));
      const single = await pack.analyze(component(target, fromKubenet), componentTransition);
      assert.ok(mandatory(single).length > 0, summary(single));
      const steps = await pack.analyze(component(target, fromKubenet, { migration: "stepwise" }), componentTransition);
      assert.deepEqual(mandatory(steps), [], summary(steps));
      const compliantCreate = await pack.analyze(
        component({ ...target, podCidr: "192.168.0.0/16" }, null),
        componentTransition,
      );
      assert.deepEqual(mandatory(compliantCreate), [], summary(compliantCreate));
      const create = await pack.analyze(
        component({ plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium" }, undefined, {
          nodePools: [
            { name: "system", mode: "System", vmSize: "x", count: 3 },
            { name: "win1", osType: "Windows", vmSize: "x", count: 1 },
          ],
        }),
        componentTransition,
      );
      assert.ok(
        mandatory(create).some((d) => /\[dp-cilium-no-windows\]$/.test(d.message)),
        summary(create),
      );
    });

    it("answers inputs unknown in this preview with one advisory naming them", async () => {
      for (const [network, live, field] of [
        [{ plugin: "azure", pluginMode: UNKNOWN }, observed(overlay()), "network.pluginMode"],
        [{ plugin: "azure" }, UNKNOWN, "observedNetworkProfile"],
      ] as const) {
        const result = await pack.analyze(component(network, live), componentTransition);
        assert.deepEqual(mandatory(result), [], summary(result));
        assert.equal(result.diagnostics.length, 1);
        assert.match(
          result.diagnostics[0].message,
          new RegExp(`${field.replace(".", "\\.")} is not known until apply`),
        );
      }
    });
  });

  describe("agent-pool-input", () => {
    it("blocks a separate pool with a value ARM rejects, naming field and value, and passes a valid one", async () => {
      const [d] = mandatory(await pack.analyze(agentPoolResource({ name: "win1", os: "Solaris" }), agentPoolInput));
      assert.match(d.message, /win1\.osType: "Solaris" is not valid; expected one of Linux, Windows/);
      assert.deepEqual((await pack.analyze(agentPoolResource(windowsPool()), agentPoolInput)).diagnostics, []);
    });
  });

  describe("exemptions", () => {
    const windows = () =>
      clusterResource(overlayCilium({ pools: [systemPool(), windowsPool()] }), { name: "aks-sandbox" });

    it("skips a policy for a resource name glob, a URN glob or a stack tag, echoing the reason in an advisory", async () => {
      const cases = [
        {
          exemption: { resource: "aks-sand*", reason: "lab cluster, rebuilt nightly" },
          tags: {} as Record<string, string>,
        },
        {
          exemption: { resource: "urn:pulumi:dev::proj::*::aks-sandbox", reason: "lab cluster, rebuilt nightly" },
          tags: {} as Record<string, string>,
        },
        { exemption: { stackTag: "env=sandbox", reason: "lab cluster, rebuilt nightly" }, tags: { env: "sandbox" } },
      ];
      for (const { exemption, tags } of cases) {
        await pack.configureStack({ tags });
        await pack.configure({ "dp-cilium-no-windows": { exemptions: [exemption] } });
        const result = await pack.analyze(windows());
        assert.deepEqual(mandatory(result), [], summary(result));
        assert.ok(
          advisory(result).some(
            (d) =>
              d.policyName === "dp-cilium-no-windows" &&
              /aks-sandbox is exempt from dp-cilium-no-windows: lab cluster, rebuilt nightly/.test(d.message),
          ),
          summary(result),
        );
        assert.equal(byPolicy(result, "dp-cilium-no-windows").length, 1, "the exemption notice replaces the finding");
      }
      await pack.configureStack({ tags: { env: "prod" } });
      const other = await pack.analyze(windows());
      assert.deepEqual(
        mandatory(other).map((d) => d.policyName),
        ["dp-cilium-no-windows"],
        "the tag does not match",
      );
    });

    it("refuses an exemption without a reason: the engine rejects the config, and the pack does not apply it if sent anyway", async () => {
      await assert.rejects(
        pack.configure({ "dp-cilium-no-windows": { exemptions: [{ resource: "aks-sandbox" }] } }),
        (e: unknown) => e instanceof PolicyConfigError && /dp-cilium-no-windows: .*reason is required/.test(e.message),
      );
      const config = await pack.configure({});
      config.set("dp-cilium-no-windows", {
        enforcementLevel: "mandatory",
        properties: { exemptions: [{ resource: "aks-sandbox" }] },
      });
      await pack.configureUnchecked(config);
      const result = await pack.analyze(windows());
      assert.deepEqual(
        mandatory(result).map((d) => d.policyName),
        ["dp-cilium-no-windows"],
      );
      assert.ok(
        advisory(result).some((d) => /has no reason, so it does not apply/.test(d.message)),
        summary(result),
      );
    });
  });

  describe("secrets", () => {
    it("judges secret values but never prints them, in findings and in input errors", async () => {
      const props = pulumiOf(kubenet({ name: "aks-secret-7f3a", podCidr: "172.16.0.0/12" }));
      props.resourceName = secret("aks-secret-7f3a");
      (props.networkProfile as Record<string, unknown>).podCidr = secret("172.16.0.0/12");
      const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "s", props });
      assert.ok(
        mandatory(result).some((d) => d.policyName === "cidr-reserved-ranges"),
        summary(result),
      );
      for (const d of result.diagnostics) assert.ok(!/172\.16\.0\.0\/12|aks-secret-7f3a/.test(d.message), d.message);

      const bad = pulumiOf(overlay());
      (bad.networkProfile as Record<string, unknown>).serviceCidr = secret("10.96.0.0/33-hidden");
      const invalid = await pack.analyze({ type: MANAGED_CLUSTER, name: "t", props: bad });
      assert.match(byPolicy(invalid, "cluster-input")[0].message, /networkProfile\.serviceCidr/);
      for (const d of invalid.diagnostics) assert.ok(!d.message.includes("10.96.0.0/33-hidden"), d.message);
    });
  });
});

function pulumiOf(spec: Parameters<typeof clusterResource>[0]): Record<string, unknown> {
  return structuredClone(clusterResource(spec).props) as Record<string, unknown>;
}

function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

function withUnknowns(props: Record<string, unknown>, paths: (string | number)[][]): Record<string, unknown> {
  const copy = structuredClone(props);
  for (const path of paths) {
    let target = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    target[path[path.length - 1]] = UNKNOWN;
  }
  return copy;
}
