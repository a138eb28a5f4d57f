/** Where a managed cluster lives in ARM. */
export interface ClusterRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

const ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;

export function parseClusterId(id: string): ClusterRef {
  const match = id.trim().match(ID);
  if (!match)
    throw new Error(
      `cluster id: "${id}" is not a managed cluster ARM id; expected /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>`,
    );
  return { subscriptionId: match[1], resourceGroup: match[2], name: match[3] };
}

export function clusterIdOf(ref: ClusterRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ref.name}`;
}
