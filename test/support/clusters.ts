/** One small description of a cluster, rendered in each of the three input shapes the core accepts. */
export interface PoolDesc {
  name: string;
  os?: "Linux" | "Windows";
  mode?: "System" | "User";
  count?: number;
  maxCount?: number;
  vnetSubnetId?: string;
  podSubnetId?: string;
  type?: string;
  vmSize?: string;
  nodeImageVersion?: string;
  orchestratorVersion?: string;
}

export interface ClusterDesc {
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
  dnsIp?: string;
  ipFamilies?: string[];
  identity?: string;
  nap?: boolean;
  pools?: PoolDesc[];
}

export const SUBNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes";
export const POD_SUBNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pods";

const defaults: Required<Pick<ClusterDesc, "name" | "resourceGroup" | "version" | "pools">> = {
  name: "aks1",
  resourceGroup: "rg1",
  version: "1.31.2",
  pools: [{ name: "system", mode: "System", count: 3 }],
};

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function profile(d: ClusterDesc, dnsKey: "dnsServiceIp" | "dnsServiceIP"): Record<string, unknown> {
  return clean({
    networkPlugin: d.plugin,
    networkPluginMode: d.mode,
    networkDataplane: d.dataplane,
    networkPolicy: d.policy,
    podCidr: d.podCidr,
    podCidrs: d.podCidrs,
    serviceCidr: d.serviceCidr,
    serviceCidrs: d.serviceCidrs,
    [dnsKey]: d.dnsIp,
    ipFamilies: d.ipFamilies,
  });
}

function pools(d: ClusterDesc, keys: { subnet: string; podSubnet: string; sku: string }): Record<string, unknown>[] {
  return (d.pools ?? defaults.pools).map((p) =>
    clean({
      name: p.name,
      mode: p.mode ?? "User",
      osType: p.os ?? "Linux",
      count: p.count ?? 2,
      maxCount: p.maxCount,
      enableAutoScaling: p.maxCount !== undefined ? true : undefined,
      [keys.subnet]: p.vnetSubnetId,
      [keys.podSubnet]: p.podSubnetId,
      type: p.type,
      vmSize: p.vmSize,
      nodeImageVersion: p.nodeImageVersion,
      orchestratorVersion: p.orchestratorVersion,
    }),
  );
}

/** `az aks show -o json`: flattened, az's camelCase (dnsServiceIp, vnetSubnetId). */
export function azShow(d: ClusterDesc): Record<string, unknown> {
  const name = d.name ?? defaults.name;
  const rg = d.resourceGroup ?? defaults.resourceGroup;
  return clean({
    id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    resourceGroup: rg,
    provisioningState: "Succeeded",
    kubernetesVersion: d.version ?? defaults.version,
    identity: d.identity ? { type: d.identity } : undefined,
    nodeProvisioningProfile: d.nap === undefined ? undefined : { mode: d.nap ? "Auto" : "Manual" },
    networkProfile: profile(d, "dnsServiceIp"),
    agentPoolProfiles: pools(d, { subnet: "vnetSubnetId", podSubnet: "podSubnetId", sku: "osSku" }),
  });
}

/** ARM JSON: everything under properties, ARM's spelling (dnsServiceIP, vnetSubnetID). */
export function armJson(d: ClusterDesc): Record<string, unknown> {
  const name = d.name ?? defaults.name;
  const rg = d.resourceGroup ?? defaults.resourceGroup;
  return clean({
    id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    type: "Microsoft.ContainerService/ManagedClusters",
    identity: d.identity ? { type: d.identity } : undefined,
    properties: clean({
      provisioningState: "Succeeded",
      kubernetesVersion: d.version ?? defaults.version,
      nodeProvisioningProfile: d.nap === undefined ? undefined : { mode: d.nap ? "Auto" : "Manual" },
      networkProfile: profile(d, "dnsServiceIP"),
      agentPoolProfiles: pools(d, { subnet: "vnetSubnetID", podSubnet: "podSubnetID", sku: "osSKU" }),
    }),
  });
}

/** azure-native ManagedCluster args. */
export function pulumiArgs(d: ClusterDesc): Record<string, unknown> {
  return clean({
    resourceName: d.name ?? defaults.name,
    resourceGroupName: d.resourceGroup ?? defaults.resourceGroup,
    kubernetesVersion: d.version ?? defaults.version,
    identity: d.identity ? { type: d.identity } : undefined,
    nodeProvisioningProfile: d.nap === undefined ? undefined : { mode: d.nap ? "Auto" : "Manual" },
    networkProfile: profile(d, "dnsServiceIP"),
    agentPoolProfiles: pools(d, { subnet: "vnetSubnetID", podSubnet: "podSubnetID", sku: "osSKU" }),
  });
}

/** Common starting points. */
export const clusters = {
  kubenet: (extra: ClusterDesc = {}): ClusterDesc => ({ plugin: "kubenet", podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10", ...extra }),
  nodeSubnet: (extra: ClusterDesc = {}): ClusterDesc => ({ plugin: "azure", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10", pools: [{ name: "system", mode: "System", count: 3, vnetSubnetId: SUBNET_ID }], ...extra }),
  podSubnet: (extra: ClusterDesc = {}): ClusterDesc => ({ plugin: "azure", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10", pools: [{ name: "system", mode: "System", count: 3, vnetSubnetId: SUBNET_ID, podSubnetId: POD_SUBNET_ID }], ...extra }),
  overlay: (extra: ClusterDesc = {}): ClusterDesc => ({ plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10", ...extra }),
  overlayCilium: (extra: ClusterDesc = {}): ClusterDesc => ({ plugin: "azure", mode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10", ...extra }),
  byoCni: (extra: ClusterDesc = {}): ClusterDesc => ({ plugin: "none", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10", ...extra }),
};

export const WINDOWS_POOL: PoolDesc = { name: "win1", os: "Windows", count: 2, nodeImageVersion: "AKSWindows-2022-containerd-20348.2227.240112" };
