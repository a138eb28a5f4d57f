import type { EvaluationContext } from "./context";
import type { ClusterNetwork, NodePool } from "./model";

/**
 * The stack config key that holds every cluster's baseline once, as `{ "<Pulumi name | Azure name | URN>": <cluster> }`:
 * every policy of the pack that needs a cluster's current state reads it (the Node language host passes stack config to
 * packs in PULUMI_CONFIG), and `aks-netguard baseline` writes its value.
 */
export const BASELINES_CONFIG_KEY = "aks-netguard:baselines";

/**
 * The network-relevant part of a model as compact ARM-style JSON that `parseCluster` reads back to the same model:
 * what baselines and the component's registered observed profile carry.
 */
export function clusterToJson(c: ClusterNetwork): Record<string, unknown> {
  return compact({
    name: c.name,
    resourceGroup: c.resourceGroup,
    kubernetesVersion: c.kubernetesVersion,
    identity: c.identityType ? { type: c.identityType } : undefined,
    nodeProvisioningProfile:
      c.nodeAutoProvisioning === undefined ? undefined : { mode: c.nodeAutoProvisioning ? "Auto" : "Manual" },
    networkProfile: compact({
      networkPlugin: c.networkPlugin,
      networkPluginMode: c.networkPluginMode,
      networkDataplane: c.networkDataplane,
      networkPolicy: c.networkPolicy,
      podCidrs: c.podCidrs.length > 0 ? [...c.podCidrs] : undefined,
      serviceCidrs: c.serviceCidrs.length > 0 ? [...c.serviceCidrs] : undefined,
      dnsServiceIP: c.dnsServiceIp,
      ipFamilies: c.ipFamilies.length > 0 ? [...c.ipFamilies] : undefined,
      outboundType: c.outboundType,
    }),
    agentPoolProfiles: c.nodePools.filter((p) => !p.separate).map(poolToJson),
  });
}

/** A context as JSON that `parseContext` reads back (a baseline's live facts, `--json` output). */
export function contextToJson(context: EvaluationContext): Record<string, unknown> {
  return compact({
    vnetAddressSpaces: context.vnetAddressSpaces,
    subnets: context.subnets,
    peerings: context.peerings,
    routeTables: context.routeTables,
    agentPools: context.agentPools?.map(poolToJson),
    ipMasqAgentConfigMaps: context.ipMasqAgentConfigMaps,
    now: context.now?.toISOString(),
    unavailable: context.unavailable && Object.keys(context.unavailable).length > 0 ? context.unavailable : undefined,
  });
}

function poolToJson(p: NodePool): Record<string, unknown> {
  return compact({
    name: p.name,
    mode: p.mode,
    osType: p.osType,
    osSKU: p.osSku,
    vmSize: p.vmSize,
    vnetSubnetID: p.vnetSubnetId,
    podSubnetID: p.podSubnetId,
    podIPAllocationMode: p.podIpAllocationMode,
    windowsContainerRuntime: p.windowsContainerRuntime,
    nodeImageVersion: p.windowsOsBuild ? `windows-${p.windowsOsBuild}` : undefined,
    type: p.availabilitySet ? "AvailabilitySet" : undefined,
    count: p.maxNodes,
    upgradeSettings:
      p.undrainableNodeBehavior === undefined && p.drainTimeoutInMinutes === undefined
        ? undefined
        : compact({
            undrainableNodeBehavior: p.undrainableNodeBehavior,
            drainTimeoutInMinutes: p.drainTimeoutInMinutes,
          }),
  });
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
