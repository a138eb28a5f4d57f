/**
 * Microsoft.Network (VNets, subnets, route tables) and managedClusters/agentPools for the loopback ARM, answering GETs
 * as the real one does: subnets and peerings inline in a VNet, a route table listing the subnets associated with it,
 * `AuthorizationFailed` (403) for what the caller may not read, `ResourceNotFound` (404), every id case-insensitive.
 */

interface SubnetSpec {
  readonly name: string;
  readonly addressPrefix?: string;
  readonly addressPrefixes?: readonly string[];
  /** The route table's ARM id. */
  readonly routeTable?: string;
}

export interface PeeringSpec {
  readonly name: string;
  readonly remoteVnetId: string;
  readonly remoteAddressPrefixes: readonly string[];
  readonly remoteVirtualNetworkAddressPrefixes?: readonly string[];
  readonly state?: "Connected" | "Initiated" | "Disconnected";
}

export interface VnetSpec {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly addressPrefixes: readonly string[];
  readonly subnets: readonly SubnetSpec[];
  readonly peerings?: readonly PeeringSpec[];
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const CLUSTER =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+)\/agentPools(?:\/([^/]+))?$/i;
const NETWORK = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\//i;

export function vnetId(subscription: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

export function routeTableId(subscription: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/routeTables/${name}`;
}

export class FakeNetwork {
  private readonly vnets = new Map<string, VnetSpec>();
  private readonly routeTables = new Set<string>();
  private readonly denied: string[] = [];

  addVnet(spec: VnetSpec): string {
    const id = vnetId(spec.subscription, spec.resourceGroup, spec.name);
    this.vnets.set(id.toLowerCase(), spec);
    for (const subnet of spec.subnets) if (subnet.routeTable !== undefined) this.addRouteTable(subnet.routeTable);
    return id;
  }

  /** A route table that exists (its subnets are the subnets that reference it). */
  addRouteTable(id: string): void {
    this.routeTables.add(id.toLowerCase());
  }

  /** The caller may not read this resource, nor anything under it: 403 AuthorizationFailed. */
  deny(id: string): void {
    this.denied.push(id.toLowerCase());
  }

  /** The answer to a GET this fake serves, or undefined when the path is not its own. */
  serve(method: string, path: string, clusters: ReadonlyMap<string, Record<string, unknown>>): Answer | undefined {
    const pools = path.match(CLUSTER);
    if (!pools && !NETWORK.test(path)) return undefined;
    if (method !== "GET") return { status: 405, body: error("MethodNotAllowed", `${method} is not supported here.`) };
    const denied = this.denied.find((d) => path.toLowerCase() === d || path.toLowerCase().startsWith(`${d}/`));
    if (denied !== undefined) return forbidden(path);
    if (pools) return this.agentPools(pools[1], pools[2], clusters);
    const lower = path.toLowerCase();
    const vnet = this.vnets.get(lower);
    if (vnet !== undefined) return { status: 200, body: this.vnetDocument(vnet) };
    const subnet = lower.match(/^(.*\/virtualnetworks\/[^/]+)\/subnets\/([^/]+)$/);
    const parent = subnet ? this.vnets.get(subnet[1]) : undefined;
    const found = parent?.subnets.find((s) => s.name.toLowerCase() === subnet?.[2]);
    if (parent !== undefined && found !== undefined)
      return {
        status: 200,
        body: subnetDocument(vnetId(parent.subscription, parent.resourceGroup, parent.name), found),
      };
    if (this.routeTables.has(lower)) return { status: 200, body: this.routeTableDocument(path) };
    return notFound(path);
  }

  private vnetDocument(spec: VnetSpec): Record<string, unknown> {
    const id = vnetId(spec.subscription, spec.resourceGroup, spec.name);
    return {
      id,
      name: spec.name,
      type: "Microsoft.Network/virtualNetworks",
      location: "westeurope",
      etag: 'W/"00000000-0000-0000-0000-000000000001"',
      properties: {
        provisioningState: "Succeeded",
        resourceGuid: "11111111-1111-1111-1111-111111111111",
        addressSpace: { addressPrefixes: [...spec.addressPrefixes] },
        subnets: spec.subnets.map((s) => subnetDocument(id, s)),
        virtualNetworkPeerings: (spec.peerings ?? []).map((p) => ({
          id: `${id}/virtualNetworkPeerings/${p.name}`,
          name: p.name,
          type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
          properties: {
            provisioningState: "Succeeded",
            peeringState: p.state ?? "Connected",
            peeringSyncLevel: p.remoteVirtualNetworkAddressPrefixes ? "LocalNotInSync" : "FullyInSync",
            remoteVirtualNetwork: { id: p.remoteVnetId },
            allowVirtualNetworkAccess: true,
            allowForwardedTraffic: false,
            remoteAddressSpace: { addressPrefixes: [...p.remoteAddressPrefixes] },
            remoteVirtualNetworkAddressSpace: {
              addressPrefixes: [...(p.remoteVirtualNetworkAddressPrefixes ?? p.remoteAddressPrefixes)],
            },
          },
        })),
      },
    };
  }

  private routeTableDocument(path: string): Record<string, unknown> {
    const subnets = [...this.vnets.values()].flatMap((v) =>
      v.subnets
        .filter((s) => s.routeTable?.toLowerCase() === path.toLowerCase())
        .map((s) => ({ id: `${vnetId(v.subscription, v.resourceGroup, v.name)}/subnets/${s.name}` })),
    );
    return {
      id: path,
      name: path.split("/").pop(),
      type: "Microsoft.Network/routeTables",
      location: "westeurope",
      etag: 'W/"00000000-0000-0000-0000-000000000002"',
      properties: {
        provisioningState: "Succeeded",
        disableBgpRoutePropagation: false,
        routes: [
          {
            name: "aks-nodepool1-0",
            properties: {
              addressPrefix: "10.244.0.0/24",
              nextHopType: "VirtualAppliance",
              nextHopIpAddress: "10.240.0.4",
            },
          },
        ],
        subnets,
      },
    };
  }

  /** managedClusters/{name}/agentPools: the cluster's pools as separate documents, as the AgentPools API returns them. */
  private agentPools(
    clusterPath: string,
    poolName: string | undefined,
    clusters: ReadonlyMap<string, Record<string, unknown>>,
  ): Answer {
    const segments = clusterPath.split("/");
    const stored = clusters.get(`${segments[2]}/${segments[4]}/${segments[8]}`.toLowerCase());
    if (stored === undefined) return notFound(clusterPath);
    const profiles = ((stored.properties as Record<string, unknown>).agentPoolProfiles ?? []) as Record<
      string,
      unknown
    >[];
    const documents = profiles.map(({ name, ...properties }) => ({
      id: `${clusterPath}/agentPools/${String(name)}`,
      name,
      type: "Microsoft.ContainerService/managedClusters/agentPools",
      properties: { provisioningState: "Succeeded", ...properties },
    }));
    if (poolName === undefined) return { status: 200, body: { value: documents } };
    const pool = documents.find((d) => String(d.name).toLowerCase() === poolName.toLowerCase());
    return pool ? { status: 200, body: pool } : notFound(`${clusterPath}/agentPools/${poolName}`);
  }
}

function subnetDocument(vnet: string, s: SubnetSpec): Record<string, unknown> {
  return {
    id: `${vnet}/subnets/${s.name}`,
    name: s.name,
    type: "Microsoft.Network/virtualNetworks/subnets",
    etag: 'W/"00000000-0000-0000-0000-000000000003"',
    properties: {
      provisioningState: "Succeeded",
      ...(s.addressPrefix !== undefined ? { addressPrefix: s.addressPrefix } : {}),
      ...(s.addressPrefixes !== undefined ? { addressPrefixes: [...s.addressPrefixes] } : {}),
      ...(s.routeTable !== undefined ? { routeTable: { id: s.routeTable } } : {}),
      privateEndpointNetworkPolicies: "Disabled",
    },
  };
}

function error(code: string, message: string) {
  return { error: { code, message } };
}

function forbidden(path: string): Answer {
  const action = path.match(/providers\/([^/]+\/[^/]+)/)?.[1] ?? "Microsoft.Resources/read";
  return {
    status: 403,
    body: error(
      "AuthorizationFailed",
      `The client '00000000-0000-0000-0000-0000000000aa' with object id '00000000-0000-0000-0000-0000000000aa' does not have authorization to perform action '${action}/read' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  };
}

function notFound(path: string): Answer {
  const type = path.match(/providers\/(.+)\/[^/]+$/)?.[1]?.replace(/\/[^/]+\//g, "/") ?? "resource";
  const group = path.match(/resourceGroups\/([^/]+)/i)?.[1] ?? "";
  return {
    status: 404,
    body: error(
      "ResourceNotFound",
      `The Resource '${type}/${path.split("/").pop()}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  };
}
