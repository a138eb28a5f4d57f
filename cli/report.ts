import type { Finding, MigrationPlan } from "../core";

/**
 * The JSON layout `check` and `plan` print under --json (documented in README “JSON output”). Bump the version on any
 * change a consumer could trip over: a field removed, renamed or given another meaning.
 */
const REPORT_SCHEMA_VERSION = 1;

export interface FindingJson {
  readonly rule: string;
  readonly severity: Finding["severity"];
  readonly message: string;
  readonly fix: string;
  readonly source: string;
  readonly field?: string;
}

export interface StepJson {
  readonly step: number;
  readonly kind: string;
  readonly title: string;
  readonly azCommand: string;
  readonly changes: readonly { readonly field: string; readonly from?: string; readonly to?: string }[];
  readonly warnings: readonly FindingJson[];
}

export interface PreflightReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly command: "check" | "plan";
  readonly operation: "create" | "update";
  /** Whether the desired cluster is allowed as one operation (check) / the target is reachable (plan). */
  readonly verdict: "allow" | "block";
  /** Whether the target can be reached in place, in one or more steps. */
  readonly reachable: boolean;
  /** Each finding once: the one-operation findings (check), or the reasons the target is unreachable (plan). */
  readonly findings: readonly FindingJson[];
  /** The supported operations, in order; empty for a create, at the target, or when unreachable. */
  readonly plan: readonly StepJson[];
}

export function findingToJson(f: Finding): FindingJson {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    source: f.source,
    ...(f.field ? { field: f.field } : {}),
  };
}

/** The JSON form of a plan's steps, without the full state. */
export function planToJson(plan: MigrationPlan): StepJson[] {
  return plan.steps.map((s) => ({
    step: s.index,
    kind: s.kind,
    title: s.title,
    azCommand: s.azCommand,
    changes: s.changes,
    warnings: s.warnings.map(findingToJson),
  }));
}

export function preflightReport(fields: Omit<PreflightReport, "schemaVersion">): PreflightReport {
  return { schemaVersion: REPORT_SCHEMA_VERSION, ...fields };
}

/** What every command prints on stdout under --json when it cannot do its job (exit 2). */
export function errorToJson(command: string | undefined, kind: "bad-input" | "unexpected", message: string) {
  return { schemaVersion: REPORT_SCHEMA_VERSION, command: command ?? null, status: "error", error: { kind, message } };
}
