// STUB — owned by the ARM-executor work (issue 5). The interface below is the contract the AksCluster component codes against.
import * as pulumi from "@pulumi/pulumi";

/** The network fields a migration moves; plain values as ARM spells them. */
export interface NetworkTarget {
  networkPlugin?: string;
  networkPluginMode?: string;
  networkDataplane?: string;
  networkPolicy?: string;
  podCidrs?: string[];
}

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
}

/** Applies supported network migrations in place through ARM, one step per `pulumi up`. */
export class NetworkMigration extends pulumi.dynamic.Resource {
  /** The network profile the last successful step left the cluster in. */
  declare readonly applied: pulumi.Output<NetworkTarget>;
  /** Steps still to do after this update (titles and az commands). */
  declare readonly remainingSteps: pulumi.Output<{ title: string; azCommand: string }[]>;

  constructor(name: string, args: NetworkMigrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      {
        async create(inputs: Record<string, unknown>) {
          return { id: String(inputs.clusterId), outs: { ...inputs, applied: inputs.target, remainingSteps: [] } };
        },
      },
      name,
      { ...args, applied: undefined, remainingSteps: undefined },
      opts,
    );
  }
}
