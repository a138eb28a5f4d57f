import type { PolicyResource } from "@pulumi/policy";
import { InputError, parseAgentPool, parseCluster, UnknownValueError, type ClusterNetwork, type NodePool } from "aks-netguard/core";
import { rawProps } from "./cluster-analysis";
import { isAgentPool, isManagedCluster, SUBNET, VIRTUAL_NETWORK } from "./resource-types";

export interface StackCluster {
  readonly resource: PolicyResource;
  readonly names: readonly string[];
  readonly model: ClusterNetwork;
  readonly key: string;
}

export interface StackVnet {
  readonly key: string;
  readonly name: string;
  readonly addressSpaces: readonly string[];
  readonly subnets: { name: string; addressPrefixes: string[] }[];
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const lower = (v: string | undefined) => (v ?? "").toLowerCase();
export const clusterKey = (resourceGroup: string | undefined, name: string | undefined) => `${lower(resourceGroup)}/${lower(name)}`;

/** The stack's clusters, separate pools and VNets, indexed by resource group and name (maps, no nested scans). */
export interface StackIndex {
  readonly clusters: readonly StackCluster[];
  readonly poolsByCluster: ReadonlyMap<string, NodePool[]>;
  readonly vnetsByKey: ReadonlyMap<string, StackVnet>;
  readonly vnets: readonly StackVnet[];
}

function prefixesOf(props: Record<string, unknown>): string[] {
  const list = Array.isArray(props.addressPrefixes) ? props.addressPrefixes.filter((p): p is string => typeof p === "string") : [];
  const single = str(props.addressPrefix);
  return single !== undefined && !list.includes(single) ? [single, ...list] : list;
}

export function indexStack(resources: readonly PolicyResource[]): StackIndex {
  const clusters: StackCluster[] = [];
  const poolsByCluster = new Map<string, NodePool[]>();
  const vnetsByKey = new Map<string, StackVnet>();
  const looseSubnets: { vnetKey: string; name: string; addressPrefixes: string[] }[] = [];
  for (const resource of resources) {
    const props = rawProps(resource.props);
    if (isManagedCluster(resource.type)) {
      try {
        const model = parseCluster(props, resource.name, { unknowns: "collect" });
        const azureName = str(props.resourceName) ?? str(props.name) ?? resource.name;
        clusters.push({ resource, model, names: [resource.name, azureName, resource.urn], key: clusterKey(str(props.resourceGroupName), azureName) });
      } catch (error) {
        if (!(error instanceof InputError || error instanceof UnknownValueError)) throw error;
      }
    } else if (isAgentPool(resource.type)) {
      try {
        const pool = parseAgentPool({ ...props, name: str(props.agentPoolName) ?? str(props.name) ?? resource.name }, resource.name, { unknowns: "collect" });
        const key = clusterKey(str(props.resourceGroupName), str(props.resourceName));
        poolsByCluster.set(key, [...(poolsByCluster.get(key) ?? []), pool]);
      } catch (error) {
        if (!(error instanceof InputError || error instanceof UnknownValueError)) throw error;
      }
    } else if (VIRTUAL_NETWORK.test(resource.type)) {
      const name = str(props.virtualNetworkName) ?? str(props.name) ?? resource.name;
      const space = props.addressSpace as Record<string, unknown> | undefined;
      const subnets = (Array.isArray(props.subnets) ? props.subnets : [])
        .filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null)
        .map((s) => ({ name: str(s.name) ?? "subnet", addressPrefixes: prefixesOf(s) }));
      const key = clusterKey(str(props.resourceGroupName), name);
      vnetsByKey.set(key, { key, name, addressSpaces: space ? prefixesOf({ addressPrefixes: space.addressPrefixes }) : [], subnets });
    } else if (SUBNET.test(resource.type)) {
      looseSubnets.push({
        vnetKey: clusterKey(str(props.resourceGroupName), str(props.virtualNetworkName)),
        name: str(props.subnetName) ?? str(props.name) ?? resource.name,
        addressPrefixes: prefixesOf(props),
      });
    }
  }
  for (const subnet of looseSubnets) {
    const vnet = vnetsByKey.get(subnet.vnetKey);
    if (vnet !== undefined && !vnet.subnets.some((s) => s.name === subnet.name)) vnet.subnets.push({ name: subnet.name, addressPrefixes: subnet.addressPrefixes });
  }
  return { clusters, poolsByCluster, vnetsByKey, vnets: [...vnetsByKey.values()] };
}

/** The VNets a cluster's pools sit in (by their subnet IDs), or the stack's only VNet when pool subnets are not known. */
export function vnetsOf(cluster: StackCluster, index: StackIndex, separatePools: readonly NodePool[]): StackVnet[] {
  const found = new Map<string, StackVnet>();
  for (const pool of [...cluster.model.nodePools, ...separatePools]) {
    const match = pool.vnetSubnetId?.match(/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)/i);
    const vnet = match ? index.vnetsByKey.get(clusterKey(match[1], match[2])) : undefined;
    if (vnet !== undefined) found.set(vnet.key, vnet);
  }
  if (found.size === 0 && index.vnets.length === 1) return [index.vnets[0]];
  return [...found.values()];
}
