/**
 * The engine's side of a CrossGuard policy pack, for tests: spawns a pack exactly as the Node language host does and
 * speaks to it with the engine's own proto classes.
 *
 * - Launch: `node @pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>`, cwd = the pack directory, with
 *   stack config in PULUMI_CONFIG (a JSON map of "project:key" to string) and PULUMI_NODEJS_{PROJECT,STACK,DRY_RUN}
 *   (pulumi/pulumi pkg/resource/plugin/analyzer_plugin.go, constructEnv). The port is the first line on stdout.
 * - Engine address: run-policy-pack drops it (cmd/run-policy-pack/index.js shifts it off argv) and the Node analyzer
 *   never calls the engine back. The harness still serves a recording fake Engine at that address, so a test can show
 *   that nothing ever calls it.
 * - Configure: the engine reconciles `--policy-pack-config` with every policy's defaults and validates it against the
 *   policies' config schemas before sending config for every policy (pkg/resource/analyzer/config.go,
 *   ReconcilePolicyPackConfig); `reconcilePolicyPackConfig` does the same, refusing what the engine refuses.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import Ajv from "ajv";
import {
  analyzeRequest,
  analyzeResultOf,
  analyzeStackRequest,
  LEVEL_CODES,
  LEVEL_NAMES,
  structOf,
  type AnalyzeResult,
  type EnforcementLevel,
  type EngineResource,
} from "../../engine/analyzer-protocol";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as plugin from "@pulumi/pulumi/proto/plugin_pb";

export {
  analyzeRequest,
  analyzeResultOf,
  analyzeStackRequest,
  urnOf,
  type AnalyzeResult,
  type Diagnostic,
  type EngineResource,
} from "../../engine/analyzer-protocol";

/** A `--policy-pack-config` document: `{ "<policy>" | "all": level | { enforcementLevel?, ...properties } }`. */
export type PolicyPackConfigDocument = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

export interface PolicyMetadata {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

export interface ReconciledConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

export const UNKNOWN = unknownValue;

/** A value as the engine marshals a secret (KeepSecrets). */
export const secret = (value: unknown): Record<string, unknown> => ({ [specialSigKey]: specialSecretSig, value });

/** The levels a config file may name (apitype.EnforcementLevel.IsValid). */
const FILE_LEVELS: readonly string[] = ["advisory", "mandatory", "disabled", "remediate"];

/** The engine's refusal of a policy pack config; the preview stops with these messages. */
export class PolicyConfigError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`policy pack configuration is invalid: ${errors.join("; ")}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Requests and responses, built and read with the engine's proto classes.

export function policyMetadataOf(info: analyzer.AnalyzerInfo): PolicyMetadata[] {
  return info.getPoliciesList().map((p) => {
    const schema = p.getConfigschema();
    return {
      name: p.getName(),
      enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()] ?? "advisory",
      configSchema:
        schema === undefined
          ? undefined
          : {
              properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
              required: schema.getRequiredList(),
            },
    };
  });
}

export function configureRequest(config: ReadonlyMap<string, ReconciledConfig>): analyzer.ConfigureAnalyzerRequest {
  const request = new analyzer.ConfigureAnalyzerRequest();
  for (const [policy, c] of config) {
    const entry = new analyzer.PolicyConfig();
    entry.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel]);
    entry.setProperties(structOf(c.properties));
    request.getPolicyconfigMap().set(policy, entry);
  }
  return request;
}

export interface StackSettings {
  readonly stack?: string;
  readonly project?: string;
  readonly organization?: string;
  readonly dryRun?: boolean;
  readonly tags?: Record<string, string>;
  /** Stack config as the engine holds it: "project:key" to string. */
  readonly config?: Record<string, string>;
}

export function configureStackRequest(settings: StackSettings): analyzer.AnalyzerStackConfigureRequest {
  const request = new analyzer.AnalyzerStackConfigureRequest();
  request
    .setStack(settings.stack ?? "dev")
    .setProject(settings.project ?? "proj")
    .setOrganization(settings.organization ?? "organization");
  request.setDryRun(settings.dryRun ?? true);
  for (const [k, v] of Object.entries(settings.tags ?? {})) request.getTagsMap().set(k, v);
  for (const [k, v] of Object.entries(settings.config ?? {})) request.getConfigMap().set(k, v);
  return request;
}

// ---------------------------------------------------------------------------------------------------------------------
// The engine's policy config reconciliation (pkg/resource/analyzer/config.go).

function parseDocument(
  document: PolicyPackConfigDocument,
): Map<string, { level?: EnforcementLevel; properties: Record<string, unknown> }> {
  const parsed = new Map<string, { level?: EnforcementLevel; properties: Record<string, unknown> }>();
  for (const [policy, value] of Object.entries(document)) {
    if (typeof value === "string") {
      if (!FILE_LEVELS.includes(value))
        throw new PolicyConfigError([
          `parsing enforcement level for "${policy}": "${value}" is not a valid enforcement level`,
        ]);
      parsed.set(policy, { level: value, properties: {} });
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value;
      if (
        enforcementLevel !== undefined &&
        (typeof enforcementLevel !== "string" || !FILE_LEVELS.includes(enforcementLevel))
      ) {
        throw new PolicyConfigError([
          `parsing enforcement level for "${policy}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`,
        ]);
      }
      if (enforcementLevel === undefined && Object.keys(properties).length === 0) continue;
      parsed.set(policy, { level: enforcementLevel, properties });
    } else {
      throw new PolicyConfigError([
        `parsing "${policy}": ${JSON.stringify(value)} is not a valid value; must be a string or object`,
      ]);
    }
  }
  return parsed;
}

