import type { StackValidationArgs } from "@pulumi/policy";
import { evaluateTransition, type ClusterNetwork, type EvaluationContext, type Finding } from "aks-netguard/core";
import { findBaseline } from "./baselines";
import { decisiveUnknownsOf } from "./cluster-analysis";
import { configOf } from "./config";
import type { PolicyReport } from "./define";
import type { StackCluster } from "./stack-index";

/**
 * Reports what a cluster's evaluation gains from stack context (separate pools, VNets): findings that the cluster with
 * only `known` context does not produce. Block findings are mandatory, warn findings advisory.
 */
export function reportCorrelated(
  args: StackValidationArgs,
  report: PolicyReport,
  cluster: StackCluster,
  context: EvaluationContext,
  known: EvaluationContext = {},
): void {
  // Unknown network fields read as unset could invent a finding; cluster-input already says what was unknown.
  if (decisiveUnknownsOf(cluster.model).length > 0) return;
  const config = configOf(args);
  const found = findBaseline(cluster.names, config.baselines);
  const current = found !== undefined && "baseline" in found ? found.baseline.cluster : undefined;
  const withContext = evaluateShared(current, cluster.model, context);
  if (withContext.length === 0) return;
  // Only what the stack context adds: the cluster alone is judged by the resource policies. Most clusters have nothing
  // to report, so the second evaluation runs only for those that do.
  const already = new Set(evaluateShared(current, cluster.model, known).map(signature));
  const gained = withContext.filter((f) => !already.has(signature(f)));
  if (gained.length === 0) return;
  if (report.exempt(cluster.names)) return;
  for (const finding of gained)
    report.finding(finding, { subject: cluster.resource.name, urn: cluster.resource.urn, namePolicy: true });
}

const signature = (f: Finding) => `${f.rule}\u0000${f.message}`;

/**
 * Evaluations both stack policies ask for (the cluster alone, the cluster with its separate pools) are made once per
 * request: models and pools are parsed once per decoded props (stack-index.ts), so their identity stands for content.
 */
const NO_BASELINE: object = {};
const shared = new WeakMap<ClusterNetwork, WeakMap<object, Map<string, readonly Finding[]>>>();
const poolIds = new WeakMap<object, number>();
let nextPoolId = 1;

function poolId(pool: object): number {
  let id = poolIds.get(pool);
  if (id === undefined) poolIds.set(pool, (id = nextPoolId++));
  return id;
}

function evaluateShared(
  current: ClusterNetwork | undefined,
  model: ClusterNetwork,
  context: EvaluationContext,
): readonly Finding[] {
  if (Object.keys(context).some((k) => k !== "agentPools")) return evaluateTransition(current, model, context).findings;
  let byBaseline = shared.get(model);
  if (byBaseline === undefined) shared.set(model, (byBaseline = new WeakMap()));
  let byPools = byBaseline.get(current ?? NO_BASELINE);
  if (byPools === undefined) byBaseline.set(current ?? NO_BASELINE, (byPools = new Map()));
  const key = (context.agentPools ?? []).map(poolId).join(",");
  let findings = byPools.get(key);
  if (findings === undefined) byPools.set(key, (findings = evaluateTransition(current, model, context).findings));
  return findings;
}
