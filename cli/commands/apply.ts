import { isRestError } from "@azure/core-rest-pipeline";
import { NoCredentialsError } from "../../arm/access-tokens";
import { validateClusterRef } from "../../arm/cluster-ref";
import { armEndpointFrom, credentialFrom, pollIntervalFrom, TOKEN_ENV } from "../../arm/credentials";
import {
  applyNetworkMigration,
  ClusterStateError,
  gatherAll,
  DEFAULT_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
  MigrationTimeoutError,
  StepFailedError,
  type ExecutorEvent,
  type ExecutorResult,
} from "../../arm/executor";
import { liveContextReader } from "../../arm/live-facts";
import { fileJournal, stateDirFrom } from "../../arm/operation-journal";
import { parseCluster, printable, type MigrationStep, type Unverified } from "../../core";
import { interruptNotice, onInterrupt, type RunPosition } from "../interrupts";
import { listClusterUserKubeconfig } from "../../arm/cluster-credential";
import { insideFlagsOf, withClusterInsides } from "../cluster-insides";
import { stringFlag, type ParsedCommand } from "../command";
import { FindingPrinter, formatPlan, formatUnverified, styleFor, widthFor, type FindingLayout } from "../format";
import { ExitCode, readJsonFile, UsageError, type CliIO } from "../io";
import { findingToJson, planToJson, unverifiedToJson } from "../report";

