import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../core";
import type { AksClusterAdoption } from "./args";

const CLUSTER_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;

/**
 * The child ManagedCluster's options that adopt an existing cluster: an alias to the raw resource it was in this stack
 * (its name, and its parent or none), or the import of a cluster by ARM id. Neither touches the cluster's inputs.
 */
export function adoptionOptions(
  adopt: AksClusterAdoption | undefined,
  clusterName: pulumi.Input<string>,
): Pick<pulumi.CustomResourceOptions, "aliases" | "import"> {
  if (adopt === undefined) return {};
  const { fromResource, importId } = adopt;
  if (fromResource !== undefined && importId !== undefined)
    throw new InputError("adopt", adopt, "one of fromResource (a cluster in this stack) or importId (one in no stack)");
  if (fromResource !== undefined) {
    if (typeof fromResource.name !== "string" || fromResource.name.trim() === "")
      throw new InputError("adopt.fromResource.name", fromResource.name, "the ManagedCluster's Pulumi resource name");
    return { aliases: [{ name: fromResource.name, parent: fromResource.parent ?? pulumi.rootStackResource }] };
  }
  if (importId !== undefined) {
    const match = typeof importId === "string" ? CLUSTER_ID.exec(importId.trim()) : null;
    if (match === null)
      throw new InputError(
        "adopt.importId",
        importId,
        "a cluster's ARM id, /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name> (az aks show --query id -o tsv)",
      );
    if (typeof clusterName === "string" && match[1].toLowerCase() !== clusterName.toLowerCase())
      throw new InputError(
        "adopt.importId",
        importId,
        `the id of the cluster this component names (clusterName "${clusterName}"); set clusterName to "${match[1]}"`,
      );
    return { import: importId.trim() };
  }
  throw new InputError("adopt", adopt, "fromResource: { name, parent? } or importId: <ARM id>");
}
