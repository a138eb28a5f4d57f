import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../cli/package-root";
import { benchCompile } from "./parts/compile";
import { benchCore } from "./parts/core";
import { machine } from "./stats";

interface Target {
  readonly figure: string;
  readonly value: number;
  readonly limit: number;
  readonly met: boolean;
}

const check = (figure: string, value: number, limit: number): Target => ({ figure, value, limit, met: value <= limit });

async function main(): Promise<void> {
  const root = packageRoot();
  const host = machine();
  console.log(`aks-netguard bench on ${host.cores} cores (${host.cpu}), Node ${host.node}`);

  console.log("3. rules core …");
  const core = benchCore();
  console.log("5. consumer compile cost …");
  const compile = benchCompile(root);

  const targets = [check("compileRatio", compile.compileRatio, 1.2)];
  const results = {
    machine: host,
    date: new Date().toISOString(),
    transitionMicros: core.transitionMicros,
    compileRatio: compile.compileRatio,
    details: { core, compile },
    targets,
  };
  const outDir = join(root, "bench");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const table = [
    "| figure | value | target |",
    "|---|---|---|",
    `| transitionMicros (evaluateTransition, worst-case plan input) | ${core.transitionMicros} µs (${core.transitionOverJson}× a JSON round-trip) | — |`,
    `| planMicros (planMigration, ${core.planSteps} steps) | ${core.planMicros} µs | — |`,
    `| compileRatio (package root / azure-native deep import) | ${compile.compileRatio} (${compile.packageRootSeconds} s / ${compile.azureNativeDeepSeconds} s) | ≤ 1.2 |`,
  ].join("\n");
  writeFileSync(join(outDir, "results.md"), `${table}\n`);
  console.log(`\n${table}\n`);
  for (const t of targets.filter((t) => !t.met)) console.log(`TARGET MISSED: ${t.figure} = ${t.value} (target ≤ ${t.limit})`);
  console.log(`Results written to ${join("bench", "results.json")} and ${join("bench", "results.md")}.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
