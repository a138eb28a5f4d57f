import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { AksCluster, FORCE_NEW_NETWORK_FIELDS, MigrationMode, type AksClusterArgs } from "../../components";
import { NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy } from "../../core";
import { REPO_ROOT } from "../support/cli";
import { ResourceGroup } from "@pulumi/azure-native/resources/resourceGroup";
import { OVERLAY_CILIUM_ARGS } from "./fixtures";
import { drain, engineInvokeError, GET_MANAGED_CLUSTER, isKnown, mockEngine, optionsRecorder, settle } from "./mocks";
import { defined } from "../support/defined";

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";
const COMPONENT = "aks-netguard:index:AksCluster";
const NETWORK_MIGRATION = "aks-netguard:index:NetworkMigration";

/** What getManagedCluster returns for an existing cluster (the invoke's flattened result). */
function live(
  networkProfile: Record<string, unknown>,
  pools: Record<string, unknown>[] = [
    { name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5" },
  ],
) {
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
    assert.deepEqual(
      (cluster.inputs.agentPoolProfiles as { name: string }[]).map((p) => p.name),
      ["system"],
    );
    const profile = cluster.inputs.networkProfile as Record<string, unknown>;
    assert.equal(profile.networkDataplane, "cilium");
    assert.equal(profile.networkPolicy, "cilium");
    const pools = engine.resources.filter((r) => r.type === "azure-native:containerservice:AgentPool");
    assert.deepEqual(
      pools.map((p) => [p.inputs.agentPoolName, p.inputs.resourceName]),
      [["apps", "prod"]],
    );
    assert.equal(pools[0].inputs.enableAutoScaling, true);
    const clusterOptions = defined(
      recorder.seen.find((s) => s.type === "azure-native:containerservice:ManagedCluster"),
      "the ManagedCluster",
    ).opts;
    assert.deepEqual([...(clusterOptions.ignoreChanges ?? [])].sort(), [...FORCE_NEW_NETWORK_FIELDS].sort());
    assert.equal(clusterOptions.protect, true);
    assert.equal(clusterOptions.replaceOnChanges, undefined);
    const component = engine.resources.find((r) => r.type === "aks-netguard:index:AksCluster");
    assert.ok(component && !component.custom);
    // Its inputs wait on nothing the component creates: it is registered before any of its children.
    assert.equal(engine.resources.indexOf(component), 0);
    assert.ok(
      !("observedNetworkProfile" in component.inputs) || component.inputs.observedNetworkProfile === undefined,
      "a cluster that does not exist yet is a create",
    );
    assert.ok(engine.resources.some((r) => r.type === NETWORK_MIGRATION));
    assert.deepEqual(
      engine.invokes.map((i) => i.token),
      [
        "azure-native:containerservice:getManagedCluster",
        "azure-native:authorization:getClientConfig",
        "azure-native:network:getVirtualNetwork",
      ],
      "one lookup for the cluster (none for pools: it does not exist), the provider's subscription, the VNet of its subnet",
    );
  });

  it("registers the observed live profile among its own inputs and plans the one step to Cilium", async () => {
    const engine = await mockEngine({
      live: live({
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: "azure",
        podCidr: "192.168.0.0/16",
      }),
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    assert.deepEqual(
      (await settle(aks.migrationPlan)).map((s) => s.title),
      ["Switch the data plane to Cilium (network policy cilium)"],
    );
    await drain();
    const component = defined(
      engine.resources.find((r) => r.type === "aks-netguard:index:AksCluster"),
      "the component",
    );
    const observed = component.inputs.observedNetworkProfile as { networkProfile: Record<string, unknown> };
    assert.equal(observed.networkProfile.networkPolicy, "azure");
    assert.equal(observed.networkProfile.networkPluginMode, "overlay");
    assert.ok(engine.warnings.some((w) => /dp-cilium-replaces-npm-calico/.test(w)));
    assert.ok(
      engine.warnings.some((w) =>
        /^\[cidr-pod-vs-subnets\] not checked: supply the subnets of the cluster's VNet/.test(w),
      ),
      `the component says what it could not check: ${engine.warnings.join("\n")}`,
    );
    const migration = defined(
      engine.resources.find((r) => r.type === NETWORK_MIGRATION),
      "the NetworkMigration",
    );
    assert.deepEqual(migration.inputs.target, {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkDataplane: "cilium",
      networkPolicy: "cilium",
      podCidrs: ["192.168.0.0/16"],
    });
  });

  it("refuses a target several steps away unless migration is stepwise", async () => {
    const kubenetCalico = live({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "192.168.0.0/16" });
    let engine = await mockEngine({ live: kubenetCalico });
    restore = engine.restore;
    await assert.rejects(
      settle(new AksCluster("prod", OVERLAY_CILIUM_ARGS).migrationPlan),
      /migration-several-steps.*3 supported operations away.*migration: "stepwise"/s,
    );
    restore();
    engine = await mockEngine({ live: kubenetCalico });
    restore = engine.restore;
    const stepwise = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, migration: MigrationMode.Stepwise });
    assert.deepEqual(
      (await settle(stepwise.migrationPlan)).map((s) =>
        s.azCommand.replace(/^az aks update --resource-group \S+ --name \S+ /, ""),
      ),
      [
        "--network-policy none",
        "--network-plugin azure --network-plugin-mode overlay",
        "--network-dataplane cilium --network-policy cilium",
      ],
    );
  });

  it("refuses what no in-place path supports (a service CIDR change), with the rule and the reason", async () => {
    const engine = await mockEngine({
      live: live({
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidr: "192.168.0.0/16",
      }),
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", {
      ...OVERLAY_CILIUM_ARGS,
      network: { ...OVERLAY_CILIUM_ARGS.network, serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" },
    });
    await assert.rejects(
      settle(aks.migrationPlan),
      /refused this change before any cloud call.*cidr-service-dns-immutable/s,
    );
    await drain();
    assert.ok(
      !engine.resources.some((r) => r.type === "azure-native:containerservice:ManagedCluster"),
      "nothing depending on the verdict proceeds",
    );
  });

  it("refuses, before any cloud call, a pod CIDR that overlaps a network peered with a VNet of another stack (only the subnet id known)", async () => {
    const hubSpoke = "/subscriptions/s/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke";
    const engine = await mockEngine({
      answers: {
        "azure-native:network:getVirtualNetwork": (args) => {
          assert.deepEqual(args, { resourceGroupName: "rg-spoke", virtualNetworkName: "vnet-spoke" });
          return {
            id: hubSpoke,
            addressSpace: { addressPrefixes: ["10.240.0.0/16"] },
            subnets: [{ id: `${hubSpoke}/subnets/snet-nodes`, name: "snet-nodes", addressPrefix: "10.240.0.0/22" }],
            virtualNetworkPeerings: [
              {
                name: "to-hub",
                peeringState: "Connected",
                remoteAddressSpace: { addressPrefixes: ["192.168.0.0/16"] },
              },
            ],
          };
        },
      },
    });
    restore = engine.restore;
    // The subnet id as a StackReference output gives it: a plain, known string in the preview.
    const fromOtherStack = pulumi.output(`${hubSpoke}/subnets/snet-nodes`);
    const aks = new AksCluster("prod", {
      ...OVERLAY_CILIUM_ARGS,
      network: { ...OVERLAY_CILIUM_ARGS.network, vnetSubnetId: fromOtherStack },
    });
    await assert.rejects(
      settle(aks.migrationPlan),
      /refused this change before any cloud call.*cidr-pod-vs-peerings.*to-hub/s,
    );
    await drain();
    assert.deepEqual(engine.find(MANAGED_CLUSTER), [], "nothing depending on the verdict proceeds");
    const component = engine.find(COMPONENT)[0];
    const context = component.inputs.observedNetworkContext as { peerings?: { name: string }[] };
    assert.equal(context.peerings?.[0].name, "to-hub", "the facts are registered for the pack's component-transition");
  });

  it("a VNet the invoke may not read: the component's VNet rules are unverified, registered with ARM's code", async () => {
    const engine = await mockEngine({
      answers: {
        "azure-native:network:getVirtualNetwork": () => {
          throw engineInvokeError("azure-native:network:getVirtualNetwork", "/subscriptions/s/vnet", {
            status: 403,
            code: "AuthorizationFailed",
            message:
              "The client 'ci' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/read'.",
          });
        },
        "azure-native:network:getSubnet": () => ({ name: "nodes", addressPrefix: "10.240.0.0/22" }),
      },
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    assert.deepEqual(await settle(aks.migrationPlan), []);
    await drain();
    const component = engine.find(COMPONENT)[0];
    const context = component.inputs.observedNetworkContext as {
      unavailable?: Record<string, string>;
      subnets?: unknown[];
    };
    assert.deepEqual(context.unavailable, { vnet: "AuthorizationFailed", peerings: "AuthorizationFailed" });
    assert.equal(context.subnets?.length, 1, "the pool's own subnet was read instead");
    assert.ok(
      engine.warnings.some((w) => /\[cidr-pod-vs-subnets\] not checked: .*AuthorizationFailed/.test(w)),
      engine.warnings.join("\n"),
    );
  });

  it("reads each live pool with the AgentPool invoke: a Windows build below 20348.1668 warns by its build, a newer one passes", async () => {
    const windowsToOverlay: AksClusterArgs = {
      ...OVERLAY_CILIUM_ARGS,
      network: {
        plugin: NetworkPlugin.Azure,
        pluginMode: NetworkPluginMode.Overlay,
        podCidr: "192.168.0.0/16",
        vnetSubnetId: OVERLAY_CILIUM_ARGS.network.vnetSubnetId,
      },
      nodePools: [
        { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
        { name: "win1", osType: "Windows", vmSize: "Standard_D4ds_v5", count: 2 },
      ],
    };
    // The cluster's agentPoolProfiles say nothing of the node image; the AgentPools API does.
    const nodeSubnet = live({ networkPlugin: "azure" }, [
      { name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5" },
      { name: "win1", mode: "User", osType: "Windows", count: 2, vmSize: "Standard_D4ds_v5" },
    ]);
    const run = async (image: string | undefined) => {
      const engine = await mockEngine({
        live: nodeSubnet,
        answers: {
          "azure-native:containerservice:getAgentPool": (args) => ({
            id: `${nodeSubnet.id}/agentPools/${String(args.agentPoolName)}`,
            name: args.agentPoolName,
            type: "Microsoft.ContainerService/managedClusters/agentPools",
            ...(args.agentPoolName === "win1"
              ? { osType: "Windows", osSKU: "Windows2022", ...(image ? { nodeImageVersion: image } : {}) }
              : { osType: "Linux", nodeImageVersion: "AKSUbuntu-2204gen2containerd-202404.01.0" }),
          }),
        },
      });
      restore = engine.restore;
      const aks = new AksCluster("prod", windowsToOverlay);
      await settle(aks.migrationPlan);
      await drain();
      restore();
      restore = undefined;
      return engine;
    };
    const old = await run("AKSWindows-2022-containerd-20348.1607.230310");
    assert.deepEqual(
      old.invokes.filter((i) => i.token.endsWith(":getAgentPool")).map((i) => i.args),
      ["system", "win1"].map((agentPoolName) => ({ resourceGroupName: "rg1", resourceName: "prod", agentPoolName })),
      "one AgentPool invoke per live pool",
    );
    const observed = old.find(COMPONENT)[0].inputs.observedNetworkProfile as {
      agentPoolProfiles: { name: string; osSKU?: string; nodeImageVersion?: string }[];
    };
    const win1 = observed.agentPoolProfiles.find((p) => p.name === "win1");
    assert.equal(win1?.osSKU, "Windows2022");
    assert.match(win1?.nodeImageVersion ?? "", /20348\.1607/);
    assert.ok(
      old.warnings.some((w) => /\[ovl-windows-build\].*win1 \(build 20348\.1607\)/.test(w)),
      old.warnings.join("\n"),
    );
    const current = await run("AKSWindows-2022-containerd-20348.2340.240401");
    assert.ok(!current.warnings.some((w) => /ovl-windows-build/.test(w)), current.warnings.join("\n"));
    const unknown = await run(undefined);
    assert.ok(
      unknown.warnings.some((w) => /\[ovl-windows-build\].*win1 \(build unknown\)/.test(w)),
      "without a node image version the build stays unknown, never passed",
    );
  });

  it("a pool the AgentPool invoke may not read keeps what the cluster's agentPoolProfiles say of it, never more", async () => {
    const engine = await mockEngine({
      live: live({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }, [
        { name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5" },
        { name: "apps", mode: "User", osType: "Linux", count: 2, vmSize: "Standard_D8ds_v5", osSKU: "Ubuntu" },
      ]),
      answers: {
        "azure-native:containerservice:getAgentPool": (args) => {
          if (args.agentPoolName === "apps")
            throw engineInvokeError("azure-native:containerservice:getAgentPool", "/agentPools/apps", {
              status: 403,
              code: "AuthorizationFailed",
              message: "no read on agentPools",
            });
          return {
            name: "system",
            osType: "Linux",
            osSKU: "AzureLinux",
            upgradeSettings: { drainTimeoutInMinutes: 45 },
          };
        },
      },
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    await settle(aks.migrationPlan);
    await drain();
    const observed = engine.find(COMPONENT)[0].inputs.observedNetworkProfile as {
      agentPoolProfiles: { name: string; osSKU?: string; upgradeSettings?: { drainTimeoutInMinutes?: number } }[];
    };
    const byName = new Map(observed.agentPoolProfiles.map((p) => [p.name, p]));
    assert.equal(byName.get("system")?.osSKU, "AzureLinux", "read through the AgentPool invoke");
    assert.equal(byName.get("system")?.upgradeSettings?.drainTimeoutInMinutes, 45);
    assert.equal(byName.get("apps")?.osSKU, "Ubuntu", "the cluster's own profile of the pool it could not read");
    assert.equal(byName.get("apps")?.upgradeSettings, undefined);
  });

  it("reads a VNet in another subscription through a provider for that subscription, and refuses an overlapping peering", async () => {
    const spoke =
      "/subscriptions/00000000-0000-0000-0000-0000000000b2/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke";
    const run = async (home: string) => {
      const engine = await mockEngine({
        answers: {
          "azure-native:authorization:getClientConfig": () => ({ subscriptionId: home }),
          "azure-native:network:getVirtualNetwork": (_args, provider) => {
            // As ARM answers: the VNet exists only in its own subscription.
            const onItsSubscription =
              home === "00000000-0000-0000-0000-0000000000b2" || (provider ?? "").includes("prod-network-");
            if (!onItsSubscription)
              throw engineInvokeError("azure-native:network:getVirtualNetwork", spoke, {
                status: 404,
                code: "ResourceNotFound",
                message: "The Resource 'Microsoft.Network/virtualNetworks/vnet-spoke' was not found.",
              });
            return {
              id: spoke,
              addressSpace: { addressPrefixes: ["10.240.0.0/16"] },
              subnets: [{ id: `${spoke}/subnets/snet-nodes`, name: "snet-nodes", addressPrefix: "10.240.0.0/22" }],
              virtualNetworkPeerings: [
                {
                  name: "to-hub",
                  peeringState: "Connected",
                  remoteAddressSpace: { addressPrefixes: ["192.168.0.0/16"] },
                },
              ],
            };
          },
        },
      });
      restore = engine.restore;
      const aks = new AksCluster("prod", {
        ...OVERLAY_CILIUM_ARGS,
        network: { ...OVERLAY_CILIUM_ARGS.network, vnetSubnetId: `${spoke}/subnets/snet-nodes` },
      });
      const verdict = await settle(aks.migrationPlan).then(
        () => "allowed",
        (error: Error) => error.message,
      );
      await drain();
      restore();
      restore = undefined;
      return { engine, verdict };
    };
    const hubSpoke = await run("00000000-0000-0000-0000-0000000000a1");
    const providers = hubSpoke.engine.find("pulumi:providers:azure-native");
    assert.deepEqual(
      providers.map((p) => p.inputs.subscriptionId),
      ["00000000-0000-0000-0000-0000000000b2"],
      "one provider, for the VNet's subscription",
    );
    const vnetRead = defined(
      hubSpoke.engine.invokes.find((i) => i.token === "azure-native:network:getVirtualNetwork"),
      "the VNet read",
    );
    assert.match(vnetRead.provider ?? "", /prod-network-00000000-0000-0000-0000-0000000000b2/);
    assert.match(hubSpoke.verdict, /refused this change before any cloud call.*cidr-pod-vs-peerings.*to-hub/s);
    assert.deepEqual(hubSpoke.engine.find(MANAGED_CLUSTER), [], "nothing depending on the verdict proceeds");
    // The VNet in the default provider's own subscription: no extra provider, read on the default one.
    const sameSubscription = await run("00000000-0000-0000-0000-0000000000b2");
    assert.deepEqual(sameSubscription.engine.find("pulumi:providers:azure-native"), []);
    assert.match(sameSubscription.verdict, /cidr-pod-vs-peerings/);
  });

  it("a VNet answer for another id than asked (the provider's subscription unknown): unavailable, never judged as that VNet", async () => {
    const engine = await mockEngine({
      answers: {
        "azure-native:network:getVirtualNetwork": () => ({
          id: "/subscriptions/other/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v",
          addressSpace: { addressPrefixes: ["10.240.0.0/16"] },
          virtualNetworkPeerings: [{ name: "elsewhere", remoteAddressSpace: { addressPrefixes: ["192.168.0.0/16"] } }],
        }),
      },
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    assert.deepEqual(await settle(aks.migrationPlan), [], "no peering of the wrong VNet refuses the create");
    await drain();
    const context = engine.find(COMPONENT)[0].inputs.observedNetworkContext as {
      unavailable?: Record<string, string>;
      peerings?: unknown[];
    };
    assert.equal(context.peerings, undefined);
    assert.match(
      context.unavailable?.vnet ?? "",
      /^OtherSubscription \(read \/subscriptions\/other\/.*instead of \/subscriptions\/s\//,
    );
    assert.match(context.unavailable?.peerings ?? "", /^OtherSubscription/);
  });

  it("refuses an invalid cluster (Cilium with a Windows pool) at construction when the values are plain", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const windows = { name: "win1", osType: "Windows" as const, vmSize: "Standard_D4ds_v5", count: 2 };
    assert.throws(
      () => new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, nodePools: [...OVERLAY_CILIUM_ARGS.nodePools, windows] }),
      /\[dp-cilium-no-windows\].*Fix: /s,
    );
  });

  it("gates outputs on the check when values are not known yet, so nothing depending on them proceeds", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const windows = { name: "win1", osType: "Windows" as const, vmSize: "Standard_D4ds_v5", count: 2 };
    const network = { ...OVERLAY_CILIUM_ARGS.network, dataplane: pulumi.output(NetworkDataplane.Cilium) };
    const aks = new AksCluster("prod", {
      ...OVERLAY_CILIUM_ARGS,
      network,
      nodePools: [...OVERLAY_CILIUM_ARGS.nodePools, windows],
    });
    await assert.rejects(settle(aks.migrationPlan), /\[dp-cilium-no-windows\].*Fix: /s);
    await drain();
    assert.ok(!engine.resources.some((r) => r.type === "azure-native:containerservice:ManagedCluster"));
  });

  it("refuses node pools without a System pool at once", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    assert.throws(
      () => new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, nodePools: [{ name: "apps", vmSize: "x", count: 1 }] }),
      /no pool has mode "System"/,
    );
  });

  // Someone ran the step with az aks update by hand: the migration resource has nothing to do, so a preview hands back
  // the outputs in the stack's state, and its `applied` is the older profile.
  it("says so when the live profile differs from what it last applied, and plans from the live one", async () => {
    const stateOfMigration = (type: string) =>
      type === NETWORK_MIGRATION
        ? {
            applied: {
              networkPlugin: "azure",
              networkPluginMode: "overlay",
              networkPolicy: "azure",
              podCidrs: ["192.168.0.0/16"],
            },
          }
        : undefined;
    const engine = await mockEngine({
      live: live({
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidr: "192.168.0.0/16",
      }),
      state: stateOfMigration,
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    assert.deepEqual(await settle(aks.migrationPlan), [], "planned from the live cluster, already at the target");
    await settle(aks.appliedNetworkProfile);
    await drain();
    const mismatch = engine.warnings.filter((w) =>
      /differs from what aks-netguard last applied.*changed outside Pulumi/s.test(w),
    );
    assert.equal(mismatch.length, 1, engine.warnings.join("\n"));
    assert.match(
      mismatch[0],
      /live cluster's network profile \(azure \/ overlay \/ cilium \/ cilium \/ 192\.168\.0\.0\/16 \/ IPv4\).*last applied \(azure \/ overlay \/ azure \/ azure/s,
    );
    restore();

    const agreeing = await mockEngine({
      live: live({
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: "azure",
        podCidr: "192.168.0.0/16",
      }),
      state: stateOfMigration,
    });
    restore = agreeing.restore;
    const same = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    await settle(same.migrationPlan);
    await settle(same.appliedNetworkProfile);
    await drain();
    assert.deepEqual(
      agreeing.warnings.filter((w) => /last applied/.test(w)),
      [],
    );
  });

  it("keeps a user-assigned identity the kubenet → overlay move needs, and refuses the move when the identity would become system-assigned", async () => {
    const subnet = OVERLAY_CILIUM_ARGS.network.vnetSubnetId;
    const kubenetLive = {
      ...live({ networkPlugin: "kubenet", networkPolicy: "none", podCidr: "192.168.0.0/16" }, [
        { name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5", vnetSubnetID: subnet },
      ]),
      identity: { type: "UserAssigned" },
    };
    const toOverlay: AksClusterArgs = {
      ...OVERLAY_CILIUM_ARGS,
      network: {
        plugin: NetworkPlugin.Azure,
        pluginMode: NetworkPluginMode.Overlay,
        policy: NetworkPolicy.None,
        podCidr: "192.168.0.0/16",
        vnetSubnetId: subnet,
      },
    };
    let engine = await mockEngine({ live: kubenetLive });
    restore = engine.restore;
    await assert.rejects(
      settle(new AksCluster("prod", toOverlay).migrationPlan),
      /\[ovl-kubenet-needs-uami\].*SystemAssigned.*Fix: /s,
    );
    restore();

    const identityId =
      "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks";
    engine = await mockEngine({ live: kubenetLive });
    restore = engine.restore;
    const aks = new AksCluster("prod", { ...toOverlay, userAssignedIdentityIds: [identityId] });
    assert.deepEqual(
      (await settle(aks.migrationPlan)).map((s) => s.azCommand.replace(/^.*--name prod /, "")),
      ["--network-plugin azure --network-plugin-mode overlay"],
    );
    await settle(aks.clusterId);
    await drain();
    assert.deepEqual(engine.find(MANAGED_CLUSTER)[0].inputs.identity, {
      type: "UserAssigned",
      userAssignedIdentities: [identityId],
    });
    assert.equal(
      engine.find(COMPONENT)[0].inputs.identityType,
      "UserAssigned",
      "policy packs judge the identity the cluster will have",
    );
  });

  it("lets protect be turned off", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const recorder = optionsRecorder();
    const aks = new AksCluster(
      "prod",
      { ...OVERLAY_CILIUM_ARGS, protect: false },
      { transformations: [recorder.transformation] },
    );
    await settle(aks.clusterId);
    assert.equal(
      defined(
        recorder.seen.find((s) => s.type === "azure-native:containerservice:ManagedCluster"),
        "the ManagedCluster",
      ).opts.protect,
      false,
    );
  });
});

describe("AksCluster component: the live lookup and what the engine knows", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("fails, naming the cluster and ARM's answer, when the lookup fails for another reason than not found; nothing is created", async () => {
    const engine = await mockEngine({
      lookupFailure: {
        status: 403,
        code: "AuthorizationFailed",
        message:
          "The client 'ci' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read'.",
      },
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", OVERLAY_CILIUM_ARGS);
    await assert.rejects(settle(aks.migrationPlan), (error: Error) => {
      assert.match(error.message, /Could not read the live cluster prod in resource group rg1.*nothing was changed/s);
      assert.match(error.message, /AuthorizationFailed/);
      return true;
    });
    await drain();
    assert.deepEqual(engine.find(MANAGED_CLUSTER), [], "a failed lookup is not taken for a create");
    assert.deepEqual(engine.find(NETWORK_MIGRATION), []);
  });

  it("judges a cluster in a resource group this preview creates as a new cluster: nothing to look up, the create rules apply", async () => {
    const engine = await mockEngine({ creating: ["azure-native:resources:ResourceGroup", MANAGED_CLUSTER] });
    restore = engine.restore;
    const rg = new ResourceGroup("rg", { location: "westeurope" });
    assert.equal(await isKnown(rg.name), false, "the engine does not know a new resource group's name in a preview");
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, resourceGroupName: rg.name });
    assert.deepEqual(await settle(aks.migrationPlan), []);
    await drain();
    assert.deepEqual(
      engine.invokes.filter((i) => i.token === GET_MANAGED_CLUSTER),
      [],
    );
    const component = engine.find(COMPONENT)[0];
    assert.equal(
      component.inputs.observedNetworkProfile,
      undefined,
      "policy packs see a create, as the component judged it",
    );
    assert.equal(engine.find(MANAGED_CLUSTER).length, 1);
  });

  it("refuses an invalid new cluster in a resource group this preview creates, even with values known only later", async () => {
    const engine = await mockEngine({ creating: ["azure-native:resources:ResourceGroup"] });
    restore = engine.restore;
    const rg = new ResourceGroup("rg", { location: "westeurope" });
    // A /8 service CIDR is refused only for a create (cidr-service-size): the rule runs because the cluster is known to be new.
    const network = {
      ...OVERLAY_CILIUM_ARGS.network,
      serviceCidr: pulumi.output("10.0.0.0/8"),
      dnsServiceIp: "10.0.0.10",
    };
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, resourceGroupName: rg.name, network });
    await assert.rejects(settle(aks.migrationPlan), /\[cidr-service-size\].*Fix: /s);
    await drain();
    assert.deepEqual(engine.find(MANAGED_CLUSTER), []);
  });

  it("reports the plan the migration resource left after pulumi up, not the one it started from", async () => {
    const remaining = [
      {
        title: "Switch the data plane to Cilium (network policy cilium)",
        azCommand: "az aks update --resource-group rg1 --name prod --network-dataplane cilium --network-policy cilium",
      },
    ];
    const engine = await mockEngine({
      preview: false,
      live: live({ networkPlugin: "kubenet", networkPolicy: "none", podCidr: "192.168.0.0/16" }),
      state: (type) =>
        type === NETWORK_MIGRATION
          ? {
              applied: {
                networkPlugin: "azure",
                networkPluginMode: "overlay",
                networkPolicy: "none",
                podCidrs: ["192.168.0.0/16"],
              },
              remainingSteps: remaining,
            }
          : undefined,
    });
    restore = engine.restore;
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, migration: MigrationMode.Stepwise });
    assert.deepEqual(await settle(aks.migrationPlan), remaining);
    await drain();
    assert.equal(engine.find(NETWORK_MIGRATION)[0].inputs.migration, "stepwise");
  });

  it("warns the rules the migration's last update could not check before its write, and nothing when it checked them all", async () => {
    const unchecked =
      "[ovl-kubenet-route-table-shared] not checked: supply the route tables (could not be read: AuthorizationFailed).";
    const warningsWith = async (notChecked: string[]) => {
      const engine = await mockEngine({
        preview: false,
        live: live({
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkPolicy: "none",
          podCidr: "192.168.0.0/16",
        }),
        state: (type) => (type === NETWORK_MIGRATION ? { remainingSteps: [], notChecked } : undefined),
      });
      try {
        const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, migration: MigrationMode.Stepwise });
        await settle(aks.migrationPlan);
        await drain();
        return engine.warnings.filter((w) => w.startsWith("Before the last network step's write: "));
      } finally {
        engine.restore();
      }
    };
    assert.deepEqual(await warningsWith([unchecked]), [`Before the last network step's write: ${unchecked}`]);
    assert.deepEqual(await warningsWith([]), []);
  });

  it("sends pool changes to the pool's own AgentPool, never through the cluster's inline array", async () => {
    const clusterInputsFor = async (args: AksClusterArgs) => {
      const engine = await mockEngine({
        live: live({
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkDataplane: "cilium",
          networkPolicy: "cilium",
          podCidr: "192.168.0.0/16",
        }),
      });
      try {
        const aks = new AksCluster("prod", args);
        await settle(aks.clusterId);
        await Promise.all(aks.agentPools.map((p) => settle(p.id)));
        await drain();
        return { cluster: engine.find(MANAGED_CLUSTER)[0].inputs, pools: engine.find(AGENT_POOL).map((p) => p.inputs) };
      } finally {
        engine.restore();
      }
    };
    const before = await clusterInputsFor(OVERLAY_CILIUM_ARGS);
    const [system, apps] = OVERLAY_CILIUM_ARGS.nodePools;
    const after = await clusterInputsFor({
      ...OVERLAY_CILIUM_ARGS,
      nodePools: [
        system,
        { ...apps, count: 5, maxCount: 20 },
        { name: "batch", vmSize: "Standard_D16ds_v5", count: 1 },
      ],
    });
    assert.deepEqual(after.cluster, before.cluster);
    const byName = (pools: Record<string, unknown>[]) => pools.map((p) => [p.agentPoolName, p.maxCount]).sort();
    assert.deepEqual(byName(after.pools), [
      ["apps", 20],
      ["batch", undefined],
    ]);
    assert.deepEqual(byName(before.pools), [["apps", 10]]);
  });
});

