import { styleText } from "node:util";
import type { Finding, MigrationPlan } from "../core";
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
    lines.push(`  ${step.index}. ${step.title}`);
    lines.push(`     ${style.dim("$")} ${step.azCommand}`);
    for (const change of step.changes)
      lines.push(`     ${style.dim(`${change.field}: ${change.from ?? "(unset)"} → ${change.to ?? "(unset)"}`)}`);
    lines.push(...formatFindings(step.warnings, style, "     "));
  }
  return lines;
}

/** The JSON form of a plan step, without the full state. */
export function planToJson(plan: MigrationPlan): unknown[] {
  return plan.steps.map((s) => ({
    step: s.index,
    kind: s.kind,
    title: s.title,
    azCommand: s.azCommand,
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
