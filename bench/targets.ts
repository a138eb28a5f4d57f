/** The figures the benchmark issues name, each with its target: what `npm run bench` checks and reports. */

export interface TargetSpec {
  /** The top-level key of bench/results.json. */
  readonly figure: string;
  /** The part (`npm run bench -- <part>`) that measures it. */
  readonly part: string;
  /** What the figure is, as the table says it. */
  readonly what: string;
  readonly unit?: string;
  /** "≤" or "<" a limit; absent: reported beside its floor, no target. */
  readonly op?: "≤" | "<";
  readonly limit?: number;
}

export const TARGETS: readonly TargetSpec[] = [
  {
    figure: "analyzeRatio",
    part: "analyze",
    what: "Analyze p50, this pack ÷ a no-op pack with as many policies",
    op: "≤",
    limit: 1.15,
  },
  { figure: "analyzeP50Ms", part: "analyze", what: "Analyze p50, this pack", unit: "ms" },
  {
    figure: "stackRatio",
    part: "stack",
    what: "AnalyzeStack of 10,000 resources ÷ the no-op pack's",
    op: "≤",
    limit: 1.25,
  },
  {
    figure: "stack10kSeconds",
    part: "stack",
    what: "AnalyzeStack of 10,000 resources",
    unit: "s",
    op: "<",
    limit: 1.5,
  },
  {
    figure: "stackPeakMemoryRatio",
    part: "stack",
    what: "peak memory (VmHWM) at 10,000 resources ÷ the no-op pack's, medians over 5 fresh process pairs",
    op: "≤",
    limit: 1.1,
  },
  { figure: "stackGrowth10kOver1k", part: "stack", what: "AnalyzeStack 10,000 ÷ 1,000 resources", op: "≤", limit: 12 },
  // The pack-start part (bench/parts/pack-start.ts) fills these two.
  {
    figure: "packStartSeconds",
    part: "pack-start",
    what: "pack spawn (run-policy-pack, compiled pack) to its GetAnalyzerInfo answer",
    unit: "s",
  },
  { figure: "packStartRatio", part: "pack-start", what: "pack start ÷ the no-op pack's", op: "≤", limit: 1.3 },
  { figure: "transitionMicros", part: "core", what: "evaluateTransition per call", unit: "µs" },
  {
    figure: "componentRatio",
    part: "component",
    what: "AksCluster ÷ raw ManagedCluster + AgentPool, per cluster",
    op: "≤",
    limit: 1.5,
  },
  {
    figure: "compileRatio",
    part: "compile",
    what: "compile with aks-netguard ÷ azure-native alone",
    op: "≤",
    limit: 1.2,
  },
  {
    figure: "audit5kSeconds",
    part: "audit",
    what: "fleet audit, 5,000 clusters, JSON out",
    unit: "s",
    op: "≤",
    limit: 10,
  },
  { figure: "auditPerClusterMs", part: "audit", what: "audit per cluster: judge, plan, JSON, HTML", unit: "ms" },
  {
    figure: "liveGatherCalls",
    part: "live-gather",
    what: "ARM requests for 3 pools on 2 subnets of one VNet",
    op: "≤",
    limit: 6,
  },
  { figure: "liveGatherMs", part: "live-gather", what: "live gather against the loopback ARM, median", unit: "ms" },
  {
    figure: "pluginStartSeconds",
    part: "plugin",
    what: "provider plugin spawn to its first GetSchema",
    unit: "s",
    op: "≤",
    limit: 1.5,
  },
  {
    figure: "pluginStartRatio",
    part: "plugin",
    what: "plugin start ÷ a minimal component plugin's",
    op: "≤",
    limit: 1.5,
  },
  {
    figure: "constructSeconds",
    part: "plugin",
    what: "plugin spawn to the end of the first AksCluster Construct",
    unit: "s",
    op: "≤",
    limit: 3,
  },
  {
    figure: "kubeScanSeconds",
    part: "kube",
    what: "in-cluster scan, 2,000 pods, 300 policies, 200 Services, 50 PDBs",
    unit: "s",
    op: "≤",
    limit: 2,
  },
  { figure: "kubeScanGrowth10x", part: "kube", what: "in-cluster scan, 10× the objects ÷ 1×", op: "≤", limit: 12 },
];

type Verdict = "met" | "MISSED" | "not measured" | "—";

export interface TargetResult {
  readonly figure: string;
  readonly value?: number;
  readonly target?: string;
  readonly verdict: Verdict;
}

export const targetText = (t: TargetSpec): string | undefined =>
  t.op === undefined || t.limit === undefined ? undefined : `${t.op} ${t.limit}${t.unit ? ` ${t.unit}` : ""}`;

/** Each target judged against the figures: a figure no part measured is said to be unmeasured, never met. */
export function judge(figures: Readonly<Record<string, number | undefined>>): TargetResult[] {
  return TARGETS.map((t) => {
    const value = figures[t.figure];
    const target = targetText(t);
    if (value === undefined || !Number.isFinite(value))
      return { figure: t.figure, target, verdict: target === undefined ? "—" : "not measured" };
    if (t.limit === undefined) return { figure: t.figure, value, verdict: "—" };
    const met = t.op === "<" ? value < t.limit : value <= t.limit;
    return { figure: t.figure, value, target, verdict: met ? "met" : "MISSED" };
  });
}
