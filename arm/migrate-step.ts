/**
 * The NetworkMigration resource's provider logic, free of Pulumi: the dynamic provider in components/ only forwards the
 * engine's calls here (check, diff, create/update), so this runs in the dynamic-provider host.
 */
import {
  describeFinding,
  describeNetwork,
  describeUnverified,
  isUnknownMarker,
  MIGRATION_MODES,
  networkValuesOf,
  parseCluster,
  planMigration,
  plannedStep,
  resolveDesired,
  sameNetwork,
  UnknownValueError,
  type MigrationMode,
  type MigrationStep,
  type NetworkTargetValues,
  type PlannedStep,
  type Unverified,
} from "../core";
import { parseClusterId } from "./cluster-ref";
import { armEndpointFrom, credentialFrom, pollIntervalFrom } from "./credentials";
import { liveContextReader } from "./live-facts";
import { applyNetworkMigration, DEFAULT_TIMEOUT_MS, gatherAll, MAX_TIMEOUT_MS, type ExecutorOptions } from "./executor";
import { fileJournal, stateDirFrom } from "./operation-journal";
import { baseContext, insidesReader } from "./migration-insides";

/** The NetworkMigration resource's inputs. */
export interface MigrationInputs {
  clusterId: string;
  target: NetworkTargetValues;
  migration: MigrationMode;
  armEndpoint?: string;
  timeoutMinutes?: number;
  /** Write without If-Match when ARM's document has no eTag (an old API); refused otherwise. */
  allowMissingEtag?: boolean;
  /** The live profile as the program observed it; when known it is where planning starts. */
  observed?: NetworkTargetValues;
  /** Read the cluster's insides (with the cluster user's credential from ARM) in Check and right before each write. */
  inspectCluster?: boolean;
  /** Findings accepted knowingly: rule id → reason (echoed). */
  acceptedFindings?: Record<string, string>;
}

/** What Check adds to the inputs; the engine keeps checked inputs only with a successful create or update. */
export interface CheckedInputs extends MigrationInputs {
  /** The profile the cluster is in once this update's step is done. Read back from the old inputs it is the last profile applied. */
  nextProfile?: NetworkTargetValues;
  /** The step this update performs (shown by preview). */
  nextStep?: PlannedStep;
  /**
   * The last profile applied, carried from the old state: a dynamic provider does not run in preview, so the engine shows
   * the checked inputs as the resource's outputs, and the component's live-vs-state comparison needs this one.
   */
  applied?: NetworkTargetValues;
  /** The pending step's in-cluster findings (warnings, accepted, unverified), shown in the preview. */
  inClusterFindings?: string[];
}

export interface MigrationOutputs {
  /** The network profile the cluster is in after the last successful step. */
  applied: NetworkTargetValues;
  /** Steps still to do: title and the equivalent az command. */
  remainingSteps: PlannedStep[];
  /**
   * The rules a read right before the step's write could not check (a 403 on the VNet, a throttled read), each as the
   * core describes it: the step was judged without them, so they are the user's to verify.
   */
  notChecked: string[];
}

export type MigrationState = CheckedInputs & Partial<MigrationOutputs>;

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Validates the inputs, and the transition from where the cluster is (the observed live profile, else the last profile
 * applied) to the target, with the core. Never calls Azure. Values the engine does not know yet are not judged.
 */
