import { AKS_CLUSTER_TYPE } from "aks-netguard/core";
import { STACK_CONFIG_KEY } from "./lib/baselines";
import { analyzeCluster } from "./lib/cluster-analysis";
import { resourcePolicy } from "./lib/define";
import { CLUSTERS } from "./lib/resource-types";

/** A policy sees no old state: without a baseline the transition rules cannot run, and that is said, never passed silently. */
export const transitionBaseline = resourcePolicy({
  name: "transition-baseline",
  description:
    "Transition rules need the cluster's current network profile: a baseline in the stack config (or policy config).",
  enforcementLevel: "advisory",
  config: "baselines",
  remediationSteps: `Write the baseline once with aks-netguard baseline from az aks show output into the stack config ${STACK_CONFIG_KEY}, which every policy reads.`,
  appliesTo: CLUSTERS,
  check: (args, report) => {
    // A cluster inside the AksCluster component: the component registers the live profile and component-transition checks it.
    if (args.opts.parent?.includes(`::${AKS_CLUSTER_TYPE}::`)) return;
    const analysis = analyzeCluster(args);
    if (analysis.baselineError !== undefined) {
      report.violation(
        `The baseline for ${analysis.names[0]} cannot be used: ${analysis.baselineError}. Fix: regenerate it with aks-netguard baseline.`,
      );
      return;
    }
    if (analysis.baseline !== undefined || analysis.inputError !== undefined) return;
    if (report.exempt(analysis.names)) return;
    report.violation(
      `No baseline is known for cluster ${analysis.names[0]}, so the transition rules (overlay irreversible, IPAM and data plane in one update, kubenet to Cilium, replacement guard…) could not run; ` +
        `if this cluster already exists, the update was not checked. Fix: az aks show -g <rg> -n <name> -o json > current.json; aks-netguard baseline current.json --name ${analysis.names[0]} | pulumi config set ${STACK_CONFIG_KEY} ` +
        `(the baseline once, read by every policy of the pack).`,
    );
  },
});
