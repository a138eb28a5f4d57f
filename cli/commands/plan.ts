import { planMigration } from "../../core";
import { readCaseFromFlags } from "../case-file";
import { OUTPUT_OPTIONS, stringFlag, type CommandSpec, type ParsedCommand, registerCommand } from "../command";
import { FindingPrinter, formatPlan, styleFor, widthFor } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";
import { findingToJson, planToJson, preflightReport } from "../report";
import { CASE_OPTIONS } from "./check";

/** `aks-netguard plan`: the ordered single operations from the current cluster to the target. */
function planCommand({ values }: ParsedCommand, io: CliIO): number {
  const current = stringFlag(values, "current");
  if (current === undefined)
    throw new UsageError("--current <file> is required: the cluster as it is (az aks show -o json).");
  const preflight = readCaseFromFlags(
    { current, desired: stringFlag(values, "target"), context: stringFlag(values, "context") },
    "target",
  );
  if (preflight.current === undefined) throw new UsageError("--current <file> is required.");
  const plan = planMigration(preflight.current, preflight.desired, preflight.context);
  if (values.json === true) {
    const report = preflightReport({
      command: "plan",
      operation: "update",
      verdict: plan.reachable ? "allow" : "block",
      reachable: plan.reachable,
      findings: plan.blockers.map(findingToJson),
      plan: planToJson(plan),
    });
    io.out(JSON.stringify(report, null, 2));
  } else {
    const layout = { style: styleFor(io.isTTY, io.env), width: widthFor(io), verbose: values.verbose === true };
    io.out(formatPlan(plan, new FindingPrinter(layout), layout).join("\n"));
  }
  return plan.reachable ? ExitCode.Allowed : ExitCode.Blocked;
}

const PLAN: CommandSpec = {
  name: "plan",
  summary: "the supported operations, in order, from the current cluster to a target",
  usage: ["plan --current <file> --target <file> [--context <file>] [--json] [--verbose]"],
  description: [
    "Orders the in-place operations (az aks update) that move the cluster to the target network profile, one",
    "supported change each, with the warnings of each step; or says why the target cannot be reached in place.",
  ].join("\n"),
  options: {
    ...CASE_OPTIONS,
    target: {
      type: "string",
      value: "<file>",
      description: "the network profile to reach (any of the cluster shapes)",
    },
    ...OUTPUT_OPTIONS,
  },
  examples: [
    "aks-netguard plan --current current.json --target target.json",
    "aks-netguard plan --current current.json --target target.json --json | jq '.plan[].azCommand'",
  ],
  exitCodes: [
    "0  the target is reachable in place (the steps are printed)",
    "1  the target cannot be reached in place (the reasons are printed)",
    "2  bad input (a file, a flag or a value), printed as one line naming it",
  ],
  run: planCommand,
};

registerCommand(PLAN);
