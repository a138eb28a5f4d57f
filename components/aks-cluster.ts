import * as pulumi from "@pulumi/pulumi";
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";
import { Provider } from "@pulumi/azure-native/provider";
import {
  agentPoolArgs,
  AKS_CLUSTER_TYPE,
  describeNetwork,
  FORCE_NEW_NETWORK_FIELDS,
  InputError,
  networkProfileArgs,
  networkValuesOf,
  parseCluster,
  parseContext,
  sameNetwork,
  type PlannedStep,
} from "../core";
import { adoptionOptions } from "./adoption";
import { MigrationMode, type AksClusterArgs, type AksNodePoolArgs } from "./args";
import { judgeComponent, refusalsWithoutCluster } from "./judge";
import { NetworkMigration, type NetworkTarget } from "./network-migration";
import { observeCluster, type Observation } from "./observe";
import { observeNetwork, type NetworkObservation } from "./observe-network";
import { resolveMarkingSecrets } from "./secret-inputs";

/**
 * An AKS cluster whose network profile (plugin, plugin mode, data plane, policy, CIDRs) is checked against the live cluster
 * before any cloud call and moved in place, one supported step at a time — never by replacing the cluster.
 */
export class AksCluster extends pulumi.ComponentResource {
  /** The azure-native ManagedCluster. */
  declare readonly cluster: ManagedCluster;
  /** The cluster's ARM id. */
  declare readonly clusterId: pulumi.Output<string>;
  /** The cluster's Azure name. */
  declare readonly clusterName: pulumi.Output<string>;
  /** Every pool after the first System pool, each its own AgentPool resource. */
  declare readonly agentPools: AgentPool[];
  /** The network profile the last successful in-place step left the cluster in (kept in Pulumi state). */
  declare readonly appliedNetworkProfile: pulumi.Output<NetworkTarget>;
  /** The network profile the component drives the cluster to. */
  declare readonly networkProfile: pulumi.Output<NetworkTarget>;
  /** The supported operations still to do from the live profile to the desired one (empty at the target). */
  declare readonly migrationPlan: pulumi.Output<PlannedStep[]>;

