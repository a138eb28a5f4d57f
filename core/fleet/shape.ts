import type { ClusterNetwork, NodePool } from "../model";
import { MAX_NAME as LONGEST_NAME } from "../rules/overlay-migration";

/**
 * A cluster's shape: the parsed cluster with its own names (its name and resource group, and the subscription, resource
 * group, VNet and subnet in its pools' subnet ids) swapped for placeholders, so that clusters which differ only in
 * those names share one judgement. The rules read such names only to tell them apart, to measure them against the
 * longest name Azure CNI Overlay accepts, or to echo them in a message or command: a placeholder keeps which names are
 * equal (one placeholder per name), and a name too long for Overlay stays as it is, in the key.
 */
export interface ClusterShape {
  /** Equal for two clusters exactly when they differ in their own names only. */
  readonly key: string;
  /** The cluster with placeholders for its names. */
  readonly cluster: ClusterNetwork;
  /**
   * A judgement of the shape, given as JSON text, read back with this cluster's names in place of the placeholders;
   * undefined when a placeholder came back cut or changed (the judgement would not be the cluster's own).
   */
  restore(json: string): unknown;
}

// Placeholders are `Qz<n>` + `Zq`: case-distinct, so a rule that upper- or lower-cases a name is seen and undone.
const PLACEHOLDER = /qz(\d+)zq/gi;
const MARKER = /qz\d/i;
const SUBNET_ID =
  /^(\/subscriptions\/)([^/]+)(\/resourceGroups\/)([^/]+)(\/providers\/Microsoft\.Network\/virtualNetworks\/)([^/]+)(\/subnets\/)([^/]+)$/i;

/** The cluster's shape, or undefined when it cannot be shaped safely (it carries secrets, or text like a placeholder). */
export function shapeOf(cluster: ClusterNetwork): ClusterShape | undefined {
  if ((cluster.secretValues?.length ?? 0) > 0 || MARKER.test(JSON.stringify(cluster))) return undefined;
  const names: string[] = [];
  const byName = new Map<string, string>();
  const lowered = new Set<string>();
  let clash = false;
  const placeholder = (name: string): string => {
    // A name over the longest a rule accepts is itself a finding (its length and its start are in the message).
    if (name === "" || name.length > LONGEST_NAME) return name;
    const known = byName.get(name);
    if (known !== undefined) return known;
    // Two names equal but for case: a rule comparing ARM ids case-insensitively would see them as one.
    if (lowered.has(name.toLowerCase())) clash = true;
    lowered.add(name.toLowerCase());
    const text = `Qz${names.length}Zq`;
    names.push(name);
    byName.set(name, text);
    return text;
  };
  const subnetId = (id: string | undefined): string | undefined => {
    const parts = id === undefined ? null : SUBNET_ID.exec(id);
    if (parts === null) return id;
    const [, subs, sub, groups, group, vnets, vnet, subnets, subnet] = parts;
    return `${subs}${placeholder(sub)}${groups}${placeholder(group)}${vnets}${placeholder(vnet)}${subnets}${placeholder(subnet)}`;
  };
  const name = cluster.name === undefined ? undefined : placeholder(cluster.name);
  const resourceGroup = cluster.resourceGroup === undefined ? undefined : placeholder(cluster.resourceGroup);
  const nodePools = cluster.nodePools.map((pool): NodePool => ({
    ...pool,
    ...(pool.vnetSubnetId !== undefined ? { vnetSubnetId: subnetId(pool.vnetSubnetId) } : {}),
    ...(pool.podSubnetId !== undefined ? { podSubnetId: subnetId(pool.podSubnetId) } : {}),
  }));
  if (clash) return undefined;
  const shaped: ClusterNetwork = Object.freeze({
    ...cluster,
    ...(cluster.name !== undefined ? { name } : {}),
    ...(cluster.resourceGroup !== undefined ? { resourceGroup } : {}),
    nodePools: Object.freeze(nodePools),
  });
  // Names go back into JSON text, escaped as JSON strings.
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  return {
    key: JSON.stringify(shaped),
    cluster: shaped,
    restore: (text) => {
      const back = text.replace(PLACEHOLDER, (found, n: string) => {
        const original = names[Number(n)];
        const exact = `Qz${n}Zq`;
        if (original === undefined) return found;
        if (found === exact) return json(original);
        if (found === exact.toLowerCase()) return json(original.toLowerCase());
        if (found === exact.toUpperCase()) return json(original.toUpperCase());
        return found;
      });
      return MARKER.test(back) ? undefined : JSON.parse(back);
    },
  };
}