export function checkMigration(
  olds: Partial<MigrationState> | undefined,
  news: MigrationInputs,
): { inputs: CheckedInputs; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (value: unknown) => value !== undefined && !containsUnknown(value);

  if (!known(news.clusterId)) {
    if (news.clusterId === undefined) fail("clusterId", "clusterId is required: the ARM id of the managed cluster.");
  } else {
    attempt(
      () => parseClusterId(String(news.clusterId)),
      (message) => fail("clusterId", message),
    );
  }
  if (known(news.migration) && !MIGRATION_MODES.includes(news.migration)) {
    fail(
      "migration",
      `migration: "${String(news.migration)}" is not one of ${MIGRATION_MODES.map((m) => `"${m}"`).join(", ")}.`,
    );
  }
  if (known(news.armEndpoint))
    attempt(
      () => armEndpointFrom(String(news.armEndpoint), {}),
      (message) => fail("armEndpoint", message.replace(/^--arm-endpoint/, "armEndpoint")),
    );
  if (
    known(news.timeoutMinutes) &&
    !(
      typeof news.timeoutMinutes === "number" &&
      news.timeoutMinutes > 0 &&
      news.timeoutMinutes <= MAX_TIMEOUT_MS / 60_000
    )
  ) {
    fail(
      "timeoutMinutes",
      `timeoutMinutes: ${JSON.stringify(news.timeoutMinutes)} is not a positive number of minutes (at most ${MAX_TIMEOUT_MS / 60_000}).`,
    );
  }
  if (known(news.allowMissingEtag) && typeof news.allowMissingEtag !== "boolean")
    fail("allowMissingEtag", `allowMissingEtag: ${JSON.stringify(news.allowMissingEtag)} is not true or false.`);
  const target = known(news.target)
    ? attempt(
        () => parseCluster(news.target, "target"),
        (message) => fail("target", message),
      )
    : undefined;
  const observed = known(news.observed)
    ? attempt(
        () => parseCluster(news.observed, "observed"),
        (message) => fail("observed", message),
      )
    : undefined;
  const previous = olds?.nextProfile;
  const lastApplied = known(previous)
    ? attempt(
        () => parseCluster(previous, "nextProfile"),
        () => undefined,
      )
    : undefined;

  const inputs: CheckedInputs = { ...news };
  delete inputs.nextProfile;
  delete inputs.nextStep;
  delete inputs.inClusterFindings;
  // Old inputs carry nextProfile: where the last successful update left the cluster.
  if (previous !== undefined && known(previous)) inputs.applied = previous;
  const from = observed ?? lastApplied;
  if (target === undefined || failures.length > 0) return { inputs, failures };
  if (from === undefined) {
    // Nothing known to plan from (a first create without an observation): a single-step update either reaches the
    // target or refuses before writing, so a whole target profile is where it lands; a partial one, or a stepwise
    // update, lands where only the run can tell.
    if (news.migration !== "stepwise" && target.networkPlugin !== undefined)
      inputs.nextProfile = networkValuesOf(target);
    return { inputs, failures };
  }

  const plan = planMigration(from, target);
  if (!plan.reachable) {
    fail(
      "target",
      `The target cannot be reached in place from ${describeNetwork(from)}: ${plan.blockers.map(describeFinding).join(" ")}`,
    );
  } else if (news.migration !== "stepwise" && plan.steps.length > 1) {
    fail(
      "target",
      `${tooFar(plan.steps)} Set migration: "stepwise" to apply one step per pulumi up, or set the target to the first step.`,
    );
  } else {
    const next = plan.steps[0];
    inputs.nextProfile = networkValuesOf(next?.state ?? resolveDesired(from, target));
    if (next !== undefined) inputs.nextStep = plannedStep(next);
  }
  return { inputs, failures };
}

/**
 * A pending step is an update of the resource, never a replacement. Planning starts from the observed live profile,
 * else from the profile the last update applied (the state's outputs). Never calls Azure.
 */
export function diffMigration(
  olds: Partial<MigrationState>,
  news: CheckedInputs,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: false } {
  const settingsChanged = (
    ["clusterId", "migration", "armEndpoint", "timeoutMinutes", "allowMissingEtag"] as const
  ).some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
  if (containsUnknown(news.target) || containsUnknown(news.observed))
    return { changes: true, replaces: [], deleteBeforeReplace: false };
  const from = news.observed ?? olds.applied;
  if (from === undefined) return { changes: true, replaces: [], deleteBeforeReplace: false };
  const plan = planMigration(parseCluster(from, "applied"), parseCluster(news.target, "target"));
  if (!plan.reachable) {
    throw new Error(
      `The target cannot be reached in place from ${describeNetwork(parseCluster(from, "applied"))}: ${plan.blockers.map(describeFinding).join(" ")}`,
    );
  }
  return { changes: plan.steps.length > 0 || settingsChanged, replaces: [], deleteBeforeReplace: false };
}

