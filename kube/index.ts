/** The in-cluster side of aks-netguard: read-only facts from the Kubernetes API for the rules core. */
import type { EvaluationContext } from "../core/context";
import { loadKubeconfig, type KubeconfigSource } from "./kubeconfig";
import { IN_CLUSTER_FACTS } from "../core/rules/types";
import { readKubernetesFacts, type KubeReadOptions, type KubeReadResult } from "./reader";

export { loadKubeconfig } from "./kubeconfig";
export { readKubernetesFacts, type KubeReadOptions, type KubeReadResult } from "./reader";

/** Where the reader gets its kubeconfig: a file or text, or a function that fetches it (ARM's listClusterUserCredential). */
export interface ClusterAccess extends KubeconfigSource {
  readonly fetchKubeconfig?: () => Promise<string>;
}

/**
 * Reads the cluster's insides. When no kubeconfig can be had (ARM refuses the credential, local accounts disabled) every
 * in-cluster fact is unavailable with that reason; the caller's rules then list as unverified and the rest is judged.
 * Bad input (a kubeconfig file that does not exist, an unknown --kube-context) throws an InputError.
 */
export async function readClusterInsides(
  access: ClusterAccess,
  options: KubeReadOptions = {},
): Promise<KubeReadResult> {
  let text = access.text;
  if (access.file === undefined && text === undefined && access.fetchKubeconfig !== undefined) {
    try {
      text = await access.fetchKubeconfig();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = `no kubeconfig: listClusterUserCredential failed (${typeof code === "string" ? `${code}: ` : ""}${(error as Error).message ?? String(error)})`;
      return { facts: {}, unavailable: Object.fromEntries(IN_CLUSTER_FACTS.map((f) => [f, reason])) };
    }
  }
  const config = await loadKubeconfig({ ...access, text });
  return readKubernetesFacts(config, options);
}

/** The context with what was read inside the cluster added (unavailable facts merged with those already known). */
export function withInsides(context: EvaluationContext, read: KubeReadResult): EvaluationContext {
  return {
    ...context,
    kubernetes: { ...context.kubernetes, ...read.facts },
    unavailable: { ...context.unavailable, ...read.unavailable },
  };
}
