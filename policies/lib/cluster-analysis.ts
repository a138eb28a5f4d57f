import type { ResourceValidationArgs } from "@pulumi/policy";
import {
  evaluateTransition,
  InputError,
  mergeContexts,
  parseCluster,
  type ClusterNetwork,
  type Evaluation,
  type EvaluationContext,
} from "aks-netguard/core";
import { findBaseline, type Baseline } from "./baselines";
import { configOf } from "./config";
import { PROXY_TARGET_KEY } from "./engine-constants";
import { unknownBehind } from "./unknown-input";
import { requestIdOf } from "./secrets";

/** Fields whose being unknown leaves the network rules nothing sound to judge. */
const DECISIVE = /networkProfile|kubernetesVersion|nodeProvisioningProfile|identity/i;

/** The unknown fields of a parsed cluster that leave nothing sound to judge (cluster-input names them). */
export const decisiveUnknownsOf = (model: ClusterNetwork): readonly string[] =>
  (model.unknownFields ?? []).filter((f) => DECISIVE.test(f));

export interface ClusterAnalysis {
  readonly names: readonly string[];
  readonly model?: ClusterNetwork;
  readonly inputError?: string;
  /** Unknown fields the rules could not do without: nothing was evaluated. */
  readonly decisiveUnknowns: readonly string[];
  readonly otherUnknowns: readonly string[];
  readonly baseline?: Baseline;
  readonly baselineError?: string;
  /** As a create (no baseline) or as the update from the baseline. */
  readonly evaluation?: Evaluation;
}

/** The props as the server deserialized them, without its unknown-checking proxy (unknowns are collected instead). */
export function rawProps(props: Record<string, unknown>): Record<string, unknown> {
  return ((props as Record<string, unknown>)[PROXY_TARGET_KEY] as Record<string, unknown> | undefined) ?? props;
}

/** Pulumi resource name, Azure cluster name and URN: the keys a baseline may be filed under. */
function namesOf(args: { name: string; urn: string }, raw: Record<string, unknown>): string[] {
  const azureName = typeof raw.resourceName === "string" ? raw.resourceName : undefined;
  return [args.name, ...(azureName !== undefined && azureName !== args.name ? [azureName] : []), args.urn];
}

// One Analyze call runs every policy on the same resource: evaluate once, not once per policy.
const cache = new Map<string, ClusterAnalysis>();
const CACHE_LIMIT = 64;

export function analyzeCluster(args: ResourceValidationArgs, context: EvaluationContext = {}): ClusterAnalysis {
  const raw = rawProps(args.props);
  const baselines = configOf(args).baselines;
  const request = requestIdOf(raw);
  const key =
    request !== undefined
      ? `${args.urn}\u0000#${request}\u0000${identityOf(baselines)}`
      : `${args.urn}\u0000${safeJson(networkRelevant(raw))}\u0000${safeJson(baselines)}\u0000${process.env.PULUMI_CONFIG ?? ""}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const analysis = analyze(args, raw, baselines, context);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, analysis);
  return analysis;
}

function analyze(
  args: ResourceValidationArgs,
  raw: Record<string, unknown>,
  baselines: Record<string, unknown> | undefined,
  context: EvaluationContext,
): ClusterAnalysis {
  const names = namesOf(args, raw);
  let model: ClusterNetwork;
  try {
    model = parseCluster(raw, args.name, { unknowns: "collect" });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const unknown = unknownBehind(raw, error.field, args.name);
    if (unknown !== undefined) return { names, decisiveUnknowns: [unknown], otherUnknowns: [] };
    return { names, inputError: error.message, decisiveUnknowns: [], otherUnknowns: [] };
  }
  const unknowns = model.unknownFields ?? [];
  const decisiveUnknowns = unknowns.filter((f) => DECISIVE.test(f));
  const otherUnknowns = unknowns.filter((f) => !DECISIVE.test(f));
  const found = findBaseline(names, baselines);
  const baseline = found !== undefined && "baseline" in found ? found.baseline : undefined;
  const baselineError = found !== undefined && "error" in found ? found.error : undefined;
  if (decisiveUnknowns.length > 0) return { names, model, decisiveUnknowns, otherUnknowns, baseline, baselineError };
  return {
    names,
    model,
    decisiveUnknowns,
    otherUnknowns,
    baseline,
    baselineError,
    // The baseline's live network facts, with what the stack itself declares on top.
    evaluation: evaluateTransition(baseline?.cluster, model, mergeContexts(baseline?.context, context)),
  };
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** A policy's config object is built once per Configure: its identity stands for its content. */
function identityOf(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = nextIdentity++));
  return `config-${id}`;
}

/** What the parser reads: enough to tell two props apart for the cache, far less than tags and the rest. */
function networkRelevant(raw: Record<string, unknown>): unknown[] {
  return [
    raw.resourceName,
    raw.resourceGroupName,
    raw.kubernetesVersion,
    raw.networkProfile,
    raw.agentPoolProfiles,
    raw.identity,
    raw.nodeProvisioningProfile,
    raw.properties,
    raw.name,
  ];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(Math.random());
  }
}