/** Settings an in-process caller may tighten (tests: short polls and retries). */
export type ExecutorTuning = Partial<
  Pick<
    ExecutorOptions,
    "retry" | "conflictRetries" | "conflictDelayMs" | "httpsAgent" | "journal" | "foreignWaitMs" | "requestTimeoutMs"
  >
>;

/**
 * Create and Update: at most one step toward the target through ARM, planned from the live cluster. "single-step"
 * refuses a target farther away, and a step other than the one Check previewed is refused, both before any write.
 * Throws when the step fails, so the engine keeps the previous state: state records only steps that succeeded.
 */
export async function migrateStep(
  inputs: CheckedInputs,
  env: NodeJS.ProcessEnv = process.env,
  tuning: ExecutorTuning = {},
): Promise<MigrationOutputs> {
  let refusal: string | undefined;
  let planned: readonly MigrationStep[] = [];
  // The last gather's: the one the step was judged and written with.
  let unverified: readonly Unverified[] = [];
  const pollIntervalMs = pollIntervalFrom(env);
  const cluster = parseClusterId(inputs.clusterId);
  const credential = credentialFrom(env);
  const endpoint = armEndpointFrom(inputs.armEndpoint, env);
  const result = await applyNetworkMigration({
    cluster,
    target: parseCluster(inputs.target, "target"),
    credential,
    endpoint,
    // The world may have changed since the preview: the network is read again right before the PUT.
    // ... and so are the cluster's insides, with inspectCluster.
    gatherContext: gatherAll(
      liveContextReader({
        cluster,
        credential,
        endpoint,
        retry: tuning.retry,
        httpsAgent: tuning.httpsAgent,
      }),
      insidesReader(inputs, env),
    ),
    maxSteps: 1,
    context: baseContext(inputs),
    timeoutMs: inputs.timeoutMinutes === undefined ? DEFAULT_TIMEOUT_MS : inputs.timeoutMinutes * 60_000,
    pollIntervalMs,
    conflictDelayMs: pollIntervalMs * 2,
    allowMissingEtag: inputs.allowMissingEtag === true,
    // The same record the CLI keeps: an interrupted `pulumi up` is followed, not repeated, by the next one.
    journal: fileJournal(stateDirFrom(env)),
    ...tuning,
    onEvent: (event) => {
      if (event.kind === "planned") planned = event.steps;
      if (event.kind === "checked") unverified = event.unverified;
    },
    confirmStep: async (step) => {
      if (inputs.migration !== "stepwise" && planned.length > 1) refusal = tooFar(planned);
      else if (inputs.nextProfile !== undefined && !sameNetwork(networkValuesOf(step.state), inputs.nextProfile)) {
        refusal = `The cluster changed since the preview: its next step is now "${step.title}" (to ${describeNetwork(step.state)}), not the step the preview showed (to ${describeNetwork(parseCluster(inputs.nextProfile, "nextProfile"))}). Run pulumi preview again.`;
      }
      return refusal === undefined;
    },
  });
  if (refusal !== undefined) throw new Error(`Nothing was changed. ${refusal}`);
  if (result.status === "refused") {
    throw new Error(
      `The target cannot be reached in place from the live cluster (${describeNetwork(result.final)}); nothing was changed: ${result.blockers.map(describeFinding).join(" ")}`,
    );
  }
  if (result.status === "prerequisite" && result.applied.length === 0) {
    const next = result.remaining[0];
    throw new Error(
      `Nothing was changed: the next step is a prerequisite outside the network profile (${next.title}). Run ${next.azCommand}, then pulumi up again.`,
    );
  }
  return {
    applied: networkValuesOf(result.final),
    remainingSteps: result.remaining.map(plannedStep),
    // Only what a reader tried and could not read: a fact nothing reads here (inspectCluster off, a context-file fact)
    // is what the component's preview already reports as not checked.
    notChecked: [...new Set(unverified.filter((u) => u.reason !== undefined).map(describeUnverified))],
  };
}

function tooFar(steps: readonly MigrationStep[]): string {
  return `The target is ${steps.length} steps away (${steps.map((s, i) => `${i + 1}. ${s.title}`).join("; ")}); a single-step migration applies one.`;
}

function containsUnknown(value: unknown): boolean {
  if (isUnknownMarker(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function attempt<T>(run: () => T, onError: (message: string) => void): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    onError(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}
