import { planMigration } from "../../core";
import { readCaseFromFlags } from "../case-file";
import { withClusterInsides, type InsideFlags } from "../cluster-insides";
import { findingToJson, formatPlan, planToJson, styleFor } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";

export interface PlanFlags {
  readonly current?: string;
  readonly target?: string;
  readonly context?: string;
  readonly json: boolean;
  readonly inside?: InsideFlags;
}

/** `aks-netguard plan`: the ordered single operations from the current cluster to the target. */
export async function planCommand(flags: PlanFlags, io: CliIO): Promise<number> {
  if (flags.current === undefined)
    throw new UsageError("--current <file> is required: the cluster as it is (az aks show -o json).");
  const preflight = readCaseFromFlags(
    { current: flags.current, desired: flags.target, context: flags.context },
    "target",
  );
  const context = flags.inside ? await withClusterInsides(preflight.context, flags.inside) : preflight.context;
  const plan = planMigration(preflight.current!, preflight.desired, context);
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          verdict: plan.reachable ? "allow" : "block",
          findings: plan.blockers.map(findingToJson),
          plan: planToJson(plan),
        },
        null,
        2,
      ),
    );
  } else {
    io.out(formatPlan(plan, styleFor(io.isTTY, io.env)).join("\n"));
  }
  return plan.reachable ? ExitCode.Allowed : ExitCode.Blocked;
}
