import * as pulumi from "@pulumi/pulumi";
import { getManagedCluster } from "@pulumi/azure-native/containerservice/getManagedCluster";
import { clusterToJson, parseCluster } from "../core";

/** The lookup answered "this cluster does not exist": a create, not an error. */
export function isNotFound(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /ResourceNotFound|NotFound|was not found|could not be found|\b404\b/i.test(text);
}

/**
 * The live cluster's network state, read with azure-native's getManagedCluster, as compact JSON that the core and the
 * policy pack both read; undefined when the cluster does not exist yet.
 */
export function observeCluster(resourceGroupName: pulumi.Input<string>, clusterName: pulumi.Input<string>): pulumi.Output<Record<string, unknown> | undefined> {
  return pulumi.all([resourceGroupName, clusterName]).apply(async ([rg, name]) => {
    try {
      const live = await getManagedCluster({ resourceGroupName: rg, resourceName: name });
      return clusterToJson(parseCluster(live, `live cluster ${name}`));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  });
}
