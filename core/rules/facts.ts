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
import type { RuleInput, RuleNeed, UpdateInput } from "./types";

/** The Kubernetes versions AKS requires for network operations (updates only). */
export const KubernetesFloor = {
  /** kubenet or Node Subnet → Azure CNI Overlay. */
  overlayMigration: "1.27",
  /** Installing or uninstalling Azure NPM or Calico. */
  addonPolicyChange: "1.30",
} as const;

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

/**
 * Inline pools plus, for the desired state, the separate AgentPool resources of the context. A desired pool that does
 * not say which Windows build or container runtime its nodes run takes them from the running pool of the same name (the
 * current cluster's, or the context's AgentPools read live): they come from its node image, which a network change
 * leaves as it is.
 */
export function poolsOf(input: RuleInput, which: "desired" | "current" = "desired"): readonly NodePool[] {
  if (which === "current") return input.current?.nodePools ?? [];
  if (lastInput === input && lastPools !== undefined) return lastPools;
  let pools = desiredPools.get(input);
  if (pools === undefined) {
    const inline = input.desired.nodePools;
    const names = new Set(inline.map((p) => p.name.toLowerCase()));
    const merged = [...inline, ...input.context.agentPools.filter((p) => !names.has(p.name.toLowerCase()))];
    const running = new Map<string, NodePool>();
    for (const p of [...input.context.agentPools, ...(input.current?.nodePools ?? [])])
      running.set(p.name.toLowerCase(), p);
    pools = merged.map((p) => withRunningImage(p, running.get(p.name.toLowerCase())));
    desiredPools.set(input, pools);
  }
  lastInput = input;
  lastPools = pools;
  return pools;
}

/** An evaluation runs every rule on one input in turn: the last input's pools answer without a WeakMap lookup. */
let lastInput: RuleInput | undefined;
let lastPools: readonly NodePool[] | undefined;

function withRunningImage(pool: NodePool, running: NodePool | undefined): NodePool {
  if (running === undefined || pool.osType !== OsType.Windows || running.osType !== OsType.Windows) return pool;
  const windowsOsBuild = pool.windowsOsBuild ?? running.windowsOsBuild;
  const windowsContainerRuntime = pool.windowsContainerRuntime ?? running.windowsContainerRuntime;
  return windowsOsBuild === pool.windowsOsBuild && windowsContainerRuntime === pool.windowsContainerRuntime
    ? pool
    : { ...pool, windowsOsBuild, windowsContainerRuntime };
}

/** Most rules ask for the desired pools: one input's are merged once (an input is not changed once built). */
const desiredPools = new WeakMap<RuleInput, readonly NodePool[]>();

export function windowsPools(pools: readonly NodePool[]): readonly NodePool[] {
  return pools.filter((p) => p.osType === OsType.Windows);
}

