import * as pulumi from "@pulumi/pulumi";
import { getClientConfig } from "@pulumi/azure-native/authorization/getClientConfig";
import { getRouteTable } from "@pulumi/azure-native/network/getRouteTable";
import { getSubnet } from "@pulumi/azure-native/network/getSubnet";
import { getVirtualNetwork } from "@pulumi/azure-native/network/getVirtualNetwork";
import {
  contextToJson,
  parseSubnetId,
  vnetIdOf,
  type EvaluationContext,
  type FactId,
  type PeeringInfo,
  type RouteTableInfo,
  type SubnetIdParts,
  type SubnetInfo,
} from "../core";
import { applyEvenIfUnknown, armCodeOf } from "./observe";

/** The network the cluster lives in, as compact JSON that `parseContext` reads (the core and the pack alike). */
export type NetworkObservation = Record<string, unknown>;

export interface NetworkReadOptions {
  /** The component: its invokes take the providers the component was given. */
  readonly parent: pulumi.Resource;
  /** An azure-native provider that targets this subscription, for a VNet outside the default provider's (hub/spoke). */
  readonly providerFor: (subscriptionId: string) => pulumi.ProviderResource;
}

interface InvokeSubnet {
  id?: string;
  name?: string;
  addressPrefix?: string;
  addressPrefixes?: string[];
  routeTable?: { id?: string };
}

/**
 * Reads, with azure-native's invokes, the VNets of the pools' subnets (address space, every subnet, peerings) and the
 * node subnets' route tables, as the CLI's gatherer does through ARM. azure-native's invokes take no subscription: a
 * VNet or route table in another subscription than the default provider's is read through a provider for that
 * subscription. A subnet id this preview does not know yet belongs to a subnet the same stack creates: the pack's stack
 * policies judge it from its declared inputs. What an invoke cannot read (denied, not found) is marked unavailable with
 * ARM's code, so the rules that need it are unverified, never passed.
 */
export function observeNetwork(
  subnetIds: readonly pulumi.Input<string | readonly (string | undefined)[] | undefined>[],
  options: NetworkReadOptions,
): pulumi.Output<NetworkObservation> {
  // Each id on its own: one that only the preview's creates will know leaves the others readable.
  return applyEvenIfUnknown(pulumi.all([...subnetIds]), async (ids) => {
    const known = pulumi.isUnknown(ids)
      ? []
      : (ids as unknown[]).flat().filter((id): id is string => typeof id === "string" && !pulumi.isUnknown(id));
    return contextToJson(await readNetwork(known, options));
  });
}

/** The subscription the component's own provider targets; undefined when it cannot say. */
async function homeSubscription(parent: pulumi.Resource): Promise<string | undefined> {
  try {
    const config = await getClientConfig({ parent });
    return typeof config.subscriptionId === "string" && config.subscriptionId !== ""
      ? config.subscriptionId.toLowerCase()
      : undefined;
  } catch {
    return undefined;
  }
}

