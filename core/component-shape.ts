import { InputError } from "./errors";

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
  return {
    networkPlugin: network.plugin as N["plugin"],
    networkPluginMode: network.pluginMode as N["pluginMode"],
    networkDataplane: network.dataplane as N["dataplane"],
    networkPolicy: network.policy as N["policy"],
    podCidr: network.podCidr as N["podCidr"],
    serviceCidr: network.serviceCidr as N["serviceCidr"],
    dnsServiceIP: network.dnsServiceIp as N["dnsServiceIp"],
    outboundType: network.outboundType as N["outboundType"],
  };
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
    agentPoolProfiles: pools.map((p) => {
      const pool = (typeof p === "object" && p !== null ? p : {}) as Record<string, unknown>;
      return dropUndefined({
        name: pool.name,
        mode: pool.mode,
        osType: pool.osType,
        osSKU: pool.osSku,
        vmSize: pool.vmSize,
        count: pool.count,
        maxCount: pool.maxCount,
        enableAutoScaling: pool.maxCount !== undefined ? true : undefined,
        vnetSubnetID: pool.vnetSubnetId ?? network.vnetSubnetId,
        podSubnetID: pool.podSubnetId,
      });
    }),
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