/** `aks-netguard apply`: carries the plan out through ARM, one legal step per operation. */
export async function applyCommand(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const values = {
    subscription: stringFlag(parsed.values, "subscription"),
    "resource-group": stringFlag(parsed.values, "resource-group"),
    name: stringFlag(parsed.values, "name"),
    target: stringFlag(parsed.values, "target"),
    timeout: stringFlag(parsed.values, "timeout"),
    "arm-endpoint": stringFlag(parsed.values, "arm-endpoint"),
    yes: parsed.values.yes === true,
    json: parsed.values.json === true,
    "no-etag": parsed.values["no-etag"] === true,
    reconcile: parsed.values.reconcile === true,
    "include-prerequisites": parsed.values["include-prerequisites"] === true,
  };
  const required = (flag: "subscription" | "resource-group" | "name" | "target"): string => {
    const value = values[flag];
    if (value === undefined)
      throw new UsageError(
        `--${flag} is required (aks-netguard apply --subscription <id> --resource-group <rg> --name <cluster> --target <file>).`,
      );
    return value;
  };
  const [subscriptionId, resourceGroup, name, targetFile] = (
    ["subscription", "resource-group", "name", "target"] as const
  ).map(required);
  // Validated before anything else: a name with "/", ".." or "?" would address another resource.
  const cluster = validateClusterRef({ subscriptionId, resourceGroup, name });
  const timeoutMinutes = values.timeout === undefined ? DEFAULT_TIMEOUT_MS / 60_000 : Number(values.timeout);
  if (!(Number.isFinite(timeoutMinutes) && timeoutMinutes > 0 && timeoutMinutes <= MAX_TIMEOUT_MS / 60_000))
    throw new UsageError(
      `--timeout: "${printable(String(values.timeout))}" is not a number of minutes above 0 and at most ${MAX_TIMEOUT_MS / 60_000} (default ${DEFAULT_TIMEOUT_MS / 60_000}).`,
    );
  let endpoint: string;
  try {
    endpoint = armEndpointFrom(values["arm-endpoint"], io.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const target = parseCluster(readJsonFile(targetFile, "--target"), "target");
  const ask = values.yes === true ? undefined : io.confirm;
  const interactive = values.yes !== true;
  if (interactive && ask === undefined) {
    throw new UsageError(
      "not a terminal to ask on: pass --yes to run every step without asking (review the plan with aks-netguard plan first).",
    );
  }
  const style = styleFor(io.isTTY, io.env);
  const layout: FindingLayout = { style, width: widthFor(io) };
  const progress = new Progress(io, values.json !== true);
  const started = Date.now();
  const pollIntervalMs = pollIntervalFrom(io.env);
  // Reading the cluster first resolves the credentials, which can take a while (az, managed identity): say so at once.
  progress.update(() => `resolving Azure credentials (${credentialSource(io.env)})`);
  const credential = credentialFrom(io.env);
  const retry = { maxRetries: 6, retryDelayInMs: Math.min(pollIntervalMs, 1000), maxRetryDelayInMs: 60_000 };
  const inside = insideFlagsOf(parsed.values);
  // The cluster's insides are read again before every step: --kubeconfig, else the cluster user's credential from ARM.
  const fetchKubeconfig =
    inside.kubeconfig === undefined ? () => listClusterUserKubeconfig({ cluster, credential, endpoint }) : undefined;
  // Bad --accept or --kubeconfig input fails here, before anything is read or written.
  await withClusterInsides({}, { ...inside, noKubernetes: true, kubeconfig: undefined, context: undefined });
  const position: RunPosition = { phase: "reading" };
  const checks = new Checks();
  // Every --json answer says which rules the facts of each gather could not check.
  const json = (body: Record<string, unknown>) => io.out(JSON.stringify({ ...body, ...checks.toJson() }, null, 2));
  const stopListening = onInterrupt((signal) => {
    progress.done();
    io.err(`aks-netguard apply: ${interruptNotice(signal, position)}`);
  });
  progress.update(() => `reading cluster ${cluster.name} in ${cluster.resourceGroup} from ${endpoint}`);
  try {
    const result = await applyNetworkMigration({
      cluster,
      target,
      credential,
      // The VNet, peerings, route tables and pools, and the cluster's insides, read again before planning and before
      // every step.
      gatherContext: gatherAll(liveContextReader({ cluster, credential, endpoint, retry }), () =>
        withClusterInsides({}, inside, fetchKubeconfig),
      ),
      endpoint,
      timeoutMs: timeoutMinutes * 60_000,
      pollIntervalMs,
      conflictDelayMs: pollIntervalMs * 2,
      retry,
      includePrerequisites: values["include-prerequisites"] === true,
      allowMissingEtag: values["no-etag"] === true,
      reconcileFailed: values.reconcile === true,
      journal: fileJournal(stateDirFrom(io.env)),
      confirmStep: ask
        ? async (step, index, total) => {
            progress.done();
            return ask(`Apply step ${index}/${total}: ${step.title} (${step.azCommand})?`);
          }
        : undefined,
      onEvent: (event) => {
        track(position, event);
        if (event.kind === "checked") {
          const lines = checks.add(event.index, event.total, event.unverified, layout);
          if (values.json !== true && lines.length > 0) {
            progress.done();
            io.out(lines.join("\n"));
          }
        }
        if (event.kind === "planned" && values.json !== true) {
          const plan = { reachable: true, steps: event.steps, blockers: [], unverified: [] };
          io.out(formatPlan(plan, new FindingPrinter(layout), layout).join("\n"));
        }
        progress.update(describeEvent(event));
      },
    });
    progress.done();
    return report(result, io, values.json === true ? json : undefined, started);
  } catch (error) {
    progress.done();
    if (error instanceof NoCredentialsError) {
      if (values.json === true) json({ status: "failed", error: error.message });
      else io.err(`aks-netguard apply: ${error.message} Nothing was written.`);
      return ExitCode.BadInput;
    }
    if (error instanceof ClusterStateError) {
      if (values.json === true) json({ status: "failed", error: error.message, code: error.code });
      else io.err(`aks-netguard apply: ${error.message}`);
      return error.code === "MissingETag" ? ExitCode.Blocked : ExitCode.StepFailed;
    }
    if (error instanceof StepFailedError || error instanceof MigrationTimeoutError) {
      if (values.json === true) {
        json({
          status: "failed",
          error: error.message,
          ...(error instanceof StepFailedError ? { step: error.index, code: error.code } : {}),
          applied: error.applied.map((s) => s.title),
        });
      } else io.err(`aks-netguard apply: ${error.message}`);
      return ExitCode.StepFailed;
    }
    if (isRestError(error)) {
      // Reading the cluster failed before any step: wrong name, no access, or an unreachable endpoint. Nothing was written.
      const message =
        `cannot read cluster ${values.name} in resource group ${values["resource-group"]} (subscription ${values.subscription}) at ${endpoint}: ` +
        `${error.code ?? "error"}: ${printable(error.message)}. Nothing was written.`;
      if (values.json === true) json({ status: "failed", error: message, code: error.code });
      else io.err(`aks-netguard apply: ${message}`);
      return ExitCode.BadInput;
    }
    throw error;
  } finally {
    stopListening();
  }
}

/** Where the run stands, for the message an interrupt prints. */
function track(position: RunPosition, event: ExecutorEvent): void {
  if (event.kind === "step-started")
    Object.assign(position, { phase: "writing", index: event.index, total: event.total, title: event.step.title });
  else if (event.kind === "step-accepted") position.phase = "running";
  else if (event.kind === "step-done") position.phase = "between-steps";
  else if (event.kind === "cluster-busy")
    Object.assign(position, { phase: event.ours ? "following" : "waiting", title: event.stepTitle ?? position.title });
}

/**
 * The rules each gather's facts could not check: printed as NOT CHECKED lines at each gather (a re-read that finds the
 * same ones before the same step is not printed again), and all of them in --json.
 */
class Checks {
  private readonly gathers: { index: number; total: number; unverified: readonly Unverified[] }[] = [];
  private last?: { index: number; key: string };

  add(index: number, total: number, unverified: readonly Unverified[], layout: FindingLayout): string[] {
    this.gathers.push({ index, total, unverified });
    const key = unverified.map((u) => `${u.rule}\u0000${u.needs}\u0000${u.reason ?? ""}`).join("\n");
    const repeated = this.last?.index === index && this.last.key === key;
    this.last = { index, key };
    if (repeated || unverified.length === 0) return [];
    const when = index === 0 ? "Before planning" : `Before step ${index}/${total}`;
    return [`${when}, with the facts just read:`, ...formatUnverified(unverified, layout, false, "  ")];
  }

  toJson(): Record<string, unknown> {
    return {
      unverified: unverifiedToJson(this.gathers.flatMap((g) => g.unverified)),
      gathers: this.gathers.map((g) => ({
        before: g.index === 0 ? "plan" : `step ${g.index}/${g.total}`,
        unverified: unverifiedToJson(g.unverified),
      })),
    };
  }
}

function report(
  result: ExecutorResult,
  io: CliIO,
  json: ((body: Record<string, unknown>) => void) | undefined,
  started: number,
): number {
  const seconds = Math.round((Date.now() - started) / 1000);
  const code = result.status === "refused" || result.status === "prerequisite" ? ExitCode.Blocked : ExitCode.Allowed;
  if (json !== undefined) {
    json({
      status: result.status,
      applied: result.applied.map((s) => ({ title: s.title, azCommand: s.azCommand })),
      remaining: planToJson({ steps: result.remaining }),
      findings: result.blockers.map(findingToJson),
      seconds,
    });
    return code;
  }
  const style = styleFor(io.isTTY, io.env);
  if (result.status === "refused") {
    io.out(
      [
        style.red("Refused: the target cannot be reached in place; nothing was written."),
        ...new FindingPrinter({ style, width: widthFor(io) }).lines(result.blockers, "  "),
      ].join("\n"),
    );
  } else if (result.status === "prerequisite") {
    const next = result.remaining[0];
    io.out(
      [
        style.yellow(
          `Stopped before step ${result.applied.length + 1}, a prerequisite outside the network profile: ${next.title}.`,
        ),
        `  Run it yourself, then run apply again: ${next.azCommand}`,
        ...(next.kind === "kubernetes-upgrade"
          ? ["  (or pass --include-prerequisites to let apply run the Kubernetes upgrades, one minor version each)"]
          : []),
        `  ${result.applied.length} step(s) applied before it.`,
      ].join("\n"),
    );
  } else if (result.status === "stopped") {
    io.out(
      `Stopped after ${result.applied.length} step(s) in ${seconds} s; ${result.remaining.length} step(s) remain: ${result.remaining.map((s: MigrationStep) => s.title).join("; ")}.`,
    );
  } else {
    if (result.reconciled !== undefined)
      io.out(`The cluster was ${result.reconciled}: re-issued its goal state (--reconcile); that operation succeeded.`);
    if (result.resumed !== undefined)
      io.out(`Followed the operation an earlier run started ("${result.resumed}") to its end; it succeeded.`);
    io.out(
      result.applied.length === 0
        ? style.green(
            "Nothing to do: the cluster is already at the target network profile (provisioningState Succeeded).",
          )
        : style.green(
            `Done: ${result.applied.length} step(s) applied in ${seconds} s; the cluster is at the target network profile.`,
          ),
    );
  }
  return code;
}

/** The progress line for an event; a running operation's elapsed time keeps counting between polls. */
function describeEvent(event: ExecutorEvent): (() => string) | undefined {
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  switch (event.kind) {
    case "step-started":
      return () => `step ${event.index}/${event.total}: ${event.step.title} — started`;
    case "step-waiting": {
      const seen = Date.now();
      return () =>
        `step ${event.index}/${event.total}: ${event.status} (${seconds(event.elapsedMs + Date.now() - seen)})`;
    }
    case "step-retrying":
      return () => `step ${event.index}: ${event.reason}; retry ${event.attempt}`;
    case "step-done":
      return () => `step ${event.index}/${event.total}: done in ${seconds(event.elapsedMs)}`;
    case "step-accepted":
      return () => `step ${event.index}/${event.total}: accepted by ARM, running in Azure`;
    case "cluster-busy":
      return () =>
        event.ours
          ? `following the operation an earlier run started ("${event.stepTitle}"): ${event.status ?? event.state}`
          : `the cluster is ${event.state} with an operation this tool did not start; waiting for it to end (${event.status ?? event.state})`;
    case "reconciling":
      return () => `the cluster is ${event.state}: re-issuing its goal state (--reconcile)`;
    case "journal-unavailable":
      return () =>
        `note: cannot record the running operation (${event.reason}); a run after an interrupt will wait for it instead of following it`;
    default:
      return undefined;
  }
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const ELAPSED = / \(\d+ s\)$/;

/**
 * Progress lines. On a terminal: one line, rewritten by a spinner that turns (and a clock that runs) between events.
 * Otherwise: a plain line per change, not per poll.
 */
class Progress {
  private frame = 0;
  private render?: () => string;
  private lastPrinted?: string;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly io: CliIO,
    private readonly enabled: boolean,
  ) {}

  update(render: (() => string) | undefined): void {
    if (!this.enabled || render === undefined) return;
    if (this.io.isTTY) {
      this.render = render;
      this.draw();
      this.timer ??= setInterval(() => this.draw(), 120);
      this.timer.unref();
      return;
    }
    const text = render();
    if (text.replace(ELAPSED, "") !== this.lastPrinted?.replace(ELAPSED, "")) this.io.out(text);
    this.lastPrinted = text;
  }

  /** Clears the line and stops the spinner (before a question, and at the end). */
  done(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.enabled && this.io.isTTY && this.render !== undefined) process.stdout.write("\r\u001b[2K");
    this.timer = undefined;
    this.render = undefined;
  }

  private draw(): void {
    if (this.render !== undefined)
      process.stdout.write(`\r\u001b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.render()}`);
  }
}

/** Which credential apply will use, named without its value. */
function credentialSource(env: NodeJS.ProcessEnv): string {
  return env[TOKEN_ENV]?.trim()
    ? `the token in ${TOKEN_ENV}`
    : "DefaultAzureCredential: environment, workload or managed identity, az login";
}
