import { parseArgs } from "node:util";
import { isRestError } from "@azure/core-rest-pipeline";
import { armEndpointFrom, credentialFrom, pollIntervalFrom } from "../../arm/credentials";
import { applyNetworkMigration, MigrationTimeoutError, StepFailedError, type ExecutorEvent, type ExecutorResult } from "../../arm/executor";
import { parseCluster, type MigrationStep } from "../../core";
import { findingToJson, formatFindings, formatPlan, planToJson, styleFor } from "../format";
import { ExitCode, readJsonFile, UsageError, type CliIO } from "../io";
import { registerCommand } from "../run";

const OPTIONS = {
  subscription: { type: "string" },
  "resource-group": { type: "string" },
  name: { type: "string" },
  target: { type: "string" },
  "arm-endpoint": { type: "string" },
  timeout: { type: "string" },
  yes: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** `aks-netguard apply`: carries the plan out through ARM, one legal step per operation. */
export async function applyCommand(args: readonly string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const flag of ["subscription", "resource-group", "name", "target"] as const) {
    if (values[flag] === undefined) throw new UsageError(`--${flag} is required (aks-netguard apply --subscription <id> --resource-group <rg> --name <cluster> --target <file>).`);
  }
  const timeoutMinutes = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMinutes !== undefined && !(timeoutMinutes > 0)) throw new UsageError(`--timeout: "${values.timeout}" is not a positive number of minutes.`);
  let endpoint: string;
  try {
    endpoint = armEndpointFrom(values["arm-endpoint"], io.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const target = parseCluster(readJsonFile(values.target!, "--target"), "target");
  const interactive = values.yes !== true;
  if (interactive && io.confirm === undefined) {
    throw new UsageError("not a terminal to ask on: pass --yes to run every step without asking (review the plan with aks-netguard plan first).");
  }
  const style = styleFor(io.isTTY, io.env);
  const progress = new Progress(io, values.json !== true);
  const started = Date.now();
  const pollIntervalMs = pollIntervalFrom(io.env);
  try {
    const result = await applyNetworkMigration({
      cluster: { subscriptionId: values.subscription!, resourceGroup: values["resource-group"]!, name: values.name! },
      target,
      credential: credentialFrom(io.env),
      endpoint,
      timeoutMs: timeoutMinutes === undefined ? undefined : timeoutMinutes * 60_000,
      pollIntervalMs,
      conflictDelayMs: pollIntervalMs * 2,
      retry: { maxRetries: 6, retryDelayInMs: Math.min(pollIntervalMs, 1000), maxRetryDelayInMs: 60_000 },
      confirmStep: interactive
        ? async (step, index, total) => io.confirm!(`Apply step ${index}/${total}: ${step.title} (${step.azCommand})?`)
        : undefined,
      onEvent: (event) => {
        if (event.kind === "planned" && values.json !== true) {
          io.out(formatPlan({ reachable: true, steps: event.steps, blockers: [] }, style).join("\n"));
        }
        progress.update(describeEvent(event));
      },
    });
    progress.done();
    return report(result, io, values.json === true, started);
  } catch (error) {
    progress.done();
    if (error instanceof StepFailedError || error instanceof MigrationTimeoutError) {
      if (values.json === true) {
        io.out(JSON.stringify({ status: "failed", error: error.message, ...(error instanceof StepFailedError ? { step: error.index, code: error.code } : {}), applied: error.applied.map((s) => s.title) }, null, 2));
      } else io.err(`aks-netguard apply: ${error.message}`);
      return ExitCode.StepFailed;
    }
    if (isRestError(error)) {
      // Reading the cluster failed before any step: wrong name, no access, or an unreachable endpoint. Nothing was written.
      const message = `cannot read cluster ${values.name} in resource group ${values["resource-group"]} (subscription ${values.subscription}) at ${endpoint}: ` +
        `${error.code ?? "error"}: ${error.message}. Nothing was written.`;
      if (values.json === true) io.out(JSON.stringify({ status: "failed", error: message, code: error.code }, null, 2));
      else io.err(`aks-netguard apply: ${message}`);
      return ExitCode.BadInput;
    }
    throw error;
  }
}

function report(result: ExecutorResult, io: CliIO, json: boolean, started: number): number {
  const seconds = Math.round((Date.now() - started) / 1000);
  const code = result.status === "refused" ? ExitCode.Blocked : ExitCode.Allowed;
  if (json) {
    io.out(JSON.stringify({
      status: result.status,
      applied: result.applied.map((s) => ({ title: s.title, azCommand: s.azCommand })),
      remaining: planToJson({ reachable: true, steps: result.remaining, blockers: [] }),
      findings: result.blockers.map(findingToJson),
      seconds,
    }, null, 2));
    return code;
  }
  const style = styleFor(io.isTTY, io.env);
  if (result.status === "refused") {
    io.out([style.red("Refused: the target cannot be reached in place; nothing was written."), ...formatFindings(result.blockers, style, "  ")].join("\n"));
  } else if (result.status === "stopped") {
    io.out(`Stopped after ${result.applied.length} step(s) in ${seconds} s; ${result.remaining.length} step(s) remain: ${result.remaining.map((s: MigrationStep) => s.title).join("; ")}.`);
  } else {
    io.out(result.applied.length === 0
      ? style.green("Nothing to do: the cluster is already at the target network profile.")
      : style.green(`Done: ${result.applied.length} step(s) applied in ${seconds} s; the cluster is at the target network profile.`));
  }
  return code;
}

function describeEvent(event: ExecutorEvent): string | undefined {
  switch (event.kind) {
    case "step-started":
      return `step ${event.index}/${event.total}: ${event.step.title} — started`;
    case "step-waiting":
      return `step ${event.index}/${event.total}: ${event.status} (${Math.round(event.elapsedMs / 1000)} s)`;
    case "step-retrying":
      return `step ${event.index}: ${event.reason}; retry ${event.attempt}`;
    case "step-done":
      return `step ${event.index}/${event.total}: done in ${Math.round(event.elapsedMs / 1000)} s`;
    default:
      return undefined;
  }
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Progress lines: a spinner rewriting one line on a terminal, plain lines (only when the text changes) otherwise. */
class Progress {
  private frame = 0;
  private last?: string;

  constructor(private readonly io: CliIO, private readonly enabled: boolean) {}

  update(text: string | undefined): void {
    if (!this.enabled || text === undefined) return;
    if (this.io.isTTY) {
      process.stdout.write(`\r\u001b[2K${FRAMES[this.frame++ % FRAMES.length]} ${text}`);
    } else if (text.replace(/\(\d+ s\)$/, "") !== this.last?.replace(/\(\d+ s\)$/, "")) {
      this.io.out(text);
    }
    this.last = text;
  }

  done(): void {
    if (this.enabled && this.io.isTTY && this.last !== undefined) process.stdout.write("\r\u001b[2K");
  }
}

registerCommand("apply", applyCommand);
