import { stackPolicy } from "./lib/define";
import { reportCorrelated } from "./lib/stack-correlation";
import { vnetsOf } from "./lib/stack-index";

/** The VNets and subnets declared in the stack, checked against each cluster's pod and service CIDRs. */
export const stackVnetCidrs = stackPolicy({
  name: "stack-vnet-cidrs",
  description:
    "Pod and service CIDRs must not overlap the subnets (or, as a warning, the address space) of the cluster's VNet declared in the stack.",
  enforcementLevel: "mandatory",
  config: "baselines",
  check: (args, report, index) => {
    if (index.vnets.length === 0) return;
    for (const cluster of index.clusters) {
      const separate = index.poolsByCluster.get(cluster) ?? [];
      const vnets = vnetsOf(cluster, index, separate);
      if (vnets.length === 0) continue;
      // What the pools alone add is stack-agent-pools' to report.
      reportCorrelated(
        args,
        report,
        cluster,
        { agentPools: separate, vnets },
        { agentPools: separate, vnetsLeftOut: vnets },
      );
    }
  },
});