/**
 * Every policy's config as the engine sends it in Configure: each policy's default level and schema defaults, then
 * "all", then the document's entries; validated against each policy's config schema. Throws PolicyConfigError where
 * the engine would refuse to run the preview.
 */
export function reconcilePolicyPackConfig(
  policies: readonly PolicyMetadata[],
  document: PolicyPackConfigDocument = {},
): Map<string, ReconciledConfig> {
  const result = new Map<string, ReconciledConfig>();
  for (const p of policies) {
    const defaults = Object.entries(p.configSchema?.properties ?? {})
      .filter(([, s]) => "default" in s)
      .map(([k, s]) => [k, s.default]);
    result.set(p.name, { enforcementLevel: p.enforcementLevel, properties: Object.fromEntries(defaults) });
  }
  const given = parseDocument(document);
  const all = given.get("all")?.level;
  if (all !== undefined) for (const [name, c] of result) result.set(name, { ...c, enforcementLevel: all });
  for (const [policy, c] of given) {
    const current = result.get(policy);
    result.set(policy, {
      enforcementLevel: c.level ?? current?.enforcementLevel ?? "advisory",
      properties: { ...current?.properties, ...c.properties },
    });
  }
  const errors: string[] = [];
  for (const p of policies) {
    if (p.configSchema === undefined) continue;
    const schema = { type: "object", properties: p.configSchema.properties, required: p.configSchema.required };
    for (const error of validateJsonSchema(schema, result.get(p.name)?.properties ?? {}))
      errors.push(`${p.name}: ${error}`);
  }
  if (errors.length > 0) throw new PolicyConfigError(errors);
  return result;
}

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * A config validated against a policy's config schema as the engine does it (gojsonschema), with errors in its words
 * ("(root).exemptions.0: reason is required"), so tests can match what the engine prints.
 */
