import { evaluateTransition, mergeContexts, planMigration } from "../../core";
import { readCaseFile, readCaseFromFlags, type PreflightCase } from "../case-file";
import { caseWithInsides, type InsideFlags } from "../cluster-insides";
import {
  findingToJson,
  formatFindings,
  formatPlan,
  formatUnverified,
  planToJson,
  styleFor,
  unverifiedToJson,
} from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";
import { factsToJson, readLiveCase, wantsLive, type LiveCase, type LiveFlags } from "../live-cluster";

export interface CheckFlags {
  readonly positionals: readonly string[];
  readonly current?: string;
  readonly desired?: string;
  readonly context?: string;
  readonly json: boolean;
  /** The live cluster instead of --current. */
  readonly live?: LiveFlags;
  /** Fold the rules that could not be checked into one line. */
  readonly quiet?: boolean;
  /** The cluster's insides: --kubeconfig/--kube-context, --no-kubernetes, --accept. */
  readonly inside?: InsideFlags;
}

/** `aks-netguard check`: is this one change allowed, and if not in one update, how to get there. */
export async function checkCommand(flags: CheckFlags, io: CliIO): Promise<number> {
  if (flags.live !== undefined && wantsLive(flags.live)) {
    const live = flags.live;
    if (flags.current !== undefined || flags.positionals.length > 0)
      throw new UsageError(
        "give either the live cluster (--subscription/--resource-group/--name) or --current, not both.",
      );
    const found = await readLiveCase(live, io, "check");
    return report(await caseWithInsides(liveCase(flags, found), flags.inside, found.fetchKubeconfig), io, flags, found);
  }
  return report(await caseWithInsides(loadCase(flags), flags.inside), io, flags);
}

function liveCase(flags: CheckFlags, live: LiveCase): PreflightCase {
  const files = readCaseFromFlags({ desired: flags.desired, context: flags.context }, "desired");
  return { current: live.current, desired: files.desired, context: mergeContexts(live.context, files.context) };
}

function report(preflight: PreflightCase, io: CliIO, flags: CheckFlags, live?: LiveCase): number {
  const json = flags.json;
  const evaluation = evaluateTransition(preflight.current, preflight.desired, preflight.context);
  const plan =
    preflight.current === undefined
      ? undefined
      : planMigration(preflight.current, preflight.desired, preflight.context);
  if (json) {
    io.out(
      JSON.stringify(
        {
          verdict: evaluation.verdict,
          operation: preflight.current === undefined ? "create" : "update",
          findings: evaluation.findings.map(findingToJson),
          plan: plan ? planToJson(plan) : [],
          reachable: plan ? plan.reachable : evaluation.verdict === "allow",
          unverified: unverifiedToJson(evaluation.unverified),
          ...(live !== undefined ? { facts: factsToJson(live.facts) } : {}),
        },
        null,
        2,
      ),
    );
    return evaluation.verdict === "allow" ? ExitCode.Allowed : ExitCode.Blocked;
  }
  const style = styleFor(io.isTTY, io.env);
  const what = preflight.current === undefined ? "Create" : "Update";
  const verdict = evaluation.verdict === "allow" ? style.green("ALLOWED") : style.red("BLOCKED");
  const lines = [
    `${what} ${preflight.desired.name ?? preflight.current?.name ?? "cluster"}: ${verdict} as one operation`,
  ];
  lines.push(
    ...(evaluation.findings.length > 0 ? formatFindings(evaluation.findings, style, "  ") : ["  no findings"]),
  );
  if (live !== undefined && live.facts.unread.length > 0)
    lines.push(`  not read: ${live.facts.unread.map((u) => `${u.id} (${u.code})`).join("; ")}`);
  lines.push(...formatUnverified(evaluation.unverified, style, flags.quiet === true, "  "));
  if (plan !== undefined && !(evaluation.verdict === "allow" && plan.steps.length <= 1)) {
    lines.push("", ...formatPlan(plan, style));
  }
  io.out(lines.join("\n"));
  return evaluation.verdict === "allow" ? ExitCode.Allowed : ExitCode.Blocked;
}

function loadCase(flags: CheckFlags): PreflightCase {
  if (flags.positionals.length > 1)
    throw new UsageError(`check takes one case file, got ${flags.positionals.length} arguments.`);
  if (flags.positionals.length === 1) {
    if (flags.current !== undefined || flags.desired !== undefined || flags.context !== undefined) {
      throw new UsageError(
        "give either a case file (it carries its own context) or --current/--desired/--context, not both.",
      );
    }
    return readCaseFile(flags.positionals[0]);
  }
  return readCaseFromFlags(flags, "desired");
}
