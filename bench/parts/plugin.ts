import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeEngine, FakeMonitor, PluginProcess } from "../../preview/plugin-client";
import { median, round } from "../stats";

export interface PluginResult {
  /** Spawn of aks-netguard's plugin to its first GetSchema answer, median of the rounds. */
  readonly pluginStartSeconds: number;
  /** The same for a minimal source-based component plugin (one empty component), same run. */
  readonly floorStartSeconds: number;
  readonly pluginStartRatio: number;
  /**
   * The minimal plugin's spawn to its first GetPluginInfo answer: its start without schema inference (Node, run-plugin,
   * the @pulumi/pulumi its entry imports, gRPC).
   */
  readonly launcherStartSeconds: number;
  readonly pluginStartOverLauncher: number;
  /** Spawn to the end of the first Construct of an AksCluster against a ResourceMonitor, median. */
  readonly constructSeconds: number;
  /** The same ÷ launcherStartSeconds: the first Construct against a floor of the same run, steadier on a loaded machine. */
  readonly constructOverLauncher: number;
  readonly rounds: number;
}

const AKS_CLUSTER_INPUTS = {
  resourceGroupName: "rg1",
  location: "westeurope",
  kubernetesVersion: "1.31",
  network: { plugin: "azure", pluginMode: "overlay", dataplane: "cilium", policy: "cilium", podCidr: "192.168.0.0/16" },
  nodePools: [
    { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
    { name: "apps", vmSize: "Standard_D8ds_v5", count: 2 },
  ],
};

/**
 * The floor: the smallest source-based Node component plugin — one empty ComponentResource, its compiled entry next to
 * the TypeScript source the run-time schema inference reads — which run-plugin hosts with Pulumi's ComponentProvider.
 */
function minimalComponentPlugin(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), "minimal-component-plugin-"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "PulumiPlugin.yaml"), "runtime: nodejs\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "minimal", version: "0.0.1", main: "index.js" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", target: "ES2022" }, files: ["index.ts"] }),
  );
  writeFileSync(
    join(dir, "index.ts"),
    [
      'import * as pulumi from "@pulumi/pulumi";',
      "export interface EmptyArgs {}",
      "export class Empty extends pulumi.ComponentResource {",
      "  constructor(name: string, args: EmptyArgs, opts?: pulumi.ComponentResourceOptions) {",
      '    super("minimal:index:Empty", name, args, opts);',
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "index.js"),
    [
      '"use strict";',
      'const pulumi = require("@pulumi/pulumi");',
      "class Empty extends pulumi.ComponentResource {",
      '  constructor(name, args, opts) { super("minimal:index:Empty", name, args, opts); }',
      "}",
      "exports.Empty = Empty;",
      "",
    ].join("\n"),
  );
  return dir;
}

async function secondsTo(pluginDir: string, engine: FakeEngine, until: (p: PluginProcess) => Promise<unknown>) {
  const consumer = mkdtempSync(join(tmpdir(), "bench-consumer-"));
  const started = process.hrtime.bigint();
  const plugin = await PluginProcess.start({ pluginDir, cwd: consumer, engineAddress: engine.address });
  try {
    await until(plugin);
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await plugin.stop();
    rmSync(consumer, { recursive: true, force: true });
  }
}

/**
 * Part 8: the provider plugin started as the Node language host's RunPlugin starts it (working directory an empty
 * folder, as for a Python program), to its first GetSchema and to the end of its first Construct; the floor is a
 * minimal source-based component plugin, measured in the same rounds, interleaved: to its first GetSchema (which infers
 * its schema from the TypeScript source, as run-plugin does for a package without a shipped one) and to its first
 * GetPluginInfo (its start without the inference).
 */
export async function benchPlugin(root: string, rounds = 5): Promise<PluginResult> {
  const floorDir = minimalComponentPlugin(root);
  const engine = await FakeEngine.start();
  const monitor = await FakeMonitor.start("bench", "dev", (token) => {
    throw new Error(`invocation of ${token} returned an error: request failed: ERROR CODE: ResourceNotFound`);
  });
  try {
    const ours: number[] = [];
    const floor: number[] = [];
    const launcher: number[] = [];
    const construct: number[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(await secondsTo(root, engine, (p) => p.getSchema()));
      floor.push(await secondsTo(floorDir, engine, (p) => p.getSchema()));
      launcher.push(await secondsTo(floorDir, engine, (p) => p.getPluginInfo()));
      construct.push(
        await secondsTo(root, engine, (p) =>
          p.construct("aks-netguard:index:AksCluster", `prod${r}`, AKS_CLUSTER_INPUTS, {
            project: "bench",
            stack: "dev",
            monitor: monitor.address,
            dryRun: true,
          }),
        ),
      );
    }
    const pluginStartSeconds = median(ours);
    const floorStartSeconds = median(floor);
    const launcherStartSeconds = median(launcher);
    return {
      pluginStartSeconds: round(pluginStartSeconds, 2),
      floorStartSeconds: round(floorStartSeconds, 2),
      pluginStartRatio: round(pluginStartSeconds / floorStartSeconds, 2),
      launcherStartSeconds: round(launcherStartSeconds, 2),
      pluginStartOverLauncher: round(pluginStartSeconds / launcherStartSeconds, 2),
      constructSeconds: round(median(construct), 2),
      constructOverLauncher: round(median(construct) / launcherStartSeconds, 2),
      rounds,
    };
  } finally {
    await monitor.stop();
    await engine.stop();
    rmSync(floorDir, { recursive: true, force: true });
  }
}
