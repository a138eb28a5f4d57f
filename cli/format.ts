import { styleText } from "node:util";
import { unverifiedText, type Finding, type MigrationPlan, type Unverified } from "../core";
import { describeObject } from "../core/kubernetes";

export interface Style {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

// styleFor already decided that colour is wanted (from the io it was given), so styleText must not check the stream again.
const paint =
  (format: Parameters<typeof styleText>[0]) =>
  (s: string): string =>
    styleText(format, s, { validateStream: false });
const plainStyle: Style = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };
const colourStyle: Style = {
  red: paint("red"),
  yellow: paint("yellow"),
  green: paint("green"),
  dim: paint("dim"),
  bold: paint("bold"),
};

/** Colours on a terminal, plain text otherwise (and whenever NO_COLOR is set). */
export function styleFor(isTTY: boolean, env: NodeJS.ProcessEnv): Style {
  return isTTY && env.NO_COLOR === undefined ? colourStyle : plainStyle;
}

/** One finding a line, the fix under it, then the Kubernetes objects at fault and an acceptance's reason. */
export function formatFindings(findings: readonly Finding[], style: Style, indent = ""): string[] {
  return findings.flatMap((f) => {
    const tag =
      f.accepted !== undefined
        ? style.green("ACCEPTED")
        : f.severity === "block"
          ? style.red("BLOCK")
          : style.yellow("WARN ");
    return [
      `${indent}${tag} ${style.bold(f.rule)}: ${f.message}`,
      `${indent}      ${style.dim("fix:")} ${f.fix}`,
      ...(f.objects ?? []).slice(0, 20).map((o) => `${indent}      ${style.dim("object:")} ${describeObject(o)}`),
      ...((f.objects?.length ?? 0) > 20
        ? [`${indent}      ${style.dim(`… and ${(f.objects?.length ?? 0) - 20} more objects`)}`]
        : []),
      ...(f.accepted !== undefined ? [`${indent}      ${style.dim("accepted:")} ${f.accepted}`] : []),
    ];
  });
}

export function formatPlan(plan: MigrationPlan, style: Style): string[] {
  if (!plan.reachable) {
    return [style.red("The target cannot be reached in place:"), ...formatFindings(plan.blockers, style, "  ")];
  }
  if (plan.steps.length === 0)
    return [style.green("Nothing to do: the cluster is already at the target network profile.")];
  const lines = [
    style.bold(`Migration plan: ${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}, one update each`),
  ];
  for (const step of plan.steps) {
    lines.push(`  ${step.index}. ${step.prerequisite ? `${style.yellow("[prerequisite]")} ` : ""}${step.title}`);
    lines.push(`     ${style.dim("$")} ${step.azCommand}`);
    for (const change of step.changes)
      lines.push(`     ${style.dim(`${change.field}: ${change.from ?? "(unset)"} → ${change.to ?? "(unset)"}`)}`);
    lines.push(...formatFindings(step.warnings, style, "     "));
  }
  return lines;
}

/** The JSON form of a plan step, without the full state. */
export function planToJson(plan: Pick<MigrationPlan, "steps">): unknown[] {
  return plan.steps.map((s) => ({
    step: s.index,
    kind: s.kind,
    title: s.title,
    azCommand: s.azCommand,
    ...(s.prerequisite ? { prerequisite: true } : {}),
    changes: s.changes,
    warnings: s.warnings.map(findingToJson),
  }));
}

export function findingToJson(f: Finding): Record<string, unknown> {
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

/** Rules that could not be checked, each once, naming what to supply; `quiet` folds them into one line. */
export function formatUnverified(
  unverified: readonly Unverified[],
  style: Style,
  quiet: boolean,
  indent = "",
): string[] {
  const unique = uniqueUnverified(unverified);
  if (unique.length === 0) return [];
  if (quiet) {
    const rules = [...new Set(unique.map((u) => u.rule))];
    return [
      `${indent}${style.yellow("NOT CHECKED")} ${rules.length} rule${rules.length === 1 ? "" : "s"} (${rules.join(", ")}): run without --quiet for what to supply.`,
    ];
  }
  return unique.map((u) => `${indent}${style.yellow("NOT CHECKED")} ${style.bold(u.rule)}: ${unverifiedText(u)}`);
}

export function unverifiedToJson(unverified: readonly Unverified[]): Record<string, string>[] {
  return uniqueUnverified(unverified).map((u) => ({
    rule: u.rule,
    needs: u.needs,
    ...(u.reason !== undefined ? { reason: u.reason } : {}),
  }));
}

function uniqueUnverified(unverified: readonly Unverified[]): Unverified[] {
  const seen = new Map<string, Unverified>();
  for (const u of unverified) seen.set(`${u.rule}\u0000${u.needs}`, u);
  return [...seen.values()];
}
