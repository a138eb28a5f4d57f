import type * as pulumi from "@pulumi/pulumi";
import {
  checkMigration,
  diffMigration,
  migrateStep,
  type CheckedInputs,
  type MigrationInputs,
  type MigrationState,
} from "./migrate-step";
import { checkInsides } from "./migration-insides";

/**
 * The NetworkMigration resource's CRUD on plain values (secrets already unwrapped), as the package's provider plugin
 * (plugin/provider.ts) calls it. It applies supported network migrations in place through ARM, one step per
 * `pulumi up`, and never replaces the cluster.
 */
export const networkMigrationProvider: Required<
  Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "update" | "read" | "delete">
> = {
  async check(olds: MigrationState, news: MigrationInputs) {
    const checked = checkMigration(olds, news);
    if (checked.failures.length > 0) return checked;
    // The pending step judged with what is inside the cluster, so `pulumi preview` shows it.
    const insides = await checkInsides(checked.inputs, process.env);
    const inputs =
      insides.findings.length > 0 ? { ...checked.inputs, inClusterFindings: insides.findings } : checked.inputs;
    return { inputs, failures: insides.failures };
  },
  async diff(_id: string, olds: MigrationState, news: CheckedInputs) {
    return diffMigration(olds, news);
  },
  async create(inputs: CheckedInputs) {
    const outs = await migrateStep(inputs);
    return { id: String(inputs.clusterId), outs: { ...inputs, ...outs } };
  },
  async update(_id: string, _olds: MigrationState, news: CheckedInputs) {
    const outs = await migrateStep(news);
    return { outs: { ...news, ...outs } };
  },
  // A refresh keeps the record: it is what aks-netguard last applied, and the component compares it with the live
  // cluster on every run. It reads nothing from Azure.
  async read(id: string, props?: MigrationState) {
    return { id, props };
  },
  // Deleting this resource forgets the migration record; it never deletes anything in Azure.
  async delete() {},
};
