import { mergeContexts, planMigration } from "../../core";
import { readCaseFromFlags, type PreflightCase } from "../case-file";
import { caseWithInsides, type InsideFlags } from "../cluster-insides";
import { findingToJson, formatPlan, formatUnverified, planToJson, styleFor, unverifiedToJson } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";
import { factsToJson, readLiveCase, wantsLive, type LiveCase, type LiveFlags } from "../live-cluster";

export interface PlanFlags {
  readonly current?: string;
  readonly target?: string;
  readonly context?: string;
  readonly json: boolean;
  /** The live cluster instead of --current. */
  readonly live?: LiveFlags;
  /** Fold the rules that could not be checked into one line. */
  readonly quiet?: boolean;
  /** The cluster's insides: --kubeconfig/--kube-context, --no-kubernetes, --accept. */
  readonly inside?: InsideFlags;
}

/** `aks-netguard plan`: the ordered single operations from the current cluster to the target. */
export async function planCommand(flags: PlanFlags, io: CliIO): Promise<number> {
  if (flags.live !== undefined && wantsLive(flags.live)) {
    if (flags.current !== undefined)
      throw new UsageError(
        "give either the live cluster (--subscription/--resource-group/--name) or --current, not both.",
      );
    const live = await readLiveCase(flags.live, io, "plan");
    const files = readCaseFromFlags({ desired: flags.target, context: flags.context }, "target");
    return report(
      await caseWithInsides(
        { ...files, current: live.current, context: mergeContexts(live.context, files.context) },
        flags.inside,
        live.fetchKubeconfig,
      ),
      flags,
      io,
      live,
    );
  }
  if (flags.current === undefined)
    throw new UsageError(
      "--current <file> is required: the cluster as it is (az aks show -o json), or the live cluster (--subscription/--resource-group/--name).",
    );
  return report(
    await caseWithInsides(
      readCaseFromFlags({ current: flags.current, desired: flags.target, context: flags.context }, "target"),
      flags.inside,
    ),
    flags,
    io,
  );
}

function report(preflight: PreflightCase, flags: PlanFlags, io: CliIO, live?: LiveCase): number {
  const current = preflight.current;
  if (current === undefined) throw new UsageError("--current <file> is required.");
  const plan = planMigration(current, preflight.desired, preflight.context);
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          verdict: plan.reachable ? "allow" : "block",
          findings: plan.blockers.map(findingToJson),
          unverified: unverifiedToJson(plan.unverified),
          plan: planToJson(plan),
          ...(live !== undefined ? { facts: factsToJson(live.facts) } : {}),
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
