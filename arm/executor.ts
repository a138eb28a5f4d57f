import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import {
  describeFinding,
  describeNetwork,
  evaluateTransition,
  InputError,
  mergeContexts,
  networkKey,
  parseCluster,
  planMigration,
  printable,
  type ClusterNetwork,
  type EvaluationContext,
  type Finding,
  type MigrationStep,
  type Unverified,
} from "../core";
import {
  ManagedClusterArm,
  OperationEndedError,
  type Accepted,
  type ArmClientOptions,
  type ArmDocument,
} from "./arm-client";
import { clusterIdOf, validateClusterRef, type ClusterRef } from "./cluster-ref";
import { changedPaths } from "./document-diff";
import type { OperationJournal } from "./operation-journal";
import { runsStep, stepInEffect, withUpgradeFields } from "./prerequisite-step";
import { sleep } from "./sleep";
import { writableBody } from "./writable-body";

/** The whole run's limit when none is given: AKS network migrations reimage every node and take 20–60 minutes a step. */
export const DEFAULT_TIMEOUT_MS = 180 * 60_000;
/** The longest limit accepted: a day (and well inside what a Node timer can hold). */
export const MAX_TIMEOUT_MS = 24 * 60 * 60_000;

/** Reads context facts for a settled read of the cluster (e.g. live Azure facts, the cluster's insides). */
export type ContextGatherer = (live: ArmDocument) => Promise<EvaluationContext>;

/** Several gatherers as one, read concurrently; a later one's fields win, the facts each could not read are kept. */
export function gatherAll(...gatherers: readonly (ContextGatherer | undefined)[]): ContextGatherer | undefined {
  const present = gatherers.filter((g): g is ContextGatherer => g !== undefined);
  if (present.length <= 1) return present[0];
  return async (live) => mergeContexts(...(await Promise.all(present.map((g) => g(live)))));
}

export interface ExecutorOptions {
  readonly cluster: ClusterRef;
  /** The profile to reach; fields it leaves out keep their current value. */
  readonly target: ClusterNetwork;
  readonly context?: EvaluationContext;
  /**
   * Reads what the rules judge besides the cluster document after every settled read of the cluster: before planning and
   * right before each step's write (the network around it, the cluster's insides). A block there stops the run before
   * the PUT. Several readers are combined with `gatherAll`.
   */
  readonly gatherContext?: ContextGatherer;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  /** At most this many steps in this run (the component applies one per `pulumi up`). */
  readonly maxSteps?: number;
  /** The whole run's limit (default 180 minutes, at most a day); an operation still running then is left to finish in Azure. */
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Retries of 429, 5xx and dropped connections, for every request and poll. */
  readonly retry?: ArmClientOptions["retry"];
  /** The longest Retry-After waited out (default 10 minutes); a longer one stops the run with the reason. */
  readonly maxRetryAfterMs?: number;
  /** One request's limit (default 2 minutes). */
  readonly requestTimeoutMs?: number;
  /** 412 (the cluster changed since it was read) or 409 (an operation is running): read, re-plan and rebuild, this many times. */
  readonly conflictRetries?: number;
  readonly conflictDelayMs?: number;
  /** How long to wait for an operation this tool did not start (default 30 minutes, within the overall limit). */
  readonly foreignWaitMs?: number;
  /** Write without If-Match when ARM's document has no eTag (an old API); refused otherwise (`--no-etag`). */
  readonly allowMissingEtag?: boolean;
  /** On a Failed or Canceled cluster, re-issue its goal state (PUT of the document as read) before planning. */
  readonly reconcileFailed?: boolean;
  /** Where accepted operations are recorded, so that a run after an interrupt follows its own operation. */
  readonly journal?: OperationJournal;
  /** Trust for a private CA (tests); a spawned CLI takes NODE_EXTRA_CA_CERTS instead. */
  readonly httpsAgent?: Agent;
  /** Asked before each step; false stops the run before that step's write. The write is built from a read made after it. */
  readonly confirmStep?: (step: MigrationStep, index: number, total: number) => Promise<boolean>;
  readonly onEvent?: (event: ExecutorEvent) => void;
  /** Run the Kubernetes upgrades the plan needs too; without it the run stops before any prerequisite step. */
  readonly includePrerequisites?: boolean;
}

