import * as pulumi from "@pulumi/pulumi";
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

interface InvokeSubnet {
  id?: string;
  name?: string;
  addressPrefix?: string;
  addressPrefixes?: string[];
  routeTable?: { id?: string };
}

/**
 * Reads, with azure-native's invokes, the VNets of the pools' subnets (address space, every subnet, peerings) and the
 * node subnets' route tables, as the CLI's gatherer does through ARM. A subnet id this preview does not know yet belongs
 * to a subnet the same stack creates: the pack's stack policies judge it from its declared inputs. What an invoke
 * cannot read (denied, not found, a VNet in a subscription the provider does not target) is marked unavailable with
 * ARM's code, so the rules that need it are unverified, never passed.
 */
export function observeNetwork(
  subnetIds: readonly pulumi.Input<string | undefined>[],
): pulumi.Output<NetworkObservation> {
  return applyEvenIfUnknown(pulumi.all([...subnetIds]), async (ids) => {
    const known = pulumi.isUnknown(ids)
      ? []
      : (ids as unknown[]).filter((id): id is string => typeof id === "string" && !pulumi.isUnknown(id));
    return contextToJson(await readNetwork(known));
  });
}

async function readNetwork(subnetIds: readonly string[]): Promise<EvaluationContext> {
  const byVnet = new Map<string, SubnetIdParts[]>();
  for (const id of new Set(subnetIds.map((s) => s.trim()))) {
    const parts = parseSubnetId(id);
    if (parts === undefined) continue;
    const key = vnetIdOf(parts).toLowerCase();
    if (!(byVnet.get(key) ?? []).some((p) => p.subnet.toLowerCase() === parts.subnet.toLowerCase()))
      byVnet.set(key, [...(byVnet.get(key) ?? []), parts]);
  }
  if (byVnet.size === 0) return {};
  const unavailable: Partial<Record<FactId, string>> = {};
  const miss = (facts: FactId[], error: unknown) => {
    for (const fact of facts) unavailable[fact] ??= armCodeOf(error) ?? "InvokeFailed";
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
    const { resourceGroup, vnet } = refs[0];
    try {
      const read = await getVirtualNetwork({ resourceGroupName: resourceGroup, virtualNetworkName: vnet });
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
      miss(["vnet", "peerings"], error);
      peerings = undefined;
      for (const parts of refs) {
        const id = `${vnetIdOf(parts)}/subnets/${parts.subnet}`;
        try {
          addSubnet(
            await getSubnet({
              resourceGroupName: parts.resourceGroup,
              virtualNetworkName: parts.vnet,
              subnetName: parts.subnet,
            }),
            id,
          );
        } catch (subnetError) {
          miss(["vnet", "routeTables"], subnetError);
        }
      }
    }
  }
  const routeTables = await readRouteTables(subnetIds, routeTableOf, miss);
  return {
    ...(spaces.length > 0 || subnets.length > 0 ? { vnetAddressSpaces: spaces, subnets } : {}),
    ...(peerings !== undefined ? { peerings } : {}),
    ...(routeTables !== undefined ? { routeTables } : {}),
    ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
  };
}

async function readRouteTables(
  subnetIds: readonly string[],
  routeTableOf: ReadonlyMap<string, string | undefined>,
  miss: (facts: FactId[], error: unknown) => void,
): Promise<RouteTableInfo[] | undefined> {
  const ids = new Set<string>();
  for (const subnet of subnetIds) {
    if (!routeTableOf.has(subnet.toLowerCase())) return undefined;
    const table = routeTableOf.get(subnet.toLowerCase());
    if (table !== undefined) ids.add(table);
  }
  const tables: RouteTableInfo[] = [];
  for (const id of ids) {
    const match = id.match(/\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/routeTables\/([^/]+)$/i);
    if (!match) continue;
    try {
      const table = await getRouteTable({ resourceGroupName: match[1], routeTableName: match[2] });
      tables.push({ id, subnetIds: (table.subnets ?? []).flatMap((s) => (s.id ? [s.id] : [])) });
    } catch (error) {
      miss(["routeTables"], error);
      return undefined;
    }
  }
  return tables;
}
