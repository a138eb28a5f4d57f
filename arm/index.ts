/** The ARM side of aks-netguard: the in-place migration executor, and the NetworkMigration resource's provider logic. */
export {
  applyNetworkMigration,
  withStepFields,
  StepFailedError,
  MigrationTimeoutError,
  type ExecutorOptions,
  type ExecutorEvent,
  type ExecutorResult,
} from "./executor";
export { ManagedClusterArm, MANAGED_CLUSTERS_API_VERSION, type ArmDocument } from "./arm-client";
export {
  credentialFrom,
  armEndpointFrom,
  pollIntervalFrom,
  TOKEN_ENV,
  ENDPOINT_ENV,
  POLL_INTERVAL_ENV,
  PUBLIC_ARM_ENDPOINT,
} from "./credentials";
export { parseClusterId, clusterIdOf, type ClusterRef } from "./cluster-ref";
export {
  checkMigration,
  diffMigration,
  migrateStep,
  type CheckedInputs,
  type MigrationInputs,
  type MigrationOutputs,
  type MigrationState,
} from "./migrate-step";
export { networkMigrationProvider } from "./network-migration-provider";