describe("AksCluster component: secret inputs", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());
  const SECRET_POD_CIDR = "10.0.0.0/8";

  it("refuses with the rule id but never shows a secret value", async () => {
    const engine = await mockEngine();
    restore = engine.restore;
    const network = {
      ...OVERLAY_CILIUM_ARGS.network,
      podCidr: pulumi.secret(SECRET_POD_CIDR),
      serviceCidr: "10.0.0.0/16",
      dnsServiceIp: "10.0.0.10",
    };
    const aks = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, network });
    await assert.rejects(settle(aks.migrationPlan), (error: Error) => {
      assert.match(error.message, /\[cidr-pod-vs-service\].*\[secret\] overlaps 10\.0\.0\.0\/16/s);
      assert.ok(!error.message.includes(SECRET_POD_CIDR), error.message);
      return true;
    });
  });

  it("keeps a secret pod CIDR out of a refused several-step plan's az commands, and the plan secret", async () => {
    const engine = await mockEngine({
      live: live({ networkPlugin: "kubenet", networkPolicy: "none", podCidr: "10.244.0.0/16" }),
    });
    restore = engine.restore;
    const network = { ...OVERLAY_CILIUM_ARGS.network, podCidr: pulumi.secret("172.16.0.0/16") };
    await assert.rejects(
      settle(new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, network }).migrationPlan),
      (error: Error) => {
        assert.match(error.message, /\[migration-several-steps\].*--pod-cidr \[secret\]/s);
        assert.ok(!error.message.includes("172.16.0.0/16"), error.message);
        return true;
      },
    );
    restore();
    restore = (
      await mockEngine({ live: live({ networkPlugin: "kubenet", networkPolicy: "none", podCidr: "10.244.0.0/16" }) })
    ).restore;
    const stepwise = new AksCluster("prod", { ...OVERLAY_CILIUM_ARGS, network, migration: MigrationMode.Stepwise });
    assert.equal((await settle(stepwise.migrationPlan)).length, 2);
    assert.equal(await pulumi.isSecret(stepwise.migrationPlan), true);
    assert.equal(await pulumi.isSecret(stepwise.networkProfile), true);
  });
});

