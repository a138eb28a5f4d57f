import { parseCidr, type Cidr } from "./cidr";
import { InputError, withSecretsRedacted } from "./errors";
import type { NodePool } from "./model";
import { parseAgentPool } from "./parse";
import { FieldReader } from "./reader";
import type { FactId } from "./rules/types";

/** A subnet of the cluster's VNet (node or pod subnet, or any other subnet the pod CIDR must avoid). */
export interface SubnetInfo {
  readonly name: string;
  readonly addressPrefixes: readonly string[];
}

/** What the cluster object does not say but the rules need. Every field is optional: unknown is not "none". */
export interface EvaluationContext {
  /** Address spaces of the cluster's VNet. */
  readonly vnetAddressSpaces?: readonly string[];
  /** Subnets of the cluster's VNet. */
  readonly subnets?: readonly SubnetInfo[];
  /** Node pools declared as separate AgentPool resources (not in agentPoolProfiles). */
  readonly agentPools?: readonly NodePool[];
  /**
   * ConfigMaps found in kube-system when the cluster was inspected; undefined when nobody looked. Names in any form
   * kubectl prints them (`name`, `configmap/name`, `configmaps/name`, `kube-system/name`).
   */
  readonly ipMasqAgentConfigMaps?: readonly string[];
  /** The date rules that depend on a retirement or release date compare against; defaults to now. */
  readonly now?: Date;
  /** Facts a reader tried and failed to read, with the reason (e.g. `AuthorizationFailed`): their rules are unverified. */
  readonly unavailable?: Readonly<Partial<Record<FactId, string>>>;
}

/** The context with its CIDRs parsed once. */
export interface ResolvedContext {
  readonly vnetAddressSpaces: readonly Cidr[];
  readonly subnets: readonly { readonly name: string; readonly cidrs: readonly Cidr[] }[];
  readonly agentPools: readonly NodePool[];
  readonly ipMasqAgentConfigMaps?: readonly string[];
  readonly now: Date;
  readonly unavailable: Readonly<Partial<Record<FactId, string>>>;
}

export function resolveContext(context: EvaluationContext = {}): ResolvedContext {
  return {
    vnetAddressSpaces: (context.vnetAddressSpaces ?? []).map((c, i) => parseCidr(`context.vnetAddressSpaces[${i}]`, c)),
    subnets: (context.subnets ?? []).map((s, i) => ({
      name: s.name,
      cidrs: s.addressPrefixes.map((c, j) => parseCidr(`context.subnets[${i}].addressPrefixes[${j}]`, c)),
    })),
    agentPools: context.agentPools ?? [],
    ipMasqAgentConfigMaps: context.ipMasqAgentConfigMaps?.map((name, i) =>
      configMapName(name, `context.ipMasqAgentConfigMaps[${i}]`),
    ),
    now: context.now ?? new Date(),
    unavailable: context.unavailable ?? {},
  };
}

const CONTEXT_SHAPE =
  "an object with optional vnetAddressSpaces (CIDRs), subnets ([{ name, addressPrefixes }]), agentPools (pools in any shape), " +
  "ipMasqAgentConfigMaps (ConfigMap names in kube-system) and now (an ISO date)";

const CONFIGMAP_FORMS =
  "a ConfigMap of kube-system as kubectl prints it: name, configmap/name, configmaps/name or kube-system/name " +
  "(kubectl -n kube-system get configmap -o name)";
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** The bare name of a kube-system ConfigMap from any form kubectl prints; anything else is bad input, never misread. */
export function configMapName(text: string, field: string): string {
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
  return {
    vnetAddressSpaces: vnet,
    subnets,
    agentPools: reader.array("agentPools")?.map((p, i) => parseAgentPool(p, `${reader.field("agentPools")}[${i}]`)),
    ipMasqAgentConfigMaps: readConfigMaps(reader.get("ipMasqAgentConfigMaps"), reader.field("ipMasqAgentConfigMaps")),
    now,
  };
}
