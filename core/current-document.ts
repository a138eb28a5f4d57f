import { InputError } from "./errors";
import { detectShape } from "./parse";

/** AKS allows 100 node pools per cluster; far beyond that a document is not a cluster and is refused before the rules run. */
export const MAX_POOLS = 1000;

type Json = Record<string, unknown>;
const objectOr = (value: unknown): Json | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * A cluster as it is now (ARM's answer, `az aks show` output) always reports its network plugin: a current document
 * without one, or with "" or null there, is not a cluster read from Azure and must not be read as a default (which would
 * plan from a state the cluster is not in). Also refuses a pool list no cluster can have. Target documents, which may
 * leave fields out, are not checked here.
 */
export function checkCurrentDocument(input: unknown, label: string): void {
  const shape = detectShape(input, label);
  const top = objectOr(input) ?? {};
  const body = shape === "arm" ? (objectOr(top.properties) ?? {}) : top;
  const prefix = shape === "arm" ? `${label}: properties.` : `${label}: `;
  const profile = shape === "network-profile" ? top : objectOr(body.networkProfile);
  const pluginField = shape === "network-profile" ? `${label}: networkPlugin` : `${prefix}networkProfile.networkPlugin`;
  const plugin = profile?.networkPlugin;
  if (typeof plugin !== "string" || plugin.trim() === "")
    throw new InputError(
      pluginField,
      plugin,
      "the network plugin the cluster reports (azure, kubenet or none); a current cluster read from Azure always has one",
    );
  const pools = body.agentPoolProfiles;
  if (Array.isArray(pools) && pools.length > MAX_POOLS)
    throw new InputError(`${prefix}agentPoolProfiles`, pools, `at most ${MAX_POOLS} node pools (AKS allows 100)`);
}
