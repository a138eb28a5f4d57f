import { minorOf, networkKey, type ClusterNetwork, type MigrationStep } from "../core";
import type { ArmDocument } from "./arm-client";

/**
 * Which steps a run carries out: every network step; of the prerequisites only the Kubernetes upgrade, and only when
 * asked (`--include-prerequisites`). The others (a user-assigned identity, node auto-provisioning off and on) stop the
 * run before them with their command.
 */
export function runsStep(step: MigrationStep, includePrerequisites: boolean): boolean {
  return !step.prerequisite || (includePrerequisites && step.kind === "kubernetes-upgrade");
}

/**
 * The document as read with only the upgrade's change, as `az aks upgrade` sends it: the cluster's kubernetesVersion and
 * every pool's orchestratorVersion (the control plane and the nodes together, one minor version).
 */
export function withUpgradeFields(live: ArmDocument, step: MigrationStep): ArmDocument {
  const version = step.state.kubernetesVersion;
  if (step.kind !== "kubernetes-upgrade" || version === undefined)
    throw new Error(`step ${step.index} (${step.title}) is not a Kubernetes upgrade`);
  const body = structuredClone(live);
  const properties = { ...((body.properties ?? {}) as Record<string, unknown>) };
  properties.kubernetesVersion = version;
  if (Array.isArray(properties.agentPoolProfiles))
    properties.agentPoolProfiles = properties.agentPoolProfiles.map((pool: unknown) =>
      typeof pool === "object" && pool !== null ? { ...pool, orchestratorVersion: version } : pool,
    );
  body.properties = properties;
  return body;
}

/** The cluster as read back is where the step leads: the same network profile, and after an upgrade the new minor version. */
export function stepInEffect(after: ClusterNetwork, step: MigrationStep): boolean {
  if (networkKey(after) !== networkKey(step.state)) return false;
  if (step.kind !== "kubernetes-upgrade") return true;
  const want = step.state.kubernetesVersion;
  const got = after.kubernetesVersion;
  if (want === undefined || got === undefined) return false;
  const [a, b] = [minorOf(got), minorOf(want)];
  return a.major === b.major && a.minor === b.minor;
}