describe("AksCluster schema (for pulumi package add from other languages)", function () {
  this.timeout(120_000);
  let repoSchema: Promise<{ resources: Record<string, unknown>; types: Record<string, unknown> }> | undefined;
  const schemaOfRepo = () =>
    (repoSchema ??= new ComponentProvider({ components: [AksCluster], dirname: REPO_ROOT, name: "aks-netguard" })
      .getSchema()
      .then((text) => JSON.parse(text)));

  it("is inferred by ComponentProvider with named enums and no anonymous unions", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the inferred schema document, read field by field
    const schema = (await schemaOfRepo()) as any;
    const resource = schema.resources[COMPONENT];
    assert.ok(resource, Object.keys(schema.resources).join());
    assert.ok(resource.isComponent);
    assert.deepEqual([...resource.requiredInputs].sort(), ["network", "nodePools", "resourceGroupName"]);
    const enumValues = (name: string) =>
      (schema.types[`aks-netguard:index:${name}`]?.enum ?? []).map((e: { value: string }) => e.value).sort();
    assert.deepEqual(enumValues("NetworkPlugin"), ["azure", "kubenet", "none"]);
    assert.deepEqual(enumValues("NetworkDataplane"), ["azure", "cilium"]);
    assert.deepEqual(enumValues("NetworkPolicy"), ["azure", "calico", "cilium", "none"]);
    assert.deepEqual(enumValues("OsType"), ["Linux", "Windows"]);
    assert.deepEqual(enumValues("AgentPoolMode"), ["Gateway", "System", "User"]);
    assert.deepEqual(enumValues("MigrationMode"), ["single-step", "stepwise"]);
    const ref = (name: string) => `#/types/aks-netguard:index:${name}`;
    const network = schema.types["aks-netguard:index:AksClusterNetworkArgs"].properties;
    assert.deepEqual(
      [network.plugin.$ref, network.dataplane.$ref, network.policy.$ref, network.outboundType.$ref],
      [ref("NetworkPlugin"), ref("NetworkDataplane"), ref("NetworkPolicy"), ref("OutboundType")],
    );
    // NetworkPluginMode has one value, so its args field is a validated string (an enum of one is a literal type).
    assert.equal(network.pluginMode.type, "string");
    const pool = schema.types["aks-netguard:index:AksNodePoolArgs"].properties;
    assert.deepEqual([pool.osType.$ref, pool.mode.$ref], [ref("OsType"), ref("AgentPoolMode")]);
    assert.equal(resource.inputProperties.migration.$ref, ref("MigrationMode"));
    // Every union is a named enum type: no property anywhere carries an inline enum or a oneOf.
    const inline: string[] = [];
    const walk = (node: unknown, path: string, isEnumType = false): void => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      if ("oneOf" in record || ("enum" in record && !isEnumType)) inline.push(path);
      for (const [key, child] of Object.entries(record)) walk(child, `${path}.${key}`);
    };
    for (const [name, type] of Object.entries(schema.types))
      walk(type, name, Array.isArray((type as { enum?: unknown }).enum));
    walk(resource, COMPONENT);
    assert.deepEqual(inline, []);
    for (const output of ["cluster", "clusterId", "clusterName", "networkProfile", "migrationPlan"]) {
      assert.ok(resource.properties[output]?.description, `${output} is a documented output`);
    }
  });

  it("ships as schema.json exactly as inferred, so the plugin serves it and constructs without analysing TypeScript", async () => {
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as unknown;
    assert.deepEqual(shipped, await schemaOfRepo(), "schema.json is stale: npm run build writes it");
  });

  it("is inferred the same from the package as npm ships it (the tarball carries the TypeScript sources the analyzer reads)", async () => {
    const unpacked = mkdtempSync(join(tmpdir(), "aks-netguard-tarball-"));
    try {
      const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", unpacked], {
        cwd: REPO_ROOT,
        encoding: "utf8",
      });
      assert.equal(packed.status, 0, packed.stderr);
      const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
      const extracted = spawnSync("tar", ["-xzf", join(unpacked, filename), "-C", unpacked], { encoding: "utf8" });
      assert.equal(extracted.status, 0, extracted.stderr);
      const pkg = join(unpacked, "package");
      symlinkSync(join(REPO_ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
      const fromTarball = JSON.parse(
        await new ComponentProvider({ components: [AksCluster], dirname: pkg, name: "aks-netguard" }).getSchema(),
      );
      const fromRepo = await schemaOfRepo();
      assert.ok(fromTarball.resources[COMPONENT], Object.keys(fromTarball.resources).join());
      assert.deepEqual(fromTarball.resources, fromRepo.resources);
      assert.deepEqual(fromTarball.types, fromRepo.types);
      assert.deepEqual(
        JSON.parse(readFileSync(join(pkg, "schema.json"), "utf8")),
        fromRepo,
        "the tarball ships the schema the plugin serves",
      );
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });
});
