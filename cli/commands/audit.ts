import { writeFileSync } from "node:fs";
import { isRestError } from "@azure/core-rest-pipeline";
import { armEndpointFrom, credentialFrom } from "../../arm/credentials";
import { ManagedClusterGraph } from "../../arm/resource-graph";
import { parseCluster, type AuditReport, type ClusterNetwork } from "../../core";
import { collectAudit } from "../audit/collect";
import { renderCsv } from "../audit/render-csv";
import { renderHtml } from "../audit/render-html";
import { renderMarkdown } from "../audit/render-markdown";
import { renderSarif } from "../audit/render-sarif";
import { renderText } from "../audit/render-text";
import { stringFlag, type OptionValues, type ParsedCommand } from "../command";
import { styleFor } from "../format";
import { ExitCode, readJsonFile, UsageError, type CliIO } from "../io";
import { packageRoot } from "../package-root";

const FORMATS = ["table", "json", "csv", "markdown", "html", "sarif"] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ["block", "warn", "never"] as const;
type FailOn = (typeof FAIL_ON)[number];

/** The target when --target is not given: Azure CNI Overlay with the Cilium data plane and Cilium network policy. */
export const DEFAULT_TARGET = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkDataplane: "cilium",
  networkPolicy: "cilium",
} as const;

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Management group ids: up to 90 letters, digits, hyphens, underscores, periods and parentheses (not ending in a period).
const MANAGEMENT_GROUP_ID = /^[A-Za-z0-9\-_.()]{0,89}[A-Za-z0-9\-_()]$/;
const DEEP_CONCURRENCY = 8;

export interface AuditFlags {
  readonly subscriptions?: readonly string[];
  readonly managementGroups?: readonly string[];
  readonly target: ClusterNetwork;
  readonly targetFields: Readonly<Record<string, string>>;
  readonly format: Format;
  readonly out?: string;
  readonly failOn: FailOn;
  readonly endpoint: string;
  readonly deep: boolean;
}

const listFlag = (values: OptionValues, name: string): string[] | undefined => {
  const value = values[name];
  return Array.isArray(value) ? value : undefined;
};

