import { stackPolicy } from "./lib/define";
import { baselinesOf, reportCorrelated } from "./lib/stack-correlation";

/** The VNets and subnets declared in the stack, checked against each cluster's pod and service CIDRs. */
export const stackVnetCidrs = stackPolicy({
  name: "stack-vnet-cidrs",
  description:
    "Pod and service CIDRs must not overlap the subnets (or, as a warning, the address space) of the cluster's VNet declared in the stack.",
  enforcementLevel: "mandatory",
  config: "baselines",
  check: (args, report, index) => {
    if (index.vnets.length === 0) return;
    const baselineOf = baselinesOf(args);
    // What the pools alone add is stack-agent-pools' to report.
    for (const cluster of index.clusters)
      if (cluster.vnets.length > 0) reportCorrelated(report, cluster, baselineOf(cluster), "vnets");
  },
});
