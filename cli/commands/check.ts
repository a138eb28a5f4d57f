import { evaluateTransition, mergeContexts, planMigration } from "../../core";
import { readCaseFile, readCaseFromFlags, type PreflightCase } from "../case-file";
import { INSIDE_OPTIONS, insideFlagsOf, withClusterInsides } from "../cluster-insides";
import { OUTPUT_OPTIONS, stringFlag, type CommandSpec, type ParsedCommand, registerCommand } from "../command";
import { FindingPrinter, formatPlan, formatUnverified, layoutFor, wrap } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";
import { factsToJson, LIVE_OPTIONS, liveFlagsOf, readLiveCase, wantsLive, type LiveCase } from "../live-cluster";
import { findingToJson, planToJson, preflightReport, unverifiedToJson } from "../report";

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

/** Flags check and plan share beyond their files: the live cluster, the cluster's insides, --quiet and the output. */
export const PREFLIGHT_OPTIONS: CommandSpec["options"] = {
  ...LIVE_OPTIONS,
  ...INSIDE_OPTIONS,
  quiet: { type: "boolean", short: "q", description: "fold the rules that could not be checked into one line" },
  ...OUTPUT_OPTIONS,
};

/** `aks-netguard check`: is this one change allowed, and if not in one update, how to get there. */
export async function checkCommand({ values, positionals }: ParsedCommand, io: CliIO): Promise<number> {
  const live = liveFlagsOf(values);
  const inside = insideFlagsOf(values);
  if (wantsLive(live)) {
    if (stringFlag(values, "current") !== undefined || positionals.length > 0)
      throw new UsageError(
        "give either the live cluster (--subscription/--resource-group/--name) or --current, not both.",
      );
    const found = await readLiveCase(live, io, "check");
    const files = readCaseFromFlags(
      { desired: stringFlag(values, "desired"), context: stringFlag(values, "context") },
      "desired",
    );
    const preflight = {
      current: found.current,
      desired: files.desired,
      context: mergeContexts(found.context, files.context),
    };
    const context = await withClusterInsides(preflight.context, inside, found.fetchKubeconfig);
    return report({ ...preflight, context }, values, io, found);
  }
  const preflight = loadCase(positionals, values);
  return report({ ...preflight, context: await withClusterInsides(preflight.context, inside) }, values, io);
}

function report(preflight: PreflightCase, values: ParsedCommand["values"], io: CliIO, live?: LiveCase): number {
  const evaluation = evaluateTransition(preflight.current, preflight.desired, preflight.context);
  const plan =
    preflight.current === undefined
      ? undefined
      : planMigration(preflight.current, preflight.desired, preflight.context);
  const code = evaluation.verdict === "allow" ? ExitCode.Allowed : ExitCode.Blocked;
  if (values.json === true) {
    const json = preflightReport({
      command: "check",
      operation: preflight.current === undefined ? "create" : "update",
      verdict: evaluation.verdict,
      reachable: plan ? plan.reachable : evaluation.verdict === "allow",
      findings: evaluation.findings.map(findingToJson),
      plan: plan ? planToJson(plan) : [],
      unverified: unverifiedToJson(evaluation.unverified),
      ...(live !== undefined ? { facts: factsToJson(live.facts) } : {}),
    });
    io.out(JSON.stringify(json, null, 2));
    return code;
  }
  const layout = layoutFor(io, values.verbose === true);
  const printer = new FindingPrinter(layout);
  const what = preflight.current === undefined ? "Create" : "Update";
  const verdict = evaluation.verdict === "allow" ? layout.style.green("ALLOWED") : layout.style.red("BLOCKED");
  const lines = [
    `${what} ${preflight.desired.name ?? preflight.current?.name ?? "cluster"}: ${verdict} as one operation`,
  ];
  lines.push(...(evaluation.findings.length > 0 ? printer.lines(evaluation.findings, "  ") : ["  no findings"]));
  if (live !== undefined && live.facts.unread.length > 0) {
    const unread = [...new Set(live.facts.unread.map((u) => `${u.id} (${u.code})`))];
    lines.push(...wrap(unread.join("; "), layout.width, `  ${layout.style.dim("not read:")} `, "    "));
  }
  lines.push(...formatUnverified(evaluation.unverified, layout, values.quiet === true, "  "));
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
    "check <case.json> [--json] [--verbose] [--quiet] [<in-cluster flags>]",
    "check --current <file> --desired <file> [--context <file>] [--json] [--verbose] [--quiet] [<in-cluster flags>]",
    "check --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>]",
    "      --desired <file> [--context <file>] [--json] [--verbose] [--quiet] [<in-cluster flags>]",
  ],
  description: [
    "Judges one change of a cluster's network profile (or a create, when there is no current cluster) against every",
    "rule, before anything reaches Azure. When the change is not one supported operation, prints the supported steps.",
    'A case file is { "current": <cluster or null>, "desired": <cluster>, "context": { … } }. With --subscription,',
    "--resource-group and --name, the current cluster and the network it lives in are read from Azure (GETs only).",
    "The cluster's insides are read with --kubeconfig [--kube-context], or for the live cluster with the cluster user's",
    "credential from ARM, unless --no-kubernetes; --accept accepts a finding knowingly.",
  ].join("\n"),
  options: {
    ...CASE_OPTIONS,
    desired: {
      type: "string",
      value: "<file>",
      description: "the cluster as it should be (any of the cluster shapes)",
    },
    ...PREFLIGHT_OPTIONS,
  },
  positionals: { label: "case file", max: 1 },
  examples: [
    "az aks show -g rg-aks -n aks1 -o json > current.json",
    "aks-netguard check --current current.json --desired target.json",
    "aks-netguard check examples/preflight/kubenet-calico-to-overlay-cilium.json --json",
    "aks-netguard check --subscription $SUB --resource-group rg-aks --name aks1 --desired target.json",
  ],
  exitCodes: [
    "0  allowed as one operation (warnings allowed)",
    "1  blocked as one operation (the plan, when printed, says how to get there)",
    "2  bad input (a file, a flag or a value), printed as one line naming it",
  ],
  run: checkCommand,
};

registerCommand(CHECK);
