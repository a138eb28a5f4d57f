import type { EvaluationContext } from "../context";
import { InputError } from "../errors";
import { evaluateTransition } from "../evaluate";
import type { ClusterNetwork } from "../model";
import { parseCluster } from "../parse";
import { planMigration, type MigrationPlan } from "../plan";
import { UnknownValueError } from "../reader";
import { dataplaneOf, policyOf, windowsPools } from "../rules/facts";
import type { Finding } from "../rules/types";
import { deadlinesFor } from "./deadlines";
import { shapeOf } from "./shape";
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

type Identity = ReturnType<typeof identityOf>;
/** What judging a cluster says of it, before its identity is added (commands without `--subscription`). */
type Judgement = Omit<AuditedCluster, keyof Identity | "error">;

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
  return readRow(row, index, (current) => judge(current, options, context));
}

/** Judges rows like `auditRow`, each distinct cluster shape once (see `fleetAuditor`). */
export interface FleetAuditor {
  audit(row: unknown, index: number): AuditedCluster;
  /** How many rows needed a judgement of their own (the others reused that of a cluster of the same shape). */
  readonly judged: number;
}

/**
 * `auditRow` for a whole estate with the same target and date: clusters in an estate share few network setups, so a
 * cluster whose shape (the cluster with its own names swapped for placeholders) was judged already gets that judgement
 * with its own names put back; the result is the one `auditRow` gives.
 */
export function fleetAuditor(options: AuditOptions): FleetAuditor {
  // Judgements by shape, as JSON text; "own" for a shape whose judgement does not come back whole with a cluster's own
  // names (a rule cut or changed a placeholder), so each of its clusters is judged by itself.
  const judgements = new Map<string, string | "own">();
  let judged = 0;
  const judgeOnce = (current: ClusterNetwork): Judgement => {
    const shape = shapeOf(current);
    const known = shape === undefined ? "own" : judgements.get(shape.key);
    const own = shape === undefined || known === undefined || known === "own" ? undefined : shape.restore(known);
    if (own !== undefined) return own as Judgement;
    judged++;
    if (shape === undefined || known !== undefined) return judge(current, options, {});
    let judgement: string;
    try {
      judgement = JSON.stringify(judge(shape.cluster, options, {}));
    } catch {
      // Judged with its own names, the error is the cluster's own.
      return judge(current, options, {});
    }
    const restored = shape.restore(judgement) as Judgement | undefined;
    judgements.set(shape.key, restored === undefined ? "own" : judgement);
    return restored ?? judge(current, options, {});
  };
  return {
    audit: (row, index) => readRow(row, index, judgeOnce),
    get judged() {
      return judged;
    },
  };
}

function readRow(row: unknown, index: number, judgement: (current: ClusterNetwork) => Judgement): AuditedCluster {
  const record = typeof row === "object" && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
  const identity = identityOf(record, index);
  if (record.properties === null || record.properties === undefined) {
    return unreadable(
      identity,
      "the row has no properties (a cluster being deleted, or one Resource Graph has not indexed yet)",
    );
  }
  try {
    return withIdentity(identity, judgement(parseCluster(record, "cluster", { role: "current" })));
  } catch (error) {
    // One bad row is reported with its reason; the other clusters of the estate are still audited.
    const known = error instanceof InputError || error instanceof UnknownValueError;
    return unreadable(
      identity,
      known ? error.message : `could not be judged: ${String((error as Error)?.message ?? error)}`,
    );
  }
}

function judge(current: ClusterNetwork, options: AuditOptions, context: EvaluationContext): Judgement {
  const evaluationContext: EvaluationContext = { ...context, now: options.now };
  const asItStands = evaluateTransition(current, current, evaluationContext);
  const toTarget = evaluateTransition(current, options.target, evaluationContext);
  const plan = planMigration(current, options.target, evaluationContext);
  return {
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
    plan: toAuditPlan(plan),
  };
}

function withIdentity(identity: Identity, judgement: Judgement): AuditedCluster {
  // Across an estate a command must say which subscription it is for.
  const withSubscription = (command: string) =>
    identity.subscriptionId && command.startsWith("az ")
      ? `${command} --subscription ${identity.subscriptionId}`
      : command;
  const plan = judgement.plan;
  return {
    ...identity,
    ...judgement,
    plan:
      plan === null
        ? null
        : { ...plan, steps: plan.steps.map((step) => ({ ...step, azCommand: withSubscription(step.azCommand) })) },
  };
}

function unreadable(identity: Identity, error: string): AuditedCluster {
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

function toAuditPlan(plan: MigrationPlan): AuditPlan {
  return {
    reachable: plan.reachable,
    steps: plan.steps.map((step) => ({
      title: step.title,
      azCommand: step.azCommand,
      prerequisite: step.prerequisite,
    })),
    blockers: plan.blockers.map((b) => ({ rule: b.rule, message: b.message, fix: b.fix })),
  };
}
