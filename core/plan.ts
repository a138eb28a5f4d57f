import type { EvaluationContext } from "./context";
import { IpamMode, NetworkDataplane, NetworkPluginMode, NetworkPolicy } from "./enums";
import { evaluateTransition, resolveDesired } from "./evaluate";
import type { ClusterNetwork } from "./model";
import { deriveIpamMode } from "./parse";
import { prerequisiteMoves, prerequisitesKey, restoreAfterNetworkSteps, withPrerequisitesOf } from "./prerequisites";
import {
  addsIpv6,
  azUpdate,
  comparableCidrs,
  dataplaneOf,
  familiesOf,
  isAddonPolicy,
  pluginOf,
  policyOf,
  sameTexts,
} from "./rules/facts";
import { ruleById } from "./rules/catalog";
import type { Finding, Unverified } from "./rules/types";

/** Network steps change the network profile; the others are prerequisites outside it. */
export type NetworkStepKind = "network-policy" | "ipam" | "dataplane" | "pod-cidr" | "ip-families";
export type PrerequisiteKind = "kubernetes-upgrade" | "user-assigned-identity" | "node-provisioning";
export type StepKind = NetworkStepKind | PrerequisiteKind;

export interface FieldChange {
  readonly field: string;
  readonly from?: string;
  readonly to?: string;
}

/** One supported `az aks update` operation. */
export interface MigrationStep {
  readonly index: number;
  readonly kind: StepKind;
  readonly title: string;
  readonly changes: readonly FieldChange[];
  readonly azCommand: string;
  /**
   * A step outside the network profile that unblocks a network step (a Kubernetes upgrade, a user-assigned identity,
   * node auto-provisioning off and back on): `apply` stops before it unless told to run it.
   */
  readonly prerequisite: boolean;
  /** The state after this step. */
  readonly state: ClusterNetwork;
  readonly warnings: readonly Finding[];
}

export interface MigrationPlan {
  readonly reachable: boolean;
  readonly steps: readonly MigrationStep[];
  /** Why the target cannot be reached (empty when reachable). */
  readonly blockers: readonly Finding[];
  /** Rules that could not be checked on the way (the change as a whole, and each step), each once. */
  readonly unverified: readonly Unverified[];
}

const MAX_STEPS = 6;

/**
 * The shortest ordered list of single supported operations from `current` to `target`, every one of which
 * passes `evaluateTransition`; or, when none exists, the blocking findings that say why.
 */
export function planMigration(
  current: ClusterNetwork,
  target: ClusterNetwork,
  context?: EvaluationContext,
): MigrationPlan {
  const found = search(current, target, context);
  const unverified = new Map<string, Unverified>();
  const note = (list: readonly Unverified[]) => list.forEach((u) => unverified.set(`${u.rule}\u0000${u.needs}`, u));
  note(evaluateTransition(current, target, context).unverified);
  let from = current;
  for (const step of found.steps) {
    note(evaluateTransition(from, step.state, context).unverified);
    from = step.state;
  }
  return { ...found, unverified: [...unverified.values()] };
}

function search(
  current: ClusterNetwork,
  target: ClusterNetwork,
  context: EvaluationContext | undefined,
): Omit<MigrationPlan, "unverified"> {
  const goal = resolveDesired(current, target);
  const endState = evaluateTransition(current, target, context);
  const endStateBlocks = blocks(endState.findings).filter(isIncurable);
  if (endStateBlocks.length > 0) return { reachable: false, steps: [], blockers: endStateBlocks };
  if (networkKey(current) === networkKey(goal)) {
    return endState.verdict === "allow"
      ? { reachable: true, steps: [], blockers: [] }
      : { reachable: false, steps: [], blockers: blocks(endState.findings) };
  }

  interface Node {
    state: ClusterNetwork;
    path: MigrationStep[];
  }
  const searchKey = (c: ClusterNetwork) => `${networkKey(c)}|${prerequisitesKey(c)}`;
  const seen = new Set([searchKey(current)]);
  let frontier: Node[] = [{ state: current, path: [] }];
  const refusals = new Map<string, Finding>(blocks(endState.findings).map((f) => [f.rule, f]));

  for (let depth = 0; depth < MAX_STEPS && frontier.length > 0; depth++) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const move of [...prerequisiteMoves(node.state, goal, target), ...movesFrom(node.state, goal)]) {
        const reachesGoal = networkKey(move.state) === networkKey(goal);
        const to = reachesGoal ? withPrerequisitesOf(goal, move.state, target) : move.state;
        const key = searchKey(to);
        if (seen.has(key)) continue;
        const steps = stepsOf(node, move, to, context);
        if ("refused" in steps) {
          if (depth === 0) steps.refused.forEach((f) => refusals.set(f.rule, f));
          continue;
        }
        seen.add(key);
        const path = [...node.path, ...steps.steps];
        if (reachesGoal) {
          const finished = finish(path, goal, context);
          if (finished !== undefined) return { reachable: true, steps: finished, blockers: [] };
          continue;
        }
        next.push({ state: to, path });
      }
    }
    frontier = next;
  }
  return { reachable: false, steps: [], blockers: [...refusals.values()] };
}

