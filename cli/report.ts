import type { Finding, MigrationPlan, Unverified } from "../core";
import { uniqueUnverified } from "./format";

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
  /** The Kubernetes objects at fault. */
  readonly objects?: readonly { readonly kind: string; readonly namespace?: string; readonly name: string }[];
  /** The reason given with --accept, when the finding was accepted. */
  readonly accepted?: string;
}

export interface StepJson {
  readonly step: number;
  readonly kind: string;
  readonly title: string;
  readonly azCommand: string;
  readonly prerequisite?: true;
  readonly changes: readonly { readonly field: string; readonly from?: string; readonly to?: string }[];
  readonly warnings: readonly FindingJson[];
}

export interface UnverifiedJson {
  readonly rule: string;
  readonly needs: string;
  readonly reason?: string;
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
  /** The rules that could not be checked, each with what would check it. */
  readonly unverified: readonly UnverifiedJson[];
  /** With the live cluster: what was read from Azure and what was not. */
  readonly facts?: Readonly<Record<string, unknown>>;
}

export function findingToJson(f: Finding): FindingJson {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    source: f.source,
    ...(f.field ? { field: f.field } : {}),
    ...(f.objects ? { objects: f.objects.map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })) } : {}),
    ...(f.accepted !== undefined ? { accepted: f.accepted } : {}),
  };
}

/** The JSON form of a plan's steps, without the full state. */
export function planToJson(plan: Pick<MigrationPlan, "steps">): StepJson[] {
  return plan.steps.map((s) => ({
    step: s.index,
    kind: s.kind,
    title: s.title,
    azCommand: s.azCommand,
    ...(s.prerequisite ? { prerequisite: true as const } : {}),
    changes: s.changes,
    warnings: s.warnings.map(findingToJson),
  }));
}

export function unverifiedToJson(unverified: readonly Unverified[]): UnverifiedJson[] {
  return uniqueUnverified(unverified).map((u) => ({
    rule: u.rule,
    needs: u.needs,
    ...(u.reason !== undefined ? { reason: u.reason } : {}),
  }));
}

export function preflightReport(fields: Omit<PreflightReport, "schemaVersion">): PreflightReport {
  return { schemaVersion: REPORT_SCHEMA_VERSION, ...fields };
}

/** What every command prints on stdout under --json when it cannot do its job (exit 2). */
export function errorToJson(command: string | undefined, kind: "bad-input" | "unexpected", message: string) {
  return { schemaVersion: REPORT_SCHEMA_VERSION, command: command ?? null, status: "error", error: { kind, message } };
}
