import { describeValue, InputError } from "../core";

/** Where a managed cluster lives in ARM. */
export interface ClusterRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/**
 * ARM's naming rules (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules): a subscription is a
 * GUID; a resource group is 1–90 letters, digits, `_`, `(`, `)`, `-`, `.` and may not end with `.`; a managed cluster is
 * 1–63 letters, digits, `_`, `-`, starting and ending with a letter or digit. Anything else could steer the URL to another
 * resource (`..`, `/`, `?`), so it is refused before any request.
 */
const SUBSCRIPTION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOURCE_GROUP = /^[\p{L}\p{Nd}_().-]{1,90}$/u;
const CLUSTER_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

export function validateClusterRef(
  ref: ClusterRef,
  fields = { subscriptionId: "--subscription", resourceGroup: "--resource-group", name: "--name" },
): ClusterRef {
  if (typeof ref.subscriptionId !== "string" || !SUBSCRIPTION.test(ref.subscriptionId))
    throw new InputError(fields.subscriptionId, ref.subscriptionId, "a subscription id (a GUID)");
  if (
    typeof ref.resourceGroup !== "string" ||
    !RESOURCE_GROUP.test(ref.resourceGroup) ||
    ref.resourceGroup.endsWith(".")
  )
    throw new InputError(
      fields.resourceGroup,
      ref.resourceGroup,
      "a resource group name: 1-90 letters, digits, _ ( ) - . and not ending with a period",
    );
  if (typeof ref.name !== "string" || !CLUSTER_NAME.test(ref.name))
    throw new InputError(
      fields.name,
      ref.name,
      "a managed cluster name: 1-63 letters, digits, _ and -, starting and ending with a letter or digit",
    );
  return ref;
}

const ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;

/** A managed cluster's ARM id, parsed strictly: exactly the managedClusters shape, and every segment a valid name. */
export function parseClusterId(id: string, field = "clusterId"): ClusterRef {
  const match = typeof id === "string" ? id.match(ID) : null;
  if (!match) {
    const error = new InputError(field, id, "a managed cluster ARM id");
    error.message = `${field}: ${describeValue(id)} is not a managed cluster ARM id; expected /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>`;
    throw error;
  }
  return validateClusterRef(
    { subscriptionId: match[1], resourceGroup: match[2], name: match[3] },
    { subscriptionId: `${field} (subscription)`, resourceGroup: `${field} (resource group)`, name: `${field} (name)` },
  );
}

/** The cluster's ARM id, each segment URL-encoded (a valid name encodes to itself, except a group's parentheses). */
export function clusterIdOf(ref: ClusterRef): string {
  const e = encodeURIComponent;
  return `/subscriptions/${e(ref.subscriptionId)}/resourceGroups/${e(ref.resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${e(ref.name)}`;
}
