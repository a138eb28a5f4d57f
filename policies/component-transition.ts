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
import { resourcePolicy } from "./lib/define";

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
export const componentTransition = resourcePolicy({
  name: "component-transition",
  description:
    "The AksCluster component's change from the observed network profile to the desired one must be one supported step (or stepwise).",
  enforcementLevel: "mandatory",
  remediationSteps:
    'Change the component\'s network to the first step of the plan the message lists, or set migration: "stepwise".',
  appliesTo: { types: (type) => type === AKS_CLUSTER_TYPE, reason: `applies to ${AKS_CLUSTER_TYPE}` },
  check: (args, report) => {
    const inputs = rawProps(args.props);
    const unknown = DECIDING_INPUTS.flatMap((key) => unknownPaths(inputs[key], key));
    if (unknown.length > 0) {
      report.advisory(
        `${args.name}: ${unknown.join(", ")} is not known until apply, so the network transition could not be checked in this preview; ` +
          `the component checks it again before any cloud call on pulumi up.`,
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
        const message = `The component's inputs cannot be checked: ${error.message}`;
        if (error instanceof InputError) report.violation(message);
        else report.advisory(message);
        return;
      }
      throw error;
    }
    if (report.exempt([args.name, args.urn])) return;
    const stepwise = inputs.migration === "stepwise";
    const evaluation = evaluateTransition(observed, desired, context);
    const plan = observed === undefined ? undefined : planMigration(observed, desired, context);
    for (const finding of evaluation.findings) {
      const curedByStepwise = stepwise && plan?.reachable === true && finding.severity === "block";
      if (curedByStepwise) continue;
      report.finding(finding, { subject: args.name });
    }
  },
});
