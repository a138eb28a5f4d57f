import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provider from "@pulumi/pulumi/proto/provider_pb";
import * as ts from "typescript";
import { REPO_ROOT } from "./cli";

const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

/**
 * A project directory with aks-netguard installed in node_modules as users get it: this checkout's package.json and
 * the given source folders compiled to JavaScript under dist/, its dependencies resolved from this checkout.
 * The dynamic-provider host run from there loads today's sources, never a stale build.
 */
export function installCompiledPackage(folders: readonly string[]): string {
  const project = mkdtempSync(join(tmpdir(), "aks-netguard-project-"));
  const pkg = join(project, "node_modules", "aks-netguard");
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ name: manifest.name, version: manifest.version, main: manifest.main, exports: manifest.exports }),
  );
  symlinkSync(join(REPO_ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
  for (const folder of folders) {
    for (const file of typeScriptFiles(join(REPO_ROOT, folder))) {
      const output = ts.transpileModule(readFileSync(file, "utf8"), {
        fileName: file,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
      });
      const out = join(pkg, "dist", relative(REPO_ROOT, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, output.outputText);
    }
  }
  return project;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), spoken to over gRPC the way the engine does. */
export class DynamicProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpc.ResourceProviderClient,
    private readonly log: { text: string },
  ) {}

  /** Starts the host in `cwd` (the project directory, as the engine does) and configures it. */
  static async start(cwd: string, env: Record<string, string>): Promise<DynamicProviderHost> {
    const entry = join(dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "dynamic-provider");
    const child = spawn(process.execPath, [entry, "127.0.0.1:0"], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = { text: "" };
    child.stderr.on("data", (d: Buffer) => (log.text += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = out.match(/^(\d+)\s*$/m);
        if (m) resolve(Number(m[1]));
        else log.text += d.toString();
      });
      child.on("exit", (code) => reject(new Error(`dynamic provider host exited ${code}: ${log.text}`)));
    });
    const host = new DynamicProviderHost(
      child,
      new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()),
      log,
    );
    const configure = new provider.ConfigureRequest();
    configure.setArgs(struct({}));
    await host.call("configure", configure);
    return host;
  }

  /** Everything the host wrote besides its port. */
  get output(): string {
    return this.log.text;
  }

  async check(
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
    const request = new provider.CheckRequest();
    request.setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.CheckResponse>("check", request);
    return {
      inputs: (response.getInputs()?.toJavaScript() ?? {}) as Record<string, unknown>,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    id: string,
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ changes: "some" | "none" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const request = new provider.DiffRequest();
    request.setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.DiffResponse>("diff", request);
    const kinds = provider.DiffResponse.DiffChanges;
    const changes =
      response.getChanges() === kinds.DIFF_SOME
        ? "some"
        : response.getChanges() === kinds.DIFF_NONE
          ? "none"
          : "unknown";
    return { changes, replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
  }

  async create(
    urn: string,
    properties: Record<string, unknown>,
  ): Promise<{ id: string; properties: Record<string, unknown> }> {
    const request = new provider.CreateRequest();
    request.setUrn(urn).setProperties(struct(properties));
    const response = await this.call<provider.CreateResponse>("create", request);
    return {
      id: response.getId(),
      properties: (response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
    };
  }

  async update(
    id: string,
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const request = new provider.UpdateRequest();
    request.setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
    const response = await this.call<provider.UpdateResponse>("update", request);
    return (response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
  }

  async delete(id: string, urn: string, properties: Record<string, unknown>): Promise<void> {
    const request = new provider.DeleteRequest();
    request.setId(id).setUrn(urn).setProperties(struct(properties));
    await this.call("delete", request);
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
      (this.client as unknown as Record<string, (r: unknown, cb: (e: Error | null, r: T) => void) => void>)[
        method
      ].call(this.client, request, (e, r) => (e ? reject(e) : resolve(r)));
    });
  }
}
