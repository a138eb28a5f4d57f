import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median, round } from "../stats";

export interface ComponentResult {
  readonly perCluster: { clusters: number; componentMs: number; rawMs: number; ratio: number }[];
  readonly componentRatio: number;
}

function run(root: string, kind: "component" | "raw", count: number): number {
  const result = spawnSync(
    process.execPath,
    [join(root, "dist", "bench", "component-worker.js"), kind, String(count)],
    { cwd: root, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`component worker failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

/**
 * Part 4: constructing AksClusters vs raw ManagedClusters with the same pools, per cluster, under the mock runtime, each
 * run in a fresh process. Small counts are dominated by one-time costs and vary most, so they get more rounds.
 * `componentRatio` is the worst of the three sizes.
 */
export function benchComponent(root: string): ComponentResult {
  const perCluster: ComponentResult["perCluster"] = [];
  for (const [clusters, rounds] of [
    [1, 9],
    [10, 7],
    [100, 3],
  ] as const) {
    const component: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < rounds; r++) {
      component.push(run(root, "component", clusters));
      raw.push(run(root, "raw", clusters));
    }
    const c = median(component) / clusters;
    const w = median(raw) / clusters;
    perCluster.push({ clusters, componentMs: round(c, 2), rawMs: round(w, 2), ratio: round(c / w, 2) });
  }
  return { perCluster, componentRatio: Math.max(...perCluster.map((p) => p.ratio)) };
}
