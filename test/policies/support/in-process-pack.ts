/**
 * The pack's policies run by @pulumi/policy's own server code, in this process and without a socket: each request is
 * built with the engine's proto classes and handed to the handlers `serve()` registers, so args are built exactly as
 * in a served pack (props deserialized and wrapped in unknownCheckingProxy, opts from the request, stackTags from
 * ConfigureStack, getConfig from Configure, notApplicable, the report function and the level a diagnostic gets).
 *
 * @pulumi/policy exports its analyze handlers (`makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`) but not `configure` and
 * `configureStack`, which hold the config and tags every handler reads. `serve()` is the one way to reach them: it is
 * called once with the pack's real arguments on a gRPC server whose addService is intercepted and which never binds.
 */
import { dirname, join } from "node:path";
import { readFileSync } from "node:fs";
import type { Policy, PolicyPackArgs } from "@pulumi/policy";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { PACK_NAME, packArgs } from "../../../policies/pack";
import { watchSecrets } from "../../../policies/lib/secrets";
import {
  analyzeRequest,
  analyzeResultOf,
  analyzeStackRequest,
  configureRequest,
  configureStackRequest,
  policyMetadataOf,
  reconcilePolicyPackConfig,
  type AnalyzeResult,
  type EngineResource,
  type PolicyPackConfigDocument,
  type ReconciledConfig,
  type StackSettings,
} from "../../support/policy-server";

type Callback = (error: unknown, response?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => unknown;

interface PolicyServerModule {
  serve(name: string, version: string, level: string, args: PolicyPackArgs, initialConfig?: unknown): void;
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policy[]): Handler;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: Policy[]): Handler;
}

const SERVER_MODULE = require.resolve("@pulumi/policy/server");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the server module @pulumi/policy ships, resolved by path
const policyServer = require(SERVER_MODULE) as PolicyServerModule;
/** The grpc-js instance @pulumi/policy itself loads. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the grpc-js copy the server module itself loads
const policyGrpc = require(require.resolve("@grpc/grpc-js", { paths: [dirname(SERVER_MODULE)] })) as {
  Server: { prototype: Record<string, unknown> };
};

const PACK_DIR = join(__dirname, "..", "..", "..", "policies");
/** What PolicyPack reads from the pack directory's package.json. */
const PACK_VERSION = (JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")) as { version: string }).version;
/** PolicyPack's default when the pack names no level. */
const PACK_LEVEL = packArgs.enforcementLevel ?? "advisory";

let served: Record<string, Handler> | undefined;

function servedHandlers(): Record<string, Handler> {
  if (served !== undefined) return served;
  const prototype = policyGrpc.Server.prototype;
  const { addService, bindAsync } = prototype;
  let captured: Record<string, Handler> | undefined;
  prototype.addService = function (_service: unknown, implementation: Record<string, Handler>) {
    captured = implementation;
  };
  prototype.bindAsync = function () {};
  try {
    watchSecrets(); // as policies/index.ts does before serving
    policyServer.serve(PACK_NAME, PACK_VERSION, PACK_LEVEL, packArgs);
  } finally {
    prototype.addService = addService;
    prototype.bindAsync = bindAsync;
  }
  if (captured === undefined) throw new Error("@pulumi/policy's serve() registered no Analyzer service");
  served = captured;
  return served;
}

function invoke<Res>(handler: Handler, request: unknown): Promise<Res> {
  return new Promise((resolve, reject) => {
    void handler({ request }, (error, response) => (error ? reject(error) : resolve(response as Res)));
  });
}

/** The served pack's handlers, driven the way the engine drives them. */
export class InProcessPack {
  private static instance?: InProcessPack;
  private readonly handlers = servedHandlers();

  static get(): InProcessPack {
    InProcessPack.instance ??= new InProcessPack();
    return InProcessPack.instance;
  }

  async info(): Promise<analyzer.AnalyzerInfo> {
    return invoke(this.handlers.getAnalyzerInfo, new Empty());
  }

  /** `--policy-pack-config` reconciled as the engine does (throws PolicyConfigError where the engine refuses it). */
  async configure(document: PolicyPackConfigDocument = {}): Promise<Map<string, ReconciledConfig>> {
    const config = reconcilePolicyPackConfig(policyMetadataOf(await this.info()), document);
    await invoke(this.handlers.configure, configureRequest(config));
    return config;
  }

  /** Config sent as-is, without the engine's validation (what a pack must survive if another client sends it). */
  async configureUnchecked(config: ReadonlyMap<string, ReconciledConfig>): Promise<void> {
    await invoke(this.handlers.configure, configureRequest(config));
  }

  async configureStack(settings: StackSettings = {}): Promise<void> {
    await invoke(this.handlers.configureStack, configureStackRequest(settings));
  }

  /** Analyze through every policy of the pack, or only through the given ones (the server's handler with those). */
  async analyze(resource: EngineResource, policies?: Policy | Policy[]): Promise<AnalyzeResult> {
    const only = policies === undefined ? undefined : Array.isArray(policies) ? policies : [policies];
    const handler =
      only === undefined
        ? this.handlers.analyze
        : policyServer.makeAnalyzeRpcFun(PACK_NAME, PACK_VERSION, PACK_LEVEL, only);
    return analyzeResultOf(await invoke(handler, analyzeRequest(resource)));
  }

  /** AnalyzeStack through every policy of the pack, or only through the given ones. */
  async analyzeStack(resources: readonly EngineResource[], policies?: Policy | Policy[]): Promise<AnalyzeResult> {
    const only = policies === undefined ? undefined : Array.isArray(policies) ? policies : [policies];
    const handler =
      only === undefined
        ? this.handlers.analyzeStack
        : policyServer.makeAnalyzeStackRpcFun(PACK_NAME, PACK_VERSION, PACK_LEVEL, only);
    return analyzeResultOf(await invoke(handler, analyzeStackRequest(resources)));
  }
}

/**
 * The in-process pack for one spec file: before each test (or, with `when: before`, once) no policy config and the
 * given stack; after each test no stack config from the environment.
 */
export function usePack(
  stack: StackSettings = { stack: "dev", project: "proj" },
  when: typeof beforeEach = beforeEach,
): InProcessPack {
  const pack = InProcessPack.get();
  when(async () => {
    await pack.configure({});
    await pack.configureStack(stack);
  });
  afterEach(() => delete process.env.PULUMI_CONFIG);
  return pack;
}
