import { AksCluster, NetworkPlugin, NetworkPolicy } from "aks-netguard";

// Before: the stack held a raw azure-native cluster,
//   new ManagedCluster("payments-aks", { resourceGroupName: "rg-payments", resourceName: "aks-payments", … })
// After: the same cluster under AksCluster. The alias hands the child the raw resource's identity, so `pulumi up` moves
// it in the state instead of deleting and re-creating it. The network profile is first stated as it is live
// (kubenet, no policy): adoption and migration are two separate `pulumi up`s.
const aks = new AksCluster("payments", {
  resourceGroupName: "rg-payments",
  clusterName: "aks-payments", // the raw resource's resourceName: a different name would be a different cluster
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: { plugin: NetworkPlugin.Kubenet, policy: NetworkPolicy.None, podCidr: "10.244.0.0/16" },
  nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
  adopt: { fromResource: { name: "payments-aks" } },
  // A cluster in no stack is imported by its ARM id instead (az aks show -g rg-payments -n aks-payments --query id):
  // adopt: { importId: "/subscriptions/<id>/resourceGroups/rg-payments/providers/Microsoft.ContainerService/managedClusters/aks-payments" },
});

export const migrationPlan = aks.migrationPlan;
