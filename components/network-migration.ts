import * as pulumi from "@pulumi/pulumi";
import type { MigrationMode, NetworkTargetValues } from "../core";
import { PACKAGE_VERSION } from "./package-info";
import { DYNAMIC_NETWORK_MIGRATION_TYPE, NETWORK_MIGRATION_TYPE } from "../core/component-shape";

/** The network fields a migration moves; plain values as ARM spells them. */
export type NetworkTarget = NetworkTargetValues;

export interface NetworkMigrationArgs {
  /** ARM id of the managed cluster (/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/…). */
  clusterId: pulumi.Input<string>;
  /** The network profile the cluster should reach. */
  target: pulumi.Input<NetworkTarget>;
  /** "single-step": refuse targets more than one step away; "stepwise": each update applies the next step. */
  migration: pulumi.Input<MigrationMode>;
  /** ARM endpoint (sovereign clouds); defaults to AKS_NETGUARD_ARM_ENDPOINT or the public cloud. */
  armEndpoint?: pulumi.Input<string>;
  /** How long one step may take before the update gives up (default 180, at most 1440); the operation may still finish in Azure. */
  timeoutMinutes?: pulumi.Input<number>;
  /** The profile the cluster is in now (the component's observation of the live cluster); planning starts from it when known. */
  observed?: pulumi.Input<NetworkTarget | undefined>;
  /** Read the cluster's insides (cluster user credential from ARM) in preview and right before each write. */
  inspectCluster?: pulumi.Input<boolean>;
  /** Findings accepted knowingly: rule id → reason (echoed in the preview). */
  acceptedFindings?: pulumi.Input<Record<string, string>>;
}

/**
 * Applies supported network migrations in place through ARM, one step per `pulumi up`; never replaces the cluster.
 * Preview (Check, Diff) never writes to Azure and shows the pending step as an update (`nextStep`).
 */
export class NetworkMigration extends pulumi.CustomResource {
  /** The network profile the last successful step left the cluster in. */
  declare readonly applied: pulumi.Output<NetworkTarget>;
  /** Steps still to do after this update (titles and az commands). */
  declare readonly remainingSteps: pulumi.Output<{ title: string; azCommand: string }[]>;
  /** The rules the last update's facts (read right before its write) could not check, with what would check them. */
  declare readonly notChecked: pulumi.Output<string[] | undefined>;
  /** The step this update performs, when one is pending. */
  declare readonly nextStep: pulumi.Output<{ title: string; azCommand: string } | undefined>;
  /** The pending step's findings inside the cluster (warnings, accepted, unverified). */
  declare readonly inClusterFindings: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: NetworkMigrationArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      NETWORK_MIGRATION_TYPE,
      name,
      {
        ...args,
        applied: undefined,
        remainingSteps: undefined,
        notChecked: undefined,
        nextStep: undefined,
        inClusterFindings: undefined,
      },
      {
        ...opts,
        // The version pins the engine's default provider to the plugin instance that constructed the component.
        version: opts.version ?? PACKAGE_VERSION,
        aliases: [...(opts.aliases ?? []), { type: DYNAMIC_NETWORK_MIGRATION_TYPE }],
      },
    );
  }
}
