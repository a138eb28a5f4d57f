import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provider from "@pulumi/pulumi/proto/provider_pb";
import { REPO_ROOT } from "./cli";

const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

/** The real dynamic-provider host, spoken to the way the engine speaks to it. */
export class DynamicProviderHost {
  private constructor(private readonly child: ChildProcess, private readonly client: providerGrpc.ResourceProviderClient) {}

  static async start(env: Record<string, string>): Promise<DynamicProviderHost> {
    const entry = join(dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "dynamic-provider");
    const child = spawn(process.execPath, [entry, "127.0.0.1:0"], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = out.match(/^(\d+)\s*$/m);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`dynamic provider host exited ${code}: ${err}`)));
    });
    const host = new DynamicProviderHost(child, new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    const configure = new provider.ConfigureRequest();
    configure.setArgs(struct({}));
    await host.call("configure", configure);
    return host;
  }

  async check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
    const request = new provider.CheckRequest();
    request.setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.CheckResponse>("check", request);
    return {
      inputs: (response.getInputs()?.toJavaScript() ?? {}) as Record<string, unknown>,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes: "some" | "none" | "unknown"; replaces: string[] }> {
    const request = new provider.DiffRequest();
    request.setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.DiffResponse>("diff", request);
    const changes = response.getChanges() === provider.DiffResponse.DiffChanges.DIFF_SOME ? "some" : response.getChanges() === provider.DiffResponse.DiffChanges.DIFF_NONE ? "none" : "unknown";
    return { changes, replaces: response.getReplacesList() };
  }

  async update(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request = new provider.UpdateRequest();
    request.setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.UpdateResponse>("update", request);
    return (response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      (this.client as unknown as Record<string, (r: unknown, cb: (e: Error | null, r: T) => void) => void>)[method].call(this.client, request, (e, r) => (e ? reject(e) : resolve(r)));
    });
  }
}
