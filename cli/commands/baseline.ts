import { existsSync, writeFileSync } from "node:fs";
import { BASELINES_CONFIG_KEY, clusterToJson, contextToJson, parseCluster } from "../../core";
import { readJsonFile, UsageError, type CliIO } from "../io";
import { stringFlag, type OptionValues, type ParsedCommand, registerCommand } from "../command";
import { LIVE_OPTIONS, liveFlagsOf, readLiveCase, wantsLive } from "../live-cluster";

interface BaselineOptions {
  readonly files: readonly string[];
  /** Keys to file each cluster under (Pulumi resource name, Azure name or URN), one per file; default: the cluster's Azure name. */
  readonly names: readonly string[];
}

/** The baselines map: every cluster under its key, in the compact form the pack reads. */
function buildBaselines(options: BaselineOptions): Record<string, unknown> {
  if (options.files.length === 0)
    throw new UsageError("baseline needs at least one file: az aks show -g <rg> -n <name> -o json > current.json");
  if (options.names.length > 0 && options.names.length !== options.files.length) {
    throw new UsageError(
      `--name was given ${options.names.length} time(s) for ${options.files.length} file(s); give one per file or none.`,
    );
  }
  const baselines: Record<string, unknown> = {};
  options.files.forEach((file, i) => {
    const cluster = parseCluster(readJsonFile(file, "cluster file"), file, { role: "current" });
    const key = options.names[i] ?? cluster.name;
    if (key === undefined || key.trim() === "")
      throw new UsageError(`${file}: the cluster has no name; pass --name <Pulumi resource name | Azure name | URN>.`);
    if (baselines[key] !== undefined)
      throw new UsageError(`${file}: a second cluster under the key "${key}"; pass distinct --name values.`);
    baselines[key] = clusterToJson(cluster);
  });
  return baselines;
}

/** Keys only a `--policy-pack-config` document's policy entries have, never a cluster. */
const POLICY_ENTRY_KEYS = ["baselines", "enforcementLevel", "exemptions"];

/**
 * The baselines already in the --out file, to add to key by key. A `--policy-pack-config` document (the old layout, the
 * same baselines copied under every policy) is refused: the baselines now live once, in the stack config.
 */
function existingBaselines(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const document = readJsonFile(path, "baselines file");
  if (typeof document !== "object" || document === null || Array.isArray(document))
    throw new UsageError(`--out ${path}: not a JSON object of baselines; remove it or choose another --out file.`);
  const entries = Object.entries(document as Record<string, unknown>);
  const policyEntries = entries.filter(
    ([, v]) =>
      typeof v === "string" ||
      (typeof v === "object" && v !== null && POLICY_ENTRY_KEYS.some((k) => Object.hasOwn(v, k))),
  );
  if (policyEntries.length > 0) {
    const copied = policyEntries.some(([, v]) => typeof v === "object" && v !== null && "baselines" in v);
    throw new UsageError(
      `--out ${path}: a --policy-pack-config document (${copied ? "the old layout, the baselines copied under each policy" : "its keys are policies"}), not a baselines file; baselines are written once now, for the stack config ${BASELINES_CONFIG_KEY} every policy reads: give another --out file (e.g. baselines.json)${copied ? ` and remove the "baselines" entries from ${path}` : ""}.`,
    );
  }
  return document as Record<string, unknown>;
}

/** The live cluster's baseline: its profile and the network it lives in, under its Azure name. */
async function liveBaselines(values: OptionValues, io: CliIO): Promise<Record<string, unknown>> {
  const live = await readLiveCase(liveFlagsOf(values), io, "baseline");
  const name = live.current.name ?? String(values.name);
  for (const u of live.facts.unread)
    io.err(`not read: ${u.id} (${u.code}); rules that need its ${u.fact} stay unverified`);
  return { [name]: { ...clusterToJson(live.current), context: contextToJson(live.context) } };
}

