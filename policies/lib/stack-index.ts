import type { PolicyResource } from "@pulumi/policy";
import {
  InputError,
  isUnknownMarker,
  parseAgentPool,
  parseCluster,
  UnknownValueError,
  type ClusterNetwork,
  type Evaluation,
  type NodePool,
} from "aks-netguard/core";
import { rawProps } from "./cluster-analysis";
import { requestIdOf } from "./secrets";
import { isAgentPool, isManagedCluster, SUBNET, VIRTUAL_NETWORK } from "./resource-types";

export interface StackCluster {
  /** The resource's Pulumi name and URN (not the resource: the server's resource objects hold all of one policy's). */
  readonly name: string;
  readonly urn: string;
  readonly names: readonly string[];
  readonly model: ClusterNetwork;
  /** Resource group and Azure name; undefined while either is unknown (a cluster created in this preview). */
  readonly key?: string;
  /** Its separate AgentPool resources. */
  readonly separatePools: readonly NodePool[];
  /** The VNets its pools sit in (see `vnetsOf`). */
  readonly vnets: readonly StackVnet[];
  /** The evaluations the stack policies compare, by baseline, made once per request (stack-correlation.ts). */
  readonly evaluations: Map<object, { withVnets?: Evaluation; withPools?: Evaluation }>;
}

type StackClusterDraft = { -readonly [K in keyof StackCluster]: StackCluster[K] };

interface StackVnet {
  readonly key: string;
  readonly name: string;
  readonly addressSpaces: readonly string[];
  readonly subnets: { name: string; addressPrefixes: string[] }[];
}

/** A string the stack knows: not absent, not the engine's unknown marker. */
const known = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" && !isUnknownMarker(v) ? v : undefined;
const lower = (v: string) => v.toLowerCase();
const single = <T>(items: readonly T[]): T | undefined => (items.length === 1 ? items[0] : undefined);
const clusterKey = (resourceGroup: string | undefined, name: string | undefined): string | undefined =>
  resourceGroup === undefined || name === undefined ? undefined : `${lower(resourceGroup)}/${lower(name)}`;

const CLUSTER_ID = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)/i;
const VNET_ID = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)/i;

/** The stack's clusters (each with its separate pools and VNets) and VNets, matched by maps, no nested scans. */
export interface StackIndex {
  readonly clusters: readonly StackCluster[];
  readonly vnets: readonly StackVnet[];
}

function prefixesOf(props: Record<string, unknown>): string[] {
  const list = Array.isArray(props.addressPrefixes)
    ? props.addressPrefixes.filter((p): p is string => known(p) !== undefined)
    : [];
  const prefix = known(props.addressPrefix);
  return prefix !== undefined && !list.includes(prefix) ? [prefix, ...list] : list;
}

/**
 * Where a resource's identity comes from: its inputs (resourceGroupName, resourceName) in Analyze and in a preview's
 * AnalyzeStack, or, in AnalyzeStack after an update, azure-native's outputs, which carry the ARM `id` and `name` instead.
 */
function clusterIdentity(props: Record<string, unknown>): string | undefined {
  const fromId = known(props.id)?.match(CLUSTER_ID);
  return clusterKey(
    known(props.resourceGroupName) ?? fromId?.[1],
    known(props.resourceName) ?? fromId?.[2] ?? known(props.name),
  );
}

function poolParent(props: Record<string, unknown>): string | undefined {
  const fromId = known(props.id)?.match(CLUSTER_ID);
  return clusterKey(known(props.resourceGroupName) ?? fromId?.[1], known(props.resourceName) ?? fromId?.[2]);
}

