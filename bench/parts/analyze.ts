import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicyPackProcess } from "../../preview/policy-client";
import { median, percentile, round } from "../stats";
import { encodeAnalyze, encodeAnalyzeStack, PreEncodedAnalyzer } from "./pre-encoded";
import { analyzeWorkload, stackWorkload } from "./workload";

export interface AnalyzeResult {
  readonly requests: number;
  readonly packP50Ms: number;
  readonly packP95Ms: number;
  readonly noopP50Ms: number;
  readonly noopP95Ms: number;
  readonly analyzeRatio: number;
  readonly policies: number;
  /** Diagnostics this pack returned over the timed requests: proof it judged them (the no-op pack returns none). */
  readonly packDiagnostics: number;
}

/** Part 1: the same AnalyzeRequests to this pack and to a no-op pack with as many policies, interleaved A/B. */
export async function benchAnalyze(root: string, requests = 2000): Promise<AnalyzeResult> {
  const pack = await PolicyPackProcess.start(join(root, "dist", "policies"));
  const info = await pack.info();
  const stackPolicies = info.policiesList.filter((p) => p.policyType === 2).length;
  const noop = await PolicyPackProcess.start(join(root, "bench", "noop-pack"), {
    NOOP_RESOURCE_POLICIES: String(info.policiesList.length - stackPolicies),
    NOOP_STACK_POLICIES: String(stackPolicies),
  });
  const clients = new Map([
    [pack, new PreEncodedAnalyzer(pack.port)],
    [noop, new PreEncodedAnalyzer(noop.port)],
  ]);
  try {
    for (const p of [pack, noop]) await p.configureStack({ stack: "bench", project: "proj" });
    const encoded = analyzeWorkload(requests).map(encodeAnalyze);
    for (const r of encoded.slice(0, 100)) await Promise.all([...clients.values()].map((c) => c.analyze(r)));
    const ours: number[] = [];
    const floor: number[] = [];
    let packDiagnostics = 0;
    for (const [i, request] of encoded.entries()) {
      const order = i % 2 === 0 ? [pack, noop] : [noop, pack];
      for (const server of order) {
        const start = process.hrtime.bigint();
        const client = clients.get(server);
        if (client === undefined) throw new Error(`no client for ${server}`);
        const response = await client.analyze(request);
        (server === pack ? ours : floor).push(Number(process.hrtime.bigint() - start) / 1e6);
        if (server === pack) packDiagnostics += response.getDiagnosticsList().length;
      }
    }
    return {
      requests,
      policies: info.policiesList.length,
      packP50Ms: round(median(ours), 3),
      packP95Ms: round(percentile(ours, 95), 3),
      noopP50Ms: round(median(floor), 3),
      noopP95Ms: round(percentile(floor, 95), 3),
      analyzeRatio: round(median(ours) / median(floor), 2),
      packDiagnostics,
    };
  } finally {
    for (const client of clients.values()) client.close();
    await pack.stop();
    await noop.stop();
  }
}

interface StackSize {
  readonly resources: number;
  readonly seconds: number;
  readonly peakMemoryMb: number;
  /** Diagnostics of one AnalyzeStack: proof the stack policies correlated the stack. */
  readonly diagnostics: number;
}

/** One pack process's AnalyzeStacks: every round's time, and the process's peak memory. */
interface StackRun {
  readonly times: number[];
  readonly peakMemoryMb: number;
  readonly diagnostics: number;
}

export interface StackResult {
  readonly sizes: StackSize[];
  readonly stack10kSeconds: number;
  readonly stackGrowth10kOver1k: number;
  /** The floor @pulumi/policy sets: a no-op pack with as many policies, same 10,000 resources, rounds interleaved. */
  readonly noop10kSeconds: number;
  readonly noop10kPeakMemoryMb: number;
  /** stack10kSeconds ÷ noop10kSeconds. */
  readonly stackRatio: number;
  /** The pack's peak memory at 10,000 resources ÷ the no-op pack's (medians over the process pairs). */
  readonly stackPeakMemoryRatio: number;
  /** Each pair's peak memory at 10,000 resources, this pack and the no-op pack, MB. */
  readonly peakMemoryPairsMb: { pack: number; noop: number }[];
  readonly rounds: number;
  /** Fresh process pairs (this pack, no-op pack) at 10,000 resources. */
  readonly pairs: number;
}

function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/** A served pack and a client of it, warmed up on the first 100 resources of the stack. */
async function ready(
  pack: PolicyPackProcess,
  resources: ReturnType<typeof stackWorkload>,
  prepare: () => Promise<void>,
): Promise<PreEncodedAnalyzer> {
  const client = new PreEncodedAnalyzer(pack.port);
  await prepare();
  await pack.configureStack({ stack: "bench", project: "proj" });
  await client.analyzeStack(encodeAnalyzeStack(resources.slice(0, 100)));
  return client;
}

