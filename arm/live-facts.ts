import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient, type Subnet, type VirtualNetwork } from "@azure/arm-network";
import {
  parseAgentPool,
  parseCluster,
  parseSubnetId,
  vnetIdOf,
  type ClusterNetwork,
  type EvaluationContext,
  type FactId,
  type NodePool,
  type PeeringInfo,
  type RouteTableInfo,
  type SubnetIdParts,
  type SubnetInfo,
} from "../core";
import { armPipelineOptions, ManagedClusterArm, type ArmClientOptions, type ArmDocument } from "./arm-client";
import { clusterIdOf, type ClusterRef } from "./cluster-ref";

export interface LiveFactsOptions {
  readonly cluster: ClusterRef;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  readonly retry?: ArmClientOptions["retry"];
  readonly httpsAgent?: ArmClientOptions["httpsAgent"];
  readonly abortSignal?: AbortSignal;
  /** The cluster document when the caller has just read it (apply): it is not read again. */
  readonly document?: ArmDocument;
}

/** A resource the gatherer could not read, with ARM's error code. */
interface UnreadResource {
  readonly id: string;
  readonly fact: FactId;
  readonly code: string;
  readonly message: string;
}

/** What was read (resource ids) and what was not. */
export interface FactsRecord {
  readonly read: readonly string[];
  readonly unread: readonly UnreadResource[];
}

export interface LiveFacts {
  readonly document: ArmDocument;
  readonly cluster: ClusterNetwork;
  readonly context: EvaluationContext;
  readonly facts: FactsRecord;
}

/**
 * Reads, with GETs only, the world a cluster's network change is judged in: the cluster (identity, node
 * auto-provisioning), its agent pools, every VNet its pools' subnets are in (address space, all subnets, peerings) and
 * the route tables of the node subnets with the subnets they are associated with. The VNet may live in another
 * subscription and resource group (hub/spoke). Independent reads go in parallel and each resource is read once. What
 * cannot be read is recorded with ARM's error code and marked unavailable in the context, so the rules that need it come
 * out unverified instead of passing.
 */
export async function gatherLiveFacts(options: LiveFactsOptions): Promise<LiveFacts> {
  const reads = new Reads();
  const clusterId = clusterIdOf(options.cluster);
  const document =
    options.document ?? (await new ManagedClusterArm(options).get(options.abortSignal ?? new AbortController().signal));
  if (options.document === undefined) reads.read.push(clusterId);
  const cluster = parseCluster(document, options.cluster.name);

  const pipeline = { ...armPipelineOptions(options) };
  const networkClients = new Map<string, NetworkManagementClient>();
  const network = (subscriptionId: string) => {
    const key = subscriptionId.toLowerCase();
    let client = networkClients.get(key);
    if (client === undefined)
      networkClients.set(key, (client = new NetworkManagementClient(options.credential, subscriptionId, pipeline)));
    return client;
  };
  const abortSignal = options.abortSignal;

  const [agentPools, vnets] = await Promise.all([
    readAgentPools(options, pipeline, reads),
    readVnets(subnetsOf(cluster.nodePools), network, reads, abortSignal),
  ]);
  const pools = agentPools ?? cluster.nodePools;
  const routeTables = await readRouteTables(nodeSubnetRouteTables(pools, vnets), network, reads, abortSignal);

  const unavailable: Partial<Record<FactId, string>> = { ...reads.unavailable };
  const context: EvaluationContext = {
    ...(vnets.spaces.length > 0 || vnets.subnets.length > 0
      ? { vnetAddressSpaces: vnets.spaces, subnets: vnets.subnets }
      : {}),
    ...(vnets.peerings !== undefined ? { peerings: vnets.peerings } : {}),
    ...(routeTables !== undefined ? { routeTables } : {}),
    ...(agentPools !== undefined ? { agentPools } : {}),
    ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
  };
  return { document, cluster, context, facts: { read: reads.read, unread: reads.unread } };
}

/** The context of the cluster a caller has just read, gathered fresh on every call (apply, before each step). */
export function liveContextReader(
  options: Omit<LiveFactsOptions, "document">,
): (document: ArmDocument) => Promise<EvaluationContext> {
  return async (document) => (await gatherLiveFacts({ ...options, document })).context;
}