/** Validates the parsed flags, or throws a UsageError / InputError naming the flag and the value. */
function auditFlagsOf(parsed: OptionValues, env: NodeJS.ProcessEnv): AuditFlags {
  const values = {
    format: stringFlag(parsed, "format"),
    "fail-on": stringFlag(parsed, "fail-on"),
    "arm-endpoint": stringFlag(parsed, "arm-endpoint"),
    target: stringFlag(parsed, "target"),
    out: stringFlag(parsed, "out"),
    deep: parsed.deep === true,
  };
  const subscriptions = listFlag(parsed, "subscription")?.map((s) => s.trim());
  for (const s of subscriptions ?? [])
    if (!SUBSCRIPTION_ID.test(s))
      throw new UsageError(
        `--subscription: "${s}" is not a subscription id; expected a GUID such as 00000000-0000-0000-0000-000000000000.`,
      );
  const managementGroups = listFlag(parsed, "management-group")?.map((g) => g.trim());
  for (const g of managementGroups ?? [])
    if (!MANAGEMENT_GROUP_ID.test(g))
      throw new UsageError(
        `--management-group: "${g}" is not a management group id; expected up to 90 letters, digits, -, _, ., ( or ).`,
      );
  if (subscriptions !== undefined && managementGroups !== undefined)
    throw new UsageError("--subscription and --management-group exclude each other: give one scope.");
  const format = (values.format ?? "table") as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format: "${values.format}" is not a format; expected one of ${FORMATS.join(", ")}.`);
  const failOn = (values["fail-on"] ?? "never") as FailOn;
  if (!FAIL_ON.includes(failOn))
    throw new UsageError(`--fail-on: "${values["fail-on"]}" is not a level; expected one of ${FAIL_ON.join(", ")}.`);
  let endpoint: string;
  try {
    endpoint = armEndpointFrom(values["arm-endpoint"], env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const targetInput = values.target === undefined ? DEFAULT_TARGET : readJsonFile(values.target, "--target");
  const target = parseCluster(targetInput, "target");
  return {
    subscriptions: subscriptions ? [...new Set(subscriptions.map((s) => s.toLowerCase()))] : undefined,
    managementGroups,
    target,
    targetFields: targetFieldsOf(target),
    format,
    out: values.out,
    failOn,
    endpoint,
    deep: values.deep === true,
  };
}

function targetFieldsOf(target: ClusterNetwork): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    networkPlugin: target.networkPlugin,
    networkPluginMode: target.networkPluginMode,
    networkDataplane: target.networkDataplane,
    networkPolicy: target.networkPolicy,
    podCidr: target.podCidrs.join(",") || undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

/** `aks-netguard audit`: the estate from Azure Resource Graph, each cluster judged and planned. */
export async function auditCommand(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const flags = auditFlagsOf(parsed.values, io.env);
  const arm = {
    credential: credentialFrom(io.env),
    endpoint: flags.endpoint,
    retry: { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 60_000 },
  };
  const graph = new ManagedClusterGraph(arm);
  const progress = new ProgressLine(io);
  let report: AuditReport;
  try {
    report = await collectAudit({
      source: graph,
      scope: { subscriptions: flags.subscriptions, managementGroups: flags.managementGroups },
      target: flags.target,
      targetFields: flags.targetFields,
      now: new Date(),
      // The network and container-service SDKs --deep reads with take a second to load: only when asked for.
      deep: flags.deep
        ? {
            reader: { read: (await import("../../arm/live-facts")).resourceGraphRowReader(arm) },
            concurrency: DEEP_CONCURRENCY,
          }
        : undefined,
      progress: (line) => progress.update(line),
    });
    progress.done();
  } catch (error) {
    progress.done();
    if (isRestError(error)) {
      io.err(
        `aks-netguard audit: the Resource Graph query failed at ${flags.endpoint}: ${error.code ?? `HTTP${error.statusCode ?? ""}`}: ${error.message}`,
      );
      return ExitCode.QueryFailed;
    }
    throw error;
  }
  const text = render(report, flags, io);
  if (flags.out !== undefined) {
    try {
      writeFileSync(flags.out, `${text}\n`);
    } catch (error) {
      throw new UsageError(
        `--out ${flags.out}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
    }
    io.err(`aks-netguard audit: ${report.clusters.length} cluster(s) written to ${flags.out} (${flags.format}).`);
  } else io.out(text);
  return failed(report, flags.failOn) ? ExitCode.Blocked : ExitCode.Allowed;
}

function render(report: AuditReport, flags: AuditFlags, io: CliIO): string {
  switch (flags.format) {
    case "json":
      return JSON.stringify(report, null, 2);
    case "csv":
      return renderCsv(report);
    case "markdown":
      return renderMarkdown(report);
    case "html":
      return renderHtml(report);
    case "sarif":
      return renderSarif(report, toolVersion(), flags.endpoint);
    case "table":
      return renderText(report, styleFor(io.isTTY && flags.out === undefined, io.env));
  }
}

/** Blockers count as block findings, rows the audit could not read as warnings. */
export function failed(report: AuditReport, failOn: FailOn): boolean {
  if (failOn === "never") return false;
  return report.clusters.some(
    (c) =>
      c.findings.some((f) => f.severity === "block" || failOn === "warn") ||
      (c.plan?.blockers.length ?? 0) > 0 ||
      (failOn === "warn" && c.status === "unreadable"),
  );
}

function toolVersion(): string {
  try {
    return String(
      (readJsonFile(`${packageRoot(__dirname)}/package.json`, "package.json") as { version?: unknown }).version,
    );
  } catch {
    return "0.0.0";
  }
}

/** On a terminal, one stderr line rewritten as pages and plans run; otherwise a line per step, for logs. */
class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
  private drawn = false;

  constructor(private readonly io: CliIO) {}

  update(line: string): void {
    if (!this.tty) return this.io.err(`aks-netguard audit: ${line}`);
    process.stderr.write(`\r\u001b[2Kaks-netguard audit: ${line}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) process.stderr.write("\r\u001b[2K");
    this.drawn = false;
  }
}
