import { parseCidr, type Cidr } from "./cidr";
import { InputError, withSecretsRedacted } from "./errors";
import { ipMasqConfigMapsNamed, parseKubernetesFacts, type KubernetesFacts } from "./kubernetes";
import type { NodePool } from "./model";
import { parseAgentPool } from "./parse";
import { FieldReader } from "./reader";
import { FACT_IDS, type FactId } from "./rules/types";

/** A subnet of the cluster's VNet (node or pod subnet, or any other subnet the pod CIDR must avoid). */
export interface SubnetInfo {
  readonly name: string;
  readonly addressPrefixes: readonly string[];
}

/** A peering of the cluster's VNet: what is peered, and what the remote VNet holds now. */
export interface PeeringInfo {
  readonly name: string;
  /** remoteAddressSpace: the ranges actually peered (subnet peering can narrow them). */
  readonly remoteAddressPrefixes: readonly string[];
  /** remoteVirtualNetworkAddressSpace: the remote VNet's current space; differs from the above until the peering syncs. */
  readonly remoteVirtualNetworkAddressPrefixes?: readonly string[];
  /** peeringState: Connected, Initiated or Disconnected. */
  readonly state?: string;
  readonly remoteVirtualNetworkId?: string;
}

/** A route table on a subnet of the cluster's pools, with every subnet it is associated with. */
export interface RouteTableInfo {
  readonly id: string;
  /** ARM ids of the subnets the route table is associated with (its `subnets[]`). */
  readonly subnetIds: readonly string[];
}

/** What the cluster object does not say but the rules need. Every field is optional: unknown is not "none". */
export interface EvaluationContext {
  /** Address spaces of the cluster's VNet. */
  readonly vnetAddressSpaces?: readonly string[];
  /** Subnets of the cluster's VNet. */
  readonly subnets?: readonly SubnetInfo[];
  /** Node pools declared as separate AgentPool resources (not in agentPoolProfiles). */
  readonly agentPools?: readonly NodePool[];
  /** Peerings of the cluster's VNet; undefined when nobody looked. */
  readonly peerings?: readonly PeeringInfo[];
  /** Route tables of the pools' subnets; undefined when nobody looked. */
  readonly routeTables?: readonly RouteTableInfo[];
  /**
   * The names of kube-system's ConfigMaps, in any form kubectl prints them (`name`, `configmap/name`,
   * `configmaps/name`, `kube-system/name`); undefined when nobody looked. Another way to give
   * `kubernetes.ipMasqAgentConfigMaps` (without their CIDRs), read as that when the cluster's insides do not say it.
   */
  readonly ipMasqAgentConfigMaps?: readonly string[];
  /** The date rules that depend on a retirement or release date compare against; defaults to now. */
  readonly now?: Date;
  /** Facts a reader tried and failed to read, with the reason (e.g. `AuthorizationFailed`): their rules are unverified. */
  readonly unavailable?: Readonly<Partial<Record<FactId, string>>>;
  /** What was read inside the cluster (kube/ reads it); undefined when nobody looked. */
  readonly kubernetes?: KubernetesFacts;
  /** Findings a person accepts knowingly: rule id → reason (only rules marked acceptable; the reason is echoed). */
  readonly accepted?: Readonly<Record<string, string>>;
}

/** The context with its CIDRs parsed once. */
export interface ResolvedContext {
  readonly vnetAddressSpaces: readonly Cidr[];
  readonly subnets: readonly { readonly name: string; readonly cidrs: readonly Cidr[] }[];
  readonly agentPools: readonly NodePool[];
  readonly peerings?: readonly ResolvedPeering[];
  readonly routeTables?: readonly RouteTableInfo[];
  readonly now: Date;
  readonly unavailable: Readonly<Partial<Record<FactId, string>>>;
  readonly kubernetes?: KubernetesFacts;
  readonly accepted: Readonly<Record<string, string>>;
}

export interface ResolvedPeering {
  readonly name: string;
  readonly cidrs: readonly Cidr[];
  /** Ranges the remote VNet has now that the peering does not carry yet. */
  readonly driftCidrs: readonly Cidr[];
  readonly state?: string;
}

export function resolveContext(context: EvaluationContext = {}): ResolvedContext {
  return {
    vnetAddressSpaces: (context.vnetAddressSpaces ?? []).map((c, i) => parseCidr(`context.vnetAddressSpaces[${i}]`, c)),
    subnets: (context.subnets ?? []).map((s, i) => ({
      name: s.name,
      cidrs: s.addressPrefixes.map((c, j) => parseCidr(`context.subnets[${i}].addressPrefixes[${j}]`, c)),
    })),
    agentPools: context.agentPools ?? [],
    peerings: context.peerings?.map((p, i) => resolvePeering(p, `context.peerings[${i}]`)),
    routeTables: context.routeTables,
    now: context.now ?? new Date(),
    unavailable: context.unavailable ?? {},
    kubernetes: withConfigMapsNamed(context),
    accepted: context.accepted ?? {},
  };
}