/** The clusters a resource depends on: how a pool whose cluster name is unknown in preview still finds its cluster. */
function dependedOn<T>(resource: PolicyResource, byUrn: ReadonlyMap<string, T>): T[] {
  const found = new Set<T>();
  const deps = [...(resource.dependencies ?? []), ...Object.values(resource.propertyDependencies ?? {}).flat()];
  for (const dep of deps) {
    const hit = dep?.urn === undefined ? undefined : byUrn.get(dep.urn);
    if (hit !== undefined) found.add(hit);
  }
  return [...found];
}

/** A resource the resource policies report as unreadable (cluster-input, agent-pool-input) is left out of the index. */
function readable<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError || error instanceof UnknownValueError)) throw error;
    return undefined;
  }
}

function parseStackCluster(resource: PolicyResource, props: Record<string, unknown>): StackClusterDraft | undefined {
  const model = readable(() => parseCluster(props, resource.name, { unknowns: "collect" }));
  if (model === undefined) return undefined;
  const azureName = known(props.resourceName) ?? known(props.name);
  const names = [
    resource.name,
    ...(azureName !== undefined && azureName !== resource.name ? [azureName] : []),
    resource.urn,
  ];
  return {
    name: resource.name,
    urn: resource.urn,
    model,
    names,
    key: clusterIdentity(props),
    separatePools: [],
    vnets: [],
    evaluations: new Map(),
  };
}

/**
 * The index of one AnalyzeStack request, built once for all the stack policies: the server hands each policy fresh
 * resource objects, but the same decoded props (secrets.ts), and props decoded from the same request stand for the same
 * resources (type, name, URN, dependencies). Props the server did not decode (unit tests) are indexed every time.
 */
const indexes = new WeakMap<object, { readonly last: object; readonly length: number; readonly index: StackIndex }>();

export function indexStack(resources: readonly PolicyResource[]): StackIndex {
  const first = resources.length > 0 ? rawProps(resources[0].props) : undefined;
  const shareable = first !== undefined && requestIdOf(first) !== undefined;
  // Decoded props belong to one request's message: its first and last resources' props are that request's.
  const last = shareable ? rawProps(resources[resources.length - 1].props) : undefined;
  if (first !== undefined && last !== undefined) {
    const hit = indexes.get(first);
    if (hit !== undefined && hit.last === last && hit.length === resources.length) return hit.index;
  }
  const index = buildIndex(
    resources,
    resources.map((r) => rawProps(r.props)),
  );
  if (first !== undefined && last !== undefined) indexes.set(first, { last, length: resources.length, index });
  return index;
}

