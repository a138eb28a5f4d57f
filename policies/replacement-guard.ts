import { FORCE_NEW_FIELDS, planMigration, resolveDesired } from "aks-netguard/core";
import { analyzeCluster, rawProps } from "./lib/cluster-analysis";
import { resourcePolicy } from "./lib/define";
import { CLUSTERS } from "./lib/resource-types";

function ignored(ignoreChanges: readonly string[], field: string): boolean {
  return ignoreChanges.some(
    (p) => p === "*" || p === "networkProfile" || p.toLowerCase() === `networkprofile.${field.toLowerCase()}`,
  );
}

export const replacementGuard = resourcePolicy({
  name: "replacement-guard",
  description:
    "A raw ManagedCluster must not change a force-new network field: azure-native would delete and recreate the cluster.",
  enforcementLevel: "mandatory",
  config: "baselines",
  severity: "critical",
  remediationSteps:
    "Add the changed networkProfile fields to the cluster's ignoreChanges and apply the change in place: the az aks update commands in the message, the AksCluster component, or aks-netguard apply.",
  appliesTo: CLUSTERS,
  check: (args, report) => {
    const analysis = analyzeCluster(args);
    if (analysis.baseline === undefined || analysis.model === undefined || analysis.evaluation === undefined) return;
    const profile = rawProps(args.props).networkProfile;
    const given = new Set(
      typeof profile === "object" && profile !== null ? Object.keys(profile).map((k) => k.toLowerCase()) : [],
    );
    const current = analysis.baseline.cluster;
    const desired = resolveDesired(current, analysis.model);
    const changes = FORCE_NEW_FIELDS.filter((f) => f.keys.some((k) => given.has(k.toLowerCase())))
      .filter((f) => f.value(current) !== f.value(desired))
      .filter((f) => !ignored(args.opts.ignoreChanges, f.field));
    if (changes.length === 0) return;
    if (report.exempt(analysis.names)) return;
    const list = changes
      .map((f) => `networkProfile.${f.field} ${f.value(current) ?? "(unset)"} → ${f.value(desired) ?? "(unset)"}`)
      .join(", ");
    const plan = planMigration(current, analysis.model);
    const inPlace =
      plan.reachable && plan.steps.length > 0
        ? `apply it in place instead: ${plan.steps.map((s) => `(${s.index}) ${s.azCommand}`).join("; ")} — or let the AksCluster component or aks-netguard apply run these steps`
        : "no in-place path exists for this change, so keep the current values";
    report.violation(
      `This update would delete and recreate the cluster: azure-native replaces a ManagedCluster when ${list} changes. ` +
        `Fix: add ignoreChanges: [${changes.map((f) => `"networkProfile.${f.field}"`).join(", ")}] to the cluster and ${inPlace}.`,
    );
  },
});
