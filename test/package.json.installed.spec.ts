import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { RULES } from "../core";
import { PolicyPackProcess } from "../preview/policy-client";
import { REPO_ROOT } from "./support/cli";
import { planArgs } from "./support/cli-args";
import { kubenet, pulumiClusterArgs } from "./support/fixtures";

const exec = promisify(execFile);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in the consumer project, as a user's shell would; never rejects on a non-zero exit. */
async function sh(cwd: string, file: string, args: readonly string[], timeout = 120_000): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(file, [...args], { cwd, timeout, env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? e.message };
  }
}

/** Lists a tarball's files (npm pack --json), without the leading `package/`. */
function tarballFiles(packJson: string): string[] {
  const [entry] = JSON.parse(packJson) as { files: { path: string }[] }[];
  return entry.files.map((f) => f.path);
}

// A consumer's program, plain JavaScript under Pulumi's mock runtime: the component from the installed package.
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: args.name + "-id", state: args.inputs };
    },
    call: (args) => {
      if (args.token === "azure-native:containerservice:getManagedCluster") {
        // As the engine relays azure-native's 404: gRPC status 2 with the provider's text in details.
        const details = "invocation returned an error: request failed: RESPONSE 404: 404 Not Found ERROR CODE: ResourceNotFound";
        throw Object.assign(new Error("2 UNKNOWN: " + details), { code: 2, details });
      }
      return {};
    },
  },
  "consumer",
  "dev",
  true,
);
const { AksCluster, NetworkPlugin, NetworkPluginMode, NetworkDataplane, NetworkPolicy } = require("aks-netguard");
const aks = new AksCluster("prod", {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  network: {
    plugin: NetworkPlugin.Azure,
    pluginMode: NetworkPluginMode.Overlay,
    dataplane: NetworkDataplane.Cilium,
    policy: NetworkPolicy.Cilium,
    podCidr: "192.168.0.0/16",
  },
  nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
});
aks.networkProfile.apply(() => setTimeout(() => console.log(JSON.stringify(registered)), 200));
`;

/**
 * The package as a user meets it: `npm pack`, the tarball installed into an empty project, then the CLI from
 * node_modules/.bin, the compiled policy pack from node_modules/aks-netguard/dist/policies served the way the engine
 * serves it, and a program that uses AksCluster.
 */
describe("the installed package (npm pack → npm install the tarball into an empty project)", function () {
  this.timeout(900_000);
  let dir: string;
  let consumer: string;
  let files: string[];
  const bin = () => join(consumer, "node_modules", ".bin", "aks-netguard");
  const sample = (file: string) => join(consumer, "node_modules", "aks-netguard", "examples", "preflight", file);

  before(async () => {
    assert.ok(existsSync(join(REPO_ROOT, "dist", "cli", "main.js")), "build first (npm run build): dist/ is missing");
    dir = mkdtempSync(join(tmpdir(), "aks-netguard-installed-"));
    consumer = join(dir, "consumer");
    // The build already ran (npm test builds first); --ignore-scripts keeps pack from building again.
    const packed = await exec("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    files = tarballFiles(packed.stdout);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote no tarball");
    await exec("mkdir", [consumer]);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    );
    await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tarball)], {
      cwd: consumer,
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("ships what the installed package runs and nothing else: no benchmarks, test fakes, examples' programs, preview or CLI/pack sources", () => {
    for (const needed of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli/main.js",
      "dist/policies/index.js",
      "dist/policies/PulumiPolicy.yaml",
      "dist/policies/package.json",
      "examples/preflight/kubenet-calico-to-overlay-cilium.json",
      "examples/preflight/target.json",
      "PulumiPlugin.yaml",
      "schema.json",
      "dist/plugin/main.js",
      "dist/kube/index.js",
      "components/args.ts",
      "package.json",
    ])
      assert.ok(files.includes(needed), `${needed} is missing from the tarball`);
    const stray = files.filter(
      (f) =>
        /^dist\/(bench|examples|preview|test|scripts|engine|node_modules)\//.test(f) ||
        /^(test|bench|preview|scripts)\//.test(f) ||
        // TypeScript sources only where `pulumi package add` infers the component's schema from them.
        (f.endsWith(".ts") && !f.endsWith(".d.ts") && !/^(index\.ts|(core|components|arm|kube|plugin)\/)/.test(f)) ||
        (f.startsWith("examples/") && !f.startsWith("examples/preflight/")),
    );
    assert.deepEqual(stray, []);
  });

  it("aks-netguard demo prints the sample's verdict and plan, exit 0", async () => {
    const r = await sh(consumer, bin(), ["demo"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /BLOCKED as one operation/);
    assert.match(r.stdout, /Migration plan: 3 steps/);
  });

  it("aks-netguard check --json on the shipped case file: the JSON layout, blocked, exit 1", async () => {
    const r = await sh(consumer, bin(), ["check", sample("kubenet-calico-to-overlay-cilium.json"), "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { schemaVersion: number; verdict: string; plan: unknown[] };
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.verdict, "block");
    assert.equal(report.plan.length, 3);
  });

  it("aks-netguard plan on the shipped current.json and target.json, exit 0", async () => {
    const r = await sh(
      consumer,
      bin(),
      planArgs({ current: sample("current.json"), target: sample("target.json"), context: sample("context.json") }),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Migration plan: 3 steps, one update each/);
  });

  it("aks-netguard rules --json lists the whole catalog; --version and --help answer", async () => {
    const rules = await sh(consumer, bin(), ["rules", "--json"]);
    assert.equal(rules.code, 0, rules.stderr);
    assert.equal((JSON.parse(rules.stdout) as unknown[]).length, RULES.length);
    const version = await sh(consumer, bin(), ["--version"]);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+/);
    const help = await sh(consumer, bin(), ["check", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^aks-netguard check — /);
  });

  it("serves the policy pack from node_modules/aks-netguard/dist/policies and blocks kubenet + Cilium", async () => {
    const pack = await PolicyPackProcess.start(join(consumer, "node_modules", "aks-netguard", "dist", "policies"));
    try {
      const info = await pack.info();
      assert.equal(info.name, "aks-netguard");
      assert.ok(info.policiesList.length >= RULES.length);
      await pack.configureStack({ stack: "dev", project: "consumer" });
      const diagnostics = await pack.analyze({
        type: "azure-native:containerservice:ManagedCluster",
        name: "aks1",
        urn: "urn:pulumi:dev::consumer::azure-native:containerservice:ManagedCluster::aks1",
        props: pulumiClusterArgs(kubenet({ dataplane: "cilium", policy: "cilium" })),
      });
      assert.ok(
        diagnostics.some((d) => d.policyName === "dp-cilium-requires-azure-cni" && d.enforcementLevel === "mandatory"),
        JSON.stringify(diagnostics),
      );
    } finally {
      await pack.stop();
    }
  });

  it("a program that uses AksCluster from the package registers the cluster with the network it asked for", async () => {
    writeFileSync(join(consumer, "program.js"), PROGRAM);
    const r = await sh(consumer, process.execPath, ["program.js"]);
    assert.equal(r.code, 0, r.stderr);
    const registered = JSON.parse(r.stdout.trim().split("\n").pop() ?? "[]") as {
      type: string;
      inputs: Record<string, unknown>;
    }[];
    const types = registered.map((x) => x.type);
    assert.ok(types.includes("aks-netguard:index:AksCluster"), types.join(", "));
    const cluster = registered.find((x) => x.type === "azure-native:containerservice:ManagedCluster");
    assert.ok(cluster, types.join(", "));
    assert.deepEqual(
      {
        plugin: (cluster.inputs.networkProfile as Record<string, unknown>).networkPlugin,
        mode: (cluster.inputs.networkProfile as Record<string, unknown>).networkPluginMode,
        dataplane: (cluster.inputs.networkProfile as Record<string, unknown>).networkDataplane,
      },
      { plugin: "azure", mode: "overlay", dataplane: "cilium" },
    );
  });
});
