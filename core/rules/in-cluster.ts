import type { KubernetesFacts } from "../kubernetes";
import type { FactId, Rule, RuleInput, RuleNeed, Violation } from "./types";

/** A fact an in-cluster rule reads: its id, its field of `context.kubernetes`, and what it is, for the "supply" line. */
type KubeRead = readonly [fact: FactId, key: keyof KubernetesFacts, what: string];

/** A fact the in-cluster rules read, missing when the update triggers the rule and nobody read it. */
function kubeNeed([fact, key, what]: KubeRead, trigger: (input: RuleInput) => boolean): RuleNeed {
  return {
    fact,
    needs: `${what} (read from the cluster: --kubeconfig, or the live cluster's credentials; or context.kubernetes.${key})`,
    missing: (input) => trigger(input) && input.context.kubernetes?.[key] === undefined,
  };
}

/**
 * A rule over what is inside the cluster, judged on an update when `when` holds (the step that triggers it): each fact
 * it reads is then a need, so a cluster nobody read leaves the rule unverified, never passed.
 */
export function inClusterRule(
  spec: Omit<Rule, "scope" | "kind" | "needs" | "check"> & {
    readonly when: (input: RuleInput) => boolean;
    readonly reads: readonly KubeRead[];
    /** Needs beyond the in-cluster facts (e.g. the cluster's Kubernetes version). */
    readonly alsoNeeds?: readonly RuleNeed[];
    readonly check: (input: RuleInput, k8s: KubernetesFacts) => readonly Violation[];
  },
): Rule {
  const { when, reads, alsoNeeds = [], check, ...rule } = spec;
  return {
    ...rule,
    scope: "update",
    kind: "transition",
    needs: [...reads.map((read) => kubeNeed(read, when)), ...alsoNeeds],
    check: (input) => (when(input) ? check(input, input.context.kubernetes ?? {}) : []),
  };
}
