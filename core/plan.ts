import type { EvaluationContext } from "./context";
import { IpamMode, NetworkDataplane, NetworkPluginMode, NetworkPolicy } from "./enums";
import { evaluateTransition, resolveDesired } from "./evaluate";
import type { ClusterNetwork } from "./model";
import { deriveIpamMode } from "./parse";
import { azUpdate, dataplaneOf, isAddonPolicy, pluginOf, policyOf, sameTexts } from "./rules/facts";
import { ruleById } from "./rules/catalog";
import type { Finding } from "./rules/types";

export type StepKind = "network-policy" | "ipam" | "dataplane" | "pod-cidr";

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
  /** The state after this step. */
  readonly state: ClusterNetwork;
  readonly warnings: readonly Finding[];
}

export interface MigrationPlan {
  readonly reachable: boolean;
  readonly steps: readonly MigrationStep[];
  /** Why the target cannot be reached (empty when reachable). */
  readonly blockers: readonly Finding[];
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
  const seen = new Set([networkKey(current)]);
  let frontier: Node[] = [{ state: current, path: [] }];
  const refusals = new Map<string, Finding>(blocks(endState.findings).map((f) => [f.rule, f]));

  for (let depth = 0; depth < MAX_STEPS && frontier.length > 0; depth++) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const move of movesFrom(node.state, goal)) {
        const reachesGoal = networkKey(move.state) === networkKey(goal);
        const to = reachesGoal ? goal : move.state;
        const key = networkKey(to);
        if (seen.has(key)) continue;
        const verdict = evaluateTransition(node.state, to, context);
        if (verdict.verdict === "block") {
          if (depth === 0) blocks(verdict.findings).forEach((f) => refusals.set(f.rule, f));
          continue;
        }
        seen.add(key);
        const step: MigrationStep = {
          index: node.path.length + 1,
          kind: move.kind,
          title: move.title,
          changes: changesBetween(node.state, to),
          azCommand: azCommandFor(move.kind, node.state, to),
          state: to,
          // Accepted blocks stay in view with their reason.
          warnings: verdict.findings.filter((f) => f.severity === "warn" || f.accepted !== undefined),
        };
        const path = [...node.path, step];
        if (reachesGoal) return { reachable: true, steps: path, blockers: [] };
        next.push({ state: to, path });
      }
    }
    frontier = next;
  }
  return { reachable: false, steps: [], blockers: [...refusals.values()] };
}

/** Transition rules whose block no sequence of steps can cure: they hold for every path to the target. */
const INCURABLE_TRANSITIONS = new Set([
  "ipam-overlay-irreversible",
  "dp-no-revert-from-cilium",
  "ipam-podsubnet-no-overlay",
  "ipam-byocni-frozen",
  "ipam-kubenet-to-nodesubnet",
  "ipam-overlay-only-target",
  "ipam-podsubnet-mode-immutable",
  "cidr-service-dns-immutable",
  "cidr-overlay-podcidr-expand-only",
  "cidr-kubenet-podcidr-frozen",
]);

function isIncurable(finding: Finding): boolean {
  return ruleById(finding.rule)?.kind === "profile" || INCURABLE_TRANSITIONS.has(finding.rule);
}

function blocks(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "block" && f.accepted === undefined);
}

interface Move {
  readonly kind: StepKind;
  readonly title: string;
  readonly state: ClusterNetwork;
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
  if (state.ipamMode === goal.ipamMode && goal.podCidrs.length > 0 && !sameTexts(state.podCidrs, goal.podCidrs)) {
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
    Pick<ClusterNetwork, "networkPlugin" | "networkPluginMode" | "networkDataplane" | "networkPolicy" | "podCidrs">
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
  return [pluginOf(c), mode, dataplaneOf(c), policyOf(c), c.podCidrs.map((p) => p.toLowerCase()).join(",")].join("|");
}

function changesBetween(from: ClusterNetwork, to: ClusterNetwork): FieldChange[] {
  const pairs: [string, string | undefined, string | undefined][] = [
    ["networkProfile.networkPlugin", from.networkPlugin, to.networkPlugin],
    ["networkProfile.networkPluginMode", from.networkPluginMode, to.networkPluginMode],
    ["networkProfile.networkDataplane", dataplaneOf(from), dataplaneOf(to)],
    ["networkProfile.networkPolicy", policyOf(from), policyOf(to)],
    ["networkProfile.podCidr", from.podCidrs.join(",") || undefined, to.podCidrs.join(",") || undefined],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, from: a, to: b }));
}

function azCommandFor(kind: StepKind, from: ClusterNetwork, to: ClusterNetwork): string {
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
  return azUpdate(from, flags.join(" "));
}
