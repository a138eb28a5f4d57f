// A consumer program that imports aks-netguard the way the README shows.
import { AksCluster, NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy } from "aks-netguard";

export const cluster = new AksCluster("bench", {
  resourceGroupName: "rg-bench",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: {
    plugin: NetworkPlugin.Azure,
    pluginMode: NetworkPluginMode.Overlay,
    dataplane: NetworkDataplane.Cilium,
    policy: NetworkPolicy.Cilium,
    podCidr: "192.168.0.0/16",
  },
  nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
});
