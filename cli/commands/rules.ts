import { RULES, type Rule } from "../../core";
import { UsageError, type CliIO } from "../io";
import { registerCommand } from "../run";

const scopeLabel: Record<Rule["scope"], string> = { create: "create", update: "update", both: "create + update" };

/** The rule catalog as a Markdown table: id, severity, scope, what it checks, source. */
export function rulesMarkdown(): string {
  const escape = (s: string) => s.replace(/\|/g, "\\|");
  const rows = RULES.map(
    (r) => `| \`${r.id}\` | ${r.severity} | ${scopeLabel[r.scope]} | ${escape(r.title)} | [source](${r.source}) |`,
  );
  return ["| rule | severity | applies on | what it checks | source |", "|---|---|---|---|---|", ...rows].join("\n");
}

function rulesCommand(args: readonly string[], io: CliIO): number {
  const format = args[0] ?? "--markdown";
  if (args.length > 1 || (format !== "--markdown" && format !== "--json"))
    throw new UsageError("rules takes --markdown (default) or --json.");
  io.out(
    format === "--json"
      ? JSON.stringify(
          RULES.map(({ id, severity, scope, kind, title, source }) => ({ id, severity, scope, kind, title, source })),
          null,
          2,
        )
      : rulesMarkdown(),
  );
  return 0;
}

registerCommand("rules", rulesCommand);
