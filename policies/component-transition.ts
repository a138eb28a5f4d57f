import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  AKS_CLUSTER_TYPE,
  componentInputsToClusterArgs,
  evaluateTransition,
  InputError,
  isSecretWrapper,
  isUnknownMarker,
  parseCluster,
  parseContext,
  planMigration,
  UnknownValueError,
} from "aks-netguard/core";
import { rawProps } from "./lib/cluster-analysis";
import { configOf, exemptionsOnly } from "./lib/config";
import { isExempt } from "./lib/exemptions";
import { findingMessage, reportAt } from "./lib/report";
import { onlyFor } from "./lib/not-applicable";

/** The component inputs the transition depends on; any of them unknown leaves nothing sound to judge. */
const DECIDING_INPUTS = [
  "network",
  "nodePools",
  "kubernetesVersion",
  "migration",
  "observedNetworkProfile",
  "observedNetworkContext",
] as const;

/** Paths (as the program spells them: network.pluginMode, nodePools[1].osType) whose value is unknown in this preview. */
function unknownPaths(value: unknown, path: string): string[] {
  if (isUnknownMarker(value)) return [path];
  if (isSecretWrapper(value)) return unknownPaths(value.value, path);
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownPaths(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, `${path}.${k}`));
  return [];
}

/**
 * The AksCluster component registers its desired network and the cluster's observed current profile among its inputs;
 * this policy checks that transition, so a stack is protected even if the component's own checks were bypassed.
 */
export const componentTransition: ResourceValidationPolicy = {
  name: "component-transition",
  description:
    "The AksCluster component's change from the observed network profile to the desired one must be one supported step (or stepwise).",
  enforcementLevel: "mandatory",
  configSchema: exemptionsOnly,
  validateResource: onlyFor(
    (type) => type === AKS_CLUSTER_TYPE,
    `applies to ${AKS_CLUSTER_TYPE}`,
    (args, report) => {
      const inputs = rawProps(args.props);
      const unknown = DECIDING_INPUTS.flatMap((key) => unknownPaths(inputs[key], key));
      if (unknown.length > 0) {
        reportAt(
          report,
          "advisory",
          `${args.name}: ${unknown.join(", ")} is not known until apply, so the network transition could not be checked in this preview; ` +
            `the component checks it again before any cloud call on pulumi up. [component-transition]`,
        );
        return;
      }
      let desired;
      let observed;
      let context;
      try {
        desired = parseCluster(componentInputsToClusterArgs(inputs, args.name), args.name);
        const raw = inputs.observedNetworkProfile;
        observed =
          raw === undefined || raw === null ? undefined : parseCluster(raw, `${args.name}.observedNetworkProfile`);
        // The VNet, peerings and route tables the component read: the same context the component judged.
        context = parseContext(inputs.observedNetworkContext, `${args.name}.observedNetworkContext`);
      } catch (error) {
        if (error instanceof InputError || error instanceof UnknownValueError) {
          reportAt(
            report,
            error instanceof InputError ? undefined : "advisory",
            `The component's inputs cannot be checked: ${error.message} [component-transition]`,
          );
          return;
        }
        throw error;
      }
      if (isExempt("component-transition", configOf(args).exemptions, [args.name, args.urn], args.stackTags, report))
        return;
      const stepwise = inputs.migration === "stepwise";
      const evaluation = evaluateTransition(observed, desired, context);
      const plan = observed === undefined ? undefined : planMigration(observed, desired, context);
      for (const finding of evaluation.findings) {
        const curedByStepwise = stepwise && plan?.reachable === true && finding.severity === "block";
        if (curedByStepwise) continue;
        if (finding.severity === "block") reportAt(report, undefined, findingMessage(finding, args.name));
        else reportAt(report, "advisory", findingMessage(finding, args.name));
      }
    },
  ),
};
