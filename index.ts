/** aks-netguard: the AksCluster component and its enums, over the rules core. */
export * from "./components";
// The component's MigrationMode (an enum object and its type) wins over the core's type of the same values.
export { MigrationMode } from "./components";
export * from "./core";
