import type { ResourceValidationPolicy } from "@pulumi/policy";
import { analyzeCluster } from "./lib/cluster-analysis";
import { configOf, exemptionsOnly } from "./lib/config";
import { isExempt } from "./lib/exemptions";
import { reportAt } from "./lib/report";
import { APPLIES_TO_CLUSTERS, isManagedCluster } from "./lib/resource-types";
import { onlyFor } from "./lib/not-applicable";

/** Says why the network rules could not judge a cluster: malformed values, or values unknown until apply. */
export const clusterInput: ResourceValidationPolicy = {
  name: "cluster-input",
  description: "The ManagedCluster's network-relevant fields must be readable for aks-netguard's rules to run.",
  enforcementLevel: "mandatory",
  configSchema: exemptionsOnly,
  validateResource: onlyFor(isManagedCluster, APPLIES_TO_CLUSTERS, (args, report) => {
    const analysis = analyzeCluster(args);
    if (
      analysis.inputError !== undefined &&
      !isExempt("cluster-input", configOf(args).exemptions, analysis.names, args.stackTags, report)
    ) {
      reportAt(
        report,
        undefined,
        `The cluster cannot be checked: ${analysis.inputError} Fix the field named above; ARM rejects the same value. [cluster-input]`,
      );
    }
    if (analysis.decisiveUnknowns.length > 0) {
      reportAt(
        report,
        "advisory",
        `The network rules could not run during preview: ${analysis.decisiveUnknowns.join(", ")} is not known until apply. They run again with the real values on pulumi up. [cluster-input]`,
      );
    } else if (analysis.otherUnknowns.length > 0) {
      reportAt(
        report,
        "advisory",
        `${analysis.otherUnknowns.join(", ")} is not known until apply; rules that use it treated it as unset. [cluster-input]`,
      );
    }
  }),
};
