import { INSIDE_OPTIONS } from "../cluster-insides";
import { type CommandSpec, registerCommand } from "../command";

/** apply's flags and help; its module (the Azure SDK and identity libraries) is loaded only when it runs. */
const APPLY: CommandSpec = {
  name: "apply",
  summary: "carry the plan out through ARM, one supported operation at a time",
  usage: [
    "apply --subscription <id> --resource-group <rg> --name <cluster> --target <file>",
    "      [--arm-endpoint <url>] [--yes] [--json] [--timeout <minutes>] [--reconcile] [--no-etag]",
    "      [--include-prerequisites] [<in-cluster flags>]",
  ],
  description: [
    "Reads the live cluster, plans the supported in-place operations to the target, and runs them one by one through",
    "ARM (asking before each step on a terminal, unless --yes), waiting for each to finish before the next. Credentials:",
    "AKS_NETGUARD_ARM_TOKEN when set, otherwise DefaultAzureCredential (az login, managed or workload identity).",
    "Before planning and before every step it reads the cluster, its network and its insides again (the insides with",
    "the cluster user's credential from ARM unless --kubeconfig or --no-kubernetes), and writes with If-Match.",
  ].join("\n"),
  options: {
    subscription: { type: "string", value: "<id>", description: "the cluster's subscription id" },
    "resource-group": { type: "string", value: "<rg>", description: "the cluster's resource group" },
    name: { type: "string", value: "<cluster>", description: "the cluster's name" },
    target: {
      type: "string",
      value: "<file>",
      description: "the network profile to reach (any of the cluster shapes)",
    },
    "arm-endpoint": {
      type: "string",
      value: "<url>",
      description: "ARM endpoint for sovereign clouds (default AKS_NETGUARD_ARM_ENDPOINT or the public cloud)",
    },
    timeout: { type: "string", value: "<minutes>", description: "give up waiting after this many minutes" },
    yes: { type: "boolean", short: "y", description: "run every step without asking" },
    json: { type: "boolean", description: "print the outcome (and any error) as JSON" },
    reconcile: {
      type: "boolean",
      description: "re-issue the goal state of a cluster left Failed by an earlier operation, then go on",
    },
    "no-etag": { type: "boolean", description: "write without If-Match when ARM returns no eTag (not recommended)" },
    "include-prerequisites": {
      type: "boolean",
      description: "also run the prerequisite Kubernetes upgrades, one minor version each",
    },
    ...INSIDE_OPTIONS,
  },
  examples: [
    "aks-netguard plan --current current.json --target target.json",
    "aks-netguard apply --subscription $SUB --resource-group rg-aks --name aks1 --target target.json",
  ],
  exitCodes: [
    "0  done, or nothing to do (or stopped when you declined a step)",
    "1  refused (the target cannot be reached in place, or no eTag to write with), or stopped at a prerequisite",
    "2  bad input, or the cluster could not be read; nothing was written",
    "3  a step failed or timed out (the steps already applied are listed)",
  ],
  run: async (parsed, io) => (await import("./apply")).applyCommand(parsed, io),
};

registerCommand(APPLY);
