/** Engine resources for the pack's tests, rendered from the shared fixture factories. */
import { RULES, type NodePool } from "../../../core";
import { agentPoolArgs, pulumiClusterArgs, type ClusterSpec, type PoolSpec } from "../../support/fixtures";
import {
  urnOf,
  type AnalyzeResult,
  type Diagnostic,
  type EngineResource,
  type PolicyPackConfigDocument,
} from "../../support/policy-server";
import { policiesWithBaselines } from "../../../policies/all";

export const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
export const AGENT_POOL = "azure-native:containerservice:AgentPool";
const VIRTUAL_NETWORK = "azure-native:network:VirtualNetwork";
export const SUBNET = "azure-native:network:Subnet";
export const COMPONENT = "aks-netguard:index:AksCluster";

export interface ResourceOptions {
  readonly name?: string;
  readonly type?: string;
  readonly ignoreChanges?: readonly string[];
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  /** What azure-native's constructor fills into every networkProfile. */
  readonly sdkDefaults?: boolean;
}

/** A raw azure-native ManagedCluster as the engine sends it (its inputs). */
export function clusterResource(spec: ClusterSpec, options: ResourceOptions = {}): EngineResource {
  const type = options.type ?? MANAGED_CLUSTER;
  const name = options.name ?? spec.name ?? "aks1";
  return {
    type,
    name,
    urn: options.parent === undefined ? urnOf(type, name) : `urn:pulumi:dev::proj::${COMPONENT}$${type}::${name}`,
    props: pulumiClusterArgs(spec, { sdkDefaults: options.sdkDefaults }),
    ignoreChanges: options.ignoreChanges,
    parent: options.parent,
    dependencies: options.dependencies,
  };
}

export function agentPoolResource(
  pool: PoolSpec,
  cluster = "aks1",
  resourceGroup = "rg-aks",
  options: ResourceOptions = {},
): EngineResource {
  const type = options.type ?? AGENT_POOL;
  const name = options.name ?? pool.name;
  return {
    type,
    name,
    urn: urnOf(type, name),
    props: agentPoolArgs(pool, cluster, resourceGroup),
    dependencies: options.dependencies,
  };
}

/** A separate pool the core's context holds, declared back as the AgentPool resource it came from. */
export function agentPoolResourceOf(pool: NodePool, cluster: string, resourceGroup: string): EngineResource {
  const props = Object.fromEntries(
    Object.entries({
      resourceGroupName: resourceGroup,
      resourceName: cluster,
      agentPoolName: pool.name,
      mode: pool.mode,
      osType: pool.osType,
      osSKU: pool.osSku,
      vmSize: pool.vmSize,
      count: pool.maxNodes,
      vnetSubnetID: pool.vnetSubnetId,
      podSubnetID: pool.podSubnetId,
      podIPAllocationMode: pool.podIpAllocationMode,
      type: pool.availabilitySet ? "AvailabilitySet" : undefined,
      nodeImageVersion:
        pool.windowsOsBuild === undefined ? undefined : `AKSWindows-2022-containerd-${pool.windowsOsBuild}`,
      upgradeSettings:
        pool.undrainableNodeBehavior === undefined
          ? undefined
          : { undrainableNodeBehavior: pool.undrainableNodeBehavior },
    }).filter(([, v]) => v !== undefined),
  );
  return { type: AGENT_POOL, name: `pool-${pool.name}`, urn: urnOf(AGENT_POOL, `pool-${pool.name}`), props };
}

export interface VnetSpec {
  readonly resourceGroup?: string;
  readonly name?: string;
  readonly addressSpaces?: readonly string[];
  readonly subnets?: readonly { name: string; addressPrefixes: readonly string[] }[];
}

export function vnetResource(spec: VnetSpec, resourceName = "vnet"): EngineResource {
  return {
    type: VIRTUAL_NETWORK,
    name: resourceName,
    urn: urnOf(VIRTUAL_NETWORK, resourceName),
    props: {
      resourceGroupName: spec.resourceGroup ?? "rg-net",
      virtualNetworkName: spec.name ?? "vnet-aks",
      addressSpace: { addressPrefixes: [...(spec.addressSpaces ?? [])] },
      subnets: (spec.subnets ?? []).map((s) => ({ name: s.name, addressPrefixes: [...s.addressPrefixes] })),
    },
  };
}

/** A --policy-pack-config document giving every policy that reads baselines the same map. */
export function baselineConfig(
  baselines: Record<string, unknown>,
  extra: PolicyPackConfigDocument = {},
): PolicyPackConfigDocument {
  const document: PolicyPackConfigDocument = { ...extra };
  for (const policy of policiesWithBaselines) {
    const existing = document[policy];
    document[policy] = {
      ...(typeof existing === "object" ? existing : typeof existing === "string" ? { enforcementLevel: existing } : {}),
      baselines,
    };
  }
  return document;
}

const RULE_IDS = new Set(RULES.map((r) => r.id));
const RULE_TAG = /\[([a-z0-9-]+)\](?: \((stack-[a-z-]+)\))?\s*$/;

/** The catalog rule a diagnostic reports: its policy's name, or the rule id a stack policy tags its message with. */
export function ruleOf(d: Diagnostic): string | undefined {
  if (RULE_IDS.has(d.policyName)) return d.policyName;
  const tag = d.message.match(RULE_TAG);
  return tag !== null && RULE_IDS.has(tag[1]) ? tag[1] : undefined;
}

export const mandatory = (r: AnalyzeResult) => r.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
export const advisory = (r: AnalyzeResult) => r.diagnostics.filter((d) => d.enforcementLevel === "advisory");
export const byPolicy = (r: AnalyzeResult, policy: string) => r.diagnostics.filter((d) => d.policyName === policy);
export const summary = (r: AnalyzeResult) =>
  JSON.stringify(
    r.diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName}: ${d.message}`),
    null,
    1,
  );
