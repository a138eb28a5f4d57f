import { AksCluster, NetworkPlugin, NetworkPluginMode } from "aks-netguard";

// The cluster runs kubenet today (see state.json); the target is Azure CNI Overlay with the same pod CIDR.
const aks = new AksCluster("payments", {
  resourceGroupName: "rg-payments",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: {
    plugin: NetworkPlugin.Azure,
    pluginMode: NetworkPluginMode.Overlay,
    podCidr: "10.244.0.0/16",
  },
  nodePools: [
    { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
    { name: "apps", vmSize: "Standard_D8ds_v5", count: 3, maxCount: 20 },
  ],
});

export const networkProfile = aks.networkProfile;
export const migrationPlan = aks.migrationPlan;
