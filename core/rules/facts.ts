import { cidrsOf, sameCidr, type Cidr } from "../cidr";
import {
  IpFamily as IpFamilyValues,
  IpamMode,
  NetworkDataplane,
  NetworkPolicy,
  OsType,
  type IpFamily,
  type NetworkPlugin,
} from "../enums";
import type { ClusterNetwork, NodePool } from "../model";
import { defaultPlugin } from "../parse";
import type { RuleInput } from "./types";

/** Facts the rules share, computed from a model as the RP would read it. */
export function pluginOf(c: ClusterNetwork): NetworkPlugin {
  return c.networkPlugin ?? defaultPlugin(c.networkPluginMode, c.kubernetesVersion);
}

export function dataplaneOf(c: ClusterNetwork): NetworkDataplane {
  return c.networkDataplane ?? NetworkDataplane.Azure;
}

export function isCilium(c: ClusterNetwork): boolean {
  return dataplaneOf(c) === NetworkDataplane.Cilium;
}

/** The network policy in force; on create an absent policy is `none`, or `cilium` on the Cilium data plane (the RP fills it). */
export function policyOf(c: ClusterNetwork, operation: "create" | "update" = "update"): NetworkPolicy {
  if (c.networkPolicy !== undefined) return c.networkPolicy;
  return operation === "create" && isCilium(c) ? NetworkPolicy.Cilium : NetworkPolicy.None;
}

/** Azure NPM or Calico: the engines that are installed and uninstalled as add-ons. */
export function isAddonPolicy(p: NetworkPolicy): boolean {
  return p === NetworkPolicy.Azure || p === NetworkPolicy.Calico;
}

/** The cluster's network policy is an add-on engine (Azure NPM or Calico). */
export function hasAddonPolicy(c: ClusterNetwork, operation: "create" | "update" = "update"): boolean {
  return isAddonPolicy(policyOf(c, operation));
}

/** Inline pools plus, for the desired state, the separate AgentPool resources of the context. */
export function poolsOf(input: RuleInput, which: "desired" | "current" = "desired"): readonly NodePool[] {
  if (which === "current") return input.current?.nodePools ?? [];
  const inline = input.desired.nodePools;
  const names = new Set(inline.map((p) => p.name.toLowerCase()));
  return [...inline, ...input.context.agentPools.filter((p) => !names.has(p.name.toLowerCase()))];
}

export function windowsPools(pools: readonly NodePool[]): readonly NodePool[] {
  return pools.filter((p) => p.osType === OsType.Windows);
}

export function poolNames(pools: readonly NodePool[]): string {
  return pools.map((p) => p.name).join(", ");
}

/** The IP families in force: as declared, else [IPv4] (AKS's default). */
export function familiesOf(c: ClusterNetwork): readonly IpFamily[] {
  return c.ipFamilies.length > 0 ? c.ipFamilies : [IpFamilyValues.IPv4];
}

export function isDualStack(c: ClusterNetwork): boolean {
  return familiesOf(c).includes(IpFamilyValues.IPv6);
}

export function podCidrsOf(c: ClusterNetwork): Cidr[] {
  return cidrsOf(c.podCidrs);
}

export function serviceCidrsOf(c: ClusterNetwork): Cidr[] {
  return cidrsOf(c.serviceCidrs);
}

/** The IPAM mode changes in this update. */
export function ipamChanges(input: RuleInput): boolean {
  return input.current !== undefined && input.current.ipamMode !== input.desired.ipamMode;
}

export function dataplaneChanges(input: RuleInput): boolean {
  return input.current !== undefined && dataplaneOf(input.current) !== dataplaneOf(input.desired);
}

export function movesToOverlay(input: RuleInput): boolean {
  return (
    input.current !== undefined &&
    input.current.ipamMode !== IpamMode.Overlay &&
    input.desired.ipamMode === IpamMode.Overlay
  );
}

export function movesToCilium(input: RuleInput): boolean {
  return input.current !== undefined && !isCilium(input.current) && isCilium(input.desired);
}

export function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const ca = cidrsOf(a);
  const cb = cidrsOf(b);
  return ca.every((x, i) => sameCidr(x, cb[i]));
}

export function clusterLabel(c: ClusterNetwork): string {
  return c.name ? `cluster ${c.name}` : "the cluster";
}

/** The `az aks update` prefix for fix texts, with the cluster's names where known. */
export function azUpdate(c: ClusterNetwork | undefined, flags: string): string {
  const rg = c?.resourceGroup ?? "<resource-group>";
  const name = c?.name ?? "<cluster>";
  return `az aks update --resource-group ${rg} --name ${name} ${flags}`;
}

/** The update reimages every node pool: an IPAM or data-plane migration. */
export function reimagesNodes(input: RuleInput): boolean {
  return ipamChanges(input) || dataplaneChanges(input);
}

/** The policy engine becomes Cilium in this update (from Azure NPM, Calico or none). */
export function policyBecomesCilium(input: RuleInput): boolean {
  return (
    input.current !== undefined &&
    policyOf(input.current) !== NetworkPolicy.Cilium &&
    policyOf(input.desired) === NetworkPolicy.Cilium
  );
}

/** Managed Calico is uninstalled in this update (to none, or replaced by Cilium). */
export function calicoRemoved(input: RuleInput): boolean {
  return (
    input.current !== undefined &&
    policyOf(input.current) === NetworkPolicy.Calico &&
    policyOf(input.desired) !== NetworkPolicy.Calico
  );
}
