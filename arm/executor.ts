import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import {
  describeFinding,
  describeNetwork,
  evaluateTransition,
  networkKey,
  parseCluster,
  planMigration,
  type ClusterNetwork,
  type EvaluationContext,
  type Finding,
  type MigrationStep,
} from "../core";
import { ManagedClusterArm, type ArmClientOptions, type ArmDocument } from "./arm-client";
import type { ClusterRef } from "./cluster-ref";

export interface ExecutorOptions {
  readonly cluster: ClusterRef;
  /** The profile to reach; fields it leaves out keep their current value. */
  readonly target: ClusterNetwork;
  readonly context?: EvaluationContext;
  /**
   * Called before planning and again right before each step's write, with `context`: what it returns is judged (the
   * cluster's insides, read fresh each time). A block there stops the run before the PUT.
   */
  readonly refreshContext?: (base: EvaluationContext) => Promise<EvaluationContext>;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  /** At most this many steps in this run (the component applies one per `pulumi up`). */
  readonly maxSteps?: number;
  /** The whole run's limit; an operation still running then is left to finish in Azure. */
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** The SDK pipeline's own retry policy (429 with Retry-After, 5xx, transient poll failures). */
  readonly retry?: ArmClientOptions["retry"];
  /** 409 "another operation is in progress": wait and retry, this many times. */
  readonly conflictRetries?: number;
  readonly conflictDelayMs?: number;
  /** Trust for a private CA (tests); a spawned CLI takes NODE_EXTRA_CA_CERTS instead. */
  readonly httpsAgent?: Agent;
  /** Asked before each step; false stops the run before that step's write. */
  readonly confirmStep?: (step: MigrationStep, index: number, total: number) => Promise<boolean>;
  readonly onEvent?: (event: ExecutorEvent) => void;
}

export type ExecutorEvent =
  | { readonly kind: "planned"; readonly steps: readonly MigrationStep[] }
  | { readonly kind: "step-started"; readonly index: number; readonly total: number; readonly step: MigrationStep }
  | {
      readonly kind: "step-waiting";
      readonly index: number;
      readonly total: number;
      readonly elapsedMs: number;
      readonly status: string;
    }
  | { readonly kind: "step-retrying"; readonly index: number; readonly reason: string; readonly attempt: number }
  | { readonly kind: "step-done"; readonly index: number; readonly total: number; readonly elapsedMs: number };

export interface ExecutorResult {
  /** at-target: nothing (more) to do; refused: the target is unreachable, nothing written; stopped: the user or maxSteps ended the run. */
  readonly status: "at-target" | "refused" | "stopped";
  readonly applied: readonly MigrationStep[];
  readonly remaining: readonly MigrationStep[];
  readonly blockers: readonly Finding[];
  /** The cluster as read at the end. */
  readonly final: ClusterNetwork;
}

/** A step that did not complete: which, the ARM error, and what state the cluster is left in. */
export class StepFailedError extends Error {
  constructor(
    readonly step: MigrationStep,
    readonly index: number,
    readonly total: number,
    readonly code: string,
    readonly armMessage: string,
    readonly applied: readonly MigrationStep[],
    stepState = "this step's change is not in effect as far as ARM reports",
  ) {
    super(
      `Step ${index}/${total} (${step.title}) failed: ${code}: ${armMessage}. ` +
        `${applied.length} earlier step(s) of this run completed and the cluster keeps them; ${stepState}. ` +
        `Fix the cause and run the same command again: it continues from where the cluster is.`,
    );
    this.name = "StepFailedError";
  }
}

/** The user's time limit ran out; an operation may still be running in Azure. */
export class MigrationTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly applied: readonly MigrationStep[],
  ) {
    super(
      `Timed out after ${Math.round(timeoutMs / 1000)} s with ${applied.length} step(s) completed; an operation may still be running in Azure. ` +
        `Run the same command again later: it continues from where the cluster is.`,
    );
    this.name = "MigrationTimeoutError";
  }
}

/**
 * Carries a migration out through ARM, one legal step per operation: GET, plan with the core, and per step GET again,
 * re-check, change only that step's network fields on the body as read, PUT, follow the long-running operation, read back
 * and confirm. The cluster itself is the record: a run started again continues from where the cluster is. Never DELETEs.
 */
