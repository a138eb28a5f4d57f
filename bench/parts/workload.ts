import type { EngineResource } from "../../preview/policy-client";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const VNET = "azure-native:network:VirtualNetwork";

const profiles = [
  {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    podCidr: "192.168.0.0/16",
  },
  { networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" },
  { networkPlugin: "azure", networkPolicy: "azure" },
  { networkPlugin: "kubenet", networkDataplane: "cilium", networkPolicy: "cilium", podCidr: "10.244.0.0/16" },
  { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "172.16.0.0/12" },
];

/** A resource as the engine sends it, under the bench stack's URN. */
function resource(type: string, name: string, props: Record<string, unknown>): EngineResource {
  return { type, name, urn: `urn:pulumi:bench::proj::${type}::${name}`, props };
}

/** Realistic props, mixed valid and invalid: what azure-native programs send (SDK defaults included). */
function clusterResource(i: number): EngineResource {
  const windows = i % 7 === 0;
  return resource(CLUSTER, `cluster-${i}`, {
    resourceGroupName: `rg-${i % 50}`,
    resourceName: `aks-${i}`,
    location: "westeurope",
    dnsPrefix: `aks-${i}`,
    kubernetesVersion: "1.31",
    identity: { type: "UserAssigned" },
    networkProfile: {
      serviceCidr: "10.0.0.0/16",
      dnsServiceIP: "10.0.0.10",
      outboundType: "loadBalancer",
      ...profiles[i % profiles.length],
    },
    agentPoolProfiles: [
      {
        name: "system",
        mode: "System",
        vmSize: "Standard_D4ds_v5",
        count: 3,
        osType: "Linux",
        vnetSubnetID: `/subscriptions/s/resourceGroups/rg-${i % 50}/providers/Microsoft.Network/virtualNetworks/vnet-${i}/subnets/nodes`,
      },
      ...(windows ? [{ name: "win1", mode: "User", vmSize: "Standard_D4ds_v5", count: 2, osType: "Windows" }] : []),
    ],
    tags: { team: "platform", costCenter: String(i % 13) },
  });
}

function poolResource(i: number, cluster: number): EngineResource {
  return resource(POOL, `pool-${i}`, {
    resourceGroupName: `rg-${cluster % 50}`,
    resourceName: `aks-${cluster}`,
    agentPoolName: `p${i % 100}`,
    osType: i % 5 === 0 ? "Windows" : "Linux",
    vmSize: "Standard_D8ds_v5",
    count: 3,
  });
}

function vnetResource(cluster: number): EngineResource {
  return resource(VNET, `vnet-${cluster}`, {
    resourceGroupName: `rg-${cluster % 50}`,
    virtualNetworkName: `vnet-${cluster}`,
    addressSpace: { addressPrefixes: ["10.240.0.0/16"] },
    subnets: [{ name: "nodes", addressPrefix: "10.240.0.0/22" }],
  });
}

/** The 2,000 AnalyzeRequests of part 1: clusters and pools, mixed valid and invalid. */
export function analyzeWorkload(count: number): EngineResource[] {
  return Array.from({ length: count }, (_, i) => (i % 4 === 3 ? poolResource(i, i - 1) : clusterResource(i)));
}

/** A stack of about `size` resources: clusters, two AgentPools and a VNet per cluster. */
export function stackWorkload(size: number): EngineResource[] {
  const resources: EngineResource[] = [];
  for (let c = 0; resources.length < size; c++) {
    resources.push(clusterResource(c), poolResource(2 * c, c), poolResource(2 * c + 1, c), vnetResource(c));
  }
  return resources.slice(0, size);
}
