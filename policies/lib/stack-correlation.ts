import type { StackValidationArgs, ReportViolation } from "@pulumi/policy";
import { evaluateTransition, type EvaluationContext, type Finding } from "aks-netguard/core";
import { findBaseline } from "./baselines";
import { decisiveUnknownsOf } from "./cluster-analysis";
import { configOf } from "./config";
import { isExempt } from "./exemptions";
import { findingMessage, reportAt } from "./report";
import type { StackCluster } from "./stack-index";

/**
 * Reports what a cluster's evaluation gains from stack context (separate pools, VNets): findings that the cluster with
 * only `known` context does not produce. Block findings are mandatory, warn findings advisory.
 */
export function reportCorrelated(
  policyName: string,
  args: StackValidationArgs,
  report: ReportViolation,
  cluster: StackCluster,
  context: EvaluationContext,
  known: EvaluationContext = {},
): void {
  // Unknown network fields read as unset could invent a finding; cluster-input already says what was unknown.
  if (decisiveUnknownsOf(cluster.model).length > 0) return;
  const config = configOf(args);
  const found = findBaseline(cluster.names, config.baselines);
  const current = found !== undefined && "baseline" in found ? found.baseline.cluster : undefined;
  const withContext = evaluateTransition(current, cluster.model, context).findings;
  if (withContext.length === 0) return;
  // Only what the stack context adds: the cluster alone is judged by the resource policies. Most clusters have nothing
  // to report, so the second evaluation runs only for those that do.
  const already = new Set(evaluateTransition(current, cluster.model, known).findings.map(signature));
  const gained = withContext.filter((f) => !already.has(signature(f)));
  if (gained.length === 0) return;
  if (isExempt(policyName, config.exemptions, cluster.names, args.stackTags, report)) return;
  for (const finding of gained) {
    const message = `${findingMessage(finding, cluster.resource.name)} (${policyName})`;
    if (finding.severity === "block") reportAt(report, undefined, message, cluster.resource.urn);
    else reportAt(report, "advisory", message, cluster.resource.urn);
  }
}

const signature = (f: Finding) => `${f.rule}\u0000${f.message}`;
