// A raw azure-native stack (no component): an overlay + Cilium cluster, a Windows pool declared as a separate AgentPool
// resource, and the VNet the nodes live in, whose node subnet the pod CIDR overlaps.
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";
import { VirtualNetwork } from "@pulumi/azure-native/network/virtualNetwork";

const resourceGroupName = "rg-raw";

export const vnet = new VirtualNetwork("vnet", {
  resourceGroupName,
  virtualNetworkName: "vnet-raw",
  addressSpace: { addressPrefixes: ["10.240.0.0/16"] },
  subnets: [{ name: "nodes", addressPrefix: "10.240.0.0/22" }],
});

export const cluster = new ManagedCluster("raw", {
  resourceGroupName,
  resourceName: "aks-raw",
  dnsPrefix: "aks-raw",
  kubernetesVersion: "1.31",
  networkProfile: {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    podCidr: "10.240.0.0/16",
  },
  agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3, osType: "Linux" }],
});

export const windows = new AgentPool("win", {
  resourceGroupName,
  resourceName: cluster.name,
  agentPoolName: "win1",
  osType: "Windows",
  vmSize: "Standard_D4ds_v5",
  count: 2,
});
