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
 * The NetworkMigration resource's CRUD, as the dynamic-provider host runs it. It applies supported network migrations in
 * place through ARM, one step per `pulumi up`, and never replaces the cluster.
 */
export const networkMigrationProvider: pulumi.dynamic.ResourceProvider = {
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
  // Deleting this resource forgets the migration record; it never deletes anything in Azure.
  async delete() {},
};