export type ExecutorEvent =
  | { readonly kind: "planned"; readonly steps: readonly MigrationStep[] }
  /**
   * The rules a gather's facts could not check, once per gather: the one that plans (`index` 0; the first step is
   * written from it too) and each later one before a step's write (that step's index; again after a confirmation's
   * re-read).
   */
  | {
      readonly kind: "checked";
      readonly index: number;
      readonly total: number;
      readonly unverified: readonly Unverified[];
    }
  | { readonly kind: "step-started"; readonly index: number; readonly total: number; readonly step: MigrationStep }
  | {
      readonly kind: "step-accepted";
      readonly index: number;
      readonly total: number;
      readonly step: MigrationStep;
      readonly operationUrl?: string;
    }
  | {
      readonly kind: "step-waiting";
      readonly index: number;
      readonly total: number;
      readonly elapsedMs: number;
      readonly status: string;
    }
  | { readonly kind: "step-retrying"; readonly index: number; readonly reason: string; readonly attempt: number }
  | { readonly kind: "step-done"; readonly index: number; readonly total: number; readonly elapsedMs: number }
  /** The cluster is busy: `ours` when it is an operation this tool started (a run after an interrupt follows it). */
  | {
      readonly kind: "cluster-busy";
      readonly state: string;
      readonly ours: boolean;
      readonly stepTitle?: string;
      readonly status?: string;
    }
  | { readonly kind: "reconciling"; readonly state: string }
  | { readonly kind: "journal-unavailable"; readonly reason: string };

export interface ExecutorResult {
  /**
   * at-target: nothing (more) to do; refused: the target is unreachable, nothing written; stopped: the user or maxSteps
   * ended the run; prerequisite: the next step is outside the network profile and is the user's to run (`remaining[0]`).
   */
  readonly status: "at-target" | "refused" | "stopped" | "prerequisite";
  readonly applied: readonly MigrationStep[];
  readonly remaining: readonly MigrationStep[];
  readonly blockers: readonly Finding[];
  /** The cluster as read at the end. */
  readonly final: ClusterNetwork;
  /** An operation an earlier, interrupted run started, followed to its end by this run (its title). */
  readonly resumed?: string;
  /** The state (Failed or Canceled) whose goal this run re-issued before planning. */
  readonly reconciled?: string;
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
      `Step ${index}/${total} (${step.title}) failed: ${code}: ${printable(armMessage)}. ` +
        `${applied.length} earlier step(s) of this run completed and the cluster keeps them; ${stepState}. ` +
        `Fix the cause and run the same command again: it continues from where the cluster is.`,
    );
    this.name = "StepFailedError";
  }
}

