import { IdentityType, IpamMode } from "./enums";
import type { ClusterNetwork } from "./model";
import type { Move } from "./plan";
import { azUpdate, azUpgrade, hasAddonPolicy, isCilium, KubernetesFloor, policyOf } from "./rules/facts";
import { atLeast, minorOf } from "./version";

/**
 * Steps outside the network profile that unblock a network step: a Kubernetes upgrade to the floor the step needs (one
 * minor version at a time, as AKS requires), a user-assigned identity for kubenet → overlay on a BYO subnet, and node
 * auto-provisioning off for the Cilium update (and back on after it).
 */
export function prerequisiteMoves(state: ClusterNetwork, goal: ClusterNetwork, target: ClusterNetwork): Move[] {
  const moves: Move[] = [];
  const upgrade = upgradeMove(state, goal);
  if (upgrade !== undefined) moves.push(upgrade);
  if (
    state.ipamMode === IpamMode.Kubenet &&
    goal.ipamMode === IpamMode.Overlay &&
    state.nodePools.some((p) => p.vnetSubnetId !== undefined) &&
    state.identityType !== undefined &&
    state.identityType !== IdentityType.UserAssigned &&
    target.identityType === undefined
  ) {
    moves.push({
      kind: "user-assigned-identity",
      title: "Switch to a user-assigned managed identity (prerequisite: kubenet → overlay on a BYO subnet)",
      azCommand: azUpdate(state, "--enable-managed-identity --assign-identity <identity-resource-id>"),
      state: Object.freeze({ ...state, identityType: IdentityType.UserAssigned }),
    });
  }
  if (state.nodeAutoProvisioning === true && !isCilium(state) && isCilium(goal)) {
    moves.push({
      kind: "node-provisioning",
      title: "Turn node auto-provisioning off (prerequisite: the Cilium update)",
      azCommand: azUpdate(state, "--node-provisioning-mode Manual"),
      state: Object.freeze({ ...state, nodeAutoProvisioning: false }),
    });
  }
  return moves;
}

/** The floor the network steps between `state` and `goal` need, when the cluster runs below it. */
function upgradeMove(state: ClusterNetwork, goal: ClusterNetwork): Move | undefined {
  const version = state.kubernetesVersion;
  if (version === undefined) return undefined;
  const floors: string[] = [];
  if (state.ipamMode !== IpamMode.Overlay && goal.ipamMode === IpamMode.Overlay)
    floors.push(KubernetesFloor.overlayMigration);
  if (policyOf(state) !== policyOf(goal) && (hasAddonPolicy(state) || hasAddonPolicy(goal)))
    floors.push(KubernetesFloor.addonPolicyChange);
  const floor = floors.filter((f) => !atLeast(version, f)).sort((a, b) => minorOf(b).minor - minorOf(a).minor)[0];
  if (floor === undefined) return undefined;
  const { major, minor } = minorOf(version);
  const chain: Omit<Move, "chain">[] = [];
  let from = state;
  for (let m = minor + 1; m <= minorOf(floor).minor; m++) {
    const to = Object.freeze({ ...from, kubernetesVersion: `${major}.${m}` });
    chain.push({
      kind: "kubernetes-upgrade",
      title: `Upgrade Kubernetes to ${major}.${m} (prerequisite: the next network step needs ${floor})`,
      azCommand: azUpgrade(from, `--kubernetes-version ${major}.${m}`),
      state: to,
    });
    from = to;
  }
  const last = chain[chain.length - 1];
  return { ...last, chain };
}

/** The goal with what the prerequisites changed, where the target does not say otherwise. */
export function withPrerequisitesOf(
  goal: ClusterNetwork,
  state: ClusterNetwork,
  target: ClusterNetwork,
): ClusterNetwork {
  return Object.freeze({
    ...goal,
    kubernetesVersion: target.kubernetesVersion ?? state.kubernetesVersion,
    identityType: target.identityType ?? state.identityType,
    // Node auto-provisioning stays as the prerequisite left it for the network step, and is restored after it.
    nodeAutoProvisioning: state.nodeAutoProvisioning,
  });
}

/** The step that turns back on what a prerequisite turned off, once the network steps are done. */
export function restoreAfterNetworkSteps(state: ClusterNetwork, goal: ClusterNetwork): Move | undefined {
  if (goal.nodeAutoProvisioning !== true || state.nodeAutoProvisioning === true) return undefined;
  return {
    kind: "node-provisioning",
    title: "Turn node auto-provisioning back on (after the Cilium update)",
    azCommand: azUpdate(state, "--node-provisioning-mode Auto"),
    state: Object.freeze({ ...state, nodeAutoProvisioning: true }),
  };
}

/** The part of a state the prerequisites change, for telling search states apart. */
export function prerequisitesKey(c: ClusterNetwork): string {
  const version =
    c.kubernetesVersion === undefined
      ? "-"
      : `${minorOf(c.kubernetesVersion).major}.${minorOf(c.kubernetesVersion).minor}`;
  return [version, c.identityType ?? "-", String(c.nodeAutoProvisioning)].join("|");
}
