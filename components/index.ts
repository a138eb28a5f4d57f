export { AksCluster } from "./aks-cluster";
export {
  MigrationMode,
  type AksClusterAdoptedResource,
  type AksClusterAdoption,
  type AksClusterArgs,
  type AksClusterNetworkArgs,
  type AksNodePoolArgs,
} from "./args";
export { FORCE_NEW_NETWORK_FIELDS } from "../core";
