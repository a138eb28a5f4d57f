import * as pulumi from "@pulumi/pulumi";
import type { CheckedInputs, MigrationInputs, MigrationState, NetworkTargetValues } from "../arm/migrate-step";

/** The network fields a migration moves; plain values as ARM spells them. */
export type NetworkTarget = NetworkTargetValues;

export interface NetworkMigrationArgs {
  /** ARM id of the managed cluster (/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/…). */
  clusterId: pulumi.Input<string>;
  /** The network profile the cluster should reach. */
  target: pulumi.Input<NetworkTarget>;
  /** "single-step": refuse targets more than one step away; "stepwise": each update applies the next step. */
  migration: pulumi.Input<"single-step" | "stepwise">;
  /** ARM endpoint (sovereign clouds); defaults to AKS_NETGUARD_ARM_ENDPOINT or the public cloud. */
  armEndpoint?: pulumi.Input<string>;
  /** How long one step may take before the update gives up (default 90); the operation may still finish in Azure. */
  timeoutMinutes?: pulumi.Input<number>;
  /** The profile the cluster is in now (the component's observation of the live cluster); planning starts from it when known. */
  observed?: pulumi.Input<NetworkTarget | undefined>;
}

/**
 * Where the provider's logic lives when the dynamic-provider host runs it. The host evaluates the provider from its
 * serialized text, in which a module this file imported would be inlined by value; so the provider requires the
 * compiled `aks-netguard/arm` module at run time instead — by package name, which resolves from the project's
 * node_modules on any machine — falling back to the file this program loaded when it is plain JavaScript.
 */
const RUNTIME = { packageModule: "aks-netguard/arm", file: compiledFile() };

function compiledFile(): string | undefined {
  const file = require.resolve("../arm");
  return file.endsWith(".js") ? file : undefined;
}

function runtime(): typeof import("../arm") {
  try {
    return require(RUNTIME.packageModule);
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(RUNTIME.packageModule);
    if (!notFound || RUNTIME.file === undefined) throw error;
    return require(RUNTIME.file);
  }
}

const provider: pulumi.dynamic.ResourceProvider = {
  async check(olds: MigrationState, news: MigrationInputs) {
    return runtime().checkMigration(olds, news);
  },
  async diff(_id: string, olds: MigrationState, news: CheckedInputs) {
    return runtime().diffMigration(olds, news);
  },
  async create(inputs: CheckedInputs) {
    const outs = await runtime().migrateStep(inputs);
    return { id: String(inputs.clusterId), outs: { ...inputs, ...outs } };
  },
  async update(_id: string, _olds: MigrationState, news: CheckedInputs) {
    const outs = await runtime().migrateStep(news);
    return { outs: { ...news, ...outs } };
  },
  // Deleting this resource forgets the migration record; it never deletes anything in Azure.
  async delete() {},
};

/**
 * Applies supported network migrations in place through ARM, one step per `pulumi up`; never replaces the cluster.
 * Preview (Check, Diff) never writes to Azure and shows the pending step as an update (`nextStep`).
 */
export class NetworkMigration extends pulumi.dynamic.Resource {
  /** The network profile the last successful step left the cluster in. */
  declare readonly applied: pulumi.Output<NetworkTarget>;
  /** Steps still to do after this update (titles and az commands). */
  declare readonly remainingSteps: pulumi.Output<{ title: string; azCommand: string }[]>;
  /** The step this update performs, when one is pending. */
  declare readonly nextStep: pulumi.Output<{ title: string; azCommand: string } | undefined>;

  constructor(name: string, args: NetworkMigrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args, applied: undefined, remainingSteps: undefined, nextStep: undefined }, opts, "aks-netguard", "NetworkMigration");
  }
}
