import { evaluateTransition, planMigration } from "../../core";
import { readCaseFile, readCaseFromFlags, type PreflightCase } from "../case-file";
import { withClusterInsides, type InsideFlags } from "../cluster-insides";
import { findingToJson, formatFindings, formatPlan, formatUnverified, planToJson, styleFor } from "../format";
import { ExitCode, UsageError, type CliIO } from "../io";

export interface CheckFlags {
  readonly positionals: readonly string[];
  readonly current?: string;
  readonly desired?: string;
  readonly context?: string;
  readonly json: boolean;
  readonly inside?: InsideFlags;
}

/** `aks-netguard check`: is this one change allowed, and if not in one update, how to get there. */
export async function checkCommand(flags: CheckFlags, io: CliIO): Promise<number> {
  const loaded = loadCase(flags);
  const preflight = flags.inside
    ? { ...loaded, context: await withClusterInsides(loaded.context, flags.inside) }
    : loaded;
  const evaluation = evaluateTransition(preflight.current, preflight.desired, preflight.context);
  const plan =
    preflight.current === undefined
      ? undefined
      : planMigration(preflight.current, preflight.desired, preflight.context);
  if (flags.json) {
    io.out(
      JSON.stringify(
        {
          verdict: evaluation.verdict,
          operation: preflight.current === undefined ? "create" : "update",
          findings: evaluation.findings.map(findingToJson),
          unverified: evaluation.unverified,
          plan: plan ? planToJson(plan) : [],
          reachable: plan ? plan.reachable : evaluation.verdict === "allow",
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
    ...formatUnverified(evaluation.unverified, style, "  "),
  );
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
