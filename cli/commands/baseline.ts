import { existsSync, writeFileSync } from "node:fs";
import { clusterToJson, contextToJson, parseCluster } from "../../core";
import { readJsonFile, UsageError, type CliIO } from "../io";
import { stringFlag, type ParsedCommand, registerCommand } from "../command";
import { LIVE_OPTIONS, liveFlagsOf, readLiveCase, wantsLive } from "../live-cluster";

/** Policies of the pack that read `baselines` (kept in step with policies/all.ts by a test). */
function baselinePolicyNames(): readonly string[] {
  // Loaded on demand: the pack's modules pull in @pulumi/policy, which no other command needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when asked: the pack pulls in @pulumi/policy
  return (require("../../policies/all") as { policiesWithBaselines: readonly string[] }).policiesWithBaselines;
}

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

type PolicyConfigDocument = Record<string, unknown>;

/** Adds the baselines to every policy that reads them, keeping whatever else the document configures. */
function withBaselines(
  document: PolicyConfigDocument,
  baselines: Record<string, unknown>,
  policies: readonly string[],
): PolicyConfigDocument {
  const merged: PolicyConfigDocument = { ...document };
  for (const policy of policies) {
    const existing = merged[policy];
    const entry =
      typeof existing === "string"
        ? { enforcementLevel: existing }
        : typeof existing === "object" && existing !== null && !Array.isArray(existing)
          ? (existing as Record<string, unknown>)
          : {};
    const current =
      typeof entry.baselines === "object" && entry.baselines !== null
        ? (entry.baselines as Record<string, unknown>)
        : {};
    merged[policy] = { ...entry, baselines: { ...current, ...baselines } };
  }
  return merged;
}

function existingDocument(path: string): PolicyConfigDocument {
  if (!existsSync(path)) return {};
  const document = readJsonFile(path, "policy pack config");
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new UsageError(
      `policy pack config ${path}: not a JSON object of policies; remove it or choose another --out file.`,
    );
  }
  return document as PolicyConfigDocument;
}

/** The live cluster's baseline: its profile and the network it lives in, under its Azure name. */
async function liveBaselines(values: Record<string, unknown>, io: CliIO): Promise<Record<string, unknown>> {
  const live = await readLiveCase(liveFlagsOf(values), io, "baseline");
  const name = live.current.name ?? String(values.name);
  for (const u of live.facts.unread)
    io.err(`not read: ${u.id} (${u.code}); rules that need its ${u.fact} stay unverified`);
  return { [name]: { ...clusterToJson(live.current), context: contextToJson(live.context) } };
}

/** `aks-netguard baseline`: a ready `--policy-pack-config` file (or stack config value) from `az aks show` output. */
function baselineCommand({ values, positionals }: ParsedCommand, io: CliIO): number | Promise<number> {
  const stackConfig = values["stack-config"] === true;
  const out = stringFlag(values, "out");
  const names = Array.isArray(values.name) ? values.name : [];
  if (wantsLive(liveFlagsOf({ ...values, name: names[0] }))) {
    if (positionals.length > 0 || names.length > 1)
      throw new UsageError(
        "give either cluster files or one live cluster (--subscription --resource-group --name), not both.",
      );
    return liveBaselines({ ...values, name: names[0] }, io).then((baselines) =>
      writeBaselines(baselines, io, stackConfig, out),
    );
  }
  return writeBaselines(buildBaselines({ files: positionals, names }), io, stackConfig, out);
}

function writeBaselines(
  baselines: Record<string, unknown>,
  io: CliIO,
  stackConfig: boolean,
  out: string | undefined,
): number {
  const base = out !== undefined && !stackConfig ? existingDocument(out) : {};
  const document = stackConfig ? baselines : withBaselines(base, baselines, baselinePolicyNames());
  const text = `${JSON.stringify(document, null, 2)}\n`;
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
  const kept = Object.keys(base).length > 0 ? ", keeping its other settings" : "";
  io.err(
    `Wrote ${out}: baselines for ${Object.keys(baselines).join(", ")}${stackConfig ? " (stack config aks-netguard:baselines)" : ` under ${baselinePolicyNames().length} policies${kept}`}.`,
  );
  return 0;
}

registerCommand({
  name: "baseline",
  summary: "the current network profiles the policy pack needs for raw azure-native clusters",
  usage: [
    "baseline <az-aks-show.json>… [--name <key>]… [--out <file>] [--stack-config]",
    "baseline --subscription <id> --resource-group <rg> --name <cluster> [--arm-endpoint <url>] [--out <file>]",
  ],
  description: [
    "Writes what the aks-netguard policy pack needs to run its transition rules on raw azure-native clusters: each",
    'cluster\'s current network profile (a "baseline"), read from `az aks show -g <rg> -n <name> -o json` output (ARM',
    "JSON and azure-native args are read too).",
    "Without --stack-config: a --policy-pack-config document for",
    "  pulumi preview --policy-pack <pack> --policy-pack-config policy-config.json",
    'With --stack-config: the { "<key>": <cluster> } map for the stack config key aks-netguard:baselines.',
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
        "write to <file>; an existing --policy-pack-config file keeps its other settings and gets these baselines",
    },
    "stack-config": { type: "boolean", description: "write the stack config form (aks-netguard:baselines)" },
    subscription: LIVE_OPTIONS.subscription,
    "resource-group": LIVE_OPTIONS["resource-group"],
    "arm-endpoint": LIVE_OPTIONS["arm-endpoint"],
  },
  positionals: { label: "cluster file" },
  examples: [
    "az aks show -g rg-aks -n aks1 -o json > current.json",
    "aks-netguard baseline current.json --out policy-config.json",
    'pulumi config set aks-netguard:baselines "$(aks-netguard baseline current.json --stack-config)"',
    "aks-netguard baseline --subscription $SUB --resource-group rg-aks --name aks1 --out policy-config.json",
  ],
  exitCodes: ["0  written", "2  bad input (unreadable file, not a cluster, a bad flag)"],
  run: baselineCommand,
});
