import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { AksCluster, FORCE_NEW_NETWORK_FIELDS, MigrationMode, type AksClusterArgs } from "../../components";
import { NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy } from "../../core";
import { REPO_ROOT } from "../support/cli";
import { drain, mockEngine, optionsRecorder, settle } from "./mocks";

const OVERLAY_CILIUM_ARGS: AksClusterArgs = {
  resourceGroupName: "rg1",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: { plugin: NetworkPlugin.Azure, pluginMode: NetworkPluginMode.Overlay, dataplane: NetworkDataplane.Cilium, policy: NetworkPolicy.Cilium, podCidr: "192.168.0.0/16", vnetSubnetId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes" },
  nodePools: [
    { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
    { name: "apps", vmSize: "Standard_D8ds_v5", count: 2, maxCount: 10 },
  ],
};

/** What getManagedCluster returns for an existing cluster (the invoke's flattened result). */
function live(networkProfile: Record<string, unknown>, pools: Record<string, unknown>[] = [{ name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5" }]) {
  return {
    id: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/prod",
    name: "prod",
    location: "westeurope",
    provisioningState: "Succeeded",
    kubernetesVersion: "1.31.2",
    currentKubernetesVersion: "1.31.2",
    identity: { type: "UserAssigned" },
    networkProfile: { serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10", ...networkProfile },
    agentPoolProfiles: pools,
  };
}

describe("AksCluster component (engine mocks)", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("creates a new cluster: system pool inline, other pools as AgentPools, force-new network leaves ignored, protected", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const recorder = optionsRecorder();
    const args: AksClusterArgs = { ...OVERLAY_CILIUM_ARGS, nodePools: [...OVERLAY_CILIUM_ARGS.nodePools] };
    const aks = new AksCluster("prod", args, { transformations: [recorder.transformation] });
    assert.deepEqual(await settle(aks.migrationPlan), []);
    await settle(aks.clusterId);
    await drain();
    const cluster = engine.resources.find((r) => r.type === "azure-native:containerservice:ManagedCluster");
    assert.ok(cluster, engine.resources.map((r) => r.type).join());
    assert.deepEqual((cluster.inputs.agentPoolProfiles as { name: string }[]).map((p) => p.name), ["system"]);
    const profile = cluster.inputs.networkProfile as Record<string, unknown>;
    assert.equal(profile.networkDataplane, "cilium");
    assert.equal(profile.networkPolicy, "cilium");
    const pools = engine.resources.filter((r) => r.type === "azure-native:containerservice:AgentPool");
    assert.deepEqual(pools.map((p) => [p.inputs.agentPoolName, p.inputs.resourceName]), [["apps", "prod"]]);
    assert.equal(pools[0].inputs.enableAutoScaling, true);
    const clusterOptions = recorder.seen.find((s) => s.type === "azure-native:containerservice:ManagedCluster")!.opts;
    assert.deepEqual([...(clusterOptions.ignoreChanges ?? [])].sort(), [...FORCE_NEW_NETWORK_FIELDS].sort());
    assert.equal(clusterOptions.protect, true);
    assert.equal(clusterOptions.replaceOnChanges, undefined);
    const component = engine.resources.find((r) => r.type === "aks-netguard:index:AksCluster");
    assert.ok(component && !component.custom);
    assert.ok(!("observedNetworkProfile" in component.inputs) || component.inputs.observedNetworkProfile === undefined, "a cluster that does not exist yet is a create");
    assert.ok(engine.resources.some((r) => r.type === "pulumi-nodejs:dynamic/aks-netguard:NetworkMigration"));
    assert.deepEqual(engine.invokes.map((i) => i.token), ["azure-native:containerservice:getManagedCluster"]);
  });

  it("registers the observed live profile among its own inputs and plans the one step to Cilium", async () => {
    const engine = await mockEngine({ live: live({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "azure", podCidr: "192.168.0.0/16" }) });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    assert.deepEqual((await settle(aks.migrationPlan)).map((s) => s.title), ["Switch the data plane to Cilium (network policy cilium)"]);
    await drain();
    const component = engine.resources.find((r) => r.type === "aks-netguard:index:AksCluster")!;
    const observed = component.inputs.observedNetworkProfile as { networkProfile: Record<string, unknown> };
    assert.equal(observed.networkProfile.networkPolicy, "azure");
    assert.equal(observed.networkProfile.networkPluginMode, "overlay");
    assert.ok(engine.warnings.some((w) => /dp-cilium-replaces-npm-calico/.test(w)));
    const migration = engine.resources.find((r) => r.type === "pulumi-nodejs:dynamic/aks-netguard:NetworkMigration")!;
    assert.deepEqual(migration.inputs.target, { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium", podCidrs: ["192.168.0.0/16"] });
  });

  it("refuses a target several steps away unless migration is stepwise", async () => {
    const kubenetCalico = live({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "192.168.0.0/16" });
    let engine = await mockEngine({ live: kubenetCalico });
    restore = engine.restore;
    await assert.rejects(settle(new AksCluster("prod", OVERLAY_CILIUM_ARGS).migrationPlan), /migration-several-steps.*3 supported operations away.*migration: "stepwise"/s);
    restore();
    engine = await mockEngine({ live: kubenetCalico });
    restore = engine.restore;
    const stepwise = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, migration: MigrationMode.Stepwise });
    assert.deepEqual((await settle(stepwise.migrationPlan)).map((s) => s.azCommand.replace(/^az aks update --resource-group \S+ --name \S+ /, "")), [
      "--network-policy none",
      "--network-plugin azure --network-plugin-mode overlay",
      "--network-dataplane cilium --network-policy cilium",
    ]);
  });

  it("refuses what no in-place path supports (a service CIDR change), with the rule and the reason", async () => {
    const engine = await mockEngine({ live: live({ networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium", podCidr: "192.168.0.0/16" }) });
    restore = engine.restore;
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, network: { ...OVERLAY_CILIUM_ARGS.network, serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" } });
    await assert.rejects(settle(aks.migrationPlan), /refused this change before any cloud call.*cidr-service-dns-immutable/s);
    await drain();
    assert.ok(!engine.resources.some((r) => r.type === "azure-native:containerservice:ManagedCluster"), "nothing depending on the verdict proceeds");
  });

  it("refuses an invalid cluster (Cilium with a Windows pool) at construction when the values are plain", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const windows = { name: "win1", osType: "Windows" as const, vmSize: "Standard_D4ds_v5", count: 2 };
    assert.throws(() => new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, nodePools: [...OVERLAY_CILIUM_ARGS.nodePools, windows] }), /\[dp-cilium-no-windows\].*Fix: /s);
  });

  it("gates outputs on the check when values are not known yet, so nothing depending on them proceeds", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const windows = { name: "win1", osType: "Windows" as const, vmSize: "Standard_D4ds_v5", count: 2 };
    const network = { ...OVERLAY_CILIUM_ARGS.network, dataplane: pulumi.output(NetworkDataplane.Cilium) };
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, network, nodePools: [...OVERLAY_CILIUM_ARGS.nodePools, windows] });
    await assert.rejects(settle(aks.migrationPlan), /\[dp-cilium-no-windows\].*Fix: /s);
    await drain();
    assert.ok(!engine.resources.some((r) => r.type === "azure-native:containerservice:ManagedCluster"));
  });

  it("refuses node pools without a System pool at once", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    assert.throws(() => new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, nodePools: [{ name: "apps", vmSize: "x", count: 1 }] }), /no pool has mode "System"/);
  });

  it("says so when the live profile differs from what it last applied, and plans from the live one", async () => {
    const engine = await mockEngine({
      live: live({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none", podCidr: "192.168.0.0/16" }),
      state: (type) => (type.includes("NetworkMigration") ? { applied: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "azure", podCidrs: ["192.168.0.0/16"] } } : undefined),
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    await settle(aks.migrationPlan);
    await settle(aks.appliedNetworkProfile);
    await drain();
    assert.ok(engine.warnings.some((w) => /differs from what aks-netguard last applied.*changed outside Pulumi/s.test(w)), engine.warnings.join("\n"));
  });

  it("lets protect be turned off", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const recorder = optionsRecorder();
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, protect: false }, { transformations: [recorder.transformation] });
    await settle(aks.clusterId);
    assert.equal(recorder.seen.find((s) => s.type === "azure-native:containerservice:ManagedCluster")!.opts.protect, false);
  });
});

