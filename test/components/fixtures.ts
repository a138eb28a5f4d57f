import type { AksClusterArgs } from "../../components";
import { NetworkDataplane, NetworkPlugin, NetworkPluginMode, NetworkPolicy } from "../../core";

/** A valid Overlay + Cilium cluster with a system and an apps pool: the component specs' usual declaration. */
export const OVERLAY_CILIUM_ARGS: AksClusterArgs = {
  resourceGroupName: "rg1",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: {
    plugin: NetworkPlugin.Azure,
    pluginMode: NetworkPluginMode.Overlay,
    dataplane: NetworkDataplane.Cilium,
    policy: NetworkPolicy.Cilium,
    podCidr: "192.168.0.0/16",
    vnetSubnetId: "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes",
  },
  nodePools: [
    { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
    { name: "apps", vmSize: "Standard_D8ds_v5", count: 2, maxCount: 10 },
  ],
};
