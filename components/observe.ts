import * as pulumi from "@pulumi/pulumi";
import { getAgentPool } from "@pulumi/azure-native/containerservice/getAgentPool";
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
 * The live cluster's network state, read with azure-native's getManagedCluster and, for each of its pools, the AgentPool
 * invoke (getAgentPool: osType, osSKU, nodeImageVersion — the Windows build —, subnets, upgradeSettings), as compact JSON
 * that the core and the policy pack both read; undefined when the cluster does not exist yet. A pool the AgentPool
 * invoke cannot read keeps what the cluster's agentPoolProfiles say of it. In a preview, a resource group or cluster name
 * that is not known yet belongs to a resource this update creates, so there is nothing to read: the cluster is new.
 * The invokes run with the component as parent, so they take the providers it was given.
 */
export function observeCluster(
  resourceGroupName: pulumi.Input<string>,
  clusterName: pulumi.Input<string>,
  parent: pulumi.Resource,
): pulumi.Output<Observation> {
  const names = pulumi.all([resourceGroupName, clusterName]);
  return applyEvenIfUnknown(names, async (value) => {
    if (pulumi.isUnknown(value) || pulumi.containsUnknowns(value)) return undefined;
    const [rg, name] = value as [string, string];
    let live: Record<string, unknown>;
    try {
      live = (await getManagedCluster({ resourceGroupName: rg, resourceName: name }, { parent })) as unknown as Record<
        string,
        unknown
      >;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not read the live cluster ${name} in resource group ${rg}, which the network change is checked against; nothing was changed. ${reason}`,
      );
    }
    const profiles = Array.isArray(live.agentPoolProfiles) ? (live.agentPoolProfiles as Record<string, unknown>[]) : [];
    const pools = await Promise.all(
      profiles.map(async (profile) => {
        if (typeof profile.name !== "string" || profile.name === "") return profile;
        try {
          const pool = await getAgentPool(
            { resourceGroupName: rg, resourceName: name, agentPoolName: profile.name },
            { parent },
          );
          // The invoke's `type` is the ARM resource type, not the pool's (VirtualMachineScaleSets or AvailabilitySet).
          const { type: _resourceType, id: _id, ...fields } = pool as unknown as Record<string, unknown>;
          return { ...profile, ...fields, name: profile.name };
        } catch {
          return profile;
        }
      }),
    );
    return clusterToJson(parseCluster({ ...live, agentPoolProfiles: pools }, `live cluster ${name}`));
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