/** The Windows pools of the change (inline and separate). */
export function windowsPoolsOf(input: RuleInput): readonly NodePool[] {
  return windowsPools(poolsOf(input));
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

/** An update that adds IPv6 to a single-stack cluster. */
export function addsIpv6(current: ClusterNetwork, desired: ClusterNetwork): boolean {
  return !isDualStack(current) && isDualStack(desired);
}

/** An update that takes IPv6 away from a dual-stack cluster: from ipFamilies, or from its pod or service CIDRs. */
export function removesIpv6(current: ClusterNetwork, desired: ClusterNetwork): boolean {
  if (!isDualStack(current)) return false;
  if (!isDualStack(desired)) return true;
  const dropsV6 = (before: readonly string[], after: readonly string[]) =>
    before.some((c) => c.includes(":")) && after.length > 0 && !after.some((c) => c.includes(":"));
  return dropsV6(current.podCidrs, desired.podCidrs) || dropsV6(current.serviceCidrs, desired.serviceCidrs);
}

/**
 * The CIDRs an update compares against the current ones: adding IPv6 puts IPv6 ranges beside unchanged IPv4 ones, which
 * changes neither the pod CIDR nor the service CIDR.
 */
export function comparableCidrs(current: ClusterNetwork, desired: ClusterNetwork, cidrs: readonly string[]): string[] {
  return addsIpv6(current, desired) ? cidrs.filter((c) => !c.includes(":")) : [...cidrs];
}

export function podCidrsOf(c: ClusterNetwork): Cidr[] {
  return cidrsOf(c.podCidrs);
}

export function serviceCidrsOf(c: ClusterNetwork): Cidr[] {
  return cidrsOf(c.serviceCidrs);
}

/** An update: the current state is known. */
export function isUpdate(input: RuleInput): input is UpdateInput {
  return input.current !== undefined;
}

/** The IPAM mode changes in this update. */
export function ipamChanges(input: RuleInput): input is UpdateInput {
  return isUpdate(input) && input.current.ipamMode !== input.desired.ipamMode;
}

export function dataplaneChanges(input: RuleInput): input is UpdateInput {
  return isUpdate(input) && dataplaneOf(input.current) !== dataplaneOf(input.desired);
}

export function movesToOverlay(input: RuleInput): input is UpdateInput {
  return isUpdate(input) && input.current.ipamMode !== IpamMode.Overlay && input.desired.ipamMode === IpamMode.Overlay;
}

export function movesToCilium(input: RuleInput): input is UpdateInput {
  return isUpdate(input) && !isCilium(input.current) && isCilium(input.desired);
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
  return azAks("update", c, flags);
}

/** `az aks upgrade` (the Kubernetes version), with the cluster's names where known. */
export function azUpgrade(c: ClusterNetwork | undefined, flags: string): string {
  return azAks("upgrade", c, flags);
}

function azAks(verb: string, c: ClusterNetwork | undefined, flags: string): string {
  const rg = c?.resourceGroup ?? "<resource-group>";
  const name = c?.name ?? "<cluster>";
  return `az aks ${verb} --resource-group ${rg} --name ${name} ${flags}`;
}

/** No pool is known: neither the cluster's agentPoolProfiles nor separate AgentPools in the context. */
export function poolsUnknown(input: RuleInput): boolean {
  return poolsOf(input).length === 0;
}

/**
 * The cluster sits in a VNet of its own (a pool names a vnetSubnetID), or no pool says: only then can the caller supply
 * the VNet. An AKS-managed VNet is AKS's to choose around the cluster's ranges.
 */
export function byoVnetOrUnknown(input: RuleInput): boolean {
  return poolsUnknown(input) || poolsOf(input).some((p) => p.vnetSubnetId !== undefined);
}

/** A need of the fact, saying what to supply; the rule says when this input lacks it. */
const need =
  (fact: RuleNeed["fact"], needs: string) =>
  (missing: RuleNeed["missing"]): RuleNeed => ({ fact, needs, missing });

/** The facts rules need, each saying what to supply; `missing` says when this input lacks it where the rule applies. */
export const Need = {
  kubernetesVersion: need(
    "kubernetesVersion",
    "the current cluster's Kubernetes version (currentKubernetesVersion or kubernetesVersion, as az aks show prints it)",
  ),
  nodePools: need(
    "nodePools",
    "the node pools (the cluster's agentPoolProfiles, or context.agentPools for separate AgentPool resources)",
  ),
  /** The pools are needed when the rule applies and no pool is known. */
  poolsWhen: (applies: RuleNeed["missing"]): RuleNeed =>
    Need.nodePools((input) => applies(input) && poolsUnknown(input)),
  subnets: need("vnet", "the subnets of the cluster's VNet (context.subnets, from az network vnet subnet list)"),
  vnetAddressSpaces: need(
    "vnet",
    "the VNet's address spaces (context.vnetAddressSpaces, from az network vnet show --query addressSpace.addressPrefixes)",
  ),
  identity: need("identity", "the cluster's identity type (identity.type, as az aks show prints it)"),
  ipMasqAgent: need(
    "ipMasqAgent",
    "the ConfigMaps of kube-system (context.ipMasqAgentConfigMaps, from kubectl -n kube-system get configmap -o name)",
  ),
  nodeProvisioning: need(
    "nodeProvisioning",
    "the node provisioning mode (nodeProvisioningProfile.mode, as az aks show prints it)",
  ),
} as const;
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
