import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { clusterToJson, parseCluster } from "../../core";
import { readJsonFile, UsageError, type CliIO } from "../io";
import { registerCommand } from "../run";

/** Policies of the pack that read `baselines` (kept in step with policies/all.ts by a test). */
export function baselinePolicyNames(): readonly string[] {
  // Loaded on demand: the pack's modules pull in @pulumi/policy, which no other command needs.
  return (require("../../policies/all") as { policiesWithBaselines: readonly string[] }).policiesWithBaselines;
}

export interface BaselineOptions {
  readonly files: readonly string[];
  /** Keys to file each cluster under (Pulumi resource name, Azure name or URN), one per file; default: the cluster's Azure name. */
  readonly names: readonly string[];
  readonly stackConfig: boolean;
}

/** The baselines map: every cluster under its key, in the compact form the pack reads. */
export function buildBaselines(options: BaselineOptions): Record<string, unknown> {
  if (options.files.length === 0) throw new UsageError("baseline needs at least one file: az aks show -g <rg> -n <name> -o json > current.json");
  if (options.names.length > 0 && options.names.length !== options.files.length) {
    throw new UsageError(`--name was given ${options.names.length} time(s) for ${options.files.length} file(s); give one per file or none.`);
  }
  const baselines: Record<string, unknown> = {};
  options.files.forEach((file, i) => {
    const cluster = parseCluster(readJsonFile(file, "cluster file"), file);
    const key = options.names[i] ?? cluster.name;
    if (key === undefined) throw new UsageError(`${file}: the cluster has no name; pass --name <Pulumi resource name | Azure name | URN>.`);
    if (baselines[key] !== undefined) throw new UsageError(`${file}: a second cluster under the key "${key}"; pass distinct --name values.`);
    baselines[key] = clusterToJson(cluster);
  });
  return baselines;
}

/** `aks-netguard baseline`: a ready `--policy-pack-config` file (or stack config value) from `az aks show` output. */
export function baselineCommand(args: readonly string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { name: { type: "string", multiple: true }, out: { type: "string" }, "stack-config": { type: "boolean" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const baselines = buildBaselines({ files: parsed.positionals, names: parsed.values.name ?? [], stackConfig: parsed.values["stack-config"] === true });
  const document = parsed.values["stack-config"] === true
    ? baselines
    : Object.fromEntries(baselinePolicyNames().map((policy) => [policy, { baselines }]));
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (parsed.values.out !== undefined) {
    writeFileSync(parsed.values.out, text);
    io.err(`Wrote ${parsed.values.out}: baselines for ${Object.keys(baselines).join(", ")}${parsed.values["stack-config"] ? "" : ` under ${baselinePolicyNames().length} policies`}.`);
  } else {
    io.out(text.trimEnd());
  }
  return 0;
}

registerCommand("baseline", baselineCommand);
