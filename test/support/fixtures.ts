/**
 * Fixture factories: one small description of a cluster, rendered in each input shape the core reads
 * (ARM JSON, `az aks show -o json`, azure-native ManagedCluster args, a bare networkProfile).
 *
 * Renderers write exactly what the description says, in each shape's own spelling; the presets
 * (`kubenet()`, `overlay()`, …) supply a complete cluster. A description without pools, name or version renders a
 * partial cluster — what an update that only names the fields it changes looks like.
 */
import { parseAgentPool, parseCluster, type ClusterNetwork, type EvaluationContext, type NodePool } from "../../core";

export interface PoolSpec {
  name: string;
  os?: string;
  osSku?: string;
  mode?: string;
  count?: number;
  /** Sets enableAutoScaling as well. */
  maxCount?: number;
  vmSize?: string;
  vnetSubnetId?: string;
  podSubnetId?: string;
  podIpAllocationMode?: string;
  /** `VirtualMachineScaleSets` or `AvailabilitySet`. */
  type?: string;
  nodeImageVersion?: string;
  orchestratorVersion?: string;
  /** upgradeSettings.undrainableNodeBehavior: Schedule or Cordon. */
  undrainableNodeBehavior?: string;
  /** localDNSProfile.mode: Required, Preferred or Disabled. */
  localDnsMode?: string;
}

export interface ClusterSpec {
  name?: string;
  resourceGroup?: string;
  version?: string;
  plugin?: string;
  mode?: string;
  dataplane?: string;
  policy?: string;
  podCidr?: string;
  podCidrs?: string[];
  serviceCidr?: string;
  serviceCidrs?: string[];
  dnsServiceIp?: string;
  ipFamilies?: string[];
  outboundType?: string;
  /** identity.type: SystemAssigned, UserAssigned or None. */
  identity?: string;
  /** Node auto-provisioning: nodeProvisioningProfile.mode Auto (true) or Manual (false). */
  nap?: boolean;
  pools?: PoolSpec[];
}

export type Shape = "arm" | "az" | "pulumi" | "network-profile";
export const CLUSTER_SHAPES: readonly Exclude<Shape, "network-profile">[] = ["arm", "az", "pulumi"];

