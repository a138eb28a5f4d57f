import type { ResourceValidationPolicy } from "@pulumi/policy";
import { RULES, type Rule } from "aks-netguard/core";
import { analyzeCluster } from "./lib/cluster-analysis";
import { configOf, withBaselines } from "./lib/config";
import { isExempt } from "./lib/exemptions";
import { enforcementFor, findingMessage, reportAt } from "./lib/report";
import { APPLIES_TO_CLUSTERS, isManagedCluster } from "./lib/resource-types";
import { onlyFor } from "./lib/not-applicable";

/**
 * One resource policy per catalog rule, on azure-native ManagedCluster (every API-version token). Profile rules judge
 * the declared cluster as a valid end state; transition rules run when a baseline says where the cluster is now.
 */
export function rulePolicy(rule: Rule): ResourceValidationPolicy {
  return {
    name: rule.id,
    description: `${rule.title} (${rule.severity === "block" ? "blocks" : "warns"}; ${rule.scope === "both" ? "create and update" : rule.scope}).`,
    enforcementLevel: enforcementFor(rule.severity),
    url: rule.source,
    configSchema: withBaselines,
    validateResource: onlyFor(isManagedCluster, APPLIES_TO_CLUSTERS, (args, report) => {
      const analysis = analyzeCluster(args);
      if (analysis.evaluation === undefined) return; // cluster-input reports why nothing could be evaluated
      const findings = analysis.evaluation.findings.filter((f) => f.rule === rule.id);
      if (findings.length === 0) return;
      if (isExempt(rule.id, configOf(args).exemptions, analysis.names, args.stackTags, report)) return;
      for (const finding of findings) reportAt(report, undefined, findingMessage(finding));
    }),
  };
}

export const rulePolicies: readonly ResourceValidationPolicy[] = RULES.map(rulePolicy);
