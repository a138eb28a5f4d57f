// The floor: a program that imports only azure-native's ManagedCluster module by its deep path.
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";

export const cluster = new ManagedCluster("bench", {
  resourceGroupName: "rg-bench",
  location: "westeurope",
  kubernetesVersion: "1.31",
  dnsPrefix: "bench",
  networkProfile: {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    podCidr: "192.168.0.0/16",
  },
  agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
});
