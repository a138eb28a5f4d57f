import {
  AgentPoolMode,
  IdentityType,
  IpamMode,
  IpFamily,
  NetworkDataplane,
  NetworkPlugin,
  NetworkPluginMode,
  NetworkPolicy,
  OsType,
  OutboundType,
} from "./enums";
import { InputError, withSecretsRedacted } from "./errors";
import { parseCidr, parseIp, type Cidr } from "./cidr";
import type { ClusterNetwork, InputShape, NodePool } from "./model";
import { FieldReader } from "./reader";
import { atLeast, parseKubernetesVersion } from "./version";

const CLUSTER_SHAPES =
  "an ARM managedCluster ({ properties: { networkProfile, … } }), `az aks show -o json` output, " +
  "azure-native ManagedCluster args, or a networkProfile object";

const PROFILE_KEYS = [
  "networkplugin",
  "networkpluginmode",
  "networkdataplane",
  "networkpolicy",
  "podcidr",
  "podcidrs",
  "servicecidr",
  "servicecidrs",
];
const CLUSTER_KEYS = ["networkprofile", "agentpoolprofiles", "kubernetesversion"];
const AZ_MARKERS = ["resourcegroup", "provisioningstate", "fqdn", "powerstate", "noderesourcegroup", "azureportalfqdn"];
const PULUMI_MARKERS = ["resourcegroupname", "resourcename"];

/** Keys an agent pool has and a cluster does not have at its top level. */
const POOL_KEYS = [
  "vmsize",
  "ostype",
  "ossku",
  "count",
  "orchestratorversion",
  "vnetsubnetid",
  "maxpods",
  "osdisksizegb",
];
const AGENT_POOL_TYPE = /\/agentpools$/i;

/** Tells which input shape a value is, or throws an InputError listing the accepted shapes. */
export function detectShape(input: unknown, field = "cluster"): InputShape {
  const reader = FieldReader.of(input, field, new Set(), CLUSTER_SHAPES);
  const has = (keys: string[]) => keys.some((k) => reader.raw(k) !== undefined);
  const props = reader.raw("properties");
  refuseAgentPool(reader, props, field);
  if (typeof props === "object" && props !== null && !Array.isArray(props)) return "arm";
  if (has(CLUSTER_KEYS) || has(PULUMI_MARKERS) || has(AZ_MARKERS)) {
    if (has(PULUMI_MARKERS)) return "pulumi";
    if (has(AZ_MARKERS)) return "az";
    return "pulumi";
  }
  if (has(PROFILE_KEYS)) return "network-profile";
  throw new InputError(field, input, CLUSTER_SHAPES);
}

export interface ParseOptions {
  /** "throw" (default): an unknown value is an UnknownValueError; "collect": read it as unset and list it in `unknownFields`. */
  readonly unknowns?: "throw" | "collect";
  /**
   * "desired" (default): a cluster as declared, where an empty string is unset as ARM reads it (Microsoft's own create
   * examples send `"kubernetesVersion": ""` for "the default version"). "current": a cluster as ARM reports it, which
   * always has a version and a network plugin, so an empty one is bad input.
   */
  readonly role?: "desired" | "current";
}

/**
 * An agent pool document (`az aks nodepool add/show` output, an ARM agentPools resource, Microsoft's AgentPoolsCreate
 * bodies, azure-native AgentPool args) given as a cluster would read as an empty cluster: say where it belongs instead.
 */
function refuseAgentPool(reader: FieldReader, props: unknown, field: string): void {
  const type = reader.raw("type");
  const body =
    typeof props === "object" && props !== null && !Array.isArray(props)
      ? new FieldReader(props as Record<string, unknown>, `${field}.properties`, new Set())
      : reader;
  const clusterLike = CLUSTER_KEYS.some((k) => body.raw(k) !== undefined) || body.raw("dnsPrefix") !== undefined;
  const byType = typeof type === "string" && AGENT_POOL_TYPE.test(type);
  const byShape = !clusterLike && POOL_KEYS.filter((k) => body.raw(k) !== undefined).length >= 2;
  if (!byType && !byShape && reader.raw("agentPoolName") === undefined) return;
  const name = reader.raw("name") ?? reader.raw("agentPoolName");
  throw new InputError(
    field,
    `an agent pool document${typeof name === "string" ? ` (pool ${name})` : ""}`,
    "a cluster; an agent pool belongs in the context's agentPools list (context.agentPools in a case file or --context file)",
  );
}

