import { parseAcceptFlags, type EvaluationContext } from "../core";
import type { ClusterAccess } from "../kube";
import { stringFlag, type OptionTable, type OptionValues } from "./command";
import { UsageError } from "./io";

/** The in-cluster flags of check, plan and apply, as read. */
export interface InsideFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly noKubernetes: boolean;
  readonly accept: readonly string[];
}

/** The in-cluster flags of check, plan and apply. */
export const INSIDE_OPTIONS: OptionTable = {
  kubeconfig: {
    type: "string",
    value: "<file>",
    description: "read the cluster's insides with it (the live cluster's default: its cluster-user credential)",
  },
  "kube-context": { type: "string", value: "<name>", description: "the kubeconfig context to use (with --kubeconfig)" },
  "no-kubernetes": { type: "boolean", description: "read nothing inside the cluster" },
  accept: {
    type: "string",
    multiple: true,
    value: "<rule-id>=<reason>",
    description: "accept a finding knowingly, with the reason (echoed)",
  },
};

export function insideFlagsOf(values: OptionValues): InsideFlags {
  const accept = values.accept;
  return {
    kubeconfig: stringFlag(values, "kubeconfig"),
    context: stringFlag(values, "kube-context"),
    noKubernetes: values["no-kubernetes"] === true,
    accept: Array.isArray(accept) ? accept.filter((a): a is string => typeof a === "string") : [],
  };
}

/**
 * The context with the cluster's insides read (unless --no-kubernetes) and the accepted findings added. The reader and
 * @kubernetes/client-node load only here, only when a cluster is to be read.
 */
export async function withClusterInsides(
  context: EvaluationContext,
  flags: InsideFlags,
  fetchKubeconfig?: ClusterAccess["fetchKubeconfig"],
): Promise<EvaluationContext> {
  if (flags.noKubernetes && (flags.kubeconfig !== undefined || flags.context !== undefined))
    throw new UsageError("--no-kubernetes and --kubeconfig/--kube-context contradict each other; give one.");
  if (flags.context !== undefined && flags.kubeconfig === undefined && fetchKubeconfig === undefined)
    throw new UsageError("--kube-context <name> needs --kubeconfig <file>.");
  const accepted =
    flags.accept.length > 0 ? { ...context.accepted, ...parseAcceptFlags(flags.accept) } : context.accepted;
  let result: EvaluationContext = accepted === undefined ? context : { ...context, accepted };
  if (flags.noKubernetes || (flags.kubeconfig === undefined && fetchKubeconfig === undefined)) return result;
  const kube = await import("../kube");
  const read = await kube.readClusterInsides({ file: flags.kubeconfig, context: flags.context, fetchKubeconfig });
  result = kube.withInsides(result, read);
  return result;
}
