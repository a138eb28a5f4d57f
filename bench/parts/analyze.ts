import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicyPackProcess } from "../../preview/policy-client";
import { median, percentile, round } from "../stats";
import { analyzeWorkload, stackWorkload } from "./workload";

export interface AnalyzeResult {
  readonly requests: number;
  readonly packP50Ms: number;
  readonly packP95Ms: number;
  readonly noopP50Ms: number;
  readonly noopP95Ms: number;
  readonly analyzeRatio: number;
  readonly policies: number;
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
  try {
    for (const p of [pack, noop]) await p.configureStack({ stack: "bench", project: "proj" });
    const workload = analyzeWorkload(requests);
    for (const r of workload.slice(0, 100)) await Promise.all([pack.analyze(r), noop.analyze(r)]);
    const ours: number[] = [];
    const floor: number[] = [];
    for (const [i, resource] of workload.entries()) {
      const order = i % 2 === 0 ? [pack, noop] : [noop, pack];
      for (const server of order) {
        const start = process.hrtime.bigint();
        await server.analyze(resource);
        (server === pack ? ours : floor).push(Number(process.hrtime.bigint() - start) / 1e6);
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
    };
  } finally {
    await pack.stop();
    await noop.stop();
  }
}

export interface StackResult {
  readonly sizes: { resources: number; seconds: number; peakMemoryMb: number }[];
  readonly stack10kSeconds: number;
  readonly stackGrowth10kOver1k: number;
  /** The floor @pulumi/policy sets: a no-op pack with as many policies, same 10,000 resources. */
  readonly noop10kSeconds: number;
  readonly stack10kOverNoop: number;
}

function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/** Part 2: AnalyzeStack of 100, 1,000 and 10,000 resources; each size in a fresh pack process, median of rounds. */
export async function benchStack(root: string, rounds = 3): Promise<StackResult> {
  const sizes: StackResult["sizes"] = [];
  for (const size of [100, 1000, 10000]) {
    const pack = await PolicyPackProcess.start(join(root, "dist", "policies"));
    try {
      await pack.configureStack({ stack: "bench", project: "proj" });
      const resources = stackWorkload(size);
      // One in ten clusters has a baseline, as the issue asks.
      const baselines = Object.fromEntries(resources.filter((r, i) => r.type.endsWith("ManagedCluster") && i % 40 === 0).map((r) => [r.name, { name: r.name, networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16" } }]));
      await pack.configure({ "stack-agent-pools": { baselines }, "stack-vnet-cidrs": { baselines } });
      await pack.analyzeStack(resources.slice(0, Math.min(100, size)));
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const start = process.hrtime.bigint();
        await pack.analyzeStack(resources);
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
      }
      sizes.push({ resources: size, seconds: round(median(times), 3), peakMemoryMb: peakMemoryMb(pack.pid ?? 0) });
    } finally {
      await pack.stop();
    }
  }
  const t = (n: number) => sizes.find((s) => s.resources === n)!.seconds;
  const noop10kSeconds = await noopStackSeconds(root, stackWorkload(10000), rounds);
  return { sizes, stack10kSeconds: t(10000), stackGrowth10kOver1k: round(t(10000) / t(1000), 2), noop10kSeconds, stack10kOverNoop: round(t(10000) / noop10kSeconds, 2) };
}

async function noopStackSeconds(root: string, resources: ReturnType<typeof stackWorkload>, rounds: number): Promise<number> {
  const counts = await policyCounts(root);
  const noop = await PolicyPackProcess.start(join(root, "bench", "noop-pack"), { NOOP_RESOURCE_POLICIES: String(counts.resource), NOOP_STACK_POLICIES: String(counts.stack) });
  try {
    await noop.configureStack({ stack: "bench", project: "proj" });
    await noop.analyzeStack(resources.slice(0, 100));
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      await noop.analyzeStack(resources);
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    return round(median(times), 3);
  } finally {
    await noop.stop();
  }
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