/**
 * Builds the normalized model from any of the accepted shapes.
 * Throws an InputError (field, value, what is accepted) on bad input; never fills in a default.
 */
export function parseCluster(input: unknown, field = "cluster", options: ParseOptions = {}): ClusterNetwork {
  const secrets = new Set<string>();
  return withSecretsRedacted(secrets, () => readCluster(input, field, options, secrets));
}

function readCluster(input: unknown, field: string, options: ParseOptions, secrets: Set<string>): ClusterNetwork {
  const shape = detectShape(input, field);
  const unknowns = options.unknowns === "collect" ? ([] as string[]) : undefined;
  const top = FieldReader.of(input, field, secrets, CLUSTER_SHAPES, unknowns);
  const body = shape === "arm" ? (top.object("properties") as FieldReader) : top;
  const profile = shape === "network-profile" ? top : body.object("networkProfile");
  const current = options.role === "current";

  const kubernetesVersion = readVersion(body, current);
  if (current) requireCurrentFacts(body, profile);
  const networkPlugin = profile?.enumValue("networkPlugin", NetworkPlugin);
  const networkPluginMode = profile?.enumValue("networkPluginMode", NetworkPluginMode);
  const networkDataplane = profile?.enumValue("networkDataplane", NetworkDataplane);
  const networkPolicy = profile?.enumValue("networkPolicy", NetworkPolicy);
  const outboundType = profile?.enumValue("outboundType", OutboundType);

  const pools = readPools(body, "agentPoolProfiles", false);
  const podCidrList = profile ? readCidrPair(profile, "podCidr", "podCidrs") : [];
  const serviceCidrList = profile ? readCidrPair(profile, "serviceCidr", "serviceCidrs") : [];
  const ipFamilies = readIpFamilies(profile, podCidrList, serviceCidrList);
  const dnsServiceIp = nonEmpty(profile?.string("dnsServiceIP"));
  if (profile !== undefined && dnsServiceIp !== undefined) parseIp(profile.field("dnsServiceIP"), dnsServiceIp);

  const ipamMode = deriveIpamMode(networkPlugin, networkPluginMode, pools, kubernetesVersion);
  const podCidrMeaningful = podCidrApplies(ipamMode);

  const identity = top.object("identity");
  const napMode = nonEmpty(body.object("nodeProvisioningProfile")?.string("mode"));

  return Object.freeze({
    shape,
    name: top.string("name") ?? top.string("resourceName"),
    resourceGroup: readResourceGroup(top),
    kubernetesVersion,
    networkPlugin,
    networkPluginMode,
    networkDataplane,
    networkPolicy,
    podCidrs: Object.freeze(podCidrMeaningful ? podCidrList.map((c) => c.text) : []),
    ignoredPodCidrs: Object.freeze(podCidrMeaningful ? [] : podCidrList.map((c) => c.text)),
    serviceCidrs: Object.freeze(serviceCidrList.map((c) => c.text)),
    dnsServiceIp,
    ipFamilies: Object.freeze(ipFamilies),
    outboundType,
    identityType: identity?.enumValue("type", IdentityType),
    nodeAutoProvisioning: napMode === undefined ? undefined : napMode.toLowerCase() === "auto",
    nodePools: Object.freeze(pools),
    ipamMode,
    secretValues: Object.freeze([...secrets]),
    ...(unknowns !== undefined && unknowns.length > 0 ? { unknownFields: Object.freeze([...new Set(unknowns)]) } : {}),
  });
}

