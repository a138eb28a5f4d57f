/** aks-netguard: the rules core, the AksCluster component and its enums. */
export * from "./core";
