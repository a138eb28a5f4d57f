import { styleText } from "node:util";
import { unverifiedText, type Finding, type MigrationPlan, type Unverified } from "../core";
import { describeObject } from "../core/kubernetes";
import type { CliIO } from "./io";

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

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

/** The width to wrap to: the terminal's, else $COLUMNS, else 100 columns. */
export function widthFor(io: Pick<CliIO, "columns" | "env">): number {
  const columns = io.columns ?? Number(io.env.COLUMNS);
  return Number.isFinite(columns) && columns > 0 ? Math.max(MIN_WIDTH, Math.floor(columns)) : DEFAULT_WIDTH;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, "").length;

/**
 * Word-wraps `text` to `width` columns: the first line after `first`, the rest after `rest` (a hanging indent). Words
 * longer than a line (URLs, az commands' ids) stay whole.
 */
export function wrap(text: string, width: number, first: string, rest = " ".repeat(visibleLength(first))): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(line);
      line = rest + word;
    } else line += (empty ? "" : " ") + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

export interface FindingLayout {
  readonly style: Style;
  readonly width: number;
  readonly indent?: string;
  /** Also the field the finding is about. */
  readonly verbose?: boolean;
}

/** The layout a command prints findings in: its io's colours and width, and whether --verbose was given. */
export function layoutFor(io: CliIO, verbose = false): FindingLayout {
  return { style: styleFor(io.isTTY, io.env), width: widthFor(io), verbose };
}

const MAX_OBJECTS = 20;
const findingKey = (f: Finding) => `${f.rule}\u0000${f.field ?? ""}\u0000${f.message}`;

/**
 * One finding: `BLOCK rule-id: message`, then its fix and its source, each wrapped under a hanging indent; then the
 * Kubernetes objects at fault and an acceptance's reason.
 */
export function formatFinding(f: Finding, layout: FindingLayout): string[] {
  const { style, width, indent = "" } = layout;
  const tag =
    f.accepted !== undefined
      ? style.green("ACCEPTED")
      : f.severity === "block"
        ? style.red("BLOCK")
        : style.yellow("WARN ");
  const hang = `${indent}      `;
  const objects = f.objects ?? [];
  return [
    ...wrap(f.message, width, `${indent}${tag} ${style.bold(f.rule)}: `, hang),
    ...wrap(f.fix, width, `${hang}${style.dim("fix:")} `, `${hang}     `),
    ...(layout.verbose && f.field ? [`${hang}${style.dim("field:")} ${f.field}`] : []),
    ...(f.source ? [`${hang}${style.dim("see:")} ${f.source}`] : []),
    ...objects.slice(0, MAX_OBJECTS).map((o) => `${hang}${style.dim("object:")} ${describeObject(o)}`),
    ...(objects.length > MAX_OBJECTS
      ? [`${hang}${style.dim(`… and ${objects.length - MAX_OBJECTS} more objects`)}`]
      : []),
    ...(f.accepted !== undefined ? wrap(f.accepted, width, `${hang}${style.dim("accepted:")} `) : []),
  ];
}

/**
 * Prints findings so that each appears once in a command's output: a finding already printed (e.g. a one-operation
 * blocker that is also why a plan is unreachable, or a warning repeated on a step) is named, not repeated.
 */
export class FindingPrinter {
  private readonly printed = new Set<string>();

  constructor(private readonly layout: FindingLayout) {}

  lines(findings: readonly Finding[], indent = this.layout.indent ?? ""): string[] {
    const fresh = findings.filter((f) => !this.printed.has(findingKey(f)));
    const repeated = [...new Set(findings.filter((f) => this.printed.has(findingKey(f))).map((f) => f.rule))];
    for (const f of fresh) this.printed.add(findingKey(f));
    return [
      ...fresh.flatMap((f) => formatFinding(f, { ...this.layout, indent })),
      ...(repeated.length > 0
        ? wrap(`${repeated.join(", ")} (above)`, this.layout.width, `${indent}${this.layout.style.dim("also:")} `)
        : []),
    ];
  }
}

/** The plan: each step with its az command (and, verbose, the fields it changes), each finding printed once. */
export function formatPlan(plan: MigrationPlan, printer: FindingPrinter, layout: FindingLayout): string[] {
  const { style, width, verbose } = layout;
  if (!plan.reachable)
    return [style.red("The target cannot be reached in place:"), ...printer.lines(plan.blockers, "  ")];
  if (plan.steps.length === 0)
    return [style.green("Nothing to do: the cluster is already at the target network profile.")];
  const lines = [
    style.bold(`Migration plan: ${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}, one update each`),
  ];
  for (const step of plan.steps) {
    lines.push(
      ...wrap(step.title, width, `  ${step.index}. ${step.prerequisite ? `${style.yellow("[prerequisite]")} ` : ""}`),
    );
    lines.push(`     ${style.dim("$")} ${step.azCommand}`);
    if (verbose)
      for (const change of step.changes)
        lines.push(`     ${style.dim(`${change.field}: ${change.from ?? "(unset)"} → ${change.to ?? "(unset)"}`)}`);
    lines.push(...printer.lines(step.warnings, "     "));
  }
  return lines;
}

/** Rules that could not be checked, each once, naming what to supply, wrapped; `quiet` folds them into one. */
export function formatUnverified(
  unverified: readonly Unverified[],
  layout: FindingLayout,
  quiet: boolean,
  indent = "",
): string[] {
  const { style, width } = layout;
  const unique = uniqueUnverified(unverified);
  if (unique.length === 0) return [];
  const hang = `${indent}      `;
  if (quiet) {
    const rules = [...new Set(unique.map((u) => u.rule))];
    const text = `${rules.length} rule${rules.length === 1 ? "" : "s"} (${rules.join(", ")}): run without --quiet for what to supply.`;
    return wrap(text, width, `${indent}${style.yellow("NOT CHECKED")} `, hang);
  }
  return unique.flatMap((u) =>
    wrap(unverifiedText(u), width, `${indent}${style.yellow("NOT CHECKED")} ${style.bold(u.rule)}: `, hang),
  );
}

/** Each unverified rule once per thing it needs. */
export function uniqueUnverified(unverified: readonly Unverified[]): Unverified[] {
  const seen = new Map<string, Unverified>();
  for (const u of unverified) seen.set(`${u.rule}\u0000${u.needs}`, u);
  return [...seen.values()];
}
