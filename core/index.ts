/** The aks-netguard rules core: pure data and functions, no Pulumi imports. */
export * from "./enums";
export type { ClusterNetwork, NodePool, InputShape } from "./model";
export { InputError, describeValue, isUnknownMarker, isSecretWrapper, printable } from "./errors";
export { UnknownValueError } from "./reader";
export { parseCluster, parseAgentPool, detectShape, deriveIpamMode, MAX_POOLS, type ParseOptions } from "./parse";
export {
  parseContext,
  resolveContext,
  mergeContexts,
  type EvaluationContext,
  type SubnetInfo,
  type PeeringInfo,
  type RouteTableInfo,
} from "./context";
export { parseSubnetId, vnetIdOf, nameOfId, sameId, type SubnetIdParts } from "./azure-ids";
export { evaluateProfile, evaluateTransition, resolveDesired, redact, type Evaluation } from "./evaluate";
export {
  planMigration,
  networkKey,
  type MigrationPlan,
  type MigrationStep,
  type FieldChange,
  type StepKind,
  type NetworkStepKind,
  type PrerequisiteKind,
} from "./plan";
export {
  describeFinding,
  describeNetwork,
  describeUnverified,
  unverifiedText,
  findingText,
  MIGRATION_MODES,
  networkValuesOf,
  plannedStep,
  sameNetwork,
  type MigrationMode,
  type NetworkTargetValues,
  type PlannedStep,
} from "./network-values";
export { needsClusterInsides, RULES, ruleById, rulesReading } from "./rules/catalog";
export { FACT_IDS } from "./rules/types";
export type { Finding, Rule, Severity, Scope, Operation, Violation, FactId, RuleNeed, Unverified } from "./rules/types";
export {
  agentPoolArgs,
  AKS_CLUSTER_TYPE,
  componentInputsToClusterArgs,
  FORCE_NEW_FIELDS,
  FORCE_NEW_NETWORK_FIELDS,
  networkProfileArgs,
  type ComponentNetworkFields,
  type ComponentPoolFields,
  type ForceNewField,
} from "./component-shape";
export { BASELINES_CONFIG_KEY, clusterToJson, contextToJson } from "./serialize";
export * from "./fleet";
export { minorOf } from "./version";
export { parseAcceptFlags, checkAccepted, acceptableRuleIds } from "./accept";
export type { KubernetesFacts, KubeObjectRef } from "./kubernetes";
