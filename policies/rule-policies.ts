import type { ResourceValidationPolicy } from "@pulumi/policy";
import { RULES, type Rule } from "aks-netguard/core";
import { analyzeCluster } from "./lib/cluster-analysis";
import { resourcePolicy } from "./lib/define";
import { enforcementFor } from "./lib/report";
import { CLUSTERS } from "./lib/resource-types";

/**
 * One resource policy per catalog rule, on azure-native ManagedCluster (every API-version token). Profile rules judge
 * the declared cluster as a valid end state; transition rules run when a baseline says where the cluster is now.
 */
function rulePolicy(rule: Rule): ResourceValidationPolicy {
  return resourcePolicy({
    name: rule.id,
    description: `${rule.title} (${rule.severity === "block" ? "blocks" : "warns"}; ${rule.scope === "both" ? "create and update" : rule.scope}).`,
    enforcementLevel: enforcementFor(rule.severity),
    severity: rule.severity === "block" ? "high" : "medium",
    url: rule.source,
    config: "baselines",
    appliesTo: CLUSTERS,
    check: (args, report) => {
      const analysis = analyzeCluster(args);
      if (analysis.evaluation === undefined) return; // cluster-input reports why nothing could be evaluated
      const findings = analysis.evaluation.findings.filter((f) => f.rule === rule.id);
      if (findings.length === 0) return;
      if (report.exempt(analysis.names)) return;
      for (const finding of findings) report.finding(finding, { atPolicyLevel: true });
    },
  });
}

export const rulePolicies: readonly ResourceValidationPolicy[] = RULES.map(rulePolicy);
