import {
  describeFinding,
  describeUnverified,
  evaluateTransition,
  mergeContexts,
  parseCluster,
  type EvaluationContext,
  type Finding,
} from "../core";
import { listClusterUserKubeconfig } from "./cluster-credential";
import { parseClusterId } from "./cluster-ref";
import { armEndpointFrom, credentialFrom } from "./credentials";
import type { CheckedInputs, CheckFailure } from "./migrate-step";

/**
 * The NetworkMigration resource's look inside the cluster: with `inspectCluster`, the pending step is judged with the
 * cluster's in-cluster facts (read with the cluster user's credential from ARM) in Check, which `pulumi preview` runs,
 * and read again right before the PUT in Update. `acceptedFindings` accepts findings knowingly, by rule id.
 */
export function baseContext(inputs: Pick<CheckedInputs, "acceptedFindings">): EvaluationContext {
  return inputs.acceptedFindings === undefined ? {} : { accepted: inputs.acceptedFindings };
}

/**
 * Reads the cluster's insides as a context (the executor's gatherContext, beside the live Azure facts); the reader
 * (and @kubernetes/client-node) load only when it runs.
 */
export function insidesReader(
  inputs: Pick<CheckedInputs, "clusterId" | "armEndpoint" | "inspectCluster">,
  env: NodeJS.ProcessEnv,
): (() => Promise<EvaluationContext>) | undefined {
  if (inputs.inspectCluster !== true) return undefined;
  const cluster = parseClusterId(inputs.clusterId);
  const credential = credentialFrom(env);
  const endpoint = armEndpointFrom(inputs.armEndpoint, env);
  return async () => {
    const kube = await import("../kube");
    const read = await kube.readClusterInsides({
      fetchKubeconfig: () => listClusterUserKubeconfig({ cluster, credential, endpoint }),
    });
    return kube.withInsides({}, read);
  };
}

/**
 * Check's in-cluster verdict on the pending step (from where the cluster is to `nextProfile`): blocks become check
 * failures, so the preview stops on them; warnings, accepted findings and unverified rules are returned for the preview.
 */
export async function checkInsides(
  inputs: CheckedInputs,
  env: NodeJS.ProcessEnv,
): Promise<{ failures: CheckFailure[]; findings: string[] }> {
  const from = inputs.observed ?? inputs.applied;
  const read = insidesReader(inputs, env);
  if (read === undefined || from === undefined || inputs.nextProfile === undefined)
    return { failures: [], findings: [] };
  const context = mergeContexts(await read(), baseContext(inputs));
  const verdict = evaluateTransition(
    parseCluster(from, "observed"),
    parseCluster(inputs.nextProfile, "nextProfile"),
    context,
  );
  const inCluster = (f: Finding) => f.objects !== undefined || f.accepted !== undefined;
  const blocks = verdict.findings.filter((f) => f.severity === "block" && f.accepted === undefined);
  return {
    failures: blocks.map((f) => ({ property: "target", reason: `Inside the cluster: ${describeFinding(f)}` })),
    findings: [
      ...verdict.findings.filter((f) => inCluster(f) && !blocks.includes(f)).map(describeFinding),
      ...verdict.unverified.filter((u) => u.reason !== undefined).map(describeUnverified),
    ],
  };
}
