import { dataplaneChanges, ipamChanges, poolNames, poolsOf } from "./facts";
import { Sources } from "./sources";
import type { Rule } from "./types";

const QUARANTINE_LABEL = "kubernetes.azure.com/upgrade-status=Quarantined";

/** How the reimage that IPAM and data-plane migrations trigger treats nodes it cannot drain. */
export const upgradeRules: readonly Rule[] = [
  {
    id: "upgrade-undrainable-cordon",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "Pools with undrainableNodeBehavior Cordon keep undrainable nodes on the old CNI after a migration",
    source: Sources.upgradeOptions,
    check: (input) => {
      if (!ipamChanges(input) && !dataplaneChanges(input)) return [];
      const cordon = poolsOf(input).filter((p) => p.undrainableNodeBehavior?.toLowerCase() === "cordon");
      return cordon.length === 0
        ? []
        : [
            {
              message: `Pool(s) ${poolNames(cordon)} set upgradeSettings.undrainableNodeBehavior to Cordon: a node whose drain is blocked (a PodDisruptionBudget that allows no disruption, a drain timeout) is cordoned and labelled ${QUARANTINE_LABEL} instead of reimaged, so it stays on the old node image — and the old CNI — after this migration.`,
              fix: `Before migrating, make every PodDisruptionBudget allow a disruption (kubectl get pdb -A) or set those pools to Schedule (az aks nodepool update --undrainable-node-behavior Schedule); afterwards look for quarantined nodes (kubectl get nodes -l ${QUARANTINE_LABEL}) and reimage them (az aks nodepool upgrade --node-image-only).`,
              field: "agentPoolProfiles[].upgradeSettings.undrainableNodeBehavior",
            },
          ];
    },
  },
];
