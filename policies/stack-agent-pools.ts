import type { StackValidationPolicy } from "@pulumi/policy";
import { withBaselines } from "./lib/config";
import { reportCorrelated } from "./lib/stack-correlation";
import { indexStack } from "./lib/stack-index";

/** Separate AgentPool resources judged together with their cluster: a Windows pool on a Cilium cluster is blocked however it is declared. */
export const stackAgentPools: StackValidationPolicy = {
  name: "stack-agent-pools",
  description: "Separate AgentPools (matched to their ManagedCluster by resource group and cluster name) must fit the cluster's network profile.",
  enforcementLevel: "mandatory",
  configSchema: withBaselines,
  validateStack: (args, report) => {
    const index = indexStack(args.resources);
    for (const cluster of index.clusters) {
      const pools = index.poolsByCluster.get(cluster.key);
      if (pools === undefined || pools.length === 0) continue;
      reportCorrelated("stack-agent-pools", args, report, cluster, { agentPools: pools });
    }
  },
};
