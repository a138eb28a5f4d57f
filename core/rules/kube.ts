import { NetworkDataplane, NetworkPolicy } from "../enums";
import { describeObjects, type KubeObjectRef, type PodDisruptionBudgetFact } from "../kubernetes";
import { dataplaneOf, policyOf, reimagesNodes } from "./facts";
import { Sources } from "./sources";
import { inClusterRule } from "./in-cluster";
import type { Rule, RuleInput } from "./types";

const pdbRef = (b: PodDisruptionBudgetFact): KubeObjectRef => ({
  kind: "PodDisruptionBudget",
  namespace: b.namespace,
  name: b.name,
});

const isZero = (v: number | string | undefined) => v === 0 || (typeof v === "string" && /^0+%?$/.test(v.trim()));

/** The PDB allows no eviction now: no disruption allowed, or minAvailable at least every expected pod. */
function allowsNoEviction(b: PodDisruptionBudgetFact): boolean {
  if (b.disruptionsAllowed === 0) return true;
  if (b.minAvailable === "100%") return true;
  return typeof b.minAvailable === "number" && b.expectedPods !== undefined && b.minAvailable >= b.expectedPods;
}

/** Controllers whose pods are replaced one by one on a drain; a DaemonSet's or Job's are not "replicas". */
const REPLICATED = new Set(["ReplicaSet", "StatefulSet", "ReplicationController"]);

/** A hidden engine matters when nodes are reimaged or the policy engine changes. */
function engineMatters(input: RuleInput): boolean {
  return input.current !== undefined && (reimagesNodes(input) || policyOf(input.current) !== policyOf(input.desired));
}

/** Daemons that show a policy engine AKS does not manage. */
function selfManagedEngines(input: RuleInput): KubeObjectRef[] {
  const current = input.current;
  if (current === undefined) return [];
  const sets = input.context.kubernetes?.daemonSets ?? [];
  const hits = sets.filter((d) => {
    if (policyOf(current) === NetworkPolicy.None && /^calico-node$/.test(d.name)) return true;
    if (policyOf(current) === NetworkPolicy.None && d.namespace === "tigera-operator") return true;
    return dataplaneOf(current) !== NetworkDataplane.Cilium && d.name === "cilium";
  });
  return hits.map((d) => ({ kind: "DaemonSet", namespace: d.namespace, name: d.name }));
}

const PDBS = ["podDisruptionBudgets", "podDisruptionBudgets", "the cluster's PodDisruptionBudgets"] as const;

/** What inside the cluster makes the reimage of every pool fail or stall, or a policy engine hide behind `none`. */
export const kubeRules: readonly Rule[] = [
  inClusterRule({
    id: "kube-pdb-unsatisfiable",
    severity: "block",
    curable: false,
    title: "AKS refuses the migration while a PodDisruptionBudget has maxUnavailable 0 (UnsatisfiablePDB)",
    source: Sources.unsatisfiablePdb,
    when: reimagesNodes,
    reads: [PDBS],
    check: (_input, k8s) => {
      const hits = (k8s.podDisruptionBudgets ?? []).filter((b) => isZero(b.maxUnavailable));
      if (hits.length === 0) return [];
      return [
        {
          message: `This update reimages every node, and AKS refuses it up front (UnsatisfiablePDB) because ${describeObjects(hits.map(pdbRef))} set maxUnavailable 0.`,
          fix: 'Set spec.maxUnavailable to 1 or more (or use minAvailable below the replica count) for the update: kubectl patch pdb <name> -n <namespace> --type merge -p \'{"spec":{"maxUnavailable":1}}\'.',
          objects: hits.map(pdbRef),
        },
      ];
    },
  }),
  inClusterRule({
    id: "kube-pdb-blocks-drain",
    severity: "warn",
    acceptable: true,
    title: "A PodDisruptionBudget that allows no disruption stalls the drain until the drain timeout fails the update",
    source: Sources.upgradeOptions,
    when: reimagesNodes,
    reads: [PDBS],
    check: (_input, k8s) => {
      const hits = (k8s.podDisruptionBudgets ?? []).filter((b) => !isZero(b.maxUnavailable) && allowsNoEviction(b));
      if (hits.length === 0) return [];
      return [
        {
          message: `${describeObjects(hits.map(pdbRef))} allow no disruption now; draining their nodes waits until the drain timeout (30 minutes by default) and then fails the update ("Cannot evict pod as it would violate the pod's disruption budget").`,
          fix: "Scale those workloads up or relax the budgets before the update (kubectl scale deployment <name> --replicas 2; kubectl edit pdb), or run the update with --enable-force-upgrade, which bypasses PDBs.",
          objects: hits.map(pdbRef),
        },
      ];
    },
  }),
  inClusterRule({
    id: "kube-single-replica",
    severity: "warn",
    acceptable: true,
    title: "Single-replica workloads go down while every node is reimaged",
    source: Sources.updateAzureCni,
    when: reimagesNodes,
    reads: [["pods", "pods", "the cluster's pods"]],
    check: (_input, k8s) => {
      const counts = new Map<string, { ref: KubeObjectRef; pods: number }>();
      for (const pod of k8s.pods ?? []) {
        if (pod.owner === undefined || !REPLICATED.has(pod.owner.kind)) continue;
        const key = `${pod.namespace}/${pod.owner.kind}/${pod.owner.name}`;
        const entry = counts.get(key) ?? {
          ref: { kind: pod.owner.kind, namespace: pod.namespace, name: pod.owner.name },
          pods: 0,
        };
        entry.pods++;
        counts.set(key, entry);
      }
      const single = [...counts.values()].filter((e) => e.pods === 1).map((e) => e.ref);
      if (single.length === 0) return [];
      return [
        {
          message: `${single.length} workload(s) run a single pod (${describeObjects(single)}); reimaging every node at once takes each down until its pod is rescheduled.`,
          fix: "Run at least two replicas of what must stay up during the update (kubectl scale deployment <name> --replicas 2), or schedule the update when the downtime is acceptable.",
          objects: single,
        },
      ];
    },
  }),
  inClusterRule({
    id: "kube-self-managed-engine",
    severity: "warn",
    acceptable: true,
    title: "networkPolicy none in ARM, yet a self-managed Calico or Cilium runs in the cluster",
    source: Sources.networkPolicies,
    when: engineMatters,
    reads: [["daemonSets", "daemonSets", "DaemonSets in calico-system, tigera-operator and kube-system"]],
    check: (input) => {
      const current = input.current;
      const hits = selfManagedEngines(input);
      if (current === undefined || hits.length === 0) return [];
      return [
        {
          message: `ARM says networkPolicy ${policyOf(current)} and data plane ${dataplaneOf(current)}, but ${describeObjects(hits)} run a policy engine AKS does not manage; this update does not remove it, and a second engine (or the reimage) may disrupt it.`,
          fix: "Decide which engine stays: uninstall the self-managed one before moving to Cilium (kubectl delete -f <its manifests>, or helm uninstall), or keep networkPolicy none and leave it to its operator.",
          field: "networkProfile.networkPolicy",
          objects: hits,
        },
      ];
    },
  }),
];
