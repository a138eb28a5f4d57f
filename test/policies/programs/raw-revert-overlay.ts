// A raw cluster that is on Azure CNI Overlay today, declared as Azure CNI Node Subnet (plugin azure, no plugin mode):
// the overlay migration is one-way, and the change would also replace the cluster.
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";

export const cluster = new ManagedCluster("orders", {
  resourceGroupName: "rg-orders",
  resourceName: "aks-orders",
  dnsPrefix: "aks-orders",
  kubernetesVersion: "1.31",
  networkProfile: { networkPlugin: "azure" },
  agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3, osType: "Linux" }],
});
