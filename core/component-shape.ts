import { InputError } from "./errors";

/**
 * The AksCluster component's inputs (`network`, `nodePools`, …) as azure-native ManagedCluster args, so the same parser
 * reads them. Shared by the component and the policy pack, which sees the component's inputs.
 */
export function componentInputsToClusterArgs(inputs: unknown, field = "AksCluster"): Record<string, unknown> {
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) throw new InputError(field, inputs, "the AksCluster component's inputs");
  const i = inputs as Record<string, unknown>;
  const network = (typeof i.network === "object" && i.network !== null ? i.network : {}) as Record<string, unknown>;
  const pools = Array.isArray(i.nodePools) ? i.nodePools : [];
  return dropUndefined({
    resourceName: i.clusterName ?? i.name,
    resourceGroupName: i.resourceGroupName,
    kubernetesVersion: i.kubernetesVersion,
    identity: i.identityType !== undefined ? { type: i.identityType } : undefined,
    networkProfile: dropUndefined({
      networkPlugin: network.plugin,
      networkPluginMode: network.pluginMode,
      networkDataplane: network.dataplane,
      networkPolicy: network.policy,
      podCidr: network.podCidr,
      serviceCidr: network.serviceCidr,
      dnsServiceIP: network.dnsServiceIp,
      outboundType: network.outboundType,
    }),
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