function validateJsonSchema(schema: Record<string, unknown>, value: unknown): string[] {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = ["(root)", ...e.instancePath.split("/").filter(Boolean)].join(".");
    return e.keyword === "required"
      ? `${path}: ${String(e.params.missingProperty)} is required`
      : `${path}: ${e.message ?? e.keyword}`;
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// The fake engine and the spawned pack.

/** A gRPC Engine service on 127.0.0.1 that records every call it gets (a Node policy pack should make none). */
export class RecordingEngine {
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    readonly calls: readonly string[],
  ) {}

  static async start(): Promise<RecordingEngine> {
    const server = new grpc.Server();
    const calls: string[] = [];
    const record = (method: string) => (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      calls.push(method);
      callback(
        method === "log"
          ? null
          : { code: grpc.status.UNIMPLEMENTED, details: `${method} is not served by the test engine` },
        method === "log" ? new Empty() : undefined,
      );
    };
    server.addService(engineGrpc.EngineService, {
      log: record("log"),
      getRootResource: record("getRootResource"),
      setRootResource: record("setRootResource"),
      startDebugging: record("startDebugging"),
      requirePulumiVersion: record("requirePulumiVersion"),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return new RecordingEngine(server, `127.0.0.1:${port}`, calls);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

export interface LaunchOptions {
  /** Stack config as the engine passes it in PULUMI_CONFIG: "project:key" to a string (objects as JSON text). */
  readonly stackConfig?: Record<string, string>;
  readonly project?: string;
  readonly stack?: string;
  readonly dryRun?: boolean;
  readonly timeoutMs?: number;
}

const RUN_POLICY_PACK = join(dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");

/** The language host's environment for a pack: the engine's own environment, stack config and stack identity. */
function packEnvironment(options: LaunchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The test runner's ts-node and tsconfig-paths settings are not part of what the engine passes on.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TS_NODE_") && k !== "NODE_OPTIONS") env[k] = v;
  const project = options.project ?? "proj";
  const stack = options.stack ?? "dev";
  const dryRun = String(options.dryRun ?? true);
  if (options.stackConfig !== undefined) env.PULUMI_CONFIG = JSON.stringify(options.stackConfig);
  Object.assign(env, {
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_NODEJS_STACK: stack,
    PULUMI_NODEJS_DRY_RUN: dryRun,
    PULUMI_PROJECT: project,
    PULUMI_STACK: stack,
    PULUMI_DRY_RUN: dryRun,
  });
  return env;
}

type Unary<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/** A policy pack process served as `pulumi preview --policy-pack <dir>` serves it, and the engine's client for it. */
export class ServedPolicyPack {
  private metadata?: PolicyMetadata[];

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: analyzerGrpc.AnalyzerClient,
    readonly engine: RecordingEngine,
    readonly port: number,
    private readonly output: { stdout: string; stderr: string },
  ) {}

  static async launch(packDir: string, options: LaunchOptions = {}): Promise<ServedPolicyPack> {
    const engine = await RecordingEngine.start();
    const child = spawn(process.execPath, [RUN_POLICY_PACK, engine.address, packDir], {
      cwd: packDir,
      env: packEnvironment(options),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "" };
    child.stderr.on("data", (d: Buffer) => (output.stderr += d.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? 120_000;
        const timer = setTimeout(
          () => reject(new Error(`the pack printed no port within ${timeoutMs} ms:\n${output.stderr}`)),
          timeoutMs,
        );
        child.stdout.on("data", (d: Buffer) => {
          output.stdout += d.toString();
          const line = output.stdout.match(/^(\d+)\r?\n/);
          if (line !== null) {
            clearTimeout(timer);
            resolve(Number(line[1]));
          }
        });
        child.once("exit", (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`the pack exited (${code ?? signal}) before serving:\n${output.stderr}${output.stdout}`));
        });
      });
      const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      return new ServedPolicyPack(child, client, engine, port, output);
    } catch (error) {
      if (child.exitCode === null) child.kill("SIGKILL");
      await engine.stop();
      throw error;
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get stderr(): string {
    return this.output.stderr;
  }

  /** What the pack printed on stdout after its port. */
  get stdoutAfterPort(): string {
    return this.output.stdout.replace(/^\d+\r?\n/, "");
  }

  async analyzerInfo(): Promise<analyzer.AnalyzerInfo> {
    return this.call<Empty, analyzer.AnalyzerInfo>("getAnalyzerInfo", new Empty());
  }

  async pluginInfo(): Promise<plugin.PluginInfo> {
    return this.call<Empty, plugin.PluginInfo>("getPluginInfo", new Empty());
  }

  async policies(): Promise<PolicyMetadata[]> {
    this.metadata ??= policyMetadataOf(await this.analyzerInfo());
    return this.metadata;
  }

  /** `--policy-pack-config <file>` with this document, reconciled and validated as the engine does, then Configure. */
  async configure(document: PolicyPackConfigDocument = {}): Promise<Map<string, ReconciledConfig>> {
    const config = reconcilePolicyPackConfig(await this.policies(), document);
    await this.call("configure", configureRequest(config));
    return config;
  }

  async configureStack(settings: StackSettings = {}): Promise<void> {
    await this.call("configureStack", configureStackRequest(settings));
  }

  async analyze(resource: EngineResource): Promise<AnalyzeResult> {
    return analyzeResultOf(
      await this.call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>("analyze", analyzeRequest(resource)),
    );
  }

  async analyzeStack(resources: readonly EngineResource[]): Promise<AnalyzeResult> {
    return analyzeResultOf(
      await this.call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
        "analyzeStack",
        analyzeStackRequest(resources),
      ),
    );
  }

  /** Calls any Analyzer method with a prepared request (for RPCs the Node server does not implement). */
  raw<Req, Res>(method: string, request: Req): Promise<Res> {
    return this.call<Req, Res>(method, request);
  }

  /** Ends the pack the way the engine does when the preview is over, and the fake engine with it. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.running) {
      await new Promise<void>((resolve) => {
        this.child.once("exit", () => resolve());
        this.child.kill("SIGTERM");
      });
    }
    await this.engine.stop();
  }

  private call<Req, Res>(method: string, request: Req, deadlineMs = 60_000): Promise<Res> {
    const fn = (this.client as unknown as Record<string, Unary<Req, Res>>)[method];
    return new Promise((resolve, reject) => {
      fn.call(this.client, request, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
  }
}