/** `aks-netguard baseline`: every cluster's baseline once, the value of the stack config every policy reads. */
function baselineCommand({ values, positionals }: ParsedCommand, io: CliIO): number | Promise<number> {
  const out = stringFlag(values, "out");
  const names = Array.isArray(values.name) ? values.name : [];
  if (wantsLive(liveFlagsOf({ ...values, name: names[0] }))) {
    if (positionals.length > 0 || names.length > 1)
      throw new UsageError(
        "give either cluster files or one live cluster (--subscription --resource-group --name), not both.",
      );
    return liveBaselines({ ...values, name: names[0] }, io).then((baselines) => writeBaselines(baselines, io, out));
  }
  return writeBaselines(buildBaselines({ files: positionals, names }), io, out);
}

function writeBaselines(baselines: Record<string, unknown>, io: CliIO, out: string | undefined): number {
  const base = out === undefined ? {} : existingBaselines(out);
  const text = `${JSON.stringify({ ...base, ...baselines }, null, 2)}\n`;
  if (out === undefined) {
    io.out(text.trimEnd());
    return 0;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new UsageError(
      `--out ${out}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
  const kept = Object.keys(base).filter((k) => !(k in baselines));
  io.err(
    `Wrote ${out}: the baselines of ${Object.keys(baselines).join(", ")}${kept.length > 0 ? ` (and ${kept.length} kept)` : ""}, once, for the stack config ${BASELINES_CONFIG_KEY} every policy reads: pulumi config set ${BASELINES_CONFIG_KEY} < ${out}`,
  );
  return 0;
}

registerCommand({
  name: "baseline",
  summary: "the current network profiles the policy pack needs for raw azure-native clusters",
  usage: [
    "baseline <az-aks-show.json>… [--name <key>]… [--out <file>]",
    "baseline --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>] [--out <file>]",
  ],
  description: [
    "Writes what the aks-netguard policy pack needs to run its transition rules on raw azure-native clusters: each",
    'cluster\'s current network profile (a "baseline"), read from `az aks show -g <rg> -n <name> -o json` output (ARM',
    'JSON and azure-native args are read too), as one map stated once: { "<key>": <cluster> }. It is the value of the',
    `stack config ${BASELINES_CONFIG_KEY}, which every policy of the pack that needs a cluster's current state reads:`,
    `  aks-netguard baseline current.json | pulumi config set ${BASELINES_CONFIG_KEY}`,
    "(a multi-line value: Pulumi.<stack>.yaml keeps it as readable JSON). A baselines map under a policy's own",
    "--policy-pack-config entry is still read.",
    "From the live cluster (--subscription, --resource-group, --name; read-only, apply's credentials): the cluster under",
    'its Azure name with its "context" (VNet, subnets, peerings, route tables, agent pools, and what could not be read).',
  ].join("\n"),
  options: {
    name: {
      type: "string",
      multiple: true,
      value: "<key>",
      description:
        "the key each cluster is filed under, one per file in order: its Pulumi resource name, Azure name or URN (default: the Azure name); with --subscription, the live cluster's name",
    },
    out: {
      type: "string",
      value: "<file>",
      description:
        "write to <file>; an existing baselines file keeps its other clusters and gets these added or replaced",
    },
    "stack-config": {
      type: "boolean",
      description: `the ${BASELINES_CONFIG_KEY} value: the default, kept for scripts`,
    },
    subscription: LIVE_OPTIONS.subscription,
    "resource-group": LIVE_OPTIONS["resource-group"],
    "arm-endpoint": LIVE_OPTIONS["arm-endpoint"],
  },
  positionals: { label: "cluster file" },
  examples: [
    "az aks show -g rg-aks -n aks1 -o json > current.json",
    `aks-netguard baseline current.json --name payments-cluster | pulumi config set ${BASELINES_CONFIG_KEY}`,
    "aks-netguard baseline a.json b.json --out baselines.json",
    `pulumi config set ${BASELINES_CONFIG_KEY} < baselines.json`,
    "aks-netguard baseline --subscription $SUB --resource-group rg-aks --name aks1 --out baselines.json",
  ],
  exitCodes: ["0  written", "2  bad input (unreadable file, not a cluster, a bad flag)"],
  run: baselineCommand,
});
