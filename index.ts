/** aks-netguard: the AksCluster component and its enums, over the rules core. */
export {
  AksCluster,
  MigrationMode,
  type AksClusterAdoptedResource,
  type AksClusterAdoption,
  type AksClusterArgs,
  type AksClusterNetworkArgs,
  type AksNodePoolArgs,
} from "./components";
export {
  NetworkPlugin,
  NetworkPluginMode,
  NetworkDataplane,
  NetworkPolicy,
  OsType,
  AgentPoolMode,
  OutboundType,
} from "./core/enums";
export * from "./core";
