import type { IpamMode, NetworkDataplane, NetworkPolicy } from "../enums";
import type { Severity, Unverified } from "../rules/types";

/** The version of the `aks-netguard audit --format json` contract; bumped on any change a consumer would notice. */
export const AUDIT_SCHEMA_VERSION = 1;

/** A retirement that applies to a cluster, counted from the audit's date. */
export interface Deadline {
  /** `kubenet`, `Azure NPM (Linux)` or `Azure NPM (Windows)`. */
  readonly what: string;
  /** The retirement date, YYYY-MM-DD (UTC). */
  readonly date: string;
  /** Whole days from the audit's date to the deadline; negative once it has passed. */
  readonly daysLeft: number;
  readonly passed: boolean;
}

export interface AuditFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  readonly source: string;
}

export interface AuditStep {
  readonly title: string;
  readonly azCommand: string;
  /** A step that prepares the cluster rather than moving its network (e.g. a Kubernetes upgrade); false when the plan does not say. */
  readonly prerequisite: boolean;
}

export interface AuditBlocker {
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
}

export interface AuditPlan {
  readonly reachable: boolean;
  readonly steps: readonly AuditStep[];
  readonly blockers: readonly AuditBlocker[];
}

/**
 * Where a cluster stands: already at the target, a plan of in-place steps, no in-place path (blockers), or a row that
 * could not be read as a cluster (the `error` says why).
 */
export type AuditStatus = "at-target" | "migrate" | "no-path" | "unreadable";

/** One cluster of the estate, as the JSON contract has it. */
export interface AuditedCluster {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly kubernetesVersion: string | null;
  readonly ipamMode: IpamMode | null;
  readonly dataplane: NetworkDataplane | null;
  readonly networkPolicy: NetworkPolicy | null;
  readonly windowsPools: readonly string[];
  readonly nodeAutoProvisioning: boolean | null;
  readonly status: AuditStatus;
  readonly deadlines: readonly Deadline[];
  /** The catalog's findings on the cluster as it stands. */
  readonly findings: readonly AuditFinding[];
  /** Rules of the plan that could not be checked with what the audit read, and what would verify them. */
  readonly unverified: readonly Unverified[];
  /** Null only for an unreadable row. */
  readonly plan: AuditPlan | null;
  readonly error?: string;
}

export interface CountBy {
  readonly [key: string]: number;
}

export interface DeadlineCount {
  readonly what: string;
  readonly date: string;
  readonly daysLeft: number;
  readonly passed: boolean;
  readonly clusters: number;
}

export interface BlockerCount {
  readonly rule: string;
  readonly title: string;
  readonly clusters: number;
}

export interface AuditSummary {
  readonly generatedAt: string;
  readonly target: Readonly<Record<string, string>>;
  readonly subscriptions: number;
  readonly managementGroups: readonly string[];
  readonly clusters: number;
  readonly byStatus: CountBy;
  readonly byIpamMode: CountBy;
  readonly byDataplane: CountBy;
  readonly byNetworkPolicy: CountBy;
  readonly deadlines: readonly DeadlineCount[];
  readonly blockersByRule: readonly BlockerCount[];
  readonly findingsBySeverity: CountBy;
  /** Resource Graph answered for the first 10,000 subscriptions only (`x-ms-tenant-subscription-limit-hit`). */
  readonly subscriptionLimitHit: boolean;
  /** What the audit could not see or read: scopes without access, rows skipped, facts not gathered. */
  readonly notes: readonly string[];
}

export interface AuditReport {
  readonly schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  readonly summary: AuditSummary;
  readonly clusters: readonly AuditedCluster[];
}
