import { stackPolicy } from "./lib/define";
import { baselinesOf, reportCorrelated } from "./lib/stack-correlation";

/** Separate AgentPool resources judged together with their cluster: a Windows pool on a Cilium cluster is blocked however it is declared. */
export const stackAgentPools = stackPolicy({
  name: "stack-agent-pools",
  description:
    "Separate AgentPools (matched to their ManagedCluster by resource group and cluster name, or by depending on it) must fit the cluster's network profile.",
  enforcementLevel: "mandatory",
  config: "baselines",
  check: (args, report, index) => {
    const baselineOf = baselinesOf(args);
    for (const cluster of index.clusters)
      if (cluster.separatePools.length > 0) reportCorrelated(report, cluster, baselineOf(cluster), "pools");
  },
});
