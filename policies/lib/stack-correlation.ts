import type { StackValidationArgs } from "@pulumi/policy";
import {
  evaluateTransition,
  RULES,
  rulesReading,
  type ClusterNetwork,
  type Evaluation,
  type EvaluationContext,
  type Finding,
} from "aks-netguard/core";
import { findBaseline } from "./baselines";
import { decisiveUnknownsOf } from "./cluster-analysis";
import { configOf } from "./config";
import type { PolicyReport } from "./define";
import type { StackCluster } from "./stack-index";

/**
 * What a stack policy compares a cluster's evaluation with: "pools", the cluster with its separate pools against the
 * cluster alone (stack-agent-pools); "vnets", with its pools and VNets against with its pools only (stack-vnet-cidrs).
 */
export type StackGain = "pools" | "vnets";

/**
 * Reports what a cluster's evaluation gains from stack context: findings that the evaluation it is compared with does
 * not produce. Block findings are mandatory, warn findings advisory.
 */
export function reportCorrelated(
  report: PolicyReport,
  cluster: StackCluster,
  current: ClusterNetwork | undefined,
  gain: StackGain,
): void {
  // Unknown network fields read as unset could invent a finding; cluster-input already says what was unknown.
  if (decisiveUnknownsOf(cluster.model).length > 0) return;
  const withContext = stackEvaluation(cluster, current, gain === "pools" ? "with-pools" : "with-vnets").findings;
  if (withContext.length === 0) return;
  // Most clusters have nothing to report, so the cluster alone is evaluated only for those that do, and only for the
  // rules that found something (the resource policies judge the cluster alone).
  const without =
    gain === "pools"
      ? evaluateTransition(
          current,
          cluster.model,
          { agentPools: [] },
          { rules: new Set(withContext.map((f) => f.rule)) },
        )
      : stackEvaluation(cluster, current, "with-pools");
  const already = new Set(without.findings.map(signature));
  const gained = withContext.filter((f) => !already.has(signature(f)));
  if (gained.length === 0) return;
  if (report.exempt(cluster.names)) return;
  for (const finding of gained) report.finding(finding, { subject: cluster.name, urn: cluster.urn, namePolicy: true });
}

const signature = (f: Finding) => `${f.rule}\u0000${f.message}`;

/**
 * Each cluster's current profile from the policy's baselines (else the stack config's); the config and the
 * environment are read once per policy run, not once per cluster.
 */
export function baselinesOf(args: StackValidationArgs): (cluster: StackCluster) => ClusterNetwork | undefined {
  const baselines = configOf(args).baselines;
  const env = { PULUMI_CONFIG: process.env.PULUMI_CONFIG };
  return (cluster) => {
    const found = findBaseline(cluster.names, baselines, env);
    return found !== undefined && "baseline" in found ? found.baseline.cluster : undefined;
  };
}

/** The rules that read the VNet facts (they declare a need on them; test/core/index.properties.spec.ts holds it). */
const VNET_READERS = rulesReading("vnet");
const catalogOrder = new Map(RULES.map((rule, i) => [rule.id, i]));
const positionOf = (item: { readonly rule: string }) => catalogOrder.get(item.rule) ?? 0;

/** The evaluation context of a cluster in the stack: VNet facts only when it has a VNet in the stack. */
function contextOf(cluster: StackCluster): EvaluationContext {
  return {
    agentPools: [...cluster.separatePools],
    ...(cluster.vnets.length > 0
      ? {
          vnetAddressSpaces: cluster.vnets.flatMap((v) => v.addressSpaces),
          subnets: cluster.vnets.flatMap((v) => v.subnets.filter((s) => s.addressPrefixes.length > 0)),
        }
      : {}),
  };
}

const NO_BASELINE: object = {};

/**
 * A cluster's evaluation with its separate pools and VNets ("with-vnets") or with its separate pools only
 * ("with-pools"), made once per request and baseline whichever stack policy asks first: the index and its clusters are
 * built once per request (stack-index.ts). "with-pools" takes every rule's verdict from "with-vnets" but the VNet
 * readers', which are run again without the VNets.
 */
export function stackEvaluation(
  cluster: StackCluster,
  current: ClusterNetwork | undefined,
  view: "with-vnets" | "with-pools",
): Evaluation {
  let made = cluster.evaluations.get(current ?? NO_BASELINE);
  if (made === undefined) cluster.evaluations.set(current ?? NO_BASELINE, (made = {}));
  made.withVnets ??= evaluateTransition(current, cluster.model, contextOf(cluster));
  if (view === "with-vnets") return made.withVnets;
  made.withPools ??=
    cluster.vnets.length === 0
      ? made.withVnets
      : withoutVnets(
          made.withVnets,
          evaluateTransition(
            current,
            cluster.model,
            { agentPools: [...cluster.separatePools] },
            { rules: VNET_READERS },
          ),
        );
  return made.withPools;
}

/** The evaluation without the VNet facts: the VNet readers' verdicts from `readers`, every other rule's from `whole`. */
function withoutVnets(whole: Evaluation, readers: Evaluation): Evaluation {
  const findings = inCatalogOrder(
    whole.findings.filter((f) => !VNET_READERS.has(f.rule)),
    readers.findings,
  );
  const unverified = inCatalogOrder(
    whole.unverified.filter((u) => !VNET_READERS.has(u.rule)),
    readers.unverified,
  );
  const blocks = findings.some((f) => f.severity === "block" && f.accepted === undefined);
  return { verdict: blocks ? "block" : "allow", findings, unverified };
}

/** Two lists each in catalog order (as an evaluation lists them), merged in catalog order; ties keep `a` first. */
function inCatalogOrder<T extends { readonly rule: string }>(a: readonly T[], b: readonly T[]): T[] {
  if (b.length === 0) return [...a];
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && positionOf(a[i]) <= positionOf(b[j]));
    merged.push(takeA ? a[i++] : b[j++]);
  }
  return merged;
}
