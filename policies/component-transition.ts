import type { ResourceValidationPolicy } from "@pulumi/policy";
import { componentInputsToClusterArgs, evaluateTransition, InputError, parseCluster, planMigration } from "aks-netguard/core";
import { rawProps } from "./lib/cluster-analysis";
import { configOf, exemptionsOnly } from "./lib/config";
import { isExempt } from "./lib/exemptions";
import { findingMessage, reportAt } from "./lib/report";
import { AKS_CLUSTER_COMPONENT } from "./lib/resource-types";

/**
 * The AksCluster component registers its desired network and the cluster's observed current profile among its inputs;
 * this policy checks that transition, so a stack is protected even if the component's own checks were bypassed.
 */
export const componentTransition: ResourceValidationPolicy = {
  name: "component-transition",
  description: "The AksCluster component's change from the observed network profile to the desired one must be one supported step (or stepwise).",
  enforcementLevel: "mandatory",
  configSchema: exemptionsOnly,
  validateResource: (args, report) => {
    if (args.type !== AKS_CLUSTER_COMPONENT) return;
    const inputs = rawProps(args.props);
    let desired;
    let observed;
    try {
      desired = parseCluster(componentInputsToClusterArgs(inputs, args.name), args.name, { unknowns: "collect" });
      const raw = inputs.observedNetworkProfile;
      observed = raw === undefined || raw === null ? undefined : parseCluster(raw, `${args.name}.observedNetworkProfile`);
    } catch (error) {
      if (error instanceof InputError) {
        reportAt(report, undefined, `The component's inputs cannot be checked: ${error.message} [component-transition]`);
        return;
      }
      throw error;
    }
    if ((desired.unknownFields ?? []).length > 0) {
      reportAt(report, "advisory", `${desired.unknownFields!.join(", ")} is not known until apply; the transition check treated it as unset. [component-transition]`);
    }
    if (isExempt("component-transition", configOf(args).exemptions, [args.name, args.urn], args.stackTags, report)) return;
    const stepwise = inputs.migration === "stepwise";
    const evaluation = evaluateTransition(observed, desired);
    const plan = observed === undefined ? undefined : planMigration(observed, desired);
    for (const finding of evaluation.findings) {
      const curedByStepwise = stepwise && plan?.reachable === true && finding.severity === "block";
      if (curedByStepwise) continue;
      if (finding.severity === "block") reportAt(report, undefined, findingMessage(finding, args.name));
      else reportAt(report, "advisory", findingMessage(finding, args.name));
    }
  },
};
