import { analyzeCluster } from "./lib/cluster-analysis";
import { resourcePolicy } from "./lib/define";
import { CLUSTERS } from "./lib/resource-types";

/** Says why the network rules could not judge a cluster: malformed values, or values unknown until apply. */
export const clusterInput = resourcePolicy({
  name: "cluster-input",
  description: "The ManagedCluster's network-relevant fields must be readable for aks-netguard's rules to run.",
  enforcementLevel: "mandatory",
  remediationSteps: "Correct the field the message names; ARM rejects the same value.",
  appliesTo: CLUSTERS,
  check: (args, report) => {
    const analysis = analyzeCluster(args);
    if (analysis.inputError !== undefined && !report.exempt(analysis.names)) {
      report.violation(
        `The cluster cannot be checked: ${analysis.inputError} Fix the field named above; ARM rejects the same value.`,
      );
    }
    if (analysis.decisiveUnknowns.length > 0) {
      report.advisory(
        `The network rules could not run during preview: ${analysis.decisiveUnknowns.join(", ")} is not known until apply. They run again with the real values on pulumi up.`,
      );
    } else if (analysis.otherUnknowns.length > 0) {
      report.advisory(
        `${analysis.otherUnknowns.join(", ")} is not known until apply; rules that use it treated it as unset.`,
      );
    }
  },
});
