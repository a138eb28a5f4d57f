import { evaluateTransition, planMigration } from "../../core";
import { readCaseFile, readCaseFromFlags, type PreflightCase } from "../case-file";
import { OUTPUT_OPTIONS, stringFlag, type CommandSpec, type ParsedCommand, registerCommand } from "../command";
import { FindingPrinter, formatPlan, styleFor, widthFor, type FindingLayout } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";
import { findingToJson, planToJson, preflightReport } from "../report";

/** The files a preflight reads; `check` and `plan` share them (plan calls the desired cluster its target). */
export const CASE_OPTIONS = {
  current: {
    type: "string",
    value: "<file>",
    description: "the cluster as it is: az aks show -g <rg> -n <name> -o json",
  },
  context: {
    type: "string",
    value: "<file>",
    description: "facts the cluster JSON lacks: VNet and subnets, peerings, in-cluster facts (see README)",
  },
} as const satisfies CommandSpec["options"];

/** `aks-netguard check`: is this one change allowed, and if not in one update, how to get there. */
export function checkCommand({ values, positionals }: ParsedCommand, io: CliIO): number {
  const preflight = loadCase(positionals, values);
  const evaluation = evaluateTransition(preflight.current, preflight.desired, preflight.context);
  const plan =
    preflight.current === undefined
      ? undefined
      : planMigration(preflight.current, preflight.desired, preflight.context);
  const code = evaluation.verdict === "allow" ? ExitCode.Allowed : ExitCode.Blocked;
  if (values.json === true) {
    const report = preflightReport({
      command: "check",
      operation: preflight.current === undefined ? "create" : "update",
      verdict: evaluation.verdict,
      reachable: plan ? plan.reachable : evaluation.verdict === "allow",
      findings: evaluation.findings.map(findingToJson),
      plan: plan ? planToJson(plan) : [],
    });
    io.out(JSON.stringify(report, null, 2));
    return code;
  }
  const layout: FindingLayout = {
    style: styleFor(io.isTTY, io.env),
    width: widthFor(io),
    verbose: values.verbose === true,
  };
  const printer = new FindingPrinter(layout);
  const what = preflight.current === undefined ? "Create" : "Update";
  const verdict = evaluation.verdict === "allow" ? layout.style.green("ALLOWED") : layout.style.red("BLOCKED");
  const lines = [
    `${what} ${preflight.desired.name ?? preflight.current?.name ?? "cluster"}: ${verdict} as one operation`,
  ];
  lines.push(...(evaluation.findings.length > 0 ? printer.lines(evaluation.findings, "  ") : ["  no findings"]));
  if (plan !== undefined && !(evaluation.verdict === "allow" && plan.steps.length <= 1)) {
    lines.push("", ...formatPlan(plan, printer, layout));
  }
  io.out(lines.join("\n"));
  return code;
}

function loadCase(positionals: readonly string[], values: ParsedCommand["values"]): PreflightCase {
  const flags = {
    current: stringFlag(values, "current"),
    desired: stringFlag(values, "desired"),
    context: stringFlag(values, "context"),
  };
  if (positionals.length === 1) {
    if (flags.current !== undefined || flags.desired !== undefined || flags.context !== undefined) {
      throw new UsageError(
        "give either a case file (it carries its own context) or --current/--desired/--context, not both.",
      );
    }
    return readCaseFile(positionals[0]);
  }
  return readCaseFromFlags(flags, "desired");
}

const CHECK: CommandSpec = {
  name: "check",
  summary: "is this change allowed as one operation, and if not, what are the steps",
  usage: [
    "check <case.json> [--json] [--verbose]",
    "check --current <file> --desired <file> [--context <file>] [--json] [--verbose]",
  ],
  description: [
    "Judges one change of a cluster's network profile (or a create, when there is no current cluster) against every",
    "rule, before anything reaches Azure. When the change is not one supported operation, prints the supported steps.",
    'A case file is { "current": <cluster or null>, "desired": <cluster>, "context": { … } }.',
  ].join("\n"),
  options: {
    ...CASE_OPTIONS,
    desired: {
      type: "string",
      value: "<file>",
      description: "the cluster as it should be (any of the cluster shapes)",
    },
    ...OUTPUT_OPTIONS,
  },
  positionals: { label: "case file", max: 1 },
  examples: [
    "az aks show -g rg-aks -n aks1 -o json > current.json",
    "aks-netguard check --current current.json --desired target.json",
    "aks-netguard check examples/preflight/kubenet-calico-to-overlay-cilium.json --json",
  ],
  exitCodes: [
    "0  allowed as one operation (warnings allowed)",
    "1  blocked as one operation (the plan, when printed, says how to get there)",
    "2  bad input (a file, a flag or a value), printed as one line naming it",
  ],
  run: checkCommand,
};

registerCommand(CHECK);