/** The cluster is not in a state to plan from (Failed, Canceled, or busy with an operation that did not end in time). */
export class ClusterStateError extends Error {
  constructor(
    readonly code: "ClusterFailed" | "ClusterBusy" | "MissingETag",
    message: string,
    readonly applied: readonly MigrationStep[],
  ) {
    super(printable(message));
    this.name = "ClusterStateError";
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

interface Read {
  readonly live: ArmDocument;
  readonly model: ClusterNetwork;
}

const BUSY_RECOVERY = "wait for it to end (az aks wait --updated) and run the same command again";

/**
 * Carries a migration out through ARM, one legal step per operation. Per step: read the cluster (it must be Succeeded),
 * plan and check the step, ask, read again, build the body from that read (writable properties only, the step's network
 * fields changed) and PUT it with If-Match on that read's eTag; a 412 or 409 starts the step over from a new read. The
 * operation is followed to its end and the result read back. The cluster itself is the record: a run started again
 * continues from where the cluster is, and follows an operation an interrupted run started. Never DELETEs.
 */
export async function applyNetworkMigration(options: ExecutorOptions): Promise<ExecutorResult> {
  validateClusterRef(options.cluster);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new InputError(
      "timeout",
      timeoutMs / 60_000,
      `a number of minutes above 0 and at most ${MAX_TIMEOUT_MS / 60_000}`,
    );
  const run = new Run(options, timeoutMs);
  try {
    return await run.execute();
  } catch (error) {
    if (run.abort.signal.aborted) throw new MigrationTimeoutError(timeoutMs, run.applied);
    throw error;
  } finally {
    run.close();
  }
}

class Run {
  readonly abort = new AbortController();
  readonly applied: MigrationStep[] = [];
  private readonly arm: ManagedClusterArm;
  private readonly timer: NodeJS.Timeout;
  private readonly emit: (event: ExecutorEvent) => void;
  private readonly clusterId: string;
  private readonly interval: number;
  private resumed?: string;
  private reconciled?: string;
  private context: EvaluationContext | undefined;
  /** The context was gathered since its unverified rules were last reported. */
  private freshContext = false;

  constructor(
    private readonly options: ExecutorOptions,
    timeoutMs: number,
  ) {
    this.arm = new ManagedClusterArm(options);
    this.timer = setTimeout(() => this.abort.abort(), timeoutMs);
    this.emit = options.onEvent ?? (() => undefined);
    this.clusterId = clusterIdOf(options.cluster);
    this.interval = options.pollIntervalMs ?? 15_000;
    this.context = options.context;
  }

  close(): void {
    clearTimeout(this.timer);
  }

  async execute(): Promise<ExecutorResult> {
    const { target } = this.options;
    let current = await this.settled();
    const plan = planMigration(current.model, target, this.context);
    this.freshContext = false;
    this.emit({ kind: "checked", index: 0, total: plan.steps.length, unverified: plan.unverified });
    if (!plan.reachable) return this.result("refused", [], plan.blockers, current);
    this.emit({ kind: "planned", steps: plan.steps });
    const total = plan.steps.length;
    const limit = Math.min(total, this.options.maxSteps ?? total);
    for (let index = 1; index <= limit; index++) {
      if (index > 1) current = await this.settled(plan.steps[index - 1], index, total);
      const next = this.nextStep(current, index, total);
      if ("result" in next) return next.result;
      let step = next.step;
      if (this.options.confirmStep !== undefined) {
        // Ask first, then read: what changes while the question waits must be in the body that is written.
        for (let confirmed: string | undefined; confirmed !== networkKey(step.state);) {
          if (!(await this.options.confirmStep(step, index, total)))
            return this.result("stopped", next.remaining, [], current);
          confirmed = networkKey(step.state);
          current = await this.settled(step, index, total);
          const again = this.nextStep(current, index, total);
          if ("result" in again) return again.result;
          step = again.step;
        }
      }
      this.emit({ kind: "step-started", index, total, step });
      const started = Date.now();
      const written = await this.write(step, index, total, current);
      if (written === "at-target") return this.result("at-target", [], [], await this.settled(step, index, total));
      await this.followStep(step, index, total, started, written);
      current = await this.readBack(step, index, total);
      this.applied.push(step);
      this.emit({ kind: "step-done", index, total, elapsedMs: Date.now() - started });
    }
    const rest = planMigration(current.model, target, this.context);
    return rest.reachable && rest.steps.length === 0
      ? this.result("at-target", [], [], current)
      : this.result("stopped", rest.steps, rest.blockers, current);
  }

  private result(
    status: ExecutorResult["status"],
    remaining: readonly MigrationStep[],
    blockers: readonly Finding[],
    at: Read,
  ): ExecutorResult {
    return {
      status,
      applied: this.applied,
      remaining,
      blockers,
      final: at.model,
      ...(this.resumed ? { resumed: this.resumed } : {}),
      ...(this.reconciled ? { reconciled: this.reconciled } : {}),
    };
  }

  /** The next step from a read, checked with the core; or the run's end when there is none. */
  private nextStep(
    current: Read,
    index: number,
    total: number,
  ): { step: MigrationStep; remaining: readonly MigrationStep[] } | { result: ExecutorResult } {
    const fresh = planMigration(current.model, this.options.target, this.context);
    if (fresh.reachable && fresh.steps.length === 0) return { result: this.result("at-target", [], [], current) };
    const step = fresh.steps[0];
    if (!fresh.reachable || step === undefined) return { result: this.result("refused", [], fresh.blockers, current) };
    if (!runsStep(step, this.options.includePrerequisites === true))
      return { result: this.result("prerequisite", fresh.steps, [], current) };
    const verdict = evaluateTransition(current.model, step.state, this.context);
    if (this.freshContext) this.emit({ kind: "checked", index, total, unverified: verdict.unverified });
    this.freshContext = false;
    if (verdict.verdict === "block") {
      const why = verdict.findings
        .filter((f) => f.severity === "block")
        .map(describeFinding)
        .join(" ");
      throw new StepFailedError(step, index, total, "RefusedByPreflight", why, this.applied);
    }
    return { step, remaining: fresh.steps };
  }

  /**
   * PUT the step with If-Match on the eTag of the read it is built from. 412/409: read again (waiting out an operation
   * that runs), re-plan and re-check, rebuild the body — a bounded number of times, then stop naming what changed.
   */
  private async write(step: MigrationStep, index: number, total: number, read: Read): Promise<Accepted | "at-target"> {
    const attempts = (this.options.conflictRetries ?? 10) + 1;
    const firstEtag = etagOf(read.live);
    let changes: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const body = writableBody(
        step.prerequisite ? withUpgradeFields(read.live, step) : withStepFields(read.live, read.model, step),
      );
      const ifMatch = etagOf(read.live);
      try {
        const accepted = await this.arm.begin(body, { abortSignal: this.abort.signal, ifMatch });
        this.record(step, accepted.operationUrl);
        this.emit({ kind: "step-accepted", index, total, step, operationUrl: accepted.operationUrl });
        return accepted;
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        const status = isRestError(error) ? error.statusCode : undefined;
        if ((status !== 412 && status !== 409) || attempt >= attempts) {
          if (status === 412 || status === 409)
            throw new StepFailedError(
              step,
              index,
              total,
              (isRestError(error) && error.code) || "ConcurrentChange",
              `the cluster kept changing between this run's read and its write (${attempt} tries; eTag ${JSON.stringify(firstEtag)} → ${JSON.stringify(etagOf(read.live))}` +
                `${changes.length > 0 ? `; changed by someone else: ${changes.join(", ")}` : ""}). If-Match kept this run from overwriting the other change; another run of aks-netguard, az aks, the portal or an autoscaler is writing to the cluster`,
              this.applied,
              "nothing of this step was written",
            );
          throw this.stepFailed(step, index, total, error);
        }
        this.emit({
          kind: "step-retrying",
          index,
          reason:
            status === 412
              ? "the cluster changed since it was read (412): reading it again and rebuilding the step"
              : "another operation is in progress on the cluster (409): reading it again once it ends",
          attempt,
        });
        if (status === 409) await sleep((this.options.conflictDelayMs ?? 30_000) * attempt, this.abort.signal);
        const before = read.live;
        read = await this.settled(step, index, total);
        changes = changedPaths(writableBody(before), writableBody(read.live));
        const next = this.nextStep(read, index, total);
        if ("result" in next) {
          if (next.result.status === "at-target") return "at-target";
          throw new StepFailedError(
            step,
            index,
            total,
            "ConcurrentChange",
            `the cluster changed while this step was being written (${changes.join(", ") || "its eTag"}), and the target is no longer reachable from it`,
            this.applied,
            "nothing of this step was written",
          );
        }
        if (networkKey(next.step.state) !== networkKey(step.state))
          throw new StepFailedError(
            step,
            index,
            total,
            "ConcurrentChange",
            `the cluster's network changed while this step was being written (${changes.join(", ")}); its next step is now "${next.step.title}"`,
            this.applied,
            "nothing of this step was written",
          );
      }
    }
  }

  private async followStep(
    step: MigrationStep,
    index: number,
    total: number,
    started: number,
    accepted: Accepted,
  ): Promise<void> {
    try {
      await this.arm.follow(accepted.operationUrl, {
        abortSignal: this.abort.signal,
        intervalInMs: this.interval,
        onPoll: (status) => this.emit({ kind: "step-waiting", index, total, elapsedMs: Date.now() - started, status }),
      });
    } catch (error) {
      if (this.abort.signal.aborted) throw error;
      if (error instanceof OperationEndedError) {
        this.forget();
        throw new StepFailedError(
          step,
          index,
          total,
          error.code ?? `Operation${error.status}`,
          error.message,
          this.applied,
          `the operation ended ${error.status}: ARM now shows this step's values with provisioningState ${error.status} — a goal state, not what runs. ` +
            `Recover by re-issuing it: run the same command with --reconcile, or az aks update -g ${this.options.cluster.resourceGroup} -n ${this.options.cluster.name} with no other change`,
        );
      }
      throw this.stepFailed(
        step,
        index,
        total,
        error,
        "the operation was accepted and may still be running in Azure; run the same command to follow it",
      );
    }
    this.forget();
  }

  /** The read after success must show Succeeded and the step's values. */
  private async readBack(step: MigrationStep, index: number, total: number): Promise<Read> {
    for (let tries = 1; ; tries++) {
      let after: Read;
      try {
        after = await this.read();
      } catch (error) {
        if (this.abort.signal.aborted || !isRestError(error)) throw error;
        throw this.stepFailed(
          step,
          index,
          total,
          error,
          "ARM reported this step's operation as succeeded, but the cluster could not be read back to confirm it",
          "reading the cluster failed: ",
        );
      }
      const state = provisioningStateOf(after.live);
      if (state === "Succeeded" && stepInEffect(after.model, step)) return after;
      if (state === "Succeeded" || tries >= 5)
        throw new StepFailedError(
          step,
          index,
          total,
          "NotInEffect",
          `ARM reported success but the cluster reads ${describeNetwork(after.model)} with provisioningState ${state ?? "(none)"} instead of ${describeNetwork(step.state)} with Succeeded`,
          this.applied,
        );
      await sleep(this.interval, this.abort.signal);
    }
  }

  /** The live network around the cluster, read again for every settled read (a peering added between steps is seen). */
  private async gather(live: ArmDocument): Promise<void> {
    if (this.options.gatherContext === undefined) return;
    this.context = mergeContexts(await this.options.gatherContext(live), this.options.context);
    this.freshContext = true;
  }

  private async read(): Promise<Read> {
    const live = await this.arm.get(this.abort.signal);
    return { live, model: parseCluster(live, this.options.cluster.name, { role: "current" }) };
  }

  /**
   * A read the run may plan from: provisioningState Succeeded and an eTag. Our own operation (a run after an interrupt)
   * is followed to its end; someone else's is waited for, bounded; Failed or Canceled stops the run (or is re-issued with
   * `reconcileFailed`). Read failures between steps end the run like a failed step: earlier steps stay applied.
   */
  private async settled(step?: MigrationStep, index = 0, total = 0): Promise<Read> {
    let reconciled = false;
    for (;;) {
      let current: Read;
      try {
        current = await this.read();
      } catch (error) {
        if (step === undefined || this.abort.signal.aborted || !isRestError(error)) throw error;
        throw this.stepFailed(step, index, total, error, undefined, "reading the cluster failed: ");
      }
      const state = provisioningStateOf(current.live);
      const entry = this.options.journal?.read(this.clusterId);
      const ours = entry !== undefined && entry.network === networkKey(current.model);
      if (state === "Succeeded") {
        if (entry !== undefined) this.forget();
        if (etagOf(current.live) === undefined && this.options.allowMissingEtag !== true)
          throw new ClusterStateError(
            "MissingETag",
            `ARM's document for cluster ${this.options.cluster.name} has no eTag, so a write could not be made conditional on it (If-Match) and could overwrite a change made meanwhile. Nothing was written. Pass --no-etag to write without that protection.`,
            this.applied,
          );
        await this.gather(current.live);
        return current;
      }
      if (state === "Failed" || state === "Canceled") {
        if (this.options.reconcileFailed === true && !reconciled) {
          reconciled = true;
          this.emit({ kind: "reconciling", state });
          await this.reconcile(current);
          this.reconciled = state;
          continue;
        }
        const error = provisioningErrorOf(current.live);
        throw new ClusterStateError(
          "ClusterFailed",
          `cluster ${this.options.cluster.name} is in provisioningState ${state}${ours ? ` after the operation this tool started for "${entry.stepTitle}"` : ""}: ` +
            `the values ARM shows (${describeNetwork(current.model)}) are the goal of the last operation, not necessarily what runs` +
            `${error ? `; the last operation's error: ${error}` : ""}. Nothing was written. ` +
            `Recover by re-issuing that goal: run the same command with --reconcile (or az aks update -g ${this.options.cluster.resourceGroup} -n ${this.options.cluster.name} with no other change), then run it again.`,
          this.applied,
        );
      }
      await this.waitOut(state ?? "(none)", ours ? entry : undefined);
    }
  }

  /** An operation is running: follow ours to its end, or wait (bounded) for someone else's. */
  private async waitOut(state: string, ours: { stepTitle: string; operationUrl?: string } | undefined): Promise<void> {
    this.emit({ kind: "cluster-busy", state, ours: ours !== undefined, stepTitle: ours?.stepTitle });
    if (ours !== undefined) {
      try {
        await this.arm.follow(ours.operationUrl, {
          abortSignal: this.abort.signal,
          intervalInMs: this.interval,
          onPoll: (status) => this.emit({ kind: "cluster-busy", state, ours: true, stepTitle: ours.stepTitle, status }),
        });
        this.resumed = ours.stepTitle;
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        // Ended Failed/Canceled, or its status is gone: the next read says where the cluster stands.
      }
      this.forget();
      return;
    }
    const wait = new AbortController();
    const stop = () => wait.abort();
    this.abort.signal.addEventListener("abort", stop, { once: true });
    const timer = setTimeout(stop, this.options.foreignWaitMs ?? 30 * 60_000);
    try {
      await this.arm.follow(undefined, {
        abortSignal: wait.signal,
        intervalInMs: this.interval,
        onPoll: (status) => this.emit({ kind: "cluster-busy", state, ours: false, status }),
      });
    } catch (error) {
      if (this.abort.signal.aborted) throw error;
      if (error instanceof OperationEndedError) return;
      if (!wait.signal.aborted) throw error;
      throw new ClusterStateError(
        "ClusterBusy",
        `cluster ${this.options.cluster.name} is in provisioningState ${state} with an operation this tool did not start (another run of aks-netguard elsewhere, az aks, the portal, an upgrade) and it did not end while this run waited; nothing was written. ` +
          `Two runs never overwrite each other: each write carries If-Match and waits for the cluster to be Succeeded. Next: ${BUSY_RECOVERY}.`,
        this.applied,
      );
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener("abort", stop);
    }
  }

  /** The documented recovery of a Failed cluster: PUT its goal state again, as read, with If-Match. */
  private async reconcile(current: Read): Promise<void> {
    const accepted = await this.arm.begin(writableBody(current.live), {
      abortSignal: this.abort.signal,
      ifMatch: etagOf(current.live),
    });
    try {
      await this.arm.follow(accepted.operationUrl, { abortSignal: this.abort.signal, intervalInMs: this.interval });
    } catch (error) {
      if (!(error instanceof OperationEndedError)) throw error;
    }
  }

  private record(step: MigrationStep, operationUrl: string | undefined): void {
    try {
      this.options.journal?.write({
        clusterId: this.clusterId,
        stepTitle: step.title,
        network: networkKey(step.state),
        operationUrl,
        acceptedAt: new Date().toISOString(),
      });
    } catch (error) {
      this.emit({ kind: "journal-unavailable", reason: error instanceof Error ? error.message : String(error) });
    }
  }

  private forget(): void {
    try {
      this.options.journal?.clear(this.clusterId);
    } catch {
      // A stale entry is harmless: it is only used when the cluster shows exactly its values while Updating.
    }
  }

  private stepFailed(
    step: MigrationStep,
    index: number,
    total: number,
    error: unknown,
    stepState?: string,
    prefix = "",
  ): StepFailedError {
    const code = isRestError(error)
      ? (error.code ?? `HTTP${error.statusCode ?? ""}`)
      : error instanceof Error
        ? error.name
        : "Error";
    const message = error instanceof Error ? error.message : String(error);
    return new StepFailedError(step, index, total, code, `${prefix}${message}`, this.applied, stepState);
  }
}

function provisioningStateOf(document: ArmDocument): string | undefined {
  const state = (document.properties as { provisioningState?: unknown } | undefined)?.provisioningState;
  return typeof state === "string" ? state : undefined;
}

function provisioningErrorOf(document: ArmDocument): string | undefined {
  const error = (document.properties as { status?: { provisioningError?: { code?: unknown; message?: unknown } } })
    ?.status?.provisioningError;
  if (error === undefined) return undefined;
  const parts = [error.code, error.message].filter((part): part is string => typeof part === "string");
  return parts.join(": ").replace(/\.+$/, "") || undefined;
}

/** The cluster's eTag as ARM reports it (`eTag`; `etag` from proxies that lower-case). */
function etagOf(document: ArmDocument): string | undefined {
  const value = document.eTag ?? document.etag;
  return typeof value === "string" && value !== "" ? value : undefined;
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
  if (target.ipFamilies.join(",") !== current.ipFamilies.join(",") && target.ipFamilies.length > 0) {
    set("ipFamilies", [...target.ipFamilies]);
    if (target.serviceCidrs.join(",") !== current.serviceCidrs.join(",")) set("serviceCidrs", [...target.serviceCidrs]);
  }
  properties.networkProfile = profile;
  body.properties = properties;
  return body;
}