export async function applyNetworkMigration(options: ExecutorOptions): Promise<ExecutorResult> {
  const arm = new ManagedClusterArm(options);
  const abort = new AbortController();
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => abort.abort(), options.timeoutMs);
  const emit = options.onEvent ?? (() => undefined);
  const read = async () => {
    const live = await arm.get(abort.signal);
    return { live, model: parseCluster(live, options.cluster.name) };
  };
  const applied: MigrationStep[] = [];
  const contextNow = async () =>
    options.refreshContext ? options.refreshContext(options.context ?? {}) : options.context;
  try {
    let { live, model } = await read();
    let context = await contextNow();
    const plan = planMigration(model, options.target, context);
    if (!plan.reachable) return { status: "refused", applied, remaining: [], blockers: plan.blockers, final: model };
    emit({ kind: "planned", steps: plan.steps });
    const total = plan.steps.length;
    const limit = Math.min(total, options.maxSteps ?? total);
    // A read that fails between steps ends the run like a failed step: earlier steps stay applied.
    const readAround = async (step: MigrationStep, index: number, afterWrite: boolean) => {
      try {
        return await read();
      } catch (error) {
        if (abort.signal.aborted || !isRestError(error)) throw error;
        const stepState = afterWrite
          ? "ARM reported this step's operation as succeeded, but the cluster could not be read back to confirm it"
          : undefined;
        throw new StepFailedError(
          step,
          index,
          total,
          error.code ?? `HTTP${error.statusCode ?? ""}`,
          `reading the cluster failed: ${error.message}`,
          applied,
          stepState,
        );
      }
    };
    for (let index = 1; index <= limit; index++) {
      if (index > 1) {
        ({ live, model } = await readAround(plan.steps[index - 1], index, false));
        context = await contextNow();
      }
      const fresh = planMigration(model, options.target, context);
      if (fresh.reachable && fresh.steps.length === 0)
        return { status: "at-target", applied, remaining: [], blockers: [], final: model };
      const step = fresh.steps[0];
      if (!fresh.reachable || step === undefined)
        return { status: "refused", applied, remaining: [], blockers: fresh.blockers, final: model };
      const verdict = evaluateTransition(model, step.state, context);
      if (verdict.verdict === "block") {
        const why = verdict.findings
          .filter((f) => f.severity === "block")
          .map(describeFinding)
          .join(" ");
        throw new StepFailedError(step, index, total, "RefusedByPreflight", why, applied);
      }
      if (options.confirmStep !== undefined && !(await options.confirmStep(step, index, total))) {
        return { status: "stopped", applied, remaining: fresh.steps, blockers: [], final: model };
      }
      emit({ kind: "step-started", index, total, step });
      const started = Date.now();
      await putStep(arm, options, withStepFields(live, model, step), {
        index,
        total,
        step,
        started,
        emit,
        abort,
        applied,
      });
      const after = await readAround(step, index, true);
      if (networkKey(after.model) !== networkKey(step.state)) {
        throw new StepFailedError(
          step,
          index,
          total,
          "NotInEffect",
          `ARM reported success but the cluster reads ${describeNetwork(after.model)} instead of ${describeNetwork(step.state)}`,
          applied,
        );
      }
      applied.push(step);
      emit({ kind: "step-done", index, total, elapsedMs: Date.now() - started });
      ({ live, model } = after);
    }
    const rest = planMigration(model, options.target, context);
    return rest.reachable && rest.steps.length === 0
      ? { status: "at-target", applied, remaining: [], blockers: [], final: model }
      : { status: "stopped", applied, remaining: rest.steps, blockers: rest.blockers, final: model };
  } catch (error) {
    if (abort.signal.aborted) throw new MigrationTimeoutError(options.timeoutMs ?? 0, applied);
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

interface StepRun {
  readonly index: number;
  readonly total: number;
  readonly step: MigrationStep;
  readonly started: number;
  readonly emit: (event: ExecutorEvent) => void;
  readonly abort: AbortController;
  readonly applied: readonly MigrationStep[];
}

/** PUT and follow the operation; 409 "operation in progress" is waited out, a bounded number of times. */
async function putStep(
  arm: ManagedClusterArm,
  options: ExecutorOptions,
  body: ArmDocument,
  run: StepRun,
): Promise<void> {
  const attempts = (options.conflictRetries ?? 10) + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      await arm.put(body, {
        abortSignal: run.abort.signal,
        intervalInMs: options.pollIntervalMs ?? 15_000,
        onPoll: (status) =>
          run.emit({
            kind: "step-waiting",
            index: run.index,
            total: run.total,
            elapsedMs: Date.now() - run.started,
            status,
          }),
      });
      return;
    } catch (error) {
      if (run.abort.signal.aborted) throw error;
      if (isRestError(error) && error.statusCode === 409 && attempt < attempts) {
        run.emit({
          kind: "step-retrying",
          index: run.index,
          reason: "another operation is in progress on the cluster",
          attempt,
        });
        await sleep((options.conflictDelayMs ?? 30_000) * attempt, run.abort.signal);
        continue;
      }
      const code = isRestError(error)
        ? (error.code ?? `HTTP${error.statusCode ?? ""}`)
        : error instanceof Error
          ? error.name
          : "Error";
      const message = error instanceof Error ? error.message : String(error);
      throw new StepFailedError(run.step, run.index, run.total, code, message, run.applied);
    }
  }
}

/** The document as read, with only the step's network fields changed. */
export function withStepFields(live: ArmDocument, current: ClusterNetwork, step: MigrationStep): ArmDocument {
  const body = structuredClone(live);
  const properties = { ...((body.properties ?? {}) as Record<string, unknown>) };
  const profile = { ...((properties.networkProfile ?? {}) as Record<string, unknown>) };
  const target = step.state;
  const set = (key: string, value: unknown) => {
    if (value === undefined) delete profile[key];
    else profile[key] = value;
  };
  if (target.networkPlugin !== current.networkPlugin) set("networkPlugin", target.networkPlugin);
  if (target.networkPluginMode !== current.networkPluginMode) set("networkPluginMode", target.networkPluginMode);
  if ((target.networkDataplane ?? "azure") !== (current.networkDataplane ?? "azure"))
    set("networkDataplane", target.networkDataplane);
  if ((target.networkPolicy ?? "none") !== (current.networkPolicy ?? "none"))
    set("networkPolicy", target.networkPolicy);
  if (target.podCidrs.join(",") !== current.podCidrs.join(",") && target.podCidrs.length > 0) {
    set(
      "podCidr",
      target.podCidrs.find((c) => !c.includes(":")),
    );
    if (profile.podCidrs !== undefined || target.podCidrs.length > 1) set("podCidrs", [...target.podCidrs]);
  }
  properties.networkProfile = profile;
  body.properties = properties;
  return body;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new Error("aborted"));
      },
      { once: true },
    );
  });
}
