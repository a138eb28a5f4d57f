import {
  AksCluster,
  MigrationMode,
  NetworkDataplane,
  NetworkPlugin,
  NetworkPluginMode,
  NetworkPolicy,
} from "aks-netguard";

// kubenet + Calico today. Three supported operations: uninstall Calico, move to Overlay, switch to Cilium.
// With migration: "stepwise" each pulumi up applies the next one; migrationPlan shows what is left.
const aks = new AksCluster("payments", {
  resourceGroupName: "rg-payments",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: {
    plugin: NetworkPlugin.Azure,
    pluginMode: NetworkPluginMode.Overlay,
    dataplane: NetworkDataplane.Cilium,
    policy: NetworkPolicy.Cilium,
    podCidr: "10.244.0.0/16",
  },
  nodePools: [
    { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
    { name: "apps", vmSize: "Standard_D8ds_v5", count: 3, maxCount: 20 },
  ],
  migration: MigrationMode.Stepwise,
});

export const networkProfile = aks.networkProfile;
export const migrationPlan = aks.migrationPlan;