describe("AksCluster schema (for pulumi package add from other languages)", function () {
  this.timeout(120_000);
  it("is inferred by ComponentProvider with named enums and no anonymous unions", async () => {
    const provider = new ComponentProvider({ components: [AksCluster], dirname: REPO_ROOT, name: "aks-netguard" });
    const schema = JSON.parse(await provider.getSchema());
    const resource = schema.resources["aks-netguard:index:AksCluster"];
    assert.ok(resource, Object.keys(schema.resources).join());
    assert.ok(resource.isComponent);
    assert.deepEqual([...resource.requiredInputs].sort(), ["network", "nodePools", "resourceGroupName"]);
    // NetworkPluginMode has one value, so its args field is a validated string (an enum of one is a literal type).
    for (const enumName of ["NetworkPlugin", "NetworkDataplane", "NetworkPolicy", "MigrationMode", "OsType", "AgentPoolMode"]) {
      const type = schema.types[`aks-netguard:index:${enumName}`];
      assert.ok(type?.enum?.length > 0, `${enumName}: ${JSON.stringify(type)}`);
    }
    assert.deepEqual(schema.types["aks-netguard:index:NetworkPlugin"].enum.map((e: { value: string }) => e.value).sort(), ["azure", "kubenet", "none"]);
    assert.ok(resource.outputs?.migrationPlan ?? resource.properties?.migrationPlan, "migrationPlan is an output");
  });
});
