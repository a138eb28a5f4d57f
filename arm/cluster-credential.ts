import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { agentPolicy } from "@azure/core-rest-pipeline";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { MANAGED_CLUSTERS_API_VERSION } from "./arm-client";
import type { ClusterRef } from "./cluster-ref";

export interface ClusterCredentialOptions {
  readonly cluster: ClusterRef;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  /** Trust for a private CA (tests). */
  readonly httpsAgent?: Agent;
}

/**
 * The cluster user's kubeconfig, as `az aks get-credentials` gets it: ARM's listClusterUserCredential (a POST that reads,
 * never writes), in the `exec` format, so an Entra ID cluster's kubeconfig runs kubelogin as its exec plugin.
 * Throws ARM's RestError (e.g. when local accounts are disabled and the caller has no Entra access).
 */
export async function listClusterUserKubeconfig(options: ClusterCredentialOptions): Promise<string> {
  const client = new ContainerServiceClient(options.credential, options.cluster.subscriptionId, {
    endpoint: options.endpoint,
    apiVersion: MANAGED_CLUSTERS_API_VERSION,
    credentials: { scopes: [`${new URL(options.endpoint).origin}/.default`] },
    additionalPolicies: options.httpsAgent ? [{ policy: agentPolicy(options.httpsAgent), position: "perCall" }] : [],
  });
  const result = await client.managedClusters.listClusterUserCredentials(
    options.cluster.resourceGroup,
    options.cluster.name,
    {
      format: "exec",
    },
  );
  const value = result.kubeconfigs?.[0]?.value;
  if (value === undefined) throw new Error("listClusterUserCredential returned no kubeconfig");
  return Buffer.from(value).toString("utf8");
}
