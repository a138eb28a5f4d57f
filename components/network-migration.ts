import * as pulumi from "@pulumi/pulumi";
import type { MigrationMode, NetworkTargetValues } from "../core";

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
  /** How long one step may take before the update gives up (default 90); the operation may still finish in Azure. */
  timeoutMinutes?: pulumi.Input<number>;
  /** The profile the cluster is in now (the component's observation of the live cluster); planning starts from it when known. */
  observed?: pulumi.Input<NetworkTarget | undefined>;
  /** Read the cluster's insides (cluster user credential from ARM) in preview and right before each write. */
  inspectCluster?: pulumi.Input<boolean>;
  /** Findings accepted knowingly: rule id → reason (echoed in the preview). */
  acceptedFindings?: pulumi.Input<Record<string, string>>;
}

const PACKAGE_MODULE = "aks-netguard/arm";
/** The type token pulumi.dynamic.Resource gives a dynamic resource of module "aks-netguard", type "NetworkMigration". */
export const NETWORK_MIGRATION_TYPE = "pulumi-nodejs:dynamic/aks-netguard:NetworkMigration";

/**
 * The `__provider` text the dynamic-provider host loads (`require`s the text, then calls its `handler`). Pulumi would
 * serialize a provider object's closure instead, which costs a program about 0.35 s on its first dynamic resource
 * (closure analysis loads TypeScript and opens an inspector session) and inlines by value whatever the closure reaches.
 * This loader holds no logic: it requires the compiled `aks-netguard/arm` module by package name, which resolves from
 * the project's node_modules on any machine, falling back to the file this program loaded when it is plain JavaScript.
 */
export const PROVIDER_TEXT = providerText(compiledFile());

function compiledFile(): string | undefined {
  const file = require.resolve("../arm");
  return file.endsWith(".js") ? file : undefined;
}

export function providerText(fallback: string | undefined): string {
  return [
    `// aks-netguard NetworkMigration: the provider is ${PACKAGE_MODULE}'s networkMigrationProvider.`,
    "exports.handler = function () {",
    "  let arm;",
    "  try {",
    `    arm = require(${JSON.stringify(PACKAGE_MODULE)});`,
    "  } catch (error) {",
    `    const fallback = ${JSON.stringify(fallback ?? null)};`,
    `    if (error.code !== "MODULE_NOT_FOUND" || !String(error.message).includes(${JSON.stringify(PACKAGE_MODULE)}) || fallback === null) throw error;`,
    "    arm = require(fallback);",
    "  }",
    "  return arm.networkMigrationProvider;",
    "};",
    "",
  ].join("\n");
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
  /** The step this update performs, when one is pending. */
  declare readonly nextStep: pulumi.Output<{ title: string; azCommand: string } | undefined>;
  /** The pending step's findings inside the cluster (warnings, accepted, unverified). */
  declare readonly inClusterFindings: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: NetworkMigrationArgs, opts?: pulumi.CustomResourceOptions) {
    // What pulumi.dynamic.Resource registers, with the provider text above in place of a serialized closure.
    super(
      NETWORK_MIGRATION_TYPE,
      name,
      {
        ...args,
        __provider: PROVIDER_TEXT,
        applied: undefined,
        remainingSteps: undefined,
        nextStep: undefined,
        inClusterFindings: undefined,
      },
      opts,
    );
  }
}
