import { join } from "node:path";
import { PolicyPackProcess } from "../../preview/policy-client";
import { median, round } from "../stats";

export interface PackStartResult {
  readonly rounds: number;
  /** The compiled pack (dist/policies, what the README points at): spawn to its GetAnalyzerInfo answer, median. */
  readonly packStartSeconds: number;
  /** `--policy-pack ./policies` in this repository (its entry point loads the compiled pack). */
  readonly sourceDirStartSeconds: number;
  /** The floor: the no-op pack with as many policies, the same way. */
  readonly noopStartSeconds: number;
  readonly packStartRatio: number;
  readonly sourceDirStartRatio: number;
  readonly policies: number;
}

/** Spawn as the engine spawns a pack (run-policy-pack) to the answer of its first GetAnalyzerInfo, in seconds. */
async function startSeconds(dir: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; policies: number }> {
  const start = process.hrtime.bigint();
  const pack = await PolicyPackProcess.start(dir, env);
  try {
    const info = await pack.info();
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, policies: info.policiesList.length };
  } finally {
    await pack.stop();
  }
}

/** The pack-start part: pack start, this pack (compiled, and from policies/) against the no-op pack, interleaved, median of `rounds`. */
export async function benchPackStart(root: string, rounds = 7): Promise<PackStartResult> {
  const compiled = join(root, "dist", "policies");
  const first = await PolicyPackProcess.start(compiled);
  const info = await first.info();
  await first.stop();
  const stackPolicies = info.policiesList.filter((p) => p.policyType === 2).length;
  const noopEnv = {
    NOOP_RESOURCE_POLICIES: String(info.policiesList.length - stackPolicies),
    NOOP_STACK_POLICIES: String(stackPolicies),
  };
  const candidates = [
    { dir: compiled, env: {}, times: [] as number[] },
    { dir: join(root, "policies"), env: {}, times: [] as number[] },
    { dir: join(root, "bench", "noop-pack"), env: noopEnv, times: [] as number[] },
  ];
  for (let r = 0; r < rounds; r++) {
    // A different order each round, so no pack always starts right after another's exit.
    const order = candidates.map((_, i) => candidates[(i + r) % candidates.length]);
    for (const c of order) c.times.push((await startSeconds(c.dir, c.env)).seconds);
  }
  const [pack, source, noop] = candidates.map((c) => median(c.times));
  return {
    rounds,
    packStartSeconds: round(pack, 3),
    sourceDirStartSeconds: round(source, 3),
    noopStartSeconds: round(noop, 3),
    packStartRatio: round(pack / noop, 2),
    sourceDirStartRatio: round(source / noop, 2),
    policies: info.policiesList.length,
  };
}
