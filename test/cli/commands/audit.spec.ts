import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RULES, type AuditReport } from "../../../core";
import { throwawayCertificate } from "../../support/arm-server";
import { REPO_ROOT, runCli } from "../../support/cli";
import { runInProcess } from "../../support/cli-in-process";
import { FakeResourceGraph } from "../../support/resource-graph-server";
import { estate, graphRow, subscriptionAt } from "../../support/resource-graph-rows";

const TOKEN = "audit-cli-token";

const inProcess = (args: readonly string[]) => runInProcess(["audit", ...args], { AKS_NETGUARD_ARM_TOKEN: TOKEN });

/**
 * A cluster's keys in the README's `--format json` contract, optional ones (`error?`) left out: the test holds the
 * report to what the README promises, not to a copy of the renderer's columns.
 */
function contractClusterKeys(): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const opening = "clusters: [{";
  const at = readme.indexOf(opening);
  assert.ok(at >= 0, "the README documents the audit's JSON");
  const keys: string[] = [];
  let depth = 0;
  for (const [token, key, optional] of readme
    .slice(at + opening.length)
    .matchAll(/[{[]|[}\]]|(\w+)(\?)?(?=\s*[:,}])/g)) {
    if (token === "{" || token === "[") depth++;
    else if (token === "}" || token === "]") depth--;
    else if (depth === 0 && optional === undefined) keys.push(key);
    if (depth < 0) break;
  }
  return keys;
}

