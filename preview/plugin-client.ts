import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provider from "@pulumi/pulumi/proto/provider_pb";
import * as resourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";

/**
 * The engine's side of the provider-plugin protocol, for tests and the bench: the plugin launched exactly as the Node
 * language host's RunPlugin launches it, a recording Engine service at the address it is given, a ResourceMonitor for
 * Construct, and a ResourceProvider client. Only loopback addresses are used.
 */

type Props = Record<string, unknown>;
const struct = (value: Props) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as never);
type Handler = (call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) => void;

async function serve(
  service: grpc.ServiceDefinition,
  handlers: Record<string, Handler>,
): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  const unimplemented: Handler = (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED });
  const implementation = Object.fromEntries(
    Object.entries(service).map(([name, method]) => [
      (method as { originalName?: string }).originalName ?? name,
      handlers[(method as { originalName?: string }).originalName ?? name] ?? unimplemented,
    ]),
  );
  server.addService(service, implementation as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { server, address: `127.0.0.1:${port}` };
}

function shutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => server.tryShutdown(() => resolve()));
}

/** The engine's Engine service: records every log message a plugin sends (severity and text). */
export class FakeEngine {
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    readonly logs: { severity: number; message: string; urn: string }[],
  ) {}

  static async start(): Promise<FakeEngine> {
    const logs: FakeEngine["logs"] = [];
    const { server, address } = await serve(engineGrpc.EngineService as unknown as grpc.ServiceDefinition, {
      log: (call, callback) => {
        const r = call.request as engineProto.LogRequest;
        logs.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn() });
        callback(null, new Empty());
      },
      getRootResource: (_call, callback) => callback(null, new engineProto.GetRootResourceResponse()),
      setRootResource: (_call, callback) => callback(null, new engineProto.SetRootResourceResponse()),
    });
    return new FakeEngine(server, address, logs);
  }

  stop(): Promise<void> {
    return shutdown(this.server);
  }
}

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly version: string;
  readonly aliasTypes: string[];
  readonly inputs: Props;
}

/** Answers an Invoke: the function's return value, or a thrown Error whose message the engine would relay. */
export type InvokeHandler = (token: string, args: Props) => Props;

/** The engine's ResourceMonitor as a Construct sees it: records registrations and answers invokes. */
export class FakeMonitor {
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    readonly registrations: Registration[],
    readonly invokes: { token: string; args: Props }[],
  ) {}

  static async start(project: string, stack: string, invoke: InvokeHandler): Promise<FakeMonitor> {
    const registrations: Registration[] = [];
    const invokes: FakeMonitor["invokes"] = [];
    const supported = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"]);
    const { server, address } = await serve(resourceGrpc.ResourceMonitorService as unknown as grpc.ServiceDefinition, {
      supportsFeature: (call, callback) => {
        const id = (call.request as resourceProto.SupportsFeatureRequest).getId();
        callback(null, new resourceProto.SupportsFeatureResponse().setHassupport(supported.has(id)));
      },
      registerResource: (call, callback) => {
        const r = call.request as resourceProto.RegisterResourceRequest;
        const parentType = r.getParent() === "" ? "" : `${r.getParent().split("::")[2]}$`;
        const urn = `urn:pulumi:${stack}::${project}::${parentType}${r.getType()}::${r.getName()}`;
        const inputs = (r.getObject()?.toJavaScript() ?? {}) as Props;
        registrations.push({
          type: r.getType(),
          name: r.getName(),
          urn,
          parent: r.getParent(),
          custom: r.getCustom(),
          version: r.getVersion(),
          aliasTypes: r.getAliasesList().map((a) => a.getSpec()?.getType() ?? ""),
          inputs,
        });
        const response = new resourceProto.RegisterResourceResponse().setUrn(urn).setObject(struct(inputs));
        if (r.getCustom()) response.setId(`${r.getName()}-id`);
        callback(null, response);
      },
      registerResourceOutputs: (_call, callback) => callback(null, new Empty()),
      invoke: (call, callback) => {
        const r = call.request as resourceProto.ResourceInvokeRequest;
        const args = (r.getArgs()?.toJavaScript() ?? {}) as Props;
        invokes.push({ token: r.getTok(), args });
        try {
          callback(null, new provider.InvokeResponse().setReturn(struct(invoke(r.getTok(), args))));
        } catch (error) {
          callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) });
        }
      },
    });
    return new FakeMonitor(server, address, registrations, invokes);
  }

  stop(): Promise<void> {
    return shutdown(this.server);
  }
}