/** The in-cluster facts, with the ip-masq-agent ConfigMaps read from `ipMasqAgentConfigMaps` when they do not say them. */
function withConfigMapsNamed(context: EvaluationContext): KubernetesFacts | undefined {
  const names = context.ipMasqAgentConfigMaps?.map((name, i) =>
    configMapName(name, `context.ipMasqAgentConfigMaps[${i}]`),
  );
  if (names === undefined || context.kubernetes?.ipMasqAgentConfigMaps !== undefined) return context.kubernetes;
  return { ...context.kubernetes, ipMasqAgentConfigMaps: ipMasqConfigMapsNamed(names) };
}

function resolvePeering(p: PeeringInfo, field: string): ResolvedPeering {
  const cidrs = p.remoteAddressPrefixes.map((c, j) => parseCidr(`${field}.remoteAddressPrefixes[${j}]`, c));
  const remote = (p.remoteVirtualNetworkAddressPrefixes ?? []).map((c, j) =>
    parseCidr(`${field}.remoteVirtualNetworkAddressPrefixes[${j}]`, c),
  );
  const peered = new Set(cidrs.map((c) => c.text));
  return { name: p.name, cidrs, driftCidrs: remote.filter((c) => !peered.has(c.text)), state: p.state };
}

/** Contexts from several readers as one: a later one's fields win, the facts each could not read are kept. */
export function mergeContexts(...contexts: readonly (EvaluationContext | undefined)[]): EvaluationContext {
  const merged: Record<string, unknown> = {};
  const unavailable: Partial<Record<FactId, string>> = {};
  for (const context of contexts) {
    for (const [key, value] of Object.entries(context ?? {})) if (value !== undefined) merged[key] = value;
    Object.assign(unavailable, context?.unavailable);
  }
  return { ...merged, ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}) } as EvaluationContext;
}

const CONTEXT_SHAPE =
  "an object with optional vnetAddressSpaces (CIDRs), subnets ([{ name, addressPrefixes }]), agentPools (pools in any shape), " +
  "peerings ([{ name, remoteAddressPrefixes, remoteVirtualNetworkAddressPrefixes?, state? }]), routeTables ([{ id, subnetIds }]), " +
  "ipMasqAgentConfigMaps (ConfigMap names in kube-system), kubernetes (in-cluster facts), accepted ({ <rule-id>: <reason> }), " +
  "unavailable ({ <fact>: <reason> }) and now (an ISO date)";

const CONFIGMAP_FORMS =
  "a ConfigMap of kube-system as kubectl prints it: name, configmap/name, configmaps/name or kube-system/name " +
  "(kubectl -n kube-system get configmap -o name)";
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** The bare name of a kube-system ConfigMap from any form kubectl prints; anything else is bad input, never misread. */
function configMapName(text: string, field: string): string {
  const parts = text.trim().split("/");
  const [kind, name] = parts.length === 2 ? parts : ["", parts[0]];
  const kindOk = ["", "configmap", "configmaps", "cm", "kube-system"].includes(kind.toLowerCase());
  if (parts.length > 2 || !kindOk || name === undefined || !DNS_NAME.test(name))
    throw new InputError(field, text, CONFIGMAP_FORMS);
  return name;
}

/**
 * ipMasqAgentConfigMaps as given: a list of names, the text of `kubectl get cm -o name` (one a line), or the JSON of
 * `kubectl -n kube-system get configmap -o json` (a List of ConfigMaps, each judged by its metadata).
 */
function readConfigMaps(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string")
    return value
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "")
      .map((line, i) => configMapName(line, `${field} (line ${i + 1})`));
  const list = Array.isArray(value) ? value : listItems(value, field);
  return list.map((item, i) => {
    const where = `${field}[${i}]`;
    if (typeof item === "string") return configMapName(item, where);
    const metadata = typeof item === "object" && item !== null ? (item as Record<string, unknown>).metadata : undefined;
    if (typeof metadata !== "object" || metadata === null) throw new InputError(where, item, CONFIGMAP_FORMS);
    const { name, namespace } = metadata as Record<string, unknown>;
    if (namespace !== undefined && namespace !== "kube-system")
      throw new InputError(
        `${where}.metadata.namespace`,
        namespace,
        "kube-system (the ip-masq-agent ConfigMaps live there)",
      );
    if (typeof name !== "string") throw new InputError(`${where}.metadata.name`, name, "a ConfigMap name");
    return configMapName(name, `${where}.metadata.name`);
  });
}

function listItems(value: unknown, field: string): unknown[] {
  const items = typeof value === "object" && value !== null ? (value as Record<string, unknown>).items : undefined;
  if (!Array.isArray(items))
    throw new InputError(field, value, `a list of names, or ${CONFIGMAP_FORMS} output as -o json`);
  return items;
}

/** Reads a context from JSON (a case file's "context"), validating every field. */
export function parseContext(input: unknown, field = "context"): EvaluationContext {
  const secrets = new Set<string>();
  return withSecretsRedacted(secrets, () => readContext(input, field, secrets));
}

