import { planMigration } from "../../core";
import { readCaseFromFlags } from "../case-file";
import { findingToJson, formatPlan, formatUnverified, planToJson, styleFor, unverifiedToJson } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";

export interface PlanFlags {
  readonly current?: string;
  readonly target?: string;
  readonly context?: string;
  readonly json: boolean;
  /** Fold the rules that could not be checked into one line. */
  readonly quiet?: boolean;
}

/** `aks-netguard plan`: the ordered single operations from the current cluster to the target. */
export function planCommand(flags: PlanFlags, io: CliIO): number {
  if (flags.current === undefined)
    throw new UsageError("--current <file> is required: the cluster as it is (az aks show -o json).");
  const preflight = readCaseFromFlags(
    { current: flags.current, desired: flags.target, context: flags.context },
    "target",
  );
  const current = preflight.current;
  if (current === undefined) throw new UsageError("--current <file> is required: the cluster as it is.");
  const plan = planMigration(current, preflight.desired, preflight.context);
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          verdict: plan.reachable ? "allow" : "block",
          findings: plan.blockers.map(findingToJson),
          unverified: unverifiedToJson(plan.unverified),
          plan: planToJson(plan),
        },
        null,
        2,
      ),
    );
  } else {
    const style = styleFor(io.isTTY, io.env);
    io.out([...formatPlan(plan, style), ...formatUnverified(plan.unverified, style, flags.quiet === true)].join("\n"));
  }
  return plan.reachable ? ExitCode.Allowed : ExitCode.Blocked;
}
