import * as pulumi from "@pulumi/pulumi";
import type { MigrationInputs, MigrationOutputs, NetworkTargetValues } from "../arm/migrate-step";

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
  timeoutMinutes?: pulumi.Input<number>;
  /** The profile the cluster is in now (the component's observation); recorded as `applied` on create. */
  observed?: pulumi.Input<NetworkTarget | undefined>;
}

type State = MigrationInputs & Partial<MigrationOutputs> & { observed?: NetworkTarget };

/**
 * The provider runs in the dynamic-provider host, from its serialized text: it reaches the executor by package name,
 * which resolves from the host's node_modules to aks-netguard's compiled `arm` module.
 */
const provider: pulumi.dynamic.ResourceProvider = {
  async check(olds: State, news: State) {
    const arm = require("aks-netguard/arm") as typeof import("../arm");
    const failures: pulumi.dynamic.CheckFailure[] = [];
    try {
      arm.parseClusterId(String(news.clusterId));
    } catch (error) {
      failures.push({ property: "clusterId", reason: (error as Error).message });
    }
    try {
      // The live profile wins over the last applied one: someone may have run az aks update by hand.
      const { refusal } = arm.pendingSteps(news, news.observed ?? olds?.applied);
      if (refusal !== undefined) failures.push({ property: "target", reason: refusal });
    } catch (error) {
      failures.push({ property: "target", reason: (error as Error).message });
    }
    return { inputs: news, failures };
  },

  async diff(_id: string, olds: State, news: State) {
    const arm = require("aks-netguard/arm") as typeof import("../arm");
    const atTarget = arm.sameNetwork(olds.applied, news.target);
    const settingsChanged = olds.migration !== news.migration || olds.armEndpoint !== news.armEndpoint || olds.timeoutMinutes !== news.timeoutMinutes;
    return { changes: !atTarget || settingsChanged, replaces: [], deleteBeforeReplace: false, stables: ["clusterId"] };
  },

  async create(inputs: State) {
    const arm = require("aks-netguard/arm") as typeof import("../arm");
    const outs = await arm.migrateStep(inputs);
    return { id: String(inputs.clusterId), outs: { ...inputs, ...outs } };
  },

  async update(_id: string, _olds: State, news: State) {
    const arm = require("aks-netguard/arm") as typeof import("../arm");
    const outs = await arm.migrateStep(news);
    return { outs: { ...news, ...outs } };
  },

  // Deleting this resource forgets the migration record; it never deletes anything in Azure.
  async delete() {},
};

/** Applies supported network migrations in place through ARM, one step per `pulumi up`; never replaces the cluster. */
export class NetworkMigration extends pulumi.dynamic.Resource {
  /** The network profile the last successful step left the cluster in. */
  declare readonly applied: pulumi.Output<NetworkTarget>;
  /** Steps still to do after this update (titles and az commands). */
  declare readonly remainingSteps: pulumi.Output<{ title: string; azCommand: string }[]>;

  constructor(name: string, args: NetworkMigrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args, applied: undefined, remainingSteps: undefined }, opts, "aks-netguard", "NetworkMigration");
  }
}
