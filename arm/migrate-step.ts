import { networkKey, parseCluster, planMigration, resolveDesired, type ClusterNetwork } from "../core";
import { parseClusterId } from "./cluster-ref";
import { armEndpointFrom, credentialFrom } from "./credentials";
import { applyNetworkMigration } from "./executor";

/** The network fields a migration resource moves, as plain ARM values. */
export interface NetworkTargetValues {
  networkPlugin?: string;
  networkPluginMode?: string;
  networkDataplane?: string;
  networkPolicy?: string;
  podCidrs?: string[];
}

export interface MigrationInputs {
  clusterId: string;
  target: NetworkTargetValues;
  migration: "single-step" | "stepwise";
  armEndpoint?: string;
  timeoutMinutes?: number;
}

export interface MigrationOutputs {
  /** The network profile the cluster is in after the last successful step. */
  applied: NetworkTargetValues;
  /** Steps still to do: title and the equivalent az command. */
  remainingSteps: { title: string; azCommand: string }[];
}

export function targetModel(target: NetworkTargetValues): ClusterNetwork {
  return parseCluster(target, "target");
}

export function networkValuesOf(c: ClusterNetwork): NetworkTargetValues {
  const values: NetworkTargetValues = {};
  if (c.networkPlugin !== undefined) values.networkPlugin = c.networkPlugin;
  if (c.networkPluginMode !== undefined) values.networkPluginMode = c.networkPluginMode;
  if (c.networkDataplane !== undefined) values.networkDataplane = c.networkDataplane;
  if (c.networkPolicy !== undefined) values.networkPolicy = c.networkPolicy;
  if (c.podCidrs.length > 0) values.podCidrs = [...c.podCidrs];
  return values;
}

/**
 * Where the migration stands without touching Azure: the steps from the last applied profile to the target.
 * A multi-step target in single-step mode, or an unreachable one, comes back as a reason to refuse.
 */
export function pendingSteps(inputs: MigrationInputs, applied: NetworkTargetValues | undefined): { steps: { title: string; azCommand: string }[]; refusal?: string } {
  const target = targetModel(inputs.target);
  if (applied === undefined) return { steps: [] };
  const from = targetModel(applied);
  const plan = planMigration(from, target);
  if (!plan.reachable) return { steps: [], refusal: plan.blockers.map((b) => `[${b.rule}] ${b.message} Fix: ${b.fix}`).join(" ") };
  const steps = plan.steps.map((s) => ({ title: s.title, azCommand: s.azCommand }));
  if (inputs.migration !== "stepwise" && steps.length > 1) {
    return { steps, refusal: `The target is ${steps.length} steps away (${steps.map((s, i) => `${i + 1}. ${s.title}`).join("; ")}); set migration: "stepwise" to apply one step per pulumi up.` };
  }
  return { steps };
}

export function sameNetwork(a: NetworkTargetValues | undefined, b: NetworkTargetValues): boolean {
  return a !== undefined && networkKey(resolveDesired(targetModel(a), targetModel(b))) === networkKey(targetModel(a));
}

/** Applies at most one step toward the target through ARM and says where the cluster stands afterwards. */
export async function migrateStep(inputs: MigrationInputs, env: NodeJS.ProcessEnv = process.env): Promise<MigrationOutputs> {
  const result = await applyNetworkMigration({
    cluster: parseClusterId(inputs.clusterId),
    target: targetModel(inputs.target),
    credential: credentialFrom(env),
    endpoint: armEndpointFrom(inputs.armEndpoint, env),
    maxSteps: 1,
    timeoutMs: (inputs.timeoutMinutes ?? 90) * 60_000,
    pollIntervalMs: Number(env.AKS_NETGUARD_POLL_INTERVAL_MS ?? 15_000),
    conflictDelayMs: Number(env.AKS_NETGUARD_POLL_INTERVAL_MS ?? 15_000) * 2,
  });
  if (result.status === "refused") {
    throw new Error(`The target cannot be reached in place: ${result.blockers.map((b) => `[${b.rule}] ${b.message}`).join(" ")}`);
  }
  return {
    applied: networkValuesOf(result.final),
    remainingSteps: result.remaining.map((s) => ({ title: s.title, azCommand: s.azCommand })),
  };
}
