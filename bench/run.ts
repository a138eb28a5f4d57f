import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../cli/package-root";
import { benchAnalyze, benchStack, type AnalyzeResult, type StackResult } from "./parts/analyze";
import { benchAudit, type AuditBenchResult } from "./parts/audit";
import { benchCompile, type CompileResult } from "./parts/compile";
import { benchComponent, type ComponentResult } from "./parts/component";
import { benchCore, type CoreResult } from "./parts/core";
import { benchLiveGather, type LiveGatherResult } from "./parts/live-gather";
import { benchPlugin, type PluginResult } from "./parts/plugin";
import { benchKube, type KubeResult } from "./parts/kube";
import { benchPackStart, type PackStartResult } from "./parts/pack-start";
import { machine } from "./stats";
import { judge, TARGETS, targetText, type TargetResult } from "./targets";

/** One part of the bench: what it measures, its top-level figures, and its rows of detail for results.md. */
interface Part<R> {
  readonly name: string;
  readonly title: string;
  readonly run: (root: string) => R | Promise<R>;
  readonly figures: (r: R) => Record<string, number>;
  readonly rows: (r: R) => string[];
}

const part = <R>(p: Part<R>): Part<unknown> => p as unknown as Part<unknown>;

const PARTS: readonly Part<unknown>[] = [
  part<AnalyzeResult>({
    name: "analyze",
    title: "Analyze through the gRPC server: this pack vs a no-op pack",
    run: (root) => benchAnalyze(root),
    figures: (a) => ({ analyzeRatio: a.analyzeRatio, analyzeP50Ms: a.packP50Ms }),
    rows: (a) => [
      `Analyze p50 / p95, this pack (${a.policies} policies, ${a.packDiagnostics} diagnostics) | ${a.packP50Ms} / ${a.packP95Ms} ms`,
      `Analyze p50 / p95, no-op pack (same policy count; floor), ${a.requests} requests interleaved | ${a.noopP50Ms} / ${a.noopP95Ms} ms`,
    ],
  }),
  part<StackResult>({
    name: "stack",
    title: "AnalyzeStack growth (100, 1,000, 10,000 resources), the no-op pack interleaved at 10,000",
    run: (root) => benchStack(root),
    figures: (s) => ({
      stackRatio: s.stackRatio,
      stack10kSeconds: s.stack10kSeconds,
      stackPeakMemoryRatio: s.stackPeakMemoryRatio,
      stackGrowth10kOver1k: s.stackGrowth10kOver1k,
    }),
    rows: (s) => [
      ...s.sizes.map(
        (z) =>
          `AnalyzeStack ${z.resources} resources (${z.diagnostics} diagnostics), median of ${z.resources === 10000 ? `${s.pairs} × ` : ""}${s.rounds} | ${z.seconds} s, peak ${z.peakMemoryMb} MB`,
      ),
      `floor: no-op pack, AnalyzeStack 10000 resources (rounds interleaved with the pack's) | ${s.noop10kSeconds} s, peak ${s.noop10kPeakMemoryMb} MB`,
      `peak memory at 10000 resources, each of ${s.pairs} fresh process pairs (this pack / no-op pack) | ${s.peakMemoryPairsMb.map((p) => `${p.pack} / ${p.noop}`).join(", ")} MB`,
    ],
  }),
  part<PackStartResult>({
    name: "pack-start",
    title: "pack start (run-policy-pack spawn to GetAnalyzerInfo): this pack vs a no-op pack, interleaved",
    run: (root) => benchPackStart(root),
    figures: (p) => ({ packStartSeconds: p.packStartSeconds, packStartRatio: p.packStartRatio }),
    rows: (p) => [
      `pack start (dist/policies, ${p.policies} policies), median of ${p.rounds}; floor: the no-op pack, same way | ${p.packStartSeconds} s; floor ${p.noopStartSeconds} s (${p.packStartRatio}×)`,
      `--policy-pack ./policies (loads the compiled pack) | ${p.sourceDirStartSeconds} s (${p.sourceDirStartRatio}× the floor)`,
    ],
  }),
  part<CoreResult>({
    name: "core",
    title: "rules core",
    run: () => benchCore(),
    figures: (c) => ({ transitionMicros: c.transitionMicros }),
    rows: (c) => [
      `transitionMicros (evaluateTransition) | ${c.transitionMicros} µs (${c.transitionOverJson}× a JSON round-trip, ${c.jsonRoundTripMicros} µs)`,
      `planMicros (planMigration, ${c.planSteps} steps) | ${c.planMicros} µs`,
    ],
  }),
  part<ComponentResult>({
    name: "component",
    title: "component vs raw ManagedClusters under mocks",
    run: (root) => benchComponent(root),
    figures: (c) => ({ componentRatio: c.componentRatio }),
    rows: (c) =>
      c.perCluster.map(
        (p) =>
          `${p.clusters} cluster(s): AksCluster / raw, per cluster | ${p.componentMs} / ${p.rawMs} ms = ${p.ratio}`,
      ),
  }),
  part<CompileResult>({
    name: "compile",
    title: "consumer compile cost",
    run: (root) => benchCompile(root),
    figures: (c) => ({ compileRatio: c.compileRatio }),
    rows: (c) => [
      `compile, package root / azure-native deep import | ${c.packageRootSeconds} s / ${c.azureNativeDeepSeconds} s`,
    ],
  }),
  part<AuditBenchResult>({
    name: "audit",
    title: "fleet audit: 5,000 clusters on a loopback Resource Graph",
    run: (root) => benchAudit(root),
    figures: (a) => ({ audit5kSeconds: a.audit5kSeconds, auditPerClusterMs: a.auditPerClusterMs }),
    rows: (a) => [
      `audit --format json, 5,000 clusters / 40 subscriptions (${a.queries} queries, ${a.throttled} throttled); floor: fetching the pages alone | ${a.audit5kSeconds} s; floor ${a.fetch5kSeconds} s (${a.audit5kOverFetch}×)`,
      `audit per cluster (judge + plan + JSON + HTML); floor: parsing the row alone | ${a.auditPerClusterMs} ms; floor ${a.parsePerClusterMs} ms (${a.perClusterOverParse}×)`,
    ],
  }),
  part<LiveGatherResult>({
    name: "live-gather",
    title: "live Azure facts against the loopback ARM",
    run: () => benchLiveGather(),
    figures: (l) => ({ liveGatherCalls: l.liveGatherCalls, liveGatherMs: l.liveGatherMs }),
    rows: (l) => [
      `live gather, median of ${l.rounds}; floor: one cluster GET | ${l.liveGatherMs} ms; floor ${l.clusterGetMs} ms (${l.liveGatherOverClusterGet}×)`,
    ],
  }),
  part<PluginResult>({
    name: "plugin",
    title: "provider plugin start and Construct, as RunPlugin starts it",
    run: (root) => benchPlugin(root),
    figures: (p) => ({
      pluginStartSeconds: p.pluginStartSeconds,
      pluginStartRatio: p.pluginStartRatio,
      constructSeconds: p.constructSeconds,
    }),
    rows: (p) => [
      `plugin start, median of ${p.rounds}; floor: a minimal source-based component plugin | ${p.pluginStartSeconds} s; floor ${p.floorStartSeconds} s`,
    ],
  }),
  part<KubeResult>({
    name: "kube",
    title:
      "in-cluster scan over the loopback kube-apiserver (2,000 pods, 300 policies, 200 Services, 50 PDBs; and 10×)",
    run: () => benchKube(),
    figures: (k) => ({ kubeScanSeconds: k.kubeScanSeconds, kubeScanGrowth10x: k.kubeScanGrowth10x }),
    rows: (k) => [
      `in-cluster scan (${k.findings} findings); floor: the same pages by node:https | ${k.kubeScanSeconds} s; floor ${k.floorSeconds} s (${k.kubeScanOverFloor}×); 10×: ${k.kubeScan10xSeconds} s`,
    ],
  }),
];