  constructor(name: string, args: AksClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const clusterName = args.clusterName ?? name;
    const identityType = args.userAssignedIdentityIds?.length ? "UserAssigned" : "SystemAssigned";
    // The lookups run as the component's children (so they take the providers it was given), yet their results are
    // among its own inputs: the observed profile and network are registered there so policy packs check the same
    // transition in the same context.
    const [observed, resolveObserved] = pulumi.deferredOutput<Observation>();
    const [networkContext, resolveNetwork] = pulumi.deferredOutput<NetworkObservation>();
    // `adopt` says how the child is found, not what it is: it stays out of the registered inputs.
    const { adopt, ...declared } = args;
    super(
      AKS_CLUSTER_TYPE,
      name,
      {
        ...declared,
        clusterName,
        identityType,
        observedNetworkProfile: observed,
        observedNetworkContext: networkContext,
      },
      opts,
    );
    resolveObserved(observeCluster(args.resourceGroupName, clusterName, this));
    // The VNet, peerings and route tables of the declared and the live pools' subnets (the VNet may live in another
    // stack, subscription and resource group).
    const declaredSubnets = [
      args.network.vnetSubnetId,
      ...args.nodePools.flatMap((p) => [p.vnetSubnetId, p.podSubnetId]),
    ];
    const liveSubnets = observed.apply((live) =>
      live === undefined ? [] : parseCluster(live).nodePools.flatMap((p) => [p.vnetSubnetId, p.podSubnetId]),
    );
    resolveNetwork(
      observeNetwork([...declaredSubnets, liveSubnets], {
        parent: this,
        providerFor: networkProviders(name, opts.parent),
      }),
    );

    const systemPool = args.nodePools.find((p) => p.mode === "System");
    if (systemPool === undefined) {
      throw new pulumi.ResourceError(
        `nodePools: no pool has mode "System"; AKS needs one. Fix: set mode: "System" on the first pool.`,
        this,
      );
    }
    // What the rules judge; the resource group is left out, so a group this update creates (its name unknown in a
    // preview) does not hold the judgment back.
    const judged = {
      clusterName,
      identityType,
      kubernetesVersion: args.kubernetesVersion,
      network: args.network,
      nodePools: args.nodePools,
      migration: args.migration ?? MigrationMode.SingleStep,
      acceptedFindings: args.acceptedFindings,
      inspectCluster: args.inspectCluster ?? true,
    };
    refuseInvalidPlainProfile(name, judged, this);
    const adoption = (() => {
      try {
        return adoptionOptions(adopt, clusterName);
      } catch (error) {
        if (error instanceof InputError) throw new pulumi.ResourceError(error.message, this, true);
        throw error;
      }
    })();
    const verdict = pulumi
      .all([resolveMarkingSecrets(judged), observed, networkContext])
      .apply(([inputs, live, net]) => {
        const decision = judgeComponent(
          name,
          inputs as Record<string, unknown>,
          live,
          parseContext(net, "observedNetworkContext"),
        );
        for (const warning of decision.warnings) pulumi.log.warn(warning, this);
        if (decision.blocks.length > 0)
          throw new pulumi.ResourceError(
            `aks-netguard refused this change before any cloud call:\n${decision.blocks.join("\n")}`,
            this,
            true,
          );
        return decision;
      });
    // Everything below waits on the verdict: nothing proceeds when the change is refused.
    const gated = <T>(value: pulumi.Input<T>) =>
      pulumi.all([verdict, value]).apply(([, v]) => v) as pulumi.Output<pulumi.Unwrap<T>>;
    const network = args.network;

    this.cluster = new ManagedCluster(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        resourceName: clusterName,
        location: args.location,
        kubernetesVersion: gated(args.kubernetesVersion),
        dnsPrefix: args.dnsPrefix ?? clusterName,
        identity:
          identityType === "UserAssigned"
            ? { type: identityType, userAssignedIdentities: args.userAssignedIdentityIds }
            : { type: identityType },
        networkProfile: gated(networkProfileArgs(network)),
        agentPoolProfiles: [poolArgs(systemPool, network.vnetSubnetId)],
      },
      {
        parent: this,
        protect: args.protect ?? true,
        ignoreChanges: [...FORCE_NEW_NETWORK_FIELDS],
        ...adoption,
      },
    );

    this.clusterId = this.cluster.id;
    this.clusterName = this.cluster.name;
    this.agentPools = args.nodePools
      .filter((p) => p !== systemPool)
      .map(
        (pool) =>
          new AgentPool(
            `${name}-${pool.name}`,
            {
              resourceGroupName: args.resourceGroupName,
              resourceName: this.cluster.name,
              agentPoolName: pool.name,
              ...poolArgs(pool, network.vnetSubnetId),
            },
            { parent: this },
          ),
      );

    this.networkProfile = verdict.apply((v) => networkValuesOf(v.desired));
    const observedNetwork = observed.apply((live) =>
      live === undefined ? undefined : networkValuesOf(parseCluster(live)),
    );
    const networkMigration = new NetworkMigration(
      `${name}-network`,
      {
        clusterId: this.cluster.id,
        target: this.networkProfile,
        migration: args.migration ?? MigrationMode.SingleStep,
        armEndpoint: args.armEndpoint,
        observed: observedNetwork,
        inspectCluster: judged.inspectCluster,
        ...(args.acceptedFindings ? { acceptedFindings: args.acceptedFindings } : {}),
      },
      { parent: this },
    );
    // What its Check found inside the cluster (warnings, accepted findings with their reasons, what it could not read)
    // is the component's to say; its blocks fail the migration's Check, so the step is never written.
    networkMigration.inClusterFindings.apply((findings) => {
      for (const finding of findings ?? []) pulumi.log.warn(`Inside the cluster: ${finding}`, this);
    });
    // What the facts read right before the last step's write could not check: that step was written without it.
    networkMigration.notChecked.apply((unverified) => {
      for (const rule of unverified ?? []) pulumi.log.warn(`Before the last network step's write: ${rule}`, this);
    });
    this.appliedNetworkProfile = networkMigration.applied;
    // A preview plans from the live cluster; after `pulumi up` has applied a step, what remains is what the migration found left.
    this.migrationPlan = pulumi.runtime.isDryRun()
      ? verdict.apply((v) => [...v.plan])
      : pulumi.all([verdict, networkMigration.remainingSteps]).apply(([v, remaining]) => remaining ?? [...v.plan]);

