import { AUDIT_SCHEMA_VERSION } from "../../core";
import { type CommandSpec, registerCommand } from "../command";

/** audit's flags and help; its module (the Resource Graph client) is loaded only when it runs. */
const AUDIT: CommandSpec = {
  name: "audit",
  summary: "every AKS cluster the credential can see: where each stands, its retirements and its migration plan",
  usage: [
    "audit [--subscription <id>]… [--management-group <id>]… [--target <file>]",
    "      [--format table|json|csv|markdown|html|sarif] [--out <file>] [--fail-on block|warn|never]",
    "      [--deep] [--arm-endpoint <url>]",
  ],
  description: [
    "Reads every AKS cluster in scope from Azure Resource Graph, judges each against the rules, names the retirements",
    "that apply to it and plans its migration to the target. Credentials: AKS_NETGUARD_ARM_TOKEN, else",
    "DefaultAzureCredential.",
  ].join("\n"),
  options: {
    subscription: {
      type: "string",
      multiple: true,
      value: "<id>",
      description: "audit this subscription; default: every subscription the credential can list",
    },
    "management-group": {
      type: "string",
      multiple: true,
      value: "<id>",
      description: "audit every subscription under this management group instead",
    },
    target: {
      type: "string",
      value: "<file>",
      description: "the network profile to plan to (like plan --target); default: Azure CNI Overlay + Cilium",
    },
    format: {
      type: "string",
      value: "<format>",
      description: `table (default), json (schemaVersion ${AUDIT_SCHEMA_VERSION}), csv, markdown, html (one offline file), sarif (2.1.0)`,
    },
    out: { type: "string", value: "<file>", description: "write the report to this file instead of stdout" },
    "fail-on": {
      type: "string",
      value: "<level>",
      description: "exit 1 when a finding or blocker at this severity or above exists: block, warn, never (default)",
    },
    deep: { type: "boolean", description: "also read each planned cluster's VNet from ARM (bounded concurrency)" },
    "arm-endpoint": {
      type: "string",
      value: "<url>",
      description: "ARM endpoint for sovereign clouds (default AKS_NETGUARD_ARM_ENDPOINT or the public cloud)",
    },
  },
  examples: [
    "aks-netguard audit",
    "aks-netguard audit --management-group platform --format html --out estate.html",
    "aks-netguard audit --subscription $SUB --format sarif --out audit.sarif --fail-on block",
  ],
  exitCodes: [
    "0  audited (and nothing at --fail-on's level)",
    "1  a finding or blocker at --fail-on's level",
    "2  bad input (a flag or a value), printed as one line naming it",
    "4  the Resource Graph query failed",
  ],
  run: async (parsed, io) => (await import("./audit")).auditCommand(parsed, io),
};

registerCommand(AUDIT);
