import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median, round } from "../stats";

export interface CompileResult {
  readonly packageRootSeconds: number;
  readonly azureNativeDeepSeconds: number;
  readonly compileRatio: number;
}

/** `tsc --noEmit` of a one-file consumer importing the package root vs one importing only azure-native's ManagedCluster. */
export function benchCompile(repoRoot: string, rounds = 5): CompileResult {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const fixtures = join(repoRoot, "bench", "compile-fixtures");
  const seconds = (name: string) => {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [tsc, "-p", join(fixtures, name, "tsconfig.json")], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`tsc failed on ${name}: ${run.stdout}${run.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const root: number[] = [];
  const deep: number[] = [];
  seconds("package-root");
  seconds("azure-native-deep");
  for (let i = 0; i < rounds; i++) {
    // Interleaved so drift in machine load touches both alike.
    root.push(seconds("package-root"));
    deep.push(seconds("azure-native-deep"));
  }
  return {
    packageRootSeconds: round(median(root), 2),
    azureNativeDeepSeconds: round(median(deep), 2),
    compileRatio: round(median(root) / median(deep), 2),
  };
}