/** A part's result as results.json keeps it: when it was measured, so a partial run keeps the other parts' figures. */
type Measured = Record<string, unknown> & { readonly measuredAt: string };

interface Options {
  readonly parts: readonly Part<unknown>[];
  /** Exit non-zero when a target is missed or not measured (for CI on a quiet machine). */
  readonly strict: boolean;
}

/** Bad arguments: one line naming them, no stack trace. */
class UsageError extends Error {}

const USAGE = `usage: npm run bench -- [--strict] [${PARTS.map((p) => p.name).join("|")}]…`;

function options(argv: readonly string[]): Options {
  const names = argv.filter((a) => !a.startsWith("--"));
  const unknownFlag = argv.find((a) => a.startsWith("--") && a !== "--strict");
  if (unknownFlag !== undefined) throw new UsageError(`unknown flag ${unknownFlag}; ${USAGE}`);
  const unknown = names.find((n) => !PARTS.some((p) => p.name === n));
  if (unknown !== undefined) throw new UsageError(`unknown bench part "${unknown}"; ${USAGE}`);
  return {
    parts: names.length === 0 ? PARTS : PARTS.filter((p) => names.includes(p.name)),
    strict: argv.includes("--strict"),
  };
}

function previousDetails(file: string): Record<string, Measured> {
  if (!existsSync(file)) return {};
  try {
    const previous = JSON.parse(readFileSync(file, "utf8")) as { details?: Record<string, Measured> };
    return previous.details ?? {};
  } catch {
    return {};
  }
}

