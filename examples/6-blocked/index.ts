// Three changes aks-netguard blocks in preview, declared with raw azure-native resources (any language works the same):
// 1. reverting a cluster from Azure CNI Overlay to Node Subnet (overlay is irreversible);
// 2. moving a Node Subnet cluster to Overlay and to Cilium in one update (IPAM mode and data plane are separate operations);
// 3. a Windows pool, declared as a separate AgentPool, on a Cilium cluster (Cilium is Linux-only).
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";

const systemPool = [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3, osType: "Linux" }];

export const reverted = new ManagedCluster("reverted", {
  resourceGroupName: "rg-blocked",
  resourceName: "aks-reverted",
  dnsPrefix: "aks-reverted",
  kubernetesVersion: "1.31",
  networkProfile: { networkPlugin: "azure" },
  agentPoolProfiles: systemPool,
});

export const bothAtOnce = new ManagedCluster("both-at-once", {
  resourceGroupName: "rg-blocked",
  resourceName: "aks-both",
  dnsPrefix: "aks-both",
  kubernetesVersion: "1.31",
  networkProfile: {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    podCidr: "192.168.0.0/16",
  },
  agentPoolProfiles: systemPool,
});

export const ciliumCluster = new ManagedCluster("cilium", {
  resourceGroupName: "rg-blocked",
  resourceName: "aks-cilium",
  dnsPrefix: "aks-cilium",
  kubernetesVersion: "1.31",
  networkProfile: {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    podCidr: "192.168.0.0/16",
  },
  agentPoolProfiles: systemPool,
});

export const windowsPool = new AgentPool("cilium-win", {
  resourceGroupName: "rg-blocked",
  resourceName: "aks-cilium",
  agentPoolName: "win1",
  osType: "Windows",
  vmSize: "Standard_D4ds_v5",
  count: 2,
});
