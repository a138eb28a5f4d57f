import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import {
  analyzeRequest,
  analyzeResultOf,
  analyzeStackRequest,
  LEVEL_CODES,
  LEVEL_NAMES,
  type Diagnostic,
  type EnforcementLevel,
  type EngineResource,
} from "../engine/analyzer-protocol";

export type { Diagnostic, EngineResource };

/**
 * A policy pack served the way the Node language host serves it: `run-policy-pack <engine-address> <pack-dir>` with the
 * pack directory as working directory; the port is read from its stdout and spoken to with the engine's own protos.
 */
export class PolicyPackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: analyzerGrpc.AnalyzerClient,
    readonly port: number,
    private readonly stderr: () => string,
  ) {}

  static async start(packDir: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<PolicyPackProcess> {
    // As the engine does: the pack's own @pulumi/pulumi serves it (a consumer's node_modules, or this repository's).
    const sdk = require.resolve("@pulumi/pulumi/package.json", { paths: [packDir, __dirname] });
    const runner = join(dirname(sdk), "cmd", "run-policy-pack");
    // The engine address is only a placeholder: the Node pack server never calls the engine back.
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", packDir], {
      cwd: packDir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`policy pack did not print its port within ${timeoutMs} ms: ${stderr}`)),
        timeoutMs,
      );
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const match = stdout.match(/^(\d+)\s*$/m);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`policy pack exited with ${code} before serving: ${stderr}${stdout}`));
      });
    });
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PolicyPackProcess(child, client, port, () => stderr);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get errorOutput(): string {
    return this.stderr();
  }

  async info(): Promise<analyzer.AnalyzerInfo.AsObject> {
    return (await this.call<Empty, analyzer.AnalyzerInfo>("getAnalyzerInfo", new Empty())).toObject();
  }

  /**
   * Policy config as `--policy-pack-config` gives it: `{ policy: level | { enforcementLevel?, …properties } }`.
   * Like the engine, an entry without a level carries the policy's own default (the server takes the level it is sent).
   */
  async configure(
    config: Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>,
  ): Promise<void> {
    const defaults = new Map(
      (await this.info()).policiesList.map((p) => [p.name, LEVEL_NAMES[p.enforcementlevel] ?? "advisory"]),
    );
    const request = new analyzer.ConfigureAnalyzerRequest();
    for (const [policy, value] of Object.entries(config)) {
      const entry = new analyzer.PolicyConfig();
      const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : value;
      entry.setEnforcementlevel(LEVEL_CODES[enforcementLevel ?? defaults.get(policy) ?? "advisory"]);
      entry.setProperties(Struct.fromJavaScript(properties as never));
      request.getPolicyconfigMap().set(policy, entry);
    }
    await this.call("configure", request);
  }

  async configureStack(stack: {
    stack: string;
    project: string;
    organization?: string;
    dryRun?: boolean;
    tags?: Record<string, string>;
  }): Promise<void> {
    const request = new analyzer.AnalyzerStackConfigureRequest();
    request
      .setStack(stack.stack)
      .setProject(stack.project)
      .setOrganization(stack.organization ?? "organization")
      .setDryRun(stack.dryRun ?? true);
    for (const [k, v] of Object.entries(stack.tags ?? {})) request.getTagsMap().set(k, v);
    await this.call("configureStack", request);
  }

  async analyze(resource: EngineResource): Promise<Diagnostic[]> {
    return analyzeResultOf(
      await this.call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>("analyze", analyzeRequest(resource)),
    ).diagnostics;
  }

  async analyzeStack(resources: readonly EngineResource[]): Promise<Diagnostic[]> {
    return analyzeResultOf(
      await this.call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
        "analyzeStack",
        analyzeStackRequest(resources),
      ),
    ).diagnostics;
  }

  async stop(): Promise<void> {
    this.client.close();
    if (!this.running) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }

  private call<Req, Res>(method: string, request: Req, deadlineMs = 60_000): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (
        this.client as unknown as Record<
          string,
          (
            r: Req,
            m: grpc.Metadata,
            o: Partial<grpc.CallOptions>,
            cb: (e: grpc.ServiceError | null, r: Res) => void,
          ) => void
        >
      )[method];
      fn.call(this.client, request, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
  }
}