export interface CheckAnswer {
  readonly inputs: Props;
  readonly failures: { property: string; reason: string }[];
}
export interface DiffAnswer {
  readonly changes: "some" | "none" | "unknown";
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}
export interface ConstructOptions {
  readonly project: string;
  readonly stack: string;
  readonly monitor: string;
  readonly dryRun: boolean;
  readonly parent?: string;
  readonly config?: Record<string, string>;
}

/**
 * A provider plugin started as the Node language host's RunPlugin starts a source-based plugin:
 * `node <pluginDir>/node_modules/@pulumi/pulumi/cmd/run-plugin <pluginDir> <engine address>`, working directory the
 * consumer program's (`cwd`), the port read from its first line of output.
 */
export class PluginProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpc.ResourceProviderClient,
    private readonly log: { text: string },
  ) {}

  static async start(options: {
    pluginDir: string;
    cwd: string;
    engineAddress: string;
    env?: Record<string, string>;
    node?: string;
  }): Promise<PluginProcess> {
    const runPlugin = join(options.pluginDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
    const child = spawn(options.node ?? process.execPath, [runPlugin, options.pluginDir, options.engineAddress], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = { text: "" };
    child.stderr?.on("data", (d: Buffer) => (log.text += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = out.match(/^(\d+)\s*$/m);
        if (m) resolve(Number(m[1]));
        else log.text += d.toString();
      });
      child.on("exit", (code) =>
        reject(new Error(`the plugin exited (${code}) before printing its port: ${log.text}`)),
      );
    });
    return new PluginProcess(
      child,
      new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()),
      log,
    );
  }

  /** Everything the plugin wrote besides its port. */
  get output(): string {
    return this.log.text;
  }

  async getSchema(): Promise<string> {
    const response = await this.call<provider.GetSchemaResponse>("getSchema", new provider.GetSchemaRequest());
    return response.getSchema();
  }

  async getPluginInfo(): Promise<string> {
    return (await this.call<plugin.PluginInfo>("getPluginInfo", new Empty())).getVersion();
  }

  /** Configure as the engine sends it; answers what the provider accepts. */
  async configure(): Promise<{ acceptSecrets: boolean; acceptResources: boolean }> {
    const request = new provider.ConfigureRequest().setArgs(struct({}));
    const response = await this.call<provider.ConfigureResponse>("configure", request);
    return { acceptSecrets: response.getAcceptsecrets(), acceptResources: response.getAcceptresources() };
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckAnswer> {
    const request = new provider.CheckRequest().setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.CheckResponse>("check", request);
    return {
      inputs: (response.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffAnswer> {
    const request = new provider.DiffRequest().setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.DiffResponse>("diff", request);
    const kinds = provider.DiffResponse.DiffChanges;
    const changes = response.getChanges();
    return {
      changes: changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const request = new provider.CreateRequest().setUrn(urn).setProperties(struct(properties));
    const response = await this.call<provider.CreateResponse>("create", request);
    return { id: response.getId(), properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const request = new provider.UpdateRequest().setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.UpdateResponse>("update", request);
    return (response.getProperties()?.toJavaScript() ?? {}) as Props;
  }

  async read(id: string, urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const request = new provider.ReadRequest().setId(id).setUrn(urn).setProperties(struct(properties));
    const response = await this.call<provider.ReadResponse>("read", request);
    return { id: response.getId(), properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async delete(id: string, urn: string, properties: Props): Promise<void> {
    await this.call("delete", new provider.DeleteRequest().setId(id).setUrn(urn).setProperties(struct(properties)));
  }

  /** Construct of a component as the engine sends it for a program in any language; answers its URN and outputs. */
  async construct(
    type: string,
    name: string,
    inputs: Props,
    options: ConstructOptions,
  ): Promise<{ urn: string; state: Props }> {
    const request = new provider.ConstructRequest()
      .setProject(options.project)
      .setStack(options.stack)
      .setDryrun(options.dryRun)
      .setParallel(4)
      .setMonitorendpoint(options.monitor)
      .setType(type)
      .setName(name)
      .setParent(options.parent ?? "")
      .setInputs(struct(inputs))
      .setAcceptsOutputValues(true)
      .setOrganization("organization");
    for (const [key, value] of Object.entries(options.config ?? {})) request.getConfigMap().set(key, value);
    const response = await this.call<provider.ConstructResponse>("construct", request);
    return { urn: response.getUrn(), state: (response.getState()?.toJavaScript() ?? {}) as Props };
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const client = this.client as unknown as Record<
        string,
        (r: unknown, cb: (e: Error | null, r: T) => void) => void
      >;
      client[method].call(this.client, request, (e, r) => (e ? reject(e) : resolve(r)));
    });
  }
}