/**
 * Fresh pack processes, each warmed up, then `rounds` AnalyzeStacks of the same request to each, the order alternating
 * round by round (a loaded machine slows both alike): every round's time, and each process's peak memory.
 */
async function timeStack(
  packs: readonly { pack: PolicyPackProcess; prepare?: () => Promise<void> }[],
  resources: ReturnType<typeof stackWorkload>,
  rounds: number,
): Promise<StackRun[]> {
  const clients: PreEncodedAnalyzer[] = [];
  try {
    for (const { pack, prepare } of packs) clients.push(await ready(pack, resources, prepare ?? (async () => {})));
    const request = encodeAnalyzeStack(resources);
    const times = packs.map((): number[] => []);
    const diagnostics = packs.map(() => 0);
    for (let r = 0; r < rounds; r++) {
      const order = packs.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) {
        const start = process.hrtime.bigint();
        diagnostics[i] = (await clients[i].analyzeStack(request)).getDiagnosticsList().length;
        times[i].push(Number(process.hrtime.bigint() - start) / 1e9);
      }
    }
    return packs.map(({ pack }, i) => ({
      times: times[i],
      peakMemoryMb: peakMemoryMb(pack.pid ?? 0),
      diagnostics: diagnostics[i],
    }));
  } finally {
    for (const client of clients) client.close();
    for (const { pack } of packs) await pack.stop();
  }
}

const sizeOf = (resources: number, runs: readonly StackRun[]): StackSize => ({
  resources,
  seconds: round(median(runs.flatMap((r) => r.times)), 3),
  peakMemoryMb: round(median(runs.map((r) => r.peakMemoryMb)), 1),
  diagnostics: runs[runs.length - 1].diagnostics,
});

/**
 * Part 2: AnalyzeStack of 100, 1,000 and 10,000 resources; at 10,000 interleaved with the no-op pack's floor, in
 * `pairs` fresh process pairs. A process's peak memory depends on where its major collections fall, which varies from
 * process to process by a third: one pair is a draw, the median over the pairs is the measure.
 */
export async function benchStack(root: string, rounds = 7, pairs = 5): Promise<StackResult> {
  const sizes: StackSize[] = [];
  const counts = await policyCounts(root);
  let floor: StackSize | undefined;
  const peakMemoryPairsMb: { pack: number; noop: number }[] = [];
  for (const size of [100, 1000, 10000]) {
    const resources = stackWorkload(size);
    // One in ten clusters has a baseline, as the issue asks.
    const baselines = Object.fromEntries(
      resources
        .filter((r, i) => r.type.endsWith("ManagedCluster") && i % 40 === 0)
        .map((r) => [r.name, { name: r.name, networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16" } }]),
    );
    const ours = async () => {
      const pack = await PolicyPackProcess.start(join(root, "dist", "policies"));
      return {
        pack,
        prepare: () => pack.configure({ "stack-agent-pools": { baselines }, "stack-vnet-cidrs": { baselines } }),
      };
    };
    if (size < 10000) {
      sizes.push(sizeOf(size, await timeStack([await ours()], resources, rounds)));
      continue;
    }
    const packRuns: StackRun[] = [];
    const noopRuns: StackRun[] = [];
    for (let p = 0; p < pairs; p++) {
      const noop = await PolicyPackProcess.start(join(root, "bench", "noop-pack"), {
        NOOP_RESOURCE_POLICIES: String(counts.resource),
        NOOP_STACK_POLICIES: String(counts.stack),
      });
      const [measured, noopRun] = await timeStack([await ours(), { pack: noop }], resources, rounds);
      packRuns.push(measured);
      noopRuns.push(noopRun);
      peakMemoryPairsMb.push({ pack: measured.peakMemoryMb, noop: noopRun.peakMemoryMb });
    }
    sizes.push(sizeOf(size, packRuns));
    floor = sizeOf(size, noopRuns);
  }
  const t = (n: number) => sizes.find((s) => s.resources === n)?.seconds ?? Number.NaN;
  const peak = sizes.find((s) => s.resources === 10000)?.peakMemoryMb ?? Number.NaN;
  return {
    sizes,
    stack10kSeconds: t(10000),
    stackGrowth10kOver1k: round(t(10000) / t(1000), 2),
    noop10kSeconds: floor?.seconds ?? Number.NaN,
    noop10kPeakMemoryMb: floor?.peakMemoryMb ?? Number.NaN,
    stackRatio: round(t(10000) / (floor?.seconds ?? Number.NaN), 2),
    stackPeakMemoryRatio: round(peak / (floor?.peakMemoryMb ?? Number.NaN), 2),
    peakMemoryPairsMb,
    rounds,
    pairs,
  };
}

async function policyCounts(root: string): Promise<{ resource: number; stack: number }> {
  const pack = await PolicyPackProcess.start(join(root, "dist", "policies"));
  try {
    const info = await pack.info();
    const stack = info.policiesList.filter((p) => p.policyType === 2).length;
    return { resource: info.policiesList.length - stack, stack };
  } finally {
    await pack.stop();
  }
}