/** Azure CNI Overlay with Cilium as data plane and network policy, as a network profile: the migrations' usual target. */
export const OVERLAY_CILIUM_PROFILE: Readonly<Record<string, string>> = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkDataplane: "cilium",
  networkPolicy: "cilium",
};

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const NODE_SUBNET_ID = subnetId("rg-net", "vnet-aks", "snet-nodes");
export const POD_SUBNET_ID = subnetId("rg-net", "vnet-aks", "snet-pods");
/** The subnet Application Gateway Ingress Controller attaches the kubenet route table to. */
export const AGIC_SUBNET_ID = subnetId("rg-net", "vnet-aks", "ingress-appgateway-subnet");
export const ROUTE_TABLE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-aks`;
/** What the context says about the VNet the subnet IDs above point into. */
const VNET_SPACE = "10.240.0.0/16";
const NODE_SUBNET_PREFIX = "10.240.0.0/22";
const POD_SUBNET_PREFIX = "10.240.16.0/20";

export function subnetId(resourceGroup: string, vnet: string, subnet: string): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;
}

/** Drops undefined entries so a rendered shape carries only what the description set. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const hasAny = (o: Record<string, unknown>) => Object.keys(o).length > 0;

interface Spelling {
  dnsServiceIp: string;
  vnetSubnetId: string;
  podSubnetId: string;
  osSku: string;
  podIpAllocationMode: string;
}
const ARM_SPELLING: Spelling = {
  dnsServiceIp: "dnsServiceIP",
  vnetSubnetId: "vnetSubnetID",
  podSubnetId: "podSubnetID",
  osSku: "osSKU",
  podIpAllocationMode: "podIPAllocationMode",
};
const AZ_SPELLING: Spelling = {
  dnsServiceIp: "dnsServiceIp",
  vnetSubnetId: "vnetSubnetId",
  podSubnetId: "podSubnetId",
  osSku: "osSku",
  podIpAllocationMode: "podIpAllocationMode",
};

function networkProfileOf(s: ClusterSpec, spelling: Spelling): Record<string, unknown> {
  return defined({
    networkPlugin: s.plugin,
    networkPluginMode: s.mode,
    networkDataplane: s.dataplane,
    networkPolicy: s.policy,
    podCidr: s.podCidr,
    podCidrs: s.podCidrs,
    serviceCidr: s.serviceCidr,
    serviceCidrs: s.serviceCidrs,
    [spelling.dnsServiceIp]: s.dnsServiceIp,
    ipFamilies: s.ipFamilies,
    outboundType: s.outboundType,
  });
}

function poolOf(p: PoolSpec, spelling: Spelling): Record<string, unknown> {
  return defined({
    name: p.name,
    mode: p.mode,
    osType: p.os,
    [spelling.osSku]: p.osSku,
    vmSize: p.vmSize,
    count: p.count,
    maxCount: p.maxCount,
    minCount: p.maxCount === undefined ? undefined : 1,
    enableAutoScaling: p.maxCount === undefined ? undefined : true,
    [spelling.vnetSubnetId]: p.vnetSubnetId,
    [spelling.podSubnetId]: p.podSubnetId,
    [spelling.podIpAllocationMode]: p.podIpAllocationMode,
    type: p.type,
    nodeImageVersion: p.nodeImageVersion,
    orchestratorVersion: p.orchestratorVersion,
    upgradeSettings:
      p.undrainableNodeBehavior === undefined ? undefined : { undrainableNodeBehavior: p.undrainableNodeBehavior },
    localDNSProfile: p.localDnsMode === undefined ? undefined : { mode: p.localDnsMode },
  });
}

function clusterId(s: ClusterSpec, resourceGroupSegment = "resourceGroups"): string | undefined {
  if (s.name === undefined || s.resourceGroup === undefined) return undefined;
  return `/subscriptions/${SUBSCRIPTION}/${resourceGroupSegment}/${s.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${s.name}`;
}

const napProfile = (s: ClusterSpec) => (s.nap === undefined ? undefined : { mode: s.nap ? "Auto" : "Manual" });
const identityOf = (s: ClusterSpec) => (s.identity === undefined ? undefined : { type: s.identity });

/** ARM JSON, as `GET …/managedClusters/{name}` returns it: everything network-related under `properties`. */
export function armCluster(s: ClusterSpec): Record<string, unknown> {
  const profile = networkProfileOf(s, ARM_SPELLING);
  return defined({
    id: clusterId(s),
    name: s.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    location: "westeurope",
    identity: identityOf(s),
    properties: defined({
      provisioningState: "Succeeded",
      kubernetesVersion: s.version,
      nodeProvisioningProfile: napProfile(s),
      networkProfile: hasAny(profile) ? profile : undefined,
      agentPoolProfiles: s.pools?.map((p) => poolOf(p, ARM_SPELLING)),
    }),
  });
}

/**
 * `az aks show -o json`: flattened at top level, az's camelCase (dnsServiceIp, vnetSubnetId, osSku), `null` for
 * unset fields, and the RP's habit of returning a dual-stack list next to each single CIDR.
 */
export function azShowCluster(s: ClusterSpec): Record<string, unknown> {
  const profile = networkProfileOf(s, AZ_SPELLING);
  const azProfile = {
    networkPlugin: null,
    networkPluginMode: null,
    networkDataplane: null,
    networkPolicy: null,
    podCidr: null,
    podCidrs: s.podCidrs ?? (s.podCidr !== undefined ? [s.podCidr] : null),
    serviceCidr: null,
    serviceCidrs: s.serviceCidrs ?? (s.serviceCidr !== undefined ? [s.serviceCidr] : null),
    dnsServiceIp: null,
    loadBalancerSku: "standard",
    ...profile,
  };
  return {
    id: clusterId(s, "resourcegroups") ?? null,
    name: s.name ?? null,
    resourceGroup: s.resourceGroup ?? null,
    location: "westeurope",
    type: "Microsoft.ContainerService/ManagedClusters",
    provisioningState: "Succeeded",
    powerState: { code: "Running" },
    kubernetesVersion: s.version ?? null,
    currentKubernetesVersion: s.version ?? null,
    identity: identityOf(s) ?? null,
    nodeProvisioningProfile: napProfile(s) ?? null,
    networkProfile: azProfile,
    agentPoolProfiles:
      s.pools?.map((p) => ({ podSubnetId: null, vnetSubnetId: null, osSku: null, ...poolOf(p, AZ_SPELLING) })) ?? null,
  };
}

/**
 * azure-native ManagedCluster args (`new ManagedCluster(name, args)`).
 * `sdkDefaults` adds what the SDK's constructor fills into every networkProfile it sends
 * (podCidr 10.244.0.0/16, serviceCidr 10.0.0.0/16, dnsServiceIP 10.0.0.10, outboundType loadBalancer).
 */
export function pulumiClusterArgs(s: ClusterSpec, options: { sdkDefaults?: boolean } = {}): Record<string, unknown> {
  const profile = networkProfileOf(s, ARM_SPELLING);
  const withDefaults = options.sdkDefaults
    ? {
        podCidr: "10.244.0.0/16",
        serviceCidr: "10.0.0.0/16",
        dnsServiceIP: "10.0.0.10",
        outboundType: "loadBalancer",
        ...profile,
      }
    : profile;
  return defined({
    resourceGroupName: s.resourceGroup,
    resourceName: s.name,
    kubernetesVersion: s.version,
    identity: identityOf(s),
    nodeProvisioningProfile: napProfile(s),
    networkProfile: hasAny(withDefaults) ? withDefaults : undefined,
    agentPoolProfiles: s.pools?.map((p) => poolOf(p, ARM_SPELLING)),
  });
}

/** Only the networkProfile object (what an update that names network fields alone sends). */
export function networkProfileOnly(s: ClusterSpec): Record<string, unknown> {
  return networkProfileOf(s, ARM_SPELLING);
}

/** An azure-native AgentPool resource's args: a pool declared outside the cluster. */
export function agentPoolArgs(p: PoolSpec, cluster = "aks1", resourceGroup = "rg-aks"): Record<string, unknown> {
  const { name, ...rest } = poolOf(p, ARM_SPELLING);
  return { resourceGroupName: resourceGroup, resourceName: cluster, agentPoolName: name, ...rest };
}

const RENDERERS: Record<Shape, (s: ClusterSpec) => Record<string, unknown>> = {
  arm: armCluster,
  az: azShowCluster,
  pulumi: (s) => pulumiClusterArgs(s),
  "network-profile": networkProfileOnly,
};

/** The cluster in one of the shapes the core reads. */
export function render(shape: Shape, s: ClusterSpec): Record<string, unknown> {
  return RENDERERS[shape](s);
}

/** The parsed model of a description, read from the given shape. */
export function model(s: ClusterSpec, shape: Shape = "arm"): ClusterNetwork {
  return parseCluster(render(shape, s), shape);
}

/** A separate AgentPool resource as the context carries it. */
export function separatePool(p: PoolSpec): NodePool {
  return parseAgentPool(agentPoolArgs(p), `agentPools.${p.name}`);
}

// Pools.
export const systemPool = (extra: Partial<PoolSpec> = {}): PoolSpec => ({
  name: "system",
  mode: "System",
  os: "Linux",
  osSku: "AzureLinux",
  vmSize: "Standard_D4ds_v5",
  count: 3,
  type: "VirtualMachineScaleSets",
  vnetSubnetId: NODE_SUBNET_ID,
  ...extra,
});
export const userPool = (extra: Partial<PoolSpec> = {}): PoolSpec => ({
  name: "apps",
  mode: "User",
  os: "Linux",
  vmSize: "Standard_D8ds_v5",
  count: 2,
  maxCount: 10,
  type: "VirtualMachineScaleSets",
  vnetSubnetId: NODE_SUBNET_ID,
  ...extra,
});
/** A current Windows Server 2022 pool on containerd, above the overlay SNAT fix. */
export const windowsPool = (extra: Partial<PoolSpec> = {}): PoolSpec => ({
  name: "win1",
  mode: "User",
  os: "Windows",
  osSku: "Windows2022",
  vmSize: "Standard_D4ds_v5",
  count: 2,
  type: "VirtualMachineScaleSets",
  vnetSubnetId: NODE_SUBNET_ID,
  nodeImageVersion: "AKSWindows-2022-containerd-20348.2527.240612",
  orchestratorVersion: "1.31.2",
  ...extra,
});

// Complete clusters, one a mode; `extra` overrides any field.
const base = (extra: ClusterSpec): ClusterSpec => ({
  name: "aks1",
  resourceGroup: "rg-aks",
  version: "1.31.2",
  identity: "UserAssigned",
  serviceCidr: "10.0.0.0/16",
  dnsServiceIp: "10.0.0.10",
  outboundType: "loadBalancer",
  pools: [systemPool()],
  ...extra,
});
export const kubenet = (extra: ClusterSpec = {}): ClusterSpec =>
  base({ plugin: "kubenet", podCidr: "10.244.0.0/16", ...extra });
export const nodeSubnet = (extra: ClusterSpec = {}): ClusterSpec => base({ plugin: "azure", ...extra });
export const podSubnet = (extra: ClusterSpec = {}): ClusterSpec =>
  base({
    plugin: "azure",
    pools: [systemPool({ podSubnetId: POD_SUBNET_ID, podIpAllocationMode: "DynamicIndividual" })],
    ...extra,
  });
export const overlay = (extra: ClusterSpec = {}): ClusterSpec =>
  base({ plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", ...extra });
export const overlayCilium = (extra: ClusterSpec = {}): ClusterSpec =>
  overlay({ dataplane: "cilium", policy: "cilium", ...extra });
export const byoCni = (extra: ClusterSpec = {}): ClusterSpec => base({ plugin: "none", ...extra });

export const DUAL_STACK: ClusterSpec = {
  ipFamilies: ["IPv4", "IPv6"],
  podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"],
  serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"],
};

/** A context that knows the VNet and that kube-system has only the reconciled ip-masq-agent ConfigMap. */
export const vnetContext = (extra: Partial<EvaluationContext> = {}): EvaluationContext => ({
  vnetAddressSpaces: [VNET_SPACE],
  subnets: [
    { name: "snet-nodes", addressPrefixes: [NODE_SUBNET_PREFIX] },
    { name: "snet-pods", addressPrefixes: [POD_SUBNET_PREFIX] },
  ],
  ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config-reconciled"],
  ...extra,
});