/**
 * The live facts of each cluster a Resource Graph row describes (`audit --deep`): the row is the cluster document, so
 * the cluster is not read again; its pools, VNets, peerings and route tables are. A row that names no cluster, or a read
 * that fails outright, leaves the network facts unavailable with the reason, never a silent pass.
 */
export function resourceGraphRowReader(
  options: Omit<LiveFactsOptions, "cluster" | "document">,
): (row: Readonly<Record<string, unknown>>, abortSignal?: AbortSignal) => Promise<EvaluationContext> {
  return async (row, abortSignal) => {
    const cluster = clusterRefOfRow(row);
    if (cluster === undefined)
      return { unavailable: { vnet: "the row names no subscription, resource group or name" } };
    try {
      const facts = await gatherLiveFacts({ ...options, cluster, document: row as ArmDocument, abortSignal });
      return facts.context;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { unavailable: { vnet: reason, peerings: reason, routeTables: reason } };
    }
  };
}

function clusterRefOfRow(row: Readonly<Record<string, unknown>>): ClusterRef | undefined {
  const text = (key: string) => (typeof row[key] === "string" && row[key] !== "" ? (row[key] as string) : undefined);
  const subscriptionId = text("subscriptionId");
  const resourceGroup = text("resourceGroup");
  const name = text("name");
  return subscriptionId && resourceGroup && name ? { subscriptionId, resourceGroup, name } : undefined;
}

class Reads {
  readonly read: string[] = [];
  readonly unread: UnreadResource[] = [];
  readonly unavailable: Partial<Record<FactId, string>> = {};

  /** Runs one GET; a refusal (403, 404, throttled past the retries) is recorded, anything else is thrown. */
  async attempt<T>(id: string, facts: readonly FactId[], get: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await get();
      this.read.push(id);
      return value;
    } catch (error) {
      if (!isRestError(error)) throw error;
      const code = error.code ?? `HTTP${error.statusCode ?? ""}`;
      for (const fact of facts) {
        this.unread.push({ id, fact, code, message: error.message });
        this.unavailable[fact] ??= code;
      }
      return undefined;
    }
  }
}

/** The AgentPools API (osType, osSKU, nodeImageVersion, subnets, upgradeSettings); undefined when it cannot be read. */
async function readAgentPools(
  options: LiveFactsOptions,
  pipeline: ReturnType<typeof armPipelineOptions>,
  reads: Reads,
): Promise<NodePool[] | undefined> {
  const { subscriptionId, resourceGroup, name } = options.cluster;
  const client = new ContainerServiceClient(options.credential, subscriptionId, pipeline);
  return reads.attempt(`${clusterIdOf(options.cluster)}/agentPools`, ["nodePools"], async () => {
    const pools: NodePool[] = [];
    for await (const pool of client.agentPools.list(resourceGroup, name, { abortSignal: options.abortSignal })) {
      pools.push(parseAgentPool(pool, `agentPools[${pools.length}]`));
    }
    return pools;
  });
}

interface SubnetRef {
  readonly id: string;
  readonly parts: SubnetIdParts;
}