const fmt = (n: number | undefined) => (n === undefined ? "—" : String(n));

function table(
  host: ReturnType<typeof machine>,
  date: string,
  details: Record<string, Measured>,
  verdicts: readonly TargetResult[],
): string {
  const partDate = (name: string) => details[name]?.measuredAt?.slice(0, 16).replace("T", " ") ?? "—";
  return [
    `Machine: ${host.cores} cores, ${host.cpu}, Node ${host.node}. Last run: ${date}.`,
    "Requests to the served packs are encoded before the clock starts, as the engine (Go) hands them over; times are the pack process's.",
    "Run selected parts with `npm run bench -- <part>…` (parts: " +
      PARTS.map((p) => `\`${p.name}\``).join(", ") +
      "); the other parts keep their last figures, with the time each was measured. `--strict` exits 1 when a target is missed or not measured.",
    "",
    "| figure | what | value | target | verdict | measured (UTC) |",
    "|---|---|---|---|---|---|",
    ...TARGETS.map((t, i) => {
      const v = verdicts[i];
      return `| \`${t.figure}\` | ${t.what} | ${fmt(v.value)}${v.value !== undefined && t.unit ? ` ${t.unit}` : ""} | ${targetText(t) ?? "—"} | ${v.verdict} | ${partDate(t.part)} |`;
    }),
    "",
    "| part | detail | value |",
    "|---|---|---|",
    ...PARTS.flatMap((p) => {
      const d = details[p.name];
      if (d === undefined) return [];
      try {
        return p.rows(d).map((row) => `| ${p.name} | ${row} |`);
      } catch {
        return [`| ${p.name} | (kept from an older results.json whose shape differs) | — |`];
      }
    }),
  ].join("\n");
}

/** `npm run bench`: every figure of the benchmark issues, as ratios against a floor measured in the same run. */
async function main(): Promise<void> {
  const { parts, strict } = options(process.argv.slice(2));
  const root = packageRoot(__dirname);
  const file = join(root, "bench", "results.json");
  const host = machine();
  console.log(`aks-netguard bench on ${host.cores} cores (${host.cpu}), Node ${host.node}, ${host.platform}`);
  const details = previousDetails(file);
  const fresh: Record<string, unknown> = {};
  for (const p of parts) {
    console.log(`${PARTS.indexOf(p) + 1}. ${p.name}: ${p.title} …`);
    const result = await p.run(root);
    fresh[p.name] = result;
    details[p.name] = { ...(result as Record<string, unknown>), measuredAt: new Date().toISOString() };
  }

  // A pack that judged nothing would be fast for the wrong reason.
  const analyze = fresh.analyze as AnalyzeResult | undefined;
  const stack = fresh.stack as StackResult | undefined;
  if ((analyze !== undefined && analyze.packDiagnostics === 0) || stack?.sizes.some((s) => s.diagnostics === 0))
    throw new Error(
      `the pack returned no diagnostics for a workload with invalid clusters (Analyze: ${analyze?.packDiagnostics}; AnalyzeStack: ${stack?.sizes.map((s) => s.diagnostics).join(", ")})`,
    );

  const figures: Record<string, number> = {};
  for (const p of PARTS) {
    const d = details[p.name];
    if (d === undefined) continue;
    try {
      Object.assign(figures, p.figures(d));
    } catch {
      // an older results.json without this part's shape: its figures count as not measured
    }
  }
  const verdicts = judge(figures);
  const date = new Date().toISOString();
  const results = { machine: host, date, ...figures, targets: verdicts, details };
  mkdirSync(join(root, "bench"), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = table(host, date, details, verdicts);
  writeFileSync(join(root, "bench", "results.md"), `${markdown}\n`);
  console.log(`\n${markdown}\n`);
  const missed = verdicts.filter((v) => v.verdict === "MISSED" || v.verdict === "not measured");
  for (const v of missed)
    console.log(
      v.verdict === "MISSED"
        ? `TARGET MISSED: ${v.figure} = ${v.value} (target ${v.target})`
        : `TARGET NOT MEASURED: ${v.figure} (target ${v.target})`,
    );
  if (missed.length === 0) console.log("All targets met.");
  console.log("Results written to bench/results.json and bench/results.md.");
  if (strict && missed.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof UsageError ? error.message : error instanceof Error ? error.stack : error);
  process.exitCode = 2;
});