describe("aks-netguard audit (CLI)", function () {
  this.timeout(240_000);

  describe("bad input: exit 2 and one line naming the flag and the value, before any request", () => {
    const cases: [string[], RegExp][] = [
      [["--subscription", "not-a-guid"], /^aks-netguard audit: --subscription: "not-a-guid" is not a subscription id/],
      [
        ["--management-group", "bad/group"],
        /^aks-netguard audit: --management-group: "bad\/group" is not a management group id/,
      ],
      [
        ["--subscription", subscriptionAt(1), "--management-group", "mg"],
        /--subscription and --management-group exclude each other/,
      ],
      [
        ["--format", "xlsx"],
        /--format: "xlsx" is not a format; expected one of table, json, csv, markdown, html, sarif/,
      ],
      [["--fail-on", "error"], /--fail-on: "error" is not a level; expected one of block, warn, never/],
      [
        ["--target", "/nonexistent/target.json"],
        /--target \/nonexistent\/target.json: cannot read it \(no such file\)/,
      ],
      [["--arm-endpoint", "http://127.0.0.1:1"], /must use https/],
      [["--bogus"], /unknown flag --bogus \(see aks-netguard audit --help\)/],
    ];
    for (const [args, expected] of cases) {
      it(`${args.join(" ")}`, async () => {
        const result = await inProcess(args);
        assert.equal(result.code, 2);
        assert.match(result.stderr, expected);
        assert.match(result.stderr, /^[^\n]+\n$/, "one line");
        assert.ok(!result.stderr.includes("    at "), "no stack trace");
      });
    }

    it("a target the core cannot read names its field", async () => {
      const dir = mkdtempSync(join(tmpdir(), "aks-netguard-audit-"));
      writeFileSync(join(dir, "target.json"), JSON.stringify({ networkPlugin: "azure", networkDataplane: "ebpf" }));
      const result = await inProcess(["--target", join(dir, "target.json")]);
      rmSync(dir, { recursive: true, force: true });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /target\.networkDataplane: "ebpf" is not valid; expected one of azure, cilium/);
    });

    it("--help prints the command's usage and exits 0", async () => {
      const result = await inProcess(["--help"]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /aks-netguard audit \[--subscription <id>\]…/);
      assert.match(result.stdout, /--fail-on/);
    });
  });

  describe("against a loopback Resource Graph, as a separate process", () => {
    let fake: FakeResourceGraph;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    const cli = (args: string[]) =>
      runCli(["audit", "--arm-endpoint", fake.endpoint, ...args], { env, timeoutMs: 180_000 });

    before(async () => {
      const tls = await throwawayCertificate();
      dir = mkdtempSync(join(tmpdir(), "aks-netguard-audit-cli-"));
      writeFileSync(join(dir, "ca.pem"), tls.cert);
      env = { AKS_NETGUARD_ARM_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: join(dir, "ca.pem") };
      fake = new FakeResourceGraph(TOKEN);
      await fake.start(tls);
      fake.rows = estate(18, 3);
      for (let i = 0; i < 3; i++) fake.accessible.add(subscriptionAt(i));
    });
    after(async () => {
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("--format json: the documented contract, one object per cluster and a summary", async () => {
      const result = await cli(["--format", "json"]);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as AuditReport;
      assert.equal(report.schemaVersion, 1);
      assert.equal(report.clusters.length, 18);
      assert.equal(report.summary.clusters, 18);
      const keys = contractClusterKeys();
      assert.ok(keys.length > 10, keys.join());
      for (const c of report.clusters) {
        for (const k of keys) assert.ok(k in c, `${k} in ${c.id}`);
        assert.ok(
          ["kubenet", "azure-cni-node-subnet", "azure-cni-pod-subnet", "azure-cni-overlay", "byo-cni"].includes(
            String(c.ipamMode),
          ),
        );
        for (const s of c.plan?.steps ?? [])
          assert.deepEqual(Object.keys(s).sort(), ["azCommand", "prerequisite", "title"]);
        for (const b of c.plan?.blockers ?? []) assert.deepEqual(Object.keys(b).sort(), ["fix", "message", "rule"]);
        for (const f of c.findings)
          assert.deepEqual(Object.keys(f).sort(), ["fix", "message", "rule", "severity", "source"]);
        for (const d of c.deadlines) assert.deepEqual(Object.keys(d).sort(), ["date", "daysLeft", "passed", "what"]);
      }
      assert.match(result.stderr, /page 1: 18 cluster\(s\) read and planned/);
      assert.ok(!result.stderr.includes(TOKEN) && !result.stdout.includes(TOKEN));
    });

    it("--format sarif: SARIF 2.1.0 with the catalog as rules, one result per finding", async () => {
      const result = await cli(["--format", "sarif"]);
      assert.equal(result.code, 0, result.stderr);
      const sarif = JSON.parse(result.stdout) as {
        version: string;
        runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: Record<string, unknown>[] }[];
      };
      assert.equal(sarif.version, "2.1.0");
      const [runEntry] = sarif.runs;
      assert.deepEqual(
        runEntry.tool.driver.rules.map((r) => r.id),
        RULES.map((r) => r.id),
      );
      assert.ok(runEntry.tool.driver.rules.every((r, i) => r.helpUri === RULES[i].source));
      assert.ok(runEntry.results.length > 0);
      for (const r of runEntry.results) {
        const index = r.ruleIndex as number;
        assert.equal(runEntry.tool.driver.rules[index].id, r.ruleId);
        assert.ok(["error", "warning"].includes(String(r.level)));
        assert.match(JSON.stringify(r.locations), /managedClusters\/aks-/);
      }
      assert.ok(runEntry.results.some((r) => r.ruleId === "kubenet-retirement" && r.level === "warning"));
      assert.ok(runEntry.results.some((r) => r.ruleId === "ipam-podsubnet-no-overlay" && r.level === "error"));
    });

    it("--format csv and markdown, written with --out: one row per cluster", async () => {
      const csvFile = join(dir, "audit.csv");
      const csv = await cli(["--format", "csv", "--out", csvFile]);
      assert.equal(csv.code, 0, csv.stderr);
      const lines = readFileSync(csvFile, "utf8").trimEnd().split("\r\n");
      assert.equal(lines.length, 19);
      assert.match(lines[0], /^id,subscriptionId,resourceGroup,name,location,kubernetesVersion,ipamMode/);
      assert.match(csv.stderr, /18 cluster\(s\) written to/);
      const md = await cli(["--format", "markdown"]);
      assert.equal(md.code, 0, md.stderr);
      assert.equal(md.stdout.split("\n").filter((l) => l.startsWith("| rg-")).length, 18);
      assert.match(md.stdout, /kubenet retires 2028-03-31/);
    });

    it("table and --fail-on: exit 1 when a block finding or blocker exists, 0 with never", async () => {
      const blocked = await cli(["--fail-on", "block"]);
      assert.equal(blocked.code, 1, blocked.stderr);
      assert.match(blocked.stdout, /^CLUSTER\s+SUBSCRIPTION\s+IPAM/);
      assert.match(blocked.stdout, /18 cluster\(s\) in 3 subscription\(s\)/);
      assert.match(blocked.stdout, /no in-place path: [a-z-, ]*ipam-podsubnet-no-overlay/);
      const fine = await cli(["--subscription", subscriptionAt(2), "--fail-on", "never"]);
      assert.equal(fine.code, 0, fine.stderr);
    });

    it("the query failing exits 4 with ARM's code", async () => {
      const result = await cli(["--management-group", "mg-nobody-can-read"]);
      assert.equal(result.code, 4);
      assert.match(result.stderr, /the Resource Graph query failed at https:\/\/127\.0\.0\.1:\d+: AuthorizationFailed/);
      assert.equal(result.stdout, "");
    });

    it("--deep reads each planned cluster's VNet: a pod CIDR overlapping a subnet turns a plan into a blocker", async () => {
      const sub = subscriptionAt(9);
      const row = graphRow("kubenet", sub, 1);
      fake.rows.push(row);
      fake.accessible.add(sub);
      const vnetId = `/subscriptions/${sub}/resourceGroups/rg-kubenet-1-net/providers/Microsoft.Network/virtualNetworks/vnet-rg-kubenet-1`;
      fake.armResources.set(vnetId, {
        id: vnetId,
        name: "vnet-rg-kubenet-1",
        type: "Microsoft.Network/virtualNetworks",
        properties: {
          addressSpace: { addressPrefixes: ["10.224.0.0/12"] },
          subnets: [
            { name: "snet-nodes", properties: { addressPrefix: "10.224.0.0/16" } },
            { name: "snet-legacy", properties: { addressPrefixes: ["10.244.0.0/24"] } },
          ],
        },
      });
      const shallow = JSON.parse((await cli(["--subscription", sub, "--format", "json"])).stdout) as AuditReport;
      assert.equal(shallow.clusters[0].status, "migrate");
      const deep = await cli(["--subscription", sub, "--format", "json", "--deep"]);
      assert.equal(deep.code, 0, deep.stderr);
      const report = JSON.parse(deep.stdout) as AuditReport;
      assert.equal(report.clusters[0].status, "no-path");
      assert.ok(report.clusters[0].plan?.blockers.some((b) => b.rule === "cidr-pod-vs-subnets"));
      assert.match(deep.stderr, /live facts: 1 of 1 cluster\(s\) with a plan/);
      const vnetReads = fake.requests.filter((r) => r.path === vnetId);
      assert.equal(vnetReads.length, 1);
      assert.ok(vnetReads.every((r) => r.authorized && r.apiVersion !== null));
    });
  });
});
