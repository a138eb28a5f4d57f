export { AksCluster, AKS_CLUSTER_TYPE, FORCE_NEW_NETWORK_FIELDS } from "./aks-cluster";
export {
  MigrationMode,
  type AksClusterAdoption,
  type AksClusterArgs,
  type AksClusterNetworkArgs,
  type AksNodePoolArgs,
} from "./args";
export { NetworkMigration, type NetworkMigrationArgs, type NetworkTarget } from "./network-migration";
export { judgeComponent, type ComponentVerdict } from "./judge";
export type { PlannedStep } from "../core";
