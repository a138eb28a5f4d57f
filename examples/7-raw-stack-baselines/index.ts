// A raw azure-native stack (no component) guarded by the policy pack with a baselines policy config.
// The cluster runs kubenet today (current.json); the program declares Azure CNI Overlay with ignoreChanges on the
// force-new network fields, so the update is in place: `aks-netguard apply` (or the AksCluster component) performs the
// step, and the pack checks the transition against the baseline in every preview.
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";

export const cluster = new ManagedCluster(
  "orders",
  {
    resourceGroupName: "rg-orders",
    resourceName: "aks-orders",
    dnsPrefix: "aks-orders",
    kubernetesVersion: "1.31",
    identity: {
      type: "UserAssigned",
      userAssignedIdentities: [
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-orders/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-orders",
      ],
    },
    networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" },
    agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3, osType: "Linux" }],
  },
  {
    protect: true,
    ignoreChanges: [
      "networkProfile.networkPlugin",
      "networkProfile.networkPluginMode",
      "networkProfile.networkDataplane",
      "networkProfile.networkPolicy",
      "networkProfile.podCidr",
    ],
  },
);
