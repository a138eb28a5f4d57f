import {
  BASELINES_CONFIG_KEY,
  InputError,
  parseCluster,
  parseContext,
  UnknownValueError,
  type ClusterNetwork,
  type EvaluationContext,
} from "aks-netguard/core";

/** The stack config key the Node language host passes to packs in PULUMI_CONFIG, written once for every policy. */
export const STACK_CONFIG_KEY = BASELINES_CONFIG_KEY;

type BaselineSource = "policy config" | "stack config";

export interface Baseline {
  readonly source: BaselineSource;
  readonly key: string;
  readonly cluster: ClusterNetwork;
  /** The network the cluster lives in as read live (`aks-netguard baseline --subscription …`), when the baseline has it. */
  readonly context?: EvaluationContext;
}

export type BaselineLookup = { readonly baseline: Baseline } | { readonly error: string } | undefined;

let stackConfigCache: { raw: string | undefined; map: Record<string, unknown> | string } | undefined;

/** `aks-netguard:baselines` from PULUMI_CONFIG: a JSON map, or a string error. */
function stackBaselines(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> | string {
  const raw = env.PULUMI_CONFIG;
  if (stackConfigCache !== undefined && stackConfigCache.raw === raw) return stackConfigCache.map;
  let map: Record<string, unknown> | string = {};
  if (raw !== undefined && raw !== "") {
    try {
      const config = JSON.parse(raw) as Record<string, unknown>;
      const value = config[STACK_CONFIG_KEY];
      const parsed = typeof value === "string" ? JSON.parse(value) : value;
      if (parsed !== undefined) {
        map =
          typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : `stack config ${STACK_CONFIG_KEY} must be a JSON object of clusters`;
      }
    } catch (error) {
      map = `stack config ${STACK_CONFIG_KEY} is not valid JSON (${(error as Error).message})`;
    }
  }
  stackConfigCache = { raw, map };
  return map;
}

/** Each baseline map's keys by lower case, built once per map (config objects live from one Configure to the next). */
const keysByLowerCase = new WeakMap<object, Map<string, string>>();

function lookup(map: Record<string, unknown> | undefined, names: readonly string[]): [string, unknown] | undefined {
  if (map === undefined || typeof map !== "object" || map === null) return undefined;
  let lower = keysByLowerCase.get(map);
  if (lower === undefined)
    keysByLowerCase.set(map, (lower = new Map(Object.keys(map).map((k) => [k.toLowerCase(), k]))));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined) return [key, map[key]];
  }
  return undefined;
}

/** A baseline is parsed once per config, not once per policy and resource that looks it up. */
const parsedBaselines = new WeakMap<object, Map<string, BaselineLookup>>();

function parseBaseline(source: BaselineSource, map: Record<string, unknown>, key: string): BaselineLookup {
  let parsed = parsedBaselines.get(map);
  if (parsed === undefined) parsedBaselines.set(map, (parsed = new Map()));
  if (parsed.has(key)) return parsed.get(key);
  let result: BaselineLookup;
  try {
    const entry = map[key];
    const context =
      typeof entry === "object" && entry !== null && "context" in entry
        ? parseContext((entry as { context: unknown }).context, `baselines["${key}"].context`)
        : undefined;
    const cluster = parseCluster(entry, `baselines["${key}"]`, { role: "current" });
    result = { baseline: { source, key, cluster, ...(context !== undefined ? { context } : {}) } };
  } catch (error) {
    if (!(error instanceof InputError || error instanceof UnknownValueError)) throw error;
    result = { error: `the ${source} baseline is invalid: ${error.message}` };
  }
  parsed.set(key, result);
  return result;
}

/**
 * The known current state of a cluster, looked up by Pulumi resource name, Azure cluster name or URN:
 * first in the policy's `baselines` config, then in the stack config key `aks-netguard:baselines`.
 */
export function findBaseline(
  names: readonly string[],
  policyBaselines: Record<string, unknown> | undefined,
  env?: NodeJS.ProcessEnv,
): BaselineLookup {
  const sources: [BaselineSource, Record<string, unknown> | string | undefined][] = [
    ["policy config", policyBaselines],
    ["stack config", stackBaselines(env)],
  ];
  for (const [source, map] of sources) {
    if (typeof map === "string") return { error: map };
    const hit = lookup(map, names);
    if (hit !== undefined && map !== undefined) return parseBaseline(source, map, hit[0]);
  }
  return undefined;
}