/** Every distinct node and pod subnet of the pools, grouped by VNet id. */
function subnetsOf(pools: readonly NodePool[]): Map<string, SubnetRef[]> {
  const byVnet = new Map<string, SubnetRef[]>();
  const seen = new Set<string>();
  for (const id of pools.flatMap((p) => [p.vnetSubnetId, p.podSubnetId])) {
    if (id === undefined || seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    const parts = parseSubnetId(id);
    if (parts === undefined) continue;
    const vnet = vnetIdOf(parts).toLowerCase();
    byVnet.set(vnet, [...(byVnet.get(vnet) ?? []), { id, parts }]);
  }
  return byVnet;
}

interface VnetFacts {
  readonly spaces: string[];
  readonly subnets: SubnetInfo[];
  /** undefined when no VNet was read (AKS-managed VNet) or one could not be. */
  peerings?: PeeringInfo[];
  /** Route table id of each subnet read, by lower-cased subnet id. */
  readonly routeTableOf: Map<string, string | undefined>;
}

/**
 * Each VNet once, with its subnets and peerings inline. A VNet that cannot be read leaves its address space, its other
 * subnets and its peerings unknown; the pools' own subnets are then read one by one for their prefixes and route tables.
 */
async function readVnets(
  byVnet: Map<string, SubnetRef[]>,
  network: (subscriptionId: string) => NetworkManagementClient,
  reads: Reads,
  abortSignal: AbortSignal | undefined,
): Promise<VnetFacts> {
  const facts: VnetFacts = { spaces: [], subnets: [], routeTableOf: new Map() };
  if (byVnet.size > 0) facts.peerings = [];
  let allRead = true;
  await Promise.all(
    [...byVnet.values()].map(async (refs) => {
      const { parts } = refs[0];
      const vnet = await reads.attempt(vnetIdOf(parts), ["vnet", "peerings"], () =>
        network(parts.subscriptionId).virtualNetworks.get(parts.resourceGroup, parts.vnet, { abortSignal }),
      );
      if (vnet !== undefined) {
        facts.spaces.push(...(vnet.addressSpace?.addressPrefixes ?? []));
        for (const subnet of vnet.subnets ?? []) addSubnet(facts, subnet);
        facts.peerings?.push(...peeringsOf(vnet));
        return;
      }
      allRead = false;
      await Promise.all(
        refs.map(async (ref) => {
          const subnet = await reads.attempt(ref.id, ["vnet", "routeTables"], () =>
            network(ref.parts.subscriptionId).subnets.get(ref.parts.resourceGroup, ref.parts.vnet, ref.parts.subnet, {
              abortSignal,
            }),
          );
          if (subnet !== undefined) addSubnet(facts, { ...subnet, id: subnet.id ?? ref.id });
        }),
      );
    }),
  );
  if (!allRead) facts.peerings = undefined;
  return facts;
}

function addSubnet(facts: VnetFacts, subnet: Subnet): void {
  const prefixes = subnet.addressPrefixes?.length
    ? subnet.addressPrefixes
    : subnet.addressPrefix
      ? [subnet.addressPrefix]
      : [];
  if (prefixes.length > 0)
    facts.subnets.push({ name: subnet.name ?? subnet.id ?? "subnet", addressPrefixes: prefixes });
  if (subnet.id !== undefined) facts.routeTableOf.set(subnet.id.toLowerCase(), subnet.routeTable?.id);
}

function peeringsOf(vnet: VirtualNetwork): PeeringInfo[] {
  return (vnet.virtualNetworkPeerings ?? []).map((p, i) => ({
    name: p.name ?? `peering ${i}`,
    remoteAddressPrefixes: p.remoteAddressSpace?.addressPrefixes ?? [],
    ...(p.remoteVirtualNetworkAddressSpace?.addressPrefixes
      ? { remoteVirtualNetworkAddressPrefixes: p.remoteVirtualNetworkAddressSpace.addressPrefixes }
      : {}),
    ...(p.peeringState ? { state: p.peeringState } : {}),
    ...(p.remoteVirtualNetwork?.id ? { remoteVirtualNetworkId: p.remoteVirtualNetwork.id } : {}),
  }));
}

/** The route tables of the pools' node subnets; undefined (with the reason recorded) when a node subnet was not read. */
function nodeSubnetRouteTables(pools: readonly NodePool[], vnets: VnetFacts): string[] | undefined {
  const tables = new Set<string>();
  for (const pool of pools) {
    if (pool.vnetSubnetId === undefined) continue;
    const key = pool.vnetSubnetId.toLowerCase();
    if (!vnets.routeTableOf.has(key)) return undefined;
    const table = vnets.routeTableOf.get(key);
    if (table !== undefined) tables.add(table);
  }
  return [...tables];
}

async function readRouteTables(
  ids: readonly string[] | undefined,
  network: (subscriptionId: string) => NetworkManagementClient,
  reads: Reads,
  abortSignal: AbortSignal | undefined,
): Promise<RouteTableInfo[] | undefined> {
  if (ids === undefined) {
    reads.unavailable.routeTables ??= reads.unavailable.vnet ?? "NotRead";
    return undefined;
  }
  const tables = await Promise.all(
    ids.map(async (id) => {
      const match = id.match(
        /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/routeTables\/([^/]+)$/i,
      );
      if (!match) return undefined;
      const table = await reads.attempt(id, ["routeTables"], () =>
        network(match[1]).routeTables.get(match[2], match[3], { abortSignal }),
      );
      return table === undefined
        ? undefined
        : { id, subnetIds: (table.subnets ?? []).flatMap((s) => (s.id ? [s.id] : [])) };
    }),
  );
  if (tables.some((t) => t === undefined)) return undefined;
  return tables as RouteTableInfo[];
}
