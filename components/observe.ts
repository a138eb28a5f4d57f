import * as pulumi from "@pulumi/pulumi";
import { getManagedCluster } from "@pulumi/azure-native/containerservice/getManagedCluster";
import { clusterToJson, parseCluster } from "../core";

/**
 * ARM's answer that the cluster does not exist (its resource group may not exist yet either): a create, not an error.
 * The engine relays azure-native's invoke failure as text ("invocation of … returned an error: request failed …"), in
 * which the provider's HTTP client spells ARM's code as `ERROR CODE: ResourceNotFound` (azcore) or
 * `Code="ResourceNotFound"` (autorest); any other failure — denied, throttled, unreachable — is an error.
 */
export function isNotFound(error: unknown): boolean {
  const code = armCodeOf(error);
  return code === "ResourceNotFound" || code === "ResourceGroupNotFound";
}

/** ARM's error code in the engine's text of a failed azure-native invoke (see isNotFound), if it names one. */
export function armCodeOf(error: unknown): string | undefined {
  const text = error instanceof Error ? error.message : String(error);
  return text.match(/(?:ERROR CODE: |Code=\\?"|"code":\s*")([A-Za-z][A-Za-z0-9]*)\b/)?.[1];
}

/** The lookup's result: the live cluster as compact JSON, undefined when there is none yet. */
export type Observation = Record<string, unknown> | undefined;

/**
 * The live cluster's network state, read with azure-native's getManagedCluster, as compact JSON that the core and the
 * policy pack both read; undefined when the cluster does not exist yet. In a preview, a resource group or cluster name
 * that is not known yet belongs to a resource this update creates, so there is nothing to read: the cluster is new.
 */
export function observeCluster(
  resourceGroupName: pulumi.Input<string>,
  clusterName: pulumi.Input<string>,
): pulumi.Output<Observation> {
  const names = pulumi.all([resourceGroupName, clusterName]);
  return applyEvenIfUnknown(names, async (value) => {
    if (pulumi.isUnknown(value) || pulumi.containsUnknowns(value)) return undefined;
    const [rg, name] = value as [string, string];
    try {
      const live = await getManagedCluster({ resourceGroupName: rg, resourceName: name });
      return clusterToJson(parseCluster(live, `live cluster ${name}`));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not read the live cluster ${name} in resource group ${rg}, which the network change is checked against; nothing was changed. ${reason}`,
      );
    }
  });
}

/**
 * `Output.apply` skips its callback in a preview while a value is unknown. The SDK's apply takes a second, undeclared
 * argument (runWithUnknowns, used by its own output proxy) that runs the callback anyway with `pulumi.unknown` in place
 * of what is not known.
 */
export function applyEvenIfUnknown<T, U>(
  output: pulumi.Output<T>,
  callback: (value: T | typeof pulumi.unknown) => Promise<U>,
): pulumi.Output<U> {
  const apply = output.apply as unknown as (fn: typeof callback, runWithUnknowns: boolean) => pulumi.Output<U>;
  return apply.call(output, callback, true);
}
