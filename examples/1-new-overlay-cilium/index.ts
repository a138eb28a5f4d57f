import { AksCluster, NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy } from "aks-netguard";

// A new cluster on Azure CNI Overlay with the Cilium data plane: the default aks-netguard steers everyone to.
const aks = new AksCluster("payments", {
  resourceGroupName: "rg-payments",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: {
    plugin: NetworkPlugin.Azure,
    pluginMode: NetworkPluginMode.Overlay,
    dataplane: NetworkDataplane.Cilium,
    policy: NetworkPolicy.Cilium,
    podCidr: "192.168.0.0/16",
  },
  nodePools: [
    { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
    { name: "apps", vmSize: "Standard_D8ds_v5", count: 3, maxCount: 20 },
  ],
});

export const networkProfile = aks.networkProfile;
export const migrationPlan = aks.migrationPlan;
