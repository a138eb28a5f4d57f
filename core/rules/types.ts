import type { ResolvedContext } from "../context";
import type { KubeObjectRef } from "../kubernetes";
import type { ClusterNetwork } from "../model";

export type Severity = "block" | "warn";
/** When a rule applies: to a new cluster, to an update of an existing one, or to both. */
export type Scope = "create" | "update" | "both";
export type Operation = "create" | "update";

/** A rule's verdict on one input: what is wrong and exactly how to fix it. */
export interface Violation {
  readonly message: string;
  readonly fix: string;
  /** The field at fault, as a path in the azure-native / ARM vocabulary (e.g. networkProfile.networkPolicy). */
  readonly field?: string;
  /** The Kubernetes objects at fault (in-cluster rules), each `kind namespace/name`. */
  readonly objects?: readonly KubeObjectRef[];
}

export interface Finding extends Violation {
  readonly rule: string;
  readonly severity: Severity;
  readonly source: string;
  /** The reason a person gave for accepting this finding knowingly; an accepted block does not block. */
  readonly accepted?: string;
}

export interface RuleInput {
  readonly operation: Operation;
  /** For updates: the desired state with unset fields filled from the current one. */
  readonly desired: ClusterNetwork;
  readonly current?: ClusterNetwork;
  readonly context: ResolvedContext;
}

/** The input of an update: the current state is there. */
export interface UpdateInput extends RuleInput {
  readonly operation: "update";
  readonly current: ClusterNetwork;
}

/** The facts only the cluster's own API server answers (the in-cluster reader's to gather). */
const IN_CLUSTER_FACT_IDS = [
  "ipMasqAgent",
  "kubernetes",
  "kubeNodes",
  "networkPolicies",
  "services",
  "pods",
  "podDisruptionBudgets",
  "calicoPolicies",
  "daemonSets",
] as const;

/**
 * A fact the rules may need that the input does not always carry. The gatherers (context file, live Azure reads,
 * in-cluster reads) say which facts they could not read and why in `EvaluationContext.unavailable`.
 */
export const FACT_IDS = [
  "kubernetesVersion",
  "nodePools",
  "nodeProvisioning",
  "vnet",
  "peerings",
  "routeTables",
  "identity",
  ...IN_CLUSTER_FACT_IDS,
] as const;
export type FactId = (typeof FACT_IDS)[number];
export const IN_CLUSTER_FACTS: readonly FactId[] = IN_CLUSTER_FACT_IDS;

/** The facts read inside the cluster, through the Kubernetes API (kube/). */

/** A fact one rule needs, and how to tell that it is missing for this input (where the rule would otherwise apply). */
export interface RuleNeed {
  readonly fact: FactId;
  /** What to supply so the rule can be checked, naming the field or flag, e.g. "kubernetesVersion of the cluster". */
  readonly needs: string;
  readonly missing: (input: RuleInput) => boolean;
}

/** A rule that could not be checked on this input: never a silent pass. */
export interface Unverified {
  readonly rule: string;
  readonly needs: string;
  /** Why a reader could not supply the fact (e.g. ARM's `AuthorizationFailed`, Kubernetes' `Forbidden`). */
  readonly reason?: string;
}

/** A catalog entry: metadata as data plus one pure check. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly scope: Scope;
  /**
   * "profile": the verdict reads only the state the cluster ends in (and the context); "transition": it reads the state
   * the cluster starts from too (on a create there is none, and everything counts as new).
   */
  readonly kind: "profile" | "transition";
  /**
   * Block rules only: whether a sequence of supported steps (network steps and prerequisites) can cure the block, so the
   * planner searches for one; `false` when the block holds on every path to the target. Profile blocks are never
   * curable: the target itself is invalid.
   */
  readonly curable?: boolean;
  /** One line for tables: what the rule checks. */
  readonly title: string;
  readonly source: string;
  readonly check: (input: RuleInput) => readonly Violation[];
  /** The facts the check reads that an input may lack; a missing one makes the rule unverified, not passed. */
  readonly needs?: readonly RuleNeed[];
  /**
   * A person may knowingly accept this rule's findings (by rule id, with a reason): an accepted block no longer blocks.
   * Only for risks the cluster owner can judge (policies that change meaning), never for what Azure itself refuses.
   */
  readonly acceptable?: boolean;
}
