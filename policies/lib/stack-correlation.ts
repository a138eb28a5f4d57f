import type { StackValidationArgs } from "@pulumi/policy";
import {
  evaluateTransition,
  RULES,
  rulesReading,
  type ClusterNetwork,
  type Evaluation,
  type EvaluationContext,
  type Finding,
  type NodePool,
} from "aks-netguard/core";
import { findBaseline } from "./baselines";
import { decisiveUnknownsOf } from "./cluster-analysis";
import { configOf } from "./config";
import type { PolicyReport } from "./define";
import type { StackCluster, StackVnet } from "./stack-index";

/**
 * Reports what a cluster's evaluation gains from stack context (separate pools, VNets): findings that the cluster with
 * only `known` context does not produce. Block findings are mandatory, warn findings advisory.
 */
export function reportCorrelated(
  args: StackValidationArgs,
  report: PolicyReport,
  cluster: StackCluster,
  context: StackContext,
  known: StackContext = {},
): void {
  // Unknown network fields read as unset could invent a finding; cluster-input already says what was unknown.
  if (decisiveUnknownsOf(cluster.model).length > 0) return;
  const config = configOf(args);
  const found = findBaseline(cluster.names, config.baselines);
  const current = found !== undefined && "baseline" in found ? found.baseline.cluster : undefined;
  const withContext = evaluateInStack(current, cluster.model, context).findings;
  if (withContext.length === 0) return;
  // Only what the stack context adds: the cluster alone is judged by the resource policies. Most clusters have nothing
  // to report, so the second evaluation runs only for those that do, and only for the rules that found something.
  const rules = new Set(withContext.map((f) => f.rule));
  const already = new Set(evaluateInStack(current, cluster.model, known, rules).findings.map(signature));
  const gained = withContext.filter((f) => !already.has(signature(f)));
  if (gained.length === 0) return;
  if (report.exempt(cluster.names)) return;
  for (const finding of gained)
    report.finding(finding, { subject: cluster.resource.name, urn: cluster.resource.urn, namePolicy: true });
}

const signature = (f: Finding) => `${f.rule}\u0000${f.message}`;

/** What the stack says about a cluster: its separate pools and the VNets it sits in. */
export interface StackContext {
  readonly agentPools?: readonly NodePool[];
  readonly vnets?: readonly StackVnet[];
  /**
   * The cluster's VNets, left out of this context (`vnets` is empty): the rules that do not read them find the same as
   * with them, so the evaluation with them, which rules-unverified makes anyway, serves for all but those rules.
   */
  readonly vnetsLeftOut?: readonly StackVnet[];
}

/** The rules that read the VNet facts (they declare a need on them; test/core/index.properties.spec.ts holds it). */
const VNET_READERS = rulesReading("vnet");
const catalogOrder = new Map(RULES.map((rule, i) => [rule.id, i]));
const inCatalogOrder = (a: { rule: string }, b: { rule: string }) =>
  (catalogOrder.get(a.rule) ?? 0) - (catalogOrder.get(b.rule) ?? 0);

/** The evaluation context of a stack context: VNet facts only when the cluster has a VNet in the stack. */
function contextOf(stack: StackContext): EvaluationContext {
  const vnets = stack.vnets ?? [];
  return {
    agentPools: [...(stack.agentPools ?? [])],
    ...(vnets.length > 0
      ? {
          vnetAddressSpaces: vnets.flatMap((v) => v.addressSpaces),
          subnets: vnets.flatMap((v) => v.subnets.filter((s) => s.addressPrefixes.length > 0)),
        }
      : {}),
  };
}

/**
 * The evaluations the stack policies ask for (the cluster alone, with its separate pools, with its pools and VNets) are
 * made once per request, whichever policy asks first: the index, its models, pools and VNets are built once per request
 * (stack-index.ts), so their identity stands for their content.
 */
const NO_BASELINE: object = {};
const shared = new WeakMap<ClusterNetwork, WeakMap<object, Map<string, Evaluation>>>();
const ids = new WeakMap<object, number>();
let nextId = 1;

function idOf(item: object): number {
  let id = ids.get(item);
  if (id === undefined) ids.set(item, (id = nextId++));
  return id;
}

/**
 * `rules`: the caller needs only these rules' findings. A whole evaluation already made serves; else only those rules
 * are run, and not kept (another caller may need others).
 */
export function evaluateInStack(
  current: ClusterNetwork | undefined,
  model: ClusterNetwork,
  stack: StackContext,
  rules?: ReadonlySet<string>,
): Evaluation {
  let byBaseline = shared.get(model);
  if (byBaseline === undefined) shared.set(model, (byBaseline = new WeakMap()));
  let byContext = byBaseline.get(current ?? NO_BASELINE);
  if (byContext === undefined) byBaseline.set(current ?? NO_BASELINE, (byContext = new Map()));
  const key = `${(stack.agentPools ?? []).map(idOf).join(",")}|${(stack.vnets ?? []).map(idOf).join(",")}`;
  let evaluation = byContext.get(key);
  if (evaluation !== undefined) return evaluation;
  if (rules !== undefined) return evaluateTransition(current, model, contextOf(stack), { rules });
  const leftOut = (stack.vnets ?? []).length === 0 ? (stack.vnetsLeftOut ?? []) : [];
  evaluation =
    leftOut.length > 0
      ? withoutVnets(
          evaluateInStack(current, model, { agentPools: stack.agentPools, vnets: leftOut }),
          evaluateTransition(current, model, contextOf(stack), { rules: VNET_READERS }),
        )
      : evaluateTransition(current, model, contextOf(stack));
  byContext.set(key, evaluation);
  return evaluation;
}

/** The evaluation without the VNet facts: the VNet readers' verdicts from `readers`, every other rule's from `whole`. */
function withoutVnets(whole: Evaluation, readers: Evaluation): Evaluation {
  const findings = [...whole.findings.filter((f) => !VNET_READERS.has(f.rule)), ...readers.findings].sort(
    inCatalogOrder,
  );
  const unverified = [...whole.unverified.filter((u) => !VNET_READERS.has(u.rule)), ...readers.unverified].sort(
    inCatalogOrder,
  );
  const blocks = findings.some((f) => f.severity === "block" && f.accepted === undefined);
  return { verdict: blocks ? "block" : "allow", findings, unverified };
}
