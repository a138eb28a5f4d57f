// A raw overlay cluster with Azure NPM moved to Cilium in place: the network fields azure-native treats as force-new
// are under ignoreChanges (the change itself is made with az aks update), so the update replaces nothing.
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";

export const cluster = new ManagedCluster(
  "payments",
  {
    resourceGroupName: "rg-payments",
    resourceName: "aks-payments",
    dnsPrefix: "aks-payments",
    kubernetesVersion: "1.31",
    networkProfile: {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkDataplane: "cilium",
      networkPolicy: "cilium",
      podCidr: "192.168.0.0/16",
    },
    agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3, osType: "Linux" }],
  },
  { ignoreChanges: ["networkProfile.networkDataplane", "networkProfile.networkPolicy"] },
);
