import { parseCidr, type Cidr } from "./cidr";
import { InputError, withSecretsRedacted } from "./errors";
import { parseKubernetesFacts, type KubernetesFacts } from "./kubernetes";
import type { NodePool } from "./model";
import { parseAgentPool } from "./parse";
import { FieldReader } from "./reader";
import { FACT_IDS, type FactId } from "./rules/types";

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
  /** ConfigMap names found in kube-system when the cluster was inspected; undefined when nobody looked. */
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
  readonly ipMasqAgentConfigMaps?: readonly string[];
  readonly now: Date;
  readonly unavailable: Readonly<Partial<Record<FactId, string>>>;
  readonly kubernetes?: KubernetesFacts;
  readonly accepted: Readonly<Record<string, string>>;
}

export function resolveContext(context: EvaluationContext = {}): ResolvedContext {
  return {
    vnetAddressSpaces: (context.vnetAddressSpaces ?? []).map((c, i) => parseCidr(`context.vnetAddressSpaces[${i}]`, c)),
    subnets: (context.subnets ?? []).map((s, i) => ({
      name: s.name,
      cidrs: s.addressPrefixes.map((c, j) => parseCidr(`context.subnets[${i}].addressPrefixes[${j}]`, c)),
    })),
    agentPools: context.agentPools ?? [],
    ipMasqAgentConfigMaps: context.ipMasqAgentConfigMaps,
    now: context.now ?? new Date(),
    unavailable: context.unavailable ?? {},
    kubernetes: context.kubernetes,
    accepted: context.accepted ?? {},
  };
}

const CONTEXT_SHAPE =
  "an object with optional vnetAddressSpaces (CIDRs), subnets ([{ name, addressPrefixes }]), agentPools (pools in any shape), " +
  "ipMasqAgentConfigMaps (ConfigMap names in kube-system), kubernetes (in-cluster facts), accepted ({ <rule-id>: <reason> }), " +
  "unavailable ({ <fact>: <reason> }) and now (an ISO date)";

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
    ipMasqAgentConfigMaps: reader.stringArray("ipMasqAgentConfigMaps"),
    now,
    ...(reader.has("kubernetes")
      ? { kubernetes: parseKubernetesFacts(reader.get("kubernetes"), reader.field("kubernetes"), secrets) }
      : {}),
    ...(reader.has("accepted") ? { accepted: stringMap(reader, "accepted", "a reason") } : {}),
    ...(reader.has("unavailable") ? { unavailable: readUnavailable(reader) } : {}),
  };
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

function readUnavailable(reader: FieldReader): Partial<Record<FactId, string>> {
  const map = stringMap(reader, "unavailable", "why the fact could not be read");
  for (const fact of Object.keys(map))
    if (!(FACT_IDS as readonly string[]).includes(fact))
      throw new InputError(`${reader.field("unavailable")}.${fact}`, fact, `one of ${FACT_IDS.join(", ")}`);
  return map as Partial<Record<FactId, string>>;
}