async function readNetwork(subnetIds: readonly string[], options: NetworkReadOptions): Promise<EvaluationContext> {
  const byVnet = new Map<string, SubnetIdParts[]>();
  const nodeSubnets = [...new Set(subnetIds.map((s) => s.trim()))].filter((id) => parseSubnetId(id) !== undefined);
  for (const id of nodeSubnets) {
    const parts = parseSubnetId(id) as SubnetIdParts;
    const key = vnetIdOf(parts).toLowerCase();
    if (!(byVnet.get(key) ?? []).some((p) => p.subnet.toLowerCase() === parts.subnet.toLowerCase()))
      byVnet.set(key, [...(byVnet.get(key) ?? []), parts]);
  }
  if (byVnet.size === 0) return {};
  const home = await homeSubscription(options.parent);
  const through = (subscriptionId: string): pulumi.InvokeOptions =>
    home === undefined || subscriptionId.toLowerCase() === home
      ? { parent: options.parent }
      : { parent: options.parent, provider: options.providerFor(subscriptionId) };
  const unavailable: Partial<Record<FactId, string>> = {};
  const miss = (facts: FactId[], reason: string) => {
    for (const fact of facts) unavailable[fact] ??= reason;
  };
  const spaces: string[] = [];
  const subnets: SubnetInfo[] = [];
  const routeTableOf = new Map<string, string | undefined>();
  let peerings: PeeringInfo[] | undefined = [];
  const addSubnet = (s: InvokeSubnet, id: string | undefined) => {
    const prefixes = s.addressPrefixes?.length ? s.addressPrefixes : s.addressPrefix ? [s.addressPrefix] : [];
    if (prefixes.length > 0) subnets.push({ name: s.name ?? id ?? "subnet", addressPrefixes: prefixes });
    if (id !== undefined) routeTableOf.set(id.toLowerCase(), s.routeTable?.id);
  };
  for (const refs of byVnet.values()) {
    const { subscriptionId, resourceGroup, vnet } = refs[0];
    const vnetId = vnetIdOf(refs[0]);
    try {
      const read = await getVirtualNetwork(
        { resourceGroupName: resourceGroup, virtualNetworkName: vnet },
        through(subscriptionId),
      );
      if (!sameId(read.id, vnetId)) {
        // The provider's subscription could not be told, and it holds a VNet of that name: not the one asked for.
        miss(["vnet", "peerings", "routeTables"], `OtherSubscription (read ${read.id} instead of ${vnetId})`);
        peerings = undefined;
        continue;
      }
      spaces.push(...(read.addressSpace?.addressPrefixes ?? []));
      for (const s of (read.subnets ?? []) as InvokeSubnet[]) addSubnet(s, s.id);
      peerings?.push(
        ...(read.virtualNetworkPeerings ?? []).map((p, i) => ({
          name: p.name ?? `peering ${i}`,
          remoteAddressPrefixes: p.remoteAddressSpace?.addressPrefixes ?? [],
          ...(p.remoteVirtualNetworkAddressSpace?.addressPrefixes
            ? { remoteVirtualNetworkAddressPrefixes: p.remoteVirtualNetworkAddressSpace.addressPrefixes }
            : {}),
          ...(p.peeringState ? { state: p.peeringState } : {}),
        })),
      );
    } catch (error) {
      miss(["vnet", "peerings"], armCodeOf(error) ?? "InvokeFailed");
      peerings = undefined;
      for (const parts of refs) {
        const id = `${vnetIdOf(parts)}/subnets/${parts.subnet}`;
        try {
          addSubnet(
            await getSubnet(
              { resourceGroupName: parts.resourceGroup, virtualNetworkName: parts.vnet, subnetName: parts.subnet },
              through(parts.subscriptionId),
            ),
            id,
          );
        } catch (subnetError) {
          miss(["vnet", "routeTables"], armCodeOf(subnetError) ?? "InvokeFailed");
        }
      }
    }
  }
  const routeTables = await readRouteTables(nodeSubnets, routeTableOf, through, miss);
  return {
    ...(spaces.length > 0 || subnets.length > 0 ? { vnetAddressSpaces: spaces, subnets } : {}),
    ...(peerings !== undefined ? { peerings } : {}),
    ...(routeTables !== undefined ? { routeTables } : {}),
    ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
  };
}

/** ARM ids compare without regard to case; an answer without an id is taken as the one asked for. */
function sameId(read: string | undefined, asked: string): boolean {
  return read === undefined || read === "" || read.toLowerCase() === asked.toLowerCase();
}

async function readRouteTables(
  subnetIds: readonly string[],
  routeTableOf: ReadonlyMap<string, string | undefined>,
  through: (subscriptionId: string) => pulumi.InvokeOptions,
  miss: (facts: FactId[], reason: string) => void,
): Promise<RouteTableInfo[] | undefined> {
  const ids = new Set<string>();
  for (const subnet of subnetIds) {
    if (!routeTableOf.has(subnet.toLowerCase())) return undefined;
    const table = routeTableOf.get(subnet.toLowerCase());
    if (table !== undefined) ids.add(table);
  }
  const tables: RouteTableInfo[] = [];
  for (const id of ids) {
    const match = id.match(
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/routeTables\/([^/]+)$/i,
    );
    if (!match) continue;
    try {
      const table = await getRouteTable({ resourceGroupName: match[2], routeTableName: match[3] }, through(match[1]));
      tables.push({ id, subnetIds: (table.subnets ?? []).flatMap((s) => (s.id ? [s.id] : [])) });
    } catch (error) {
      miss(["routeTables"], armCodeOf(error) ?? "InvokeFailed");
      return undefined;
    }
  }
  return tables;
}
