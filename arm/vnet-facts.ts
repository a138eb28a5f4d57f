import { isRestError } from "@azure/core-rest-pipeline";
import type { EvaluationContext, SubnetInfo } from "../core";

const VIRTUAL_NETWORKS_API_VERSION = "2024-05-01";

/** Reads one ARM resource by id; ManagedClusterGraph's getResource in the CLI. */
export interface ResourceGetter {
  getResource(id: string, apiVersion: string): Promise<Record<string, unknown>>;
}

/**
 * The smallest live-facts reader `audit --deep` needs until the full gatherer of VNet, route tables and peerings
 * lands: the VNet of the cluster's node subnet (address space and every subnet's prefixes), one GET per cluster.
 * What it cannot read is named in `unavailable.vnet`, so the CIDR rules stay unverified instead of passing.
 */
export class VnetFactsReader {
  constructor(private readonly arm: ResourceGetter) {}

  async read(row: Readonly<Record<string, unknown>>): Promise<EvaluationContext> {
    const vnetId = vnetIdOf(row);
    if (vnetId === undefined)
      return { unavailable: { vnet: "no pool names a vnetSubnetID (AKS-managed VNet): not read" } };
    try {
      const vnet = await this.arm.getResource(vnetId, VIRTUAL_NETWORKS_API_VERSION);
      const props = (vnet.properties ?? {}) as {
        addressSpace?: { addressPrefixes?: unknown };
        subnets?: { name?: unknown; properties?: { addressPrefix?: unknown; addressPrefixes?: unknown } }[];
      };
      const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
      const subnets: SubnetInfo[] = (props.subnets ?? []).flatMap((s, i) => {
        const prefixes = strings(s.properties?.addressPrefixes);
        const single = s.properties?.addressPrefix;
        const all = prefixes.length > 0 ? prefixes : typeof single === "string" ? [single] : [];
        return all.length > 0
          ? [{ name: typeof s.name === "string" ? s.name : `subnet ${i}`, addressPrefixes: all }]
          : [];
      });
      return { vnetAddressSpaces: strings(props.addressSpace?.addressPrefixes), subnets };
    } catch (error) {
      return { unavailable: { vnet: isRestError(error) ? (error.code ?? `HTTP${error.statusCode}`) : String(error) } };
    }
  }
}

function vnetIdOf(row: Readonly<Record<string, unknown>>): string | undefined {
  const pools = (row.properties as { agentPoolProfiles?: { vnetSubnetID?: unknown }[] } | null)?.agentPoolProfiles;
  const subnet = pools?.map((p) => p.vnetSubnetID).find((s): s is string => typeof s === "string" && s !== "");
  return subnet?.replace(/\/subnets\/[^/]+$/i, "");
}
