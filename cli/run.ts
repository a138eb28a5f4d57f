import { parseArgs } from "node:util";
import { InputError, printable, UnknownValueError } from "../core";
import { INSIDE_OPTIONS, insideFlagsOf } from "./cluster-insides";
import { checkCommand } from "./commands/check";
import { demoCommand } from "./commands/demo";
import { planCommand } from "./commands/plan";
import { ExitCode, UsageError, type CliIO } from "./io";
import { LIVE_FLAGS, liveFlagsOf } from "./live-cluster";

const USAGE = `aks-netguard — preflight for AKS network migrations (Azure CNI Overlay, Cilium)

Usage:
  aks-netguard check <case.json> [--json] [--quiet] [<in-cluster flags>]
  aks-netguard check --current <file> --desired <file> [--context <file>] [--json] [--quiet] [<in-cluster flags>]
  aks-netguard check --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>]
                     --desired <file> [--context <file>] [--json] [--quiet] [<in-cluster flags>]
  aks-netguard plan --current <file> --target <file> [--context <file>] [--json] [--quiet] [<in-cluster flags>]
  aks-netguard plan --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>]
                    --target <file> [--context <file>] [--json] [--quiet] [<in-cluster flags>]
  aks-netguard apply --subscription <id> --resource-group <rg> --name <cluster> --target <file>
                     [--arm-endpoint <url>] [--yes] [--json] [--timeout <minutes>] [--reconcile] [--no-etag]
                     [--include-prerequisites] [<in-cluster flags>]
  aks-netguard baseline <az-aks-show.json>… [--name <key>]… [--out <file>] [--stack-config]
  aks-netguard baseline --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>] [--out <file>]
  aks-netguard rules [--markdown | --json]
  aks-netguard audit [--subscription <id>]… [--management-group <id>] [--target <file>] [--deep]
                     [--format table|json|csv|markdown|html|sarif] [--out <file>] [--fail-on block|warn|never]
  aks-netguard demo

In-cluster flags: --kubeconfig <file> [--kube-context <name>] reads the cluster's insides (NetworkPolicies, Services,
pods, PDBs, nodes, ip-masq-agent ConfigMaps, Calico's policies) with that kubeconfig and context (--kube-context, as
--context names the context file); with the live cluster (check, plan, apply) they are read with the cluster user's
credential from ARM (listClusterUserCredential) unless --kubeconfig is given; --no-kubernetes reads nothing inside;
--accept <rule-id>=<reason> (repeatable) accepts a finding knowingly.

Clusters may be ARM JSON, \`az aks show -o json\` output, azure-native ManagedCluster args, or a networkProfile.
Exit codes: 0 allowed (warnings allowed), 1 blocked, 2 bad input, 3 a step failed (apply), 4 a query failed (audit).
Add --debug to any command for stack traces.`;

type Command = (args: string[], io: CliIO) => Promise<number> | number;

const commands: Record<string, Command> = {
  check: (args, io) => {
    const { values, positionals } = parse(
      args,
      { current: "string", desired: "string", context: "string", json: "boolean", quiet: "boolean", ...LIVE_FLAGS },
      true,
      INSIDE_OPTIONS,
    );
    return checkCommand(
      {
        positionals,
        current: str(values.current),
        desired: str(values.desired),
        context: str(values.context),
        json: values.json === true,
        live: liveFlagsOf(values),
        quiet: values.quiet === true,
        inside: insideFlagsOf(values),
      },
      io,
    );
  },
  plan: (args, io) => {
    const { values } = parse(
      args,
      { current: "string", target: "string", context: "string", json: "boolean", quiet: "boolean", ...LIVE_FLAGS },
      false,
      INSIDE_OPTIONS,
    );
    return planCommand(
      {
        current: str(values.current),
        target: str(values.target),
        context: str(values.context),
        json: values.json === true,
        live: liveFlagsOf(values),
        quiet: values.quiet === true,
        inside: insideFlagsOf(values),
      },
      io,
    );
  },
  demo: (args, io) => {
    parse(args, {}, false);
    return demoCommand(io);
  },
};

/** Registers a further command (baseline, apply) from its own module. */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command;
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name === undefined ? ExitCode.BadInput : ExitCode.Allowed;
  }
  const command = commands[name];
  if (command === undefined) {
    io.err(
      `aks-netguard: unknown command "${name}"; commands: ${Object.keys(commands).join(", ")} (see aks-netguard help).`,
    );
    return ExitCode.BadInput;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof UnknownValueError) {
      io.err(`aks-netguard ${name}: ${printable(error.message)}`);
      if (debug) io.err(error.stack ?? "");
      return ExitCode.BadInput;
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      io.err(
        `aks-netguard ${name}: the input is nested too deeply to read (no cluster document is); nothing was done.`,
      );
      return ExitCode.BadInput;
    }
    io.err(
      `aks-netguard ${name}: unexpected error: ${printable(error instanceof Error ? error.message : String(error))}${debug ? "" : " (run with --debug for details)"}`,
    );
    if (debug && error instanceof Error) io.err(error.stack ?? "");
    return ExitCode.BadInput;
  }
}

type OptionKinds = Record<string, "string" | "boolean">;

function parse(
  args: string[],
  kinds: OptionKinds,
  allowPositionals: boolean,
  extra: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {},
) {
  const options = { ...Object.fromEntries(Object.entries(kinds).map(([k, type]) => [k, { type }])), ...extra };
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, "."));
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
