/** The ARM side of aks-netguard: the in-place migration executor and what it needs. */
export { applyNetworkMigration, withStepFields, StepFailedError, MigrationTimeoutError, type ExecutorOptions, type ExecutorEvent, type ExecutorResult } from "./executor";
export { credentialFrom, armEndpointFrom, TOKEN_ENV, ENDPOINT_ENV, PUBLIC_ARM_ENDPOINT } from "./credentials";
export { parseClusterId, clusterIdOf, type ClusterRef } from "./cluster-ref";
export { migrateStep, pendingSteps, sameNetwork, networkValuesOf, type MigrationInputs, type MigrationOutputs, type NetworkTargetValues } from "./migrate-step";