/** Parses separate agent pools (azure-native AgentPool args, ARM agentPools, or `az aks nodepool show`). */
export function parseAgentPool(input: unknown, field = "agentPool", options: ParseOptions = {}): NodePool {
  const secrets = new Set<string>();
  return withSecretsRedacted(secrets, () => {
    const top = FieldReader.of(
      input,
      field,
      secrets,
      "an agent pool object",
      options.unknowns === "collect" ? [] : undefined,
    );
    const props = top.raw("properties");
    const body =
      typeof props === "object" && props !== null && !Array.isArray(props)
        ? (top.object("properties") as FieldReader)
        : top;
    return readPool(
      body,
      top.string("name") ?? top.string("agentPoolName") ?? unknownName(top, ["name", "agentPoolName"]),
      true,
    );
  });
}

export function deriveIpamMode(
  plugin: NetworkPlugin | undefined,
  mode: NetworkPluginMode | undefined,
  pools: readonly NodePool[],
  kubernetesVersion: string | undefined,
): IpamMode {
  const effective = plugin ?? defaultPlugin(mode, kubernetesVersion);
  if (effective === NetworkPlugin.Kubenet) return IpamMode.Kubenet;
  if (effective === NetworkPlugin.None) return IpamMode.ByoCni;
  if (mode === NetworkPluginMode.Overlay || plugin === undefined) return IpamMode.Overlay;
  return pools.some((p) => p.podSubnetId !== undefined) ? IpamMode.PodSubnet : IpamMode.NodeSubnet;
}

/** Whether a pod CIDR means anything for this IPAM mode: kubenet, overlay and BYO CNI draw pod IPs from it. */
export function podCidrApplies(ipamMode: IpamMode): boolean {
  return ipamMode === IpamMode.Kubenet || ipamMode === IpamMode.Overlay || ipamMode === IpamMode.ByoCni;
}

/** What the RP picks when networkPlugin is unset on create: kubenet below 1.30, Azure CNI Overlay from 1.30. */
export function defaultPlugin(
  mode: NetworkPluginMode | undefined,
  kubernetesVersion: string | undefined,
): NetworkPlugin {
  if (mode === NetworkPluginMode.Overlay) return NetworkPlugin.Azure;
  if (kubernetesVersion !== undefined && !atLeast(kubernetesVersion, "1.30")) return NetworkPlugin.Kubenet;
  return NetworkPlugin.Azure;
}

/** The running version (currentKubernetesVersion) before the requested one; an empty string is unset on a desired cluster. */
function readVersion(body: FieldReader, current: boolean): string | undefined {
  const keys = ["currentKubernetesVersion", "kubernetesVersion"].filter((k) => body.get(k) !== undefined);
  if (current) keys.forEach((k) => requireNonEmpty(body, k, "the version ARM reports for an existing cluster"));
  const key = keys.find((k) => body.get(k) !== "");
  return key === undefined ? undefined : parseKubernetesVersion(body.field(key), body.get(key));
}

/** AKS allows 100 node pools per cluster; far beyond that a document is not a cluster and is refused before the rules run. */
export const MAX_POOLS = 1000;

/**
 * A cluster as it is now (ARM's answer, `az aks show` output) always reports its network plugin: a current document
 * without one, or with "" or null there, is not a cluster read from Azure and must not be read as a default (which would
 * plan from a state the cluster is not in). Nor has it a pool list no cluster can have.
 */
function requireCurrentFacts(body: FieldReader, profile: FieldReader | undefined): void {
  const plugin = profile?.get("networkPlugin");
  if (typeof plugin !== "string" || plugin.trim() === "")
    throw new InputError(
      profile?.field("networkPlugin") ?? `${body.field("networkProfile")}.networkPlugin`,
      plugin,
      "the network plugin the cluster reports (azure, kubenet or none); a current cluster read from Azure always has one",
    );
  const pools = body.raw("agentPoolProfiles");
  if (Array.isArray(pools) && pools.length > MAX_POOLS)
    throw new InputError(body.field("agentPoolProfiles"), pools, `at most ${MAX_POOLS} node pools (AKS allows 100)`);
}

