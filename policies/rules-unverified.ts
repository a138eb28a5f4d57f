import type { StackValidationPolicy } from "@pulumi/policy";
import { unverifiedText } from "aks-netguard/core";
import { decisiveUnknownsOf } from "./lib/cluster-analysis";
import { configOf, withBaselines } from "./lib/config";
import { isExempt } from "./lib/exemptions";
import { reportAt } from "./lib/report";
import { baselinesOf, stackEvaluation } from "./lib/stack-correlation";
import { indexStack } from "./lib/stack-index";

const NAME = "rules-unverified";

/**
 * The rules that could not be checked for a cluster with all the stack says about it (its baseline, separate pools,
 * VNets): each once, as an advisory naming what to supply. Never a silent pass.
 */
export const rulesUnverified: StackValidationPolicy = {
  name: NAME,
  description:
    "Says which rules could not be checked for each cluster, and what to supply (a pool list, the VNet, the Kubernetes version, the ConfigMaps of kube-system…).",
  enforcementLevel: "advisory",
  configSchema: withBaselines,
  validateStack: (args, report) => {
    const index = indexStack(args.resources);
    const config = configOf(args);
    const baselineOf = baselinesOf(args);
    for (const cluster of index.clusters) {
      // cluster-input already says that unknown network fields left nothing sound to judge.
      if (decisiveUnknownsOf(cluster.model).length > 0) continue;
      // The same evaluation stack-vnet-cidrs makes of a cluster with a VNet (with no VNet, the pools' alone): made once.
      const { unverified } = stackEvaluation(cluster, baselineOf(cluster), "with-vnets");
      if (unverified.length === 0) continue;
      if (isExempt(NAME, config.exemptions, cluster.names, args.stackTags, report)) continue;
      const seen = new Set<string>();
      for (const u of unverified) {
        const key = `${u.rule}\u0000${u.needs}`;
        if (seen.has(key)) continue;
        seen.add(key);
        reportAt(
          report,
          undefined,
          `${cluster.name}: rule ${u.rule} was not checked. Fix: ${unverifiedText(u)} [${NAME}]`,
          cluster.urn,
        );
      }
    }
  },
};