/** The steps of one move, each checked from the state before it, or the blocks that refuse one of them. */
function stepsOf(
  node: { state: ClusterNetwork; path: readonly MigrationStep[] },
  move: Move,
  to: ClusterNetwork,
  context: EvaluationContext | undefined,
): { steps: MigrationStep[] } | { refused: Finding[] } {
  const chain = move.chain ?? [{ ...move, state: to }];
  const steps: MigrationStep[] = [];
  let from = node.state;
  for (const link of chain) {
    const state = link === chain[chain.length - 1] ? to : link.state;
    const verdict = evaluateTransition(from, state, context);
    if (verdict.verdict === "block") return { refused: blocks(verdict.findings) };
    steps.push(stepOf(node.path.length + steps.length + 1, link, from, state, verdict.findings));
    from = state;
  }
  return { steps };
}

function stepOf(
  index: number,
  move: Pick<Move, "kind" | "title" | "azCommand">,
  from: ClusterNetwork,
  to: ClusterNetwork,
  findings: readonly Finding[],
): MigrationStep {
  const prerequisite = isPrerequisite(move.kind);
  return {
    index,
    kind: move.kind,
    title: move.title,
    changes: changesBetween(from, to),
    azCommand: move.azCommand ?? azCommandFor(move.kind as NetworkStepKind, from, to),
    prerequisite,
    state: to,
    // Accepted blocks stay in view with their reason.
    warnings: findings.filter((f) => f.severity === "warn" || f.accepted !== undefined),
  };
}

/** The path with what a prerequisite turned off turned back on (node auto-provisioning), checked like every step. */
function finish(
  path: readonly MigrationStep[],
  goal: ClusterNetwork,
  context: EvaluationContext | undefined,
): MigrationStep[] | undefined {
  const last = path[path.length - 1];
  const restore = restoreAfterNetworkSteps(last.state, goal);
  if (restore === undefined) return [...path];
  const verdict = evaluateTransition(last.state, restore.state, context);
  if (verdict.verdict === "block") return undefined;
  return [...path, stepOf(path.length + 1, restore, last.state, restore.state, verdict.findings)];
}

function isPrerequisite(kind: StepKind): kind is PrerequisiteKind {
  return kind === "kubernetes-upgrade" || kind === "user-assigned-identity" || kind === "node-provisioning";
}

/** A block no sequence of steps can cure: the rule says so (profile blocks never can: the target itself is invalid). */
function isIncurable(finding: Finding): boolean {
  const rule = ruleById(finding.rule);
  return rule === undefined || rule.kind === "profile" || rule.curable !== true;
}

function blocks(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "block" && f.accepted === undefined);
}

export interface Move {
  readonly kind: StepKind;
  readonly title: string;
  readonly state: ClusterNetwork;
  /** Prerequisites carry their own command; network steps get theirs from the fields they change. */
  readonly azCommand?: string;
  /** A move made of several steps (a Kubernetes upgrade, one minor version at a time); the last one ends in `state`. */
  readonly chain?: readonly Omit<Move, "chain">[];
}

/** Candidate single operations from `state` toward `goal`, in the order the catalog prefers them. */
function movesFrom(state: ClusterNetwork, goal: ClusterNetwork): Move[] {
  const moves: Move[] = [];
  const policy = policyOf(state);
  if (isAddonPolicy(policy)) {
    moves.push({
      kind: "network-policy",
      title: `Uninstall ${policy === NetworkPolicy.Azure ? "Azure NPM" : "Calico"} (network policy none)`,
      state: withNetwork(state, { networkPolicy: NetworkPolicy.None }),
    });
  }
  if (state.ipamMode !== goal.ipamMode) {
    const podCidrs = goal.podCidrs.length > 0 ? goal.podCidrs : state.podCidrs;
    moves.push({
      kind: "ipam",
      title: `Move to Azure CNI Overlay${state.ipamMode === IpamMode.Kubenet ? " from kubenet" : ""}`,
      state: withNetwork(state, {
        networkPlugin: goal.networkPlugin,
        networkPluginMode: goal.networkPluginMode,
        podCidrs,
      }),
    });
  }
  if (dataplaneOf(state) !== dataplaneOf(goal)) {
    moves.push({
      kind: "dataplane",
      title: "Switch the data plane to Cilium (network policy cilium)",
      state: withNetwork(state, { networkDataplane: goal.networkDataplane, networkPolicy: goal.networkPolicy }),
    });
  }
  if (addsIpv6(state, goal)) {
    moves.push({
      kind: "ip-families",
      title: "Add IPv6 (dual-stack: ipFamilies IPv4, IPv6)",
      state: withNetwork(state, {
        ipFamilies: goal.ipFamilies,
        podCidrs: goal.podCidrs.length > 0 ? goal.podCidrs : state.podCidrs,
        serviceCidrs: goal.serviceCidrs.length > 0 ? goal.serviceCidrs : state.serviceCidrs,
      }),
    });
  }
  const podCidrs = comparableCidrs(state, goal, goal.podCidrs);
  if (state.ipamMode === goal.ipamMode && podCidrs.length > 0 && !sameTexts(state.podCidrs, podCidrs)) {
    moves.push({
      kind: "pod-cidr",
      title: `Expand the pod CIDR to ${goal.podCidrs.join(", ")}`,
      state: withNetwork(state, { podCidrs: goal.podCidrs }),
    });
  }
  if (policyOf(state) !== policyOf(goal) && dataplaneOf(state) === dataplaneOf(goal)) {
    moves.push({
      kind: "network-policy",
      title: `Set network policy ${policyOf(goal)}`,
      state: withNetwork(state, { networkPolicy: goal.networkPolicy }),
    });
  }
  return moves;
}