/** A field ARM always fills on an existing cluster: given but empty, it is bad input. */
function requireNonEmpty(reader: FieldReader, key: string, expected: string): void {
  const value = reader.get(key);
  if (typeof value === "string" && value.trim() === "") throw new InputError(reader.field(key), value, expected);
}

function readResourceGroup(top: FieldReader): string | undefined {
  const explicit = top.string("resourceGroup") ?? top.string("resourceGroupName");
  if (explicit !== undefined) return explicit;
  const id = top.string("id");
  const match = id?.match(/\/resourceGroups\/([^/]+)/i);
  return match?.[1];
}

/** Reads a singular IPv4 field and its dual-stack list, validating family by family. */
function readCidrPair(profile: FieldReader, singleKey: string, listKey: string): Cidr[] {
  const list = profile.array(listKey);
  const given = profile.get(singleKey);
  const single = given === "" ? undefined : given;
  const cidrs: Cidr[] = [];
  if (list !== undefined && list.length > 0) {
    list.forEach((v, i) => cidrs.push(parseCidr(`${profile.field(listKey)}[${i}]`, v)));
    const families = cidrs.map((c) => c.family);
    if (new Set(families).size !== families.length) {
      throw new InputError(profile.field(listKey), list, "at most one CIDR per IP family (IPv4 first, then IPv6)");
    }
    if (single !== undefined) {
      const s = parseCidr(profile.field(singleKey), single, "IPv4");
      if (!cidrs.some((c) => c.family === "IPv4" && c.text === s.text)) {
        const v4 = cidrs.find((c) => c.family === "IPv4");
        if (v4 !== undefined) {
          throw new InputError(profile.field(singleKey), single, `the same IPv4 CIDR as ${listKey} (${v4.text})`);
        }
      }
    }
  } else if (single !== undefined) {
    cidrs.push(parseCidr(profile.field(singleKey), single, "IPv4"));
  }
  // The order is kept: AKS requires it to match ipFamilies (IPv4 first), and cidr-dualstack-shape says so when it does not.
  return cidrs;
}

function readIpFamilies(profile: FieldReader | undefined, pods: Cidr[], services: Cidr[]): IpFamily[] {
  const declared = profile?.array("ipFamilies");
  if (profile !== undefined && declared !== undefined && declared.length > 0) {
    return declared.map((v, i) => {
      const field = `${profile.field("ipFamilies")}[${i}]`;
      if (typeof v !== "string") throw new InputError(field, v, "IPv4 or IPv6");
      const canonical = Object.values(IpFamily).find((f) => f.toLowerCase() === v.toLowerCase());
      if (canonical === undefined) throw new InputError(field, v, "IPv4 or IPv6");
      return canonical;
    });
  }
  const given = pods.length > 0 ? pods : services;
  if (given.length === 0) return [];
  return given.map((c) => (c.family === "IPv6" ? IpFamily.IPv6 : IpFamily.IPv4));
}

function readPools(body: FieldReader, key: string, separate: boolean): NodePool[] {
  const items = body.array(key) ?? [];
  const pools = items.map((item, i) => {
    const reader = FieldReader.of(
      item,
      `${body.field(key)}[${i}]`,
      body.secrets,
      "an agent pool object",
      body.unknowns,
    );
    return readPool(reader, reader.string("name") ?? unknownName(reader, ["name"]), separate);
  });
  const seen = new Set<string>();
  pools.forEach((p, i) => {
    const lower = p.name.toLowerCase();
    if (seen.has(lower)) throw new InputError(`${body.field(key)}[${i}].name`, p.name, "a pool name used only once");
    seen.add(lower);
  });
  return pools;
}

/**
 * A pool whose name the engine does not know yet (preview, collecting unknowns) still has a pool to judge: it stands
 * under a placeholder that names where it is (a cluster lists the field in its `unknownFields`).
 */
