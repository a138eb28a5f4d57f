import { InputError } from "./errors";
import type { ClusterNetwork } from "./model";

/** The AksCluster component's type token, as the engine and the policy pack see it. */
export const AKS_CLUSTER_TYPE = "aks-netguard:index:AksCluster";
/** The component's migration record: a custom resource of this package's own provider plugin, in every language. */
export const NETWORK_MIGRATION_TYPE = "aks-netguard:index:NetworkMigration";
/**
 * The type the same resource had as a Node dynamic resource, before the plugin served it. The component's alias moves
 * such a state to the new type as an update: never a replacement, so the old record is never deleted through a
 * `pulumi-nodejs` dynamic-provider process, which cannot start beside a Python, Go, C# or YAML program.
 */
export const DYNAMIC_NETWORK_MIGRATION_TYPE = "pulumi-nodejs:dynamic/aks-netguard:NetworkMigration";

/** A network field azure-native treats as force-new: a change plans delete-and-recreate of the whole cluster. */
export interface ForceNewField {
  readonly field: string;
  /** The field's effective value, for comparing a current and a desired cluster. */
  readonly value: (c: ClusterNetwork) => string | undefined;
  /** The networkProfile keys whose presence in a resource's inputs sets this field. */
  readonly keys: readonly string[];
}

export const FORCE_NEW_FIELDS: readonly ForceNewField[] = [
  { field: "networkPlugin", value: (c) => c.networkPlugin, keys: ["networkPlugin"] },
  { field: "networkPluginMode", value: (c) => c.networkPluginMode, keys: ["networkPluginMode", "networkPlugin"] },
  { field: "networkDataplane", value: (c) => c.networkDataplane ?? "azure", keys: ["networkDataplane"] },
  { field: "networkPolicy", value: (c) => c.networkPolicy ?? "none", keys: ["networkPolicy"] },
  { field: "podCidr", value: (c) => c.podCidrs.join(",") || undefined, keys: ["podCidr", "podCidrs"] },
  { field: "serviceCidr", value: (c) => c.serviceCidrs.join(",") || undefined, keys: ["serviceCidr", "serviceCidrs"] },
  { field: "dnsServiceIP", value: (c) => c.dnsServiceIp, keys: ["dnsServiceIP"] },
  { field: "outboundType", value: (c) => c.outboundType, keys: ["outboundType"] },
];

/** The `ignoreChanges` paths that keep every force-new network field from planning a replacement. */
export const FORCE_NEW_NETWORK_FIELDS: readonly string[] = [
  ...new Set(FORCE_NEW_FIELDS.flatMap((f) => f.keys.map((k) => `networkProfile.${k}`))),
];

/** The fields of the component's `network` input that become azure-native's `networkProfile`. */
export interface ComponentNetworkFields {
  readonly plugin?: unknown;
  readonly pluginMode?: unknown;
  readonly dataplane?: unknown;
  readonly policy?: unknown;
  readonly podCidr?: unknown;
  readonly serviceCidr?: unknown;
  readonly dnsServiceIp?: unknown;
  readonly outboundType?: unknown;
}

/** The component's `network` under azure-native's `networkProfile` names, each value as given (plain or Output). */
export function networkProfileArgs<N extends ComponentNetworkFields>(network: N) {
  return carried(network, ["podCidr", "serviceCidr", "outboundType"], {
    networkPlugin: "plugin",
    networkPluginMode: "pluginMode",
    networkDataplane: "dataplane",
    networkPolicy: "policy",
    dnsServiceIP: "dnsServiceIp",
  });
}

/** The fields of one of the component's `nodePools` that become an azure-native agent pool profile. */
export interface ComponentPoolFields {
  readonly name?: unknown;
  readonly mode?: unknown;
  readonly osType?: unknown;
  readonly osSku?: unknown;
  readonly vmSize?: unknown;
  readonly count?: unknown;
  readonly minCount?: unknown;
  readonly maxCount?: unknown;
  readonly vnetSubnetId?: unknown;
  readonly podSubnetId?: unknown;
}

/**
 * One of the component's pools under azure-native's agent pool names, each value as given (plain or Output); a pool with
 * `maxCount` autoscales, and a pool without its own subnet takes the cluster's.
 */
export function agentPoolArgs<P extends ComponentPoolFields, S>(pool: P, defaultSubnet: S) {
  return {
    ...carried(pool, ["name", "mode", "osType", "vmSize", "count", "minCount", "maxCount"], {
      osSKU: "osSku",
      podSubnetID: "podSubnetId",
    }),
    enableAutoScaling: pool.maxCount !== undefined ? true : undefined,
    vnetSubnetID: (pool.vnetSubnetId ?? defaultSubnet) as P["vnetSubnetId"] | S,
  };
}

/** `source`'s `same` fields under their own names and its `renamed` fields (new name → field) under new ones, as given. */
function carried<T, const Same extends readonly (keyof T)[], const Renamed extends Record<string, keyof T>>(
  source: T,
  same: Same,
  renamed: Renamed,
): { [K in Same[number]]: T[K] } & { [K in keyof Renamed]: T[Renamed[K]] } {
  const pairs = [...same.map((k) => [k, k] as const), ...Object.entries(renamed)];
  return Object.fromEntries(pairs.map(([to, from]) => [to, source[from as keyof T]])) as {
    [K in Same[number]]: T[K];
  } & { [K in keyof Renamed]: T[Renamed[K]] };
}

/**
 * The AksCluster component's inputs (`network`, `nodePools`, …) as azure-native ManagedCluster args, so the same parser
 * reads them. Shared by the component and the policy pack, which sees the component's inputs.
 */
export function componentInputsToClusterArgs(inputs: unknown, field = "AksCluster"): Record<string, unknown> {
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs))
    throw new InputError(field, inputs, "the AksCluster component's inputs");
  const i = inputs as Record<string, unknown>;
  const network = (typeof i.network === "object" && i.network !== null ? i.network : {}) as Record<string, unknown>;
  const pools = Array.isArray(i.nodePools) ? i.nodePools : [];
  return dropUndefined({
    resourceName: i.clusterName ?? i.name,
    resourceGroupName: i.resourceGroupName,
    kubernetesVersion: i.kubernetesVersion,
    identity: i.identityType !== undefined ? { type: i.identityType } : undefined,
    networkProfile: dropUndefined(networkProfileArgs(network)),
    agentPoolProfiles: pools.map((p) =>
      dropUndefined(
        agentPoolArgs((typeof p === "object" && p !== null ? p : {}) as ComponentPoolFields, network.vnetSubnetId),
      ),
    ),
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