function withNetwork(
  state: ClusterNetwork,
  change: Partial<
    Pick<
      ClusterNetwork,
      | "networkPlugin"
      | "networkPluginMode"
      | "networkDataplane"
      | "networkPolicy"
      | "podCidrs"
      | "serviceCidrs"
      | "ipFamilies"
    >
  >,
): ClusterNetwork {
  const merged = { ...state, ...change };
  const ipamMode = deriveIpamMode(
    merged.networkPlugin,
    merged.networkPluginMode,
    merged.nodePools,
    merged.kubernetesVersion,
  );
  return Object.freeze({ ...merged, ipamMode });
}

/**
 * Identity of a state for the search: the fields migration steps change, as AKS reads them. The plugin mode is the
 * effective one, like the plugin: an unset plugin on 1.30+ is overlay, and a mode beside a non-azure plugin means nothing.
 */
export function networkKey(c: ClusterNetwork): string {
  const mode = c.ipamMode === IpamMode.Overlay ? NetworkPluginMode.Overlay : "-";
  return [
    pluginOf(c),
    mode,
    dataplaneOf(c),
    policyOf(c),
    c.podCidrs.map((p) => p.toLowerCase()).join(","),
    familiesOf(c).join(","),
  ].join("|");
}

function changesBetween(from: ClusterNetwork, to: ClusterNetwork): FieldChange[] {
  const pairs: [string, string | undefined, string | undefined][] = [
    ["networkProfile.networkPlugin", from.networkPlugin, to.networkPlugin],
    ["networkProfile.networkPluginMode", from.networkPluginMode, to.networkPluginMode],
    ["networkProfile.networkDataplane", dataplaneOf(from), dataplaneOf(to)],
    ["networkProfile.networkPolicy", policyOf(from), policyOf(to)],
    ["networkProfile.podCidr", from.podCidrs.join(",") || undefined, to.podCidrs.join(",") || undefined],
    ["networkProfile.ipFamilies", familiesOf(from).join(","), familiesOf(to).join(",")],
    ["networkProfile.serviceCidrs", from.serviceCidrs.join(",") || undefined, to.serviceCidrs.join(",") || undefined],
    ["kubernetesVersion", from.kubernetesVersion, to.kubernetesVersion],
    ["identity.type", from.identityType, to.identityType],
    ["nodeProvisioningProfile.mode", napMode(from), napMode(to)],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, from: a, to: b }));
}

function napMode(c: ClusterNetwork): string | undefined {
  return c.nodeAutoProvisioning === undefined ? undefined : c.nodeAutoProvisioning ? "Auto" : "Manual";
}

function azCommandFor(kind: NetworkStepKind, from: ClusterNetwork, to: ClusterNetwork): string {
  const flags: string[] = [];
  if (kind === "network-policy") flags.push(`--network-policy ${policyOf(to)}`);
  if (kind === "ipam") {
    if (from.networkPlugin !== to.networkPlugin) flags.push(`--network-plugin ${to.networkPlugin}`);
    flags.push(`--network-plugin-mode ${to.networkPluginMode}`);
    if (to.podCidrs.length > 0 && !sameTexts(from.podCidrs, to.podCidrs)) flags.push(`--pod-cidr ${to.podCidrs[0]}`);
  }
  if (kind === "dataplane")
    flags.push(
      `--network-dataplane ${dataplaneOf(to) === NetworkDataplane.Cilium ? "cilium" : "azure"}`,
      `--network-policy ${policyOf(to)}`,
    );
  if (kind === "pod-cidr") flags.push(`--pod-cidr ${to.podCidrs[0]}`);
  if (kind === "ip-families") {
    flags.push(`--ip-families ${familiesOf(to).join(",").toLowerCase()}`);
    if (!sameTexts(from.podCidrs, to.podCidrs)) flags.push(`--pod-cidrs ${to.podCidrs.join(",")}`);
    if (!sameTexts(from.serviceCidrs, to.serviceCidrs)) flags.push(`--service-cidrs ${to.serviceCidrs.join(",")}`);
  }
  return azUpdate(from, flags.join(" "));
}