function unknownName(pool: FieldReader, keys: readonly string[]): string | undefined {
  return keys.some((k) => pool.unknowns?.includes(pool.field(k)))
    ? `${pool.path} (name unknown until apply)`
    : undefined;
}

const WINDOWS_SKUS = /^windows/i;

function readPool(pool: FieldReader, name: string | undefined, separate: boolean): NodePool {
  if (name === undefined || name.trim() === "") throw new InputError(pool.field("name"), name, "a pool name");
  const osSku = pool.string("osSKU");
  const declaredOs = pool.enumValue("osType", OsType);
  const osType = declaredOs ?? (osSku !== undefined && WINDOWS_SKUS.test(osSku) ? OsType.Windows : OsType.Linux);
  const autoscale = pool.boolean("enableAutoScaling") ?? false;
  const count = pool.number("count");
  const maxCount = pool.number("maxCount");
  const orchestrator = pool.string("currentOrchestratorVersion") ?? pool.string("orchestratorVersion");
  const runtime = pool.string("windowsContainerRuntime") ?? pool.string("containerRuntime");
  const nodeImage = pool.string("nodeImageVersion");
  const poolType = pool.string("type");
  const upgrade = pool.object("upgradeSettings");
  return Object.freeze({
    name,
    mode: pool.enumValue("mode", AgentPoolMode),
    osType,
    osSku,
    vmSize: pool.string("vmSize"),
    vnetSubnetId: nonEmpty(pool.string("vnetSubnetID")),
    podSubnetId: nonEmpty(pool.string("podSubnetID")),
    podIpAllocationMode: pool.string("podIPAllocationMode"),
    windowsContainerRuntime:
      osType === OsType.Windows
        ? (runtime?.toLowerCase() ?? windowsRuntimeOfImage(nodeImage) ?? inferWindowsRuntime(orchestrator))
        : undefined,
    windowsOsBuild: osType === OsType.Windows ? windowsBuildOf(nodeImage) : undefined,
    undrainableNodeBehavior: nonEmpty(upgrade?.string("undrainableNodeBehavior")),
    drainTimeoutInMinutes: upgrade?.number("drainTimeoutInMinutes"),
    availabilitySet: poolType !== undefined && poolType.toLowerCase() === "availabilityset",
    ...localDnsOf(pool),
    maxNodes: autoscale ? (maxCount ?? count) : count,
    separate,
  });
}

function localDnsOf(pool: FieldReader): { localDnsMode?: string } {
  const profile = pool.has("localDNSProfile") ? pool.object("localDNSProfile") : undefined;
  const mode = profile?.string("mode");
  return mode === undefined || mode.trim() === "" ? {} : { localDnsMode: mode };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === "" ? undefined : s;
}

/** Windows pools ran Docker only before Kubernetes 1.23; containerd after. */
function inferWindowsRuntime(orchestrator: string | undefined): string | undefined {
  if (orchestrator === undefined || !/^\d+\.\d+/.test(orchestrator)) return undefined;
  return atLeast(orchestrator, "1.23") ? "containerd" : "docker";
}

/**
 * The runtime an AKS Windows node image names: "AKSWindows-2022-containerd-…" is containerd; Windows Server 2019 images
 * without "containerd" ("AKSWindows-2019-17763.…") ran Docker, the only runtime before containerd; 2022 and later are
 * containerd-only. Anything else says nothing.
 */
function windowsRuntimeOfImage(nodeImageVersion: string | undefined): string | undefined {
  const match = nodeImageVersion?.match(/^AKSWindows-(\d{4})-(containerd-)?/i);
  if (!match) return undefined;
  return match[2] !== undefined || match[1] !== "2019" ? "containerd" : "docker";
}

/** "AKSWindows-2022-containerd-20348.2227.240112" → "20348.2227". */
function windowsBuildOf(nodeImageVersion: string | undefined): string | undefined {
  const match = nodeImageVersion?.match(/(\d{5})\.(\d+)/);
  return match ? `${match[1]}.${match[2]}` : undefined;
}
