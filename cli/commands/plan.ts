import { mergeContexts, planMigration } from "../../core";
import { readCaseFromFlags, type PreflightCase } from "../case-file";
import { insideFlagsOf, withClusterInsides } from "../cluster-insides";
import { stringFlag, type CommandSpec, type ParsedCommand, registerCommand } from "../command";
import { FindingPrinter, formatPlan, formatUnverified, layoutFor } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";
import { factsToJson, liveFlagsOf, readLiveCase, wantsLive, type LiveCase } from "../live-cluster";
import { findingToJson, planToJson, preflightReport, unverifiedToJson } from "../report";
import { CASE_OPTIONS, PREFLIGHT_OPTIONS } from "./check";

/** `aks-netguard plan`: the ordered single operations from the current cluster to the target. */
async function planCommand({ values }: ParsedCommand, io: CliIO): Promise<number> {
  const current = stringFlag(values, "current");
  const target = stringFlag(values, "target");
  const context = stringFlag(values, "context");
  const live = liveFlagsOf(values);
  const inside = insideFlagsOf(values);
  let preflight: PreflightCase;
  let found: LiveCase | undefined;
  if (wantsLive(live)) {
    if (current !== undefined)
      throw new UsageError(
        "give either the live cluster (--subscription/--resource-group/--name) or --current, not both.",
      );
    found = await readLiveCase(live, io, "plan");
    const files = readCaseFromFlags({ desired: target, context }, "target");
    preflight = { ...files, current: found.current, context: mergeContexts(found.context, files.context) };
  } else {
    if (current === undefined)
      throw new UsageError(
        "--current <file> is required: the cluster as it is (az aks show -o json), or the live cluster (--subscription/--resource-group/--name).",
      );
    preflight = readCaseFromFlags({ current, desired: target, context }, "target");
  }
  if (preflight.current === undefined) throw new UsageError("--current <file> is required.");
  const withInsides = await withClusterInsides(preflight.context, inside, found?.fetchKubeconfig);
  const plan = planMigration(preflight.current, preflight.desired, withInsides);
  if (values.json === true) {
    const report = preflightReport({
      command: "plan",
      operation: "update",
      verdict: plan.reachable ? "allow" : "block",
      reachable: plan.reachable,
      findings: plan.blockers.map(findingToJson),
      plan: planToJson(plan),
      unverified: unverifiedToJson(plan.unverified),
      ...(found !== undefined ? { facts: factsToJson(found.facts) } : {}),
    });
    io.out(JSON.stringify(report, null, 2));
  } else {
    const layout = layoutFor(io, values.verbose === true);
    io.out(
      [
        ...formatPlan(plan, new FindingPrinter(layout), layout),
        ...formatUnverified(plan.unverified, layout, values.quiet === true),
      ].join("\n"),
    );
  }
  return plan.reachable ? ExitCode.Allowed : ExitCode.Blocked;
}

const PLAN: CommandSpec = {
  name: "plan",
  summary: "the supported operations, in order, from the current cluster to a target",
  usage: [
    "plan --current <file> --target <file> [--context <file>] [--json] [--verbose] [--quiet] [<in-cluster flags>]",
    "plan --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>]",
    "     --target <file> [--context <file>] [--json] [--verbose] [--quiet] [<in-cluster flags>]",
  ],
  description: [
    "Orders the in-place operations (az aks update) that move the cluster to the target network profile, one",
    "supported change each, with the warnings of each step; or says why the target cannot be reached in place.",
    "With --subscription, --resource-group and --name, the current cluster and its network are read from Azure.",
    "The cluster's insides are read with --kubeconfig [--kube-context], or for the live cluster with the cluster user's",
    "credential from ARM, unless --no-kubernetes; --accept accepts a finding knowingly.",
  ].join("\n"),
  options: {
    ...CASE_OPTIONS,
    target: {
      type: "string",
      value: "<file>",
      description: "the network profile to reach (any of the cluster shapes)",
    },
    ...PREFLIGHT_OPTIONS,
  },
  examples: [
    "aks-netguard plan --current current.json --target target.json",
    "aks-netguard plan --current current.json --target target.json --json | jq '.plan[].azCommand'",
    "aks-netguard plan --subscription $SUB --resource-group rg-aks --name aks1 --target target.json",
  ],
  exitCodes: [
    "0  the target is reachable in place (the steps are printed)",
    "1  the target cannot be reached in place (the reasons are printed)",
    "2  bad input (a file, a flag or a value), printed as one line naming it",
  ],
  run: planCommand,
};

registerCommand(PLAN);