function readContext(input: unknown, field: string, secrets: Set<string>): EvaluationContext {
  if (input === undefined || input === null) return {};
  const reader = FieldReader.of(input, field, secrets, CONTEXT_SHAPE);
  const subnets = reader.array("subnets")?.map((s, i) => {
    const sub = FieldReader.of(
      s,
      `${reader.field("subnets")}[${i}]`,
      reader.secrets,
      "a subnet { name, addressPrefixes }",
    );
    const prefixes =
      sub.stringArray("addressPrefixes") ??
      (sub.string("addressPrefix") ? [sub.string("addressPrefix") as string] : []);
    if (prefixes.length === 0) throw new InputError(sub.field("addressPrefixes"), undefined, "at least one CIDR");
    prefixes.forEach((p, j) => parseCidr(`${sub.field("addressPrefixes")}[${j}]`, p));
    return { name: sub.string("name") ?? `subnet ${i}`, addressPrefixes: prefixes };
  });
  const vnet = reader.stringArray("vnetAddressSpaces");
  vnet?.forEach((c, i) => parseCidr(`${reader.field("vnetAddressSpaces")}[${i}]`, c));
  const nowText = reader.string("now");
  const now = nowText === undefined ? undefined : new Date(nowText);
  if (now !== undefined && Number.isNaN(now.getTime()))
    throw new InputError(reader.field("now"), nowText, "an ISO date such as 2026-11-23");
  return dropUndefined({
    vnetAddressSpaces: vnet,
    subnets,
    agentPools: reader.array("agentPools")?.map((p, i) => parseAgentPool(p, `${reader.field("agentPools")}[${i}]`)),
    peerings: reader.array("peerings")?.map((p, i) => readPeering(reader, p, i)),
    routeTables: reader.array("routeTables")?.map((r, i) => readRouteTable(reader, r, i)),
    ipMasqAgentConfigMaps: readConfigMaps(reader.get("ipMasqAgentConfigMaps"), reader.field("ipMasqAgentConfigMaps")),
    now,
    kubernetes: reader.has("kubernetes")
      ? parseKubernetesFacts(reader.get("kubernetes"), reader.field("kubernetes"), secrets)
      : undefined,
    accepted: reader.has("accepted") ? stringMap(reader, "accepted", "a reason") : undefined,
    unavailable: readUnavailable(reader),
  });
}

function readPeering(reader: FieldReader, input: unknown, i: number): PeeringInfo {
  const field = `${reader.field("peerings")}[${i}]`;
  const p = FieldReader.of(input, field, reader.secrets, "a peering { name, remoteAddressPrefixes }");
  const remote = p.stringArray("remoteAddressPrefixes");
  if (remote === undefined) throw new InputError(p.field("remoteAddressPrefixes"), undefined, "a list of CIDRs");
  const drift = p.stringArray("remoteVirtualNetworkAddressPrefixes");
  const peering = dropUndefined({
    name: p.string("name") ?? `peering ${i}`,
    remoteAddressPrefixes: remote,
    remoteVirtualNetworkAddressPrefixes: drift,
    state: p.string("state"),
    remoteVirtualNetworkId: p.string("remoteVirtualNetworkId"),
  }) as unknown as PeeringInfo;
  resolvePeering(peering, field);
  return peering;
}

function readRouteTable(reader: FieldReader, input: unknown, i: number): RouteTableInfo {
  const r = FieldReader.of(
    input,
    `${reader.field("routeTables")}[${i}]`,
    reader.secrets,
    "a route table { id, subnetIds }",
  );
  const id = r.string("id");
  if (id === undefined || id.trim() === "") throw new InputError(r.field("id"), id, "the route table's ARM id");
  return { id, subnetIds: r.stringArray("subnetIds") ?? [] };
}

function readUnavailable(reader: FieldReader): Partial<Record<FactId, string>> | undefined {
  const u = reader.object("unavailable");
  if (u === undefined) return undefined;
  const out: Partial<Record<FactId, string>> = {};
  for (const key of rawKeys(reader.get("unavailable"))) {
    const fact = FACT_IDS.find((f) => f.toLowerCase() === key.toLowerCase());
    if (fact === undefined) throw new InputError(u.field(key), key, `one of ${FACT_IDS.join(", ")}`);
    out[fact] = u.string(key) ?? "unavailable";
  }
  return out;
}

function rawKeys(value: unknown): string[] {
  return typeof value === "object" && value !== null ? Object.keys(value) : [];
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function stringMap(reader: FieldReader, key: string, what: string): Record<string, string> {
  const obj = reader.object(key) as FieldReader;
  const raw = reader.get(key) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(raw).map((k) => {
      const value = obj.string(k);
      if (value === undefined || value.trim() === "")
        throw new InputError(obj.field(k), value, `${what} (a non-empty string)`);
      return [k, value];
    }),
  );
}