function buildIndex(resources: readonly PolicyResource[], allProps: readonly Record<string, unknown>[]): StackIndex {
  const clusters: StackClusterDraft[] = [];
  const clusterResources = new Map<StackClusterDraft, PolicyResource>();
  const clustersByKey = new Map<string, StackClusterDraft>();
  const clustersByUrn = new Map<string, StackClusterDraft>();
  const pools: { resource: PolicyResource; pool: NodePool; parent?: string }[] = [];
  const vnetsByKey = new Map<string, StackVnet>();
  const vnetsByUrn = new Map<string, StackVnet>();
  const looseSubnets: { resource: PolicyResource; vnetKey?: string; name: string; addressPrefixes: string[] }[] = [];
  for (const [i, resource] of resources.entries()) {
    const props = allProps[i];
    if (isManagedCluster(resource.type)) {
      const cluster = parseStackCluster(resource, props);
      if (cluster === undefined) continue;
      clusters.push(cluster);
      clusterResources.set(cluster, resource);
      clustersByUrn.set(resource.urn, cluster);
      if (cluster.key !== undefined) clustersByKey.set(cluster.key, cluster);
    } else if (isAgentPool(resource.type)) {
      const pool = readable(() =>
        parseAgentPool(
          { ...props, name: known(props.agentPoolName) ?? known(props.name) ?? resource.name },
          resource.name,
          { unknowns: "collect" },
        ),
      );
      if (pool !== undefined) pools.push({ resource, pool, parent: poolParent(props) });
    } else if (VIRTUAL_NETWORK.test(resource.type)) {
      const fromId = known(props.id)?.match(VNET_ID);
      const name = known(props.virtualNetworkName) ?? fromId?.[2] ?? known(props.name) ?? resource.name;
      const space = props.addressSpace as Record<string, unknown> | undefined;
      const subnets = (Array.isArray(props.subnets) ? props.subnets : [])
        .filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null)
        .map((s) => ({ name: known(s.name) ?? "subnet", addressPrefixes: prefixesOf(s) }));
      const key = clusterKey(known(props.resourceGroupName) ?? fromId?.[1], name) ?? `urn:${resource.urn}`;
      const vnet = {
        key,
        name,
        addressSpaces: space ? prefixesOf({ addressPrefixes: space.addressPrefixes }) : [],
        subnets,
      };
      vnetsByKey.set(key, vnet);
      vnetsByUrn.set(resource.urn, vnet);
    } else if (SUBNET.test(resource.type)) {
      const fromId = known(props.id)?.match(VNET_ID);
      looseSubnets.push({
        resource,
        vnetKey: clusterKey(
          known(props.resourceGroupName) ?? fromId?.[1],
          known(props.virtualNetworkName) ?? fromId?.[2],
        ),
        name: known(props.subnetName) ?? known(props.name) ?? resource.name,
        addressPrefixes: prefixesOf(props),
      });
    }
  }
  for (const subnet of looseSubnets) {
    const vnet =
      (subnet.vnetKey !== undefined ? vnetsByKey.get(subnet.vnetKey) : undefined) ??
      single(dependedOn(subnet.resource, vnetsByUrn));
    if (vnet === undefined) continue;
    if (!vnet.subnets.some((s) => s.name === subnet.name))
      vnet.subnets.push({ name: subnet.name, addressPrefixes: subnet.addressPrefixes });
    vnetsByUrn.set(subnet.resource.urn, vnet);
  }
  const poolsByCluster = new Map<StackCluster, NodePool[]>();
  for (const { resource, pool, parent } of pools) {
    const cluster =
      (parent !== undefined ? clustersByKey.get(parent) : undefined) ?? single(dependedOn(resource, clustersByUrn));
    if (cluster === undefined) continue;
    const list = poolsByCluster.get(cluster);
    if (list === undefined) poolsByCluster.set(cluster, [pool]);
    else list.push(pool);
  }
  const vnets = [...vnetsByKey.values()];
  for (const [cluster, resource] of clusterResources) {
    cluster.separatePools = poolsByCluster.get(cluster) ?? [];
    cluster.vnets = vnetsOf(cluster, resource, vnetsByKey, vnetsByUrn, vnets);
  }
  return { clusters, vnets };
}

/**
 * The VNets a cluster's pools sit in: by their subnet IDs, else by the Subnet or VNet resources the cluster depends on
 * (subnet IDs are unknown in the preview that creates them), else the stack's only VNet.
 */
function vnetsOf(
  cluster: StackClusterDraft,
  resource: PolicyResource,
  vnetsByKey: ReadonlyMap<string, StackVnet>,
  vnetsByUrn: ReadonlyMap<string, StackVnet>,
  vnets: readonly StackVnet[],
): StackVnet[] {
  if (vnets.length === 0) return [];
  const found = new Map<string, StackVnet>();
  for (const pools of [cluster.model.nodePools, cluster.separatePools])
    for (const pool of pools) {
      const match = pool.vnetSubnetId?.match(VNET_ID);
      const vnet = match ? vnetsByKey.get(clusterKey(match[1], match[2]) as string) : undefined;
      if (vnet !== undefined) found.set(vnet.key, vnet);
    }
  if (found.size === 0) for (const vnet of dependedOn(resource, vnetsByUrn)) found.set(vnet.key, vnet);
  if (found.size === 0 && vnets.length === 1) return [vnets[0]];
  return [...found.values()];
}
