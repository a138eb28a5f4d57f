import { RULES, type Rule } from "../../core";
import { type CommandSpec, type ParsedCommand, registerCommand } from "../command";
import { UsageError, type CliIO } from "../io";

const scopeLabel: Record<Rule["scope"], string> = { create: "create", update: "update", both: "create + update" };

/** The rule catalog as a Markdown table: id, severity, scope, what it checks, source. */
export function rulesMarkdown(): string {
  const escape = (s: string) => s.replace(/\|/g, "\\|");
  const rows = RULES.map(
    (r) => `| \`${r.id}\` | ${r.severity} | ${scopeLabel[r.scope]} | ${escape(r.title)} | [source](${r.source}) |`,
  );
  return ["| rule | severity | applies on | what it checks | source |", "|---|---|---|---|---|", ...rows].join("\n");
}

function rulesCommand({ values }: ParsedCommand, io: CliIO): number {
  if (values.json === true && values.markdown === true)
    throw new UsageError("rules takes --markdown or --json, not both.");
  io.out(
    values.json === true
      ? JSON.stringify(
          RULES.map(({ id, severity, scope, kind, title, source }) => ({ id, severity, scope, kind, title, source })),
          null,
          2,
        )
      : rulesMarkdown(),
  );
  return 0;
}

const RULES_COMMAND: CommandSpec = {
  name: "rules",
  summary: "the rule catalog: id, severity, when it applies, what it checks, its source",
  usage: ["rules [--markdown | --json]"],
  description:
    "Prints every rule the preflight, the component and the policy pack apply (the pack has a policy per rule).",
  options: {
    markdown: { type: "boolean", description: "a Markdown table (the default)" },
    json: { type: "boolean", description: "a JSON array of { id, severity, scope, kind, title, source }" },
  },
  examples: ["aks-netguard rules", "aks-netguard rules --json | jq -r '.[] | select(.severity == \"block\") | .id'"],
  exitCodes: ["0  printed", "2  bad flags"],
  run: rulesCommand,
};

registerCommand(RULES_COMMAND);