    if (pulumi.runtime.isDryRun()) {
      pulumi.all([observedNetwork, networkMigration.applied]).apply(([live, applied]) => {
        if (live !== undefined && applied !== undefined && !sameNetwork(applied, live)) {
          pulumi.log.warn(
            `The live cluster's network profile (${describeNetwork(parseCluster(live, "live"))}) differs from what aks-netguard last applied (${describeNetwork(parseCluster(applied, "applied"))}): it was changed outside Pulumi, e.g. by az aks update. Planning from the live profile.`,
            this,
          );
        }
      });
    }

    this.registerOutputs({
      cluster: this.cluster,
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      networkProfile: this.networkProfile,
      migrationPlan: this.migrationPlan,
      appliedNetworkProfile: this.appliedNetworkProfile,
    });
  }
}

/**
 * When the desired profile is plain values, what is wrong whatever the live cluster is fails at once, at construction;
 * the rest of the judgment waits for the live lookup.
 */
function refuseInvalidPlainProfile(
  name: string,
  judged: Pick<AksClusterArgs, "clusterName" | "kubernetesVersion" | "network" | "nodePools"> & {
    identityType: string;
  },
  resource: pulumi.Resource,
): void {
  const plain = (v: unknown): boolean =>
    !pulumi.Output.isInstance(v) &&
    !(v instanceof Promise) &&
    (typeof v !== "object" || v === null || Object.values(v).every(plain));
  const { clusterName, ...profile } = judged;
  if (!plain(profile)) return;
  const refusals = refusalsWithoutCluster(name, {
    ...profile,
    clusterName: typeof clusterName === "string" ? clusterName : name,
  });
  if (refusals.length > 0)
    throw new pulumi.ResourceError(
      `aks-netguard refused this cluster before any cloud call:\n${refusals.join("\n")}`,
      resource,
      true,
    );
}

/** A pool as azure-native takes it: the component's pools are User pools on Linux unless they say otherwise. */
function poolArgs(pool: AksNodePoolArgs, defaultSubnet: pulumi.Input<string> | undefined) {
  return { ...agentPoolArgs(pool, defaultSubnet), mode: pool.mode ?? "User", osType: pool.osType ?? "Linux" };
}

/** The stack's azure-native settings a provider for another subscription keeps (everything but the subscription). */
const PROVIDER_SETTINGS = [
  "clientId",
  "tenantId",
  "environment",
  "metadataHost",
  "msiEndpoint",
  "oidcRequestUrl",
  "oidcTokenFilePath",
  "clientCertificatePath",
  "partnerId",
] as const;
const PROVIDER_SECRETS = ["clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken"] as const;
const PROVIDER_SWITCHES = ["useMsi", "useOidc", "useDefaultAzureCredential", "disableInstanceDiscovery"] as const;

/**
 * azure-native's invokes read in the subscription of the provider they run on, and take none of their own. A VNet in
 * another subscription (hub/spoke) is read through an azure-native provider for that subscription, one per
 * subscription, configured as the stack configures azure-native (the same identity). It is the component's sibling, not
 * its child: a child registers only after the component, whose inputs carry what the provider reads.
 */
function networkProviders(
  name: string,
  parent: pulumi.Resource | undefined,
): (subscriptionId: string) => pulumi.ProviderResource {
  const providers = new Map<string, Provider>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    let provider = providers.get(key);
    if (provider === undefined) {
      const config = new pulumi.Config("azure-native");
      const settings: Record<string, pulumi.Input<string | boolean>> = {};
      for (const k of PROVIDER_SETTINGS) {
        const v = config.get(k);
        if (v !== undefined) settings[k] = v;
      }
      for (const k of PROVIDER_SECRETS) {
        const v = config.getSecret(k);
        if (v !== undefined) settings[k] = v;
      }
      for (const k of PROVIDER_SWITCHES) {
        const v = config.getBoolean(k);
        if (v !== undefined) settings[k] = v;
      }
      provider = new Provider(`${name}-network-${key}`, { ...settings, subscriptionId }, { parent });
      providers.set(key, provider);
    }
    return provider;
  };
}
