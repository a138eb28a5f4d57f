import type { EvaluationContext } from "../context";
import { InputError } from "../errors";
import { evaluateTransition } from "../evaluate";
import type { ClusterNetwork } from "../model";
import { parseCluster } from "../parse";
import { planMigration, type MigrationPlan, type MigrationStep } from "../plan";
import { UnknownValueError } from "../reader";
import { dataplaneOf, policyOf, windowsPools } from "../rules/facts";
import type { Finding } from "../rules/types";
import { deadlinesFor } from "./deadlines";
import type { AuditedCluster, AuditFinding, AuditPlan } from "./types";

export interface AuditOptions {
  /** The network profile every cluster should reach (parsed like `aks-netguard plan --target`). */
  readonly target: ClusterNetwork;
  /** The audit's date: deadlines count from it and date-bound rules compare against it. */
  readonly now: Date;
}

/** A Resource Graph row's identity columns, read without trusting the row's shape. */
function identityOf(row: Record<string, unknown>, index: number) {
  const text = (key: string) => (typeof row[key] === "string" ? (row[key] as string) : "");
  const id = text("id") || `(row ${index + 1} has no id)`;
  const fromId = (segment: string) => new RegExp(`/${segment}/([^/]+)`, "i").exec(id)?.[1] ?? "";
  return {
    id,
    subscriptionId: text("subscriptionId") || fromId("subscriptions"),
    resourceGroup: text("resourceGroup") || fromId("resourceGroups"),
    name: text("name") || fromId("managedClusters"),
    location: text("location"),
  };
}

/**
 * One managed-cluster row of Resource Graph (`resources`, properties whole) judged like `az aks show` output: where it
 * stands, which retirements apply, the catalog's findings, and the plan to the target. A row that is not a readable
 * cluster comes back `unreadable` with the reason; this never throws for a bad row.
 */
export function auditRow(
  row: unknown,
  index: number,
  options: AuditOptions,
  context: EvaluationContext = {},
): AuditedCluster {
  const record = typeof row === "object" && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
  const identity = identityOf(record, index);
  if (record.properties === null || record.properties === undefined) {
    return unreadable(
      identity,
      "the row has no properties (a cluster being deleted, or one Resource Graph has not indexed yet)",
    );
  }
  try {
    return judge(identity, parseCluster(record, "cluster"), options, context);
  } catch (error) {
    // One bad row is reported with its reason; the other clusters of the estate are still audited.
    const known = error instanceof InputError || error instanceof UnknownValueError;
    return unreadable(
      identity,
      known ? error.message : `could not be judged: ${String((error as Error)?.message ?? error)}`,
    );
  }
}

function judge(
  identity: ReturnType<typeof identityOf>,
  current: ClusterNetwork,
  options: AuditOptions,
  context: EvaluationContext,
): AuditedCluster {
  const evaluationContext: EvaluationContext = { ...context, now: options.now };
  const asItStands = evaluateTransition(current, current, evaluationContext);
  const toTarget = evaluateTransition(current, options.target, evaluationContext);
  const plan = planMigration(current, options.target, evaluationContext);
  return {
    ...identity,
    kubernetesVersion: current.kubernetesVersion ?? null,
    ipamMode: current.ipamMode,
    dataplane: dataplaneOf(current),
    networkPolicy: policyOf(current),
    windowsPools: windowsPools(current.nodePools).map((p) => p.name),
    nodeAutoProvisioning: current.nodeAutoProvisioning === true,
    status: !plan.reachable ? "no-path" : plan.steps.length === 0 ? "at-target" : "migrate",
    deadlines: deadlinesFor(current, options.now),
    findings: asItStands.findings.map(toAuditFinding),
    unverified: toTarget.unverified,
    plan: toAuditPlan(plan, identity.subscriptionId),
  };
}

function unreadable(identity: ReturnType<typeof identityOf>, error: string): AuditedCluster {
  return {
    ...identity,
    kubernetesVersion: null,
    ipamMode: null,
    dataplane: null,
    networkPolicy: null,
    windowsPools: [],
    nodeAutoProvisioning: null,
    status: "unreadable",
    deadlines: [],
    findings: [],
    unverified: [],
    plan: null,
    error,
  };
}

function toAuditFinding(f: Finding): AuditFinding {
  return { rule: f.rule, severity: f.severity, message: f.message, fix: f.fix, source: f.source };
}

function toAuditPlan(plan: MigrationPlan, subscriptionId: string): AuditPlan {
  // Across an estate a command must say which subscription it is for.
  const withSubscription = (command: string) =>
    subscriptionId && command.startsWith("az ") ? `${command} --subscription ${subscriptionId}` : command;
  return {
    reachable: plan.reachable,
    steps: plan.steps.map((step) => ({
      title: step.title,
      azCommand: withSubscription(step.azCommand),
      prerequisite: isPrerequisite(step),
    })),
    blockers: plan.blockers.map((b) => ({ rule: b.rule, message: b.message, fix: b.fix })),
  };
}

/** Plans may mark preparation steps (`prerequisite: true`); a plan that does not say has none. */
function isPrerequisite(step: MigrationStep): boolean {
  return (step as MigrationStep & { readonly prerequisite?: unknown }).prerequisite === true;
}
