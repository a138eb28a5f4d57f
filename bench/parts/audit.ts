import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManagedClusterGraph } from "../../arm/resource-graph";
import { renderHtml } from "../../cli/audit/render-html";
import { auditRow, fleetAuditor, parseCluster, summarize, type AuditedCluster } from "../../core";
import { throwawayCertificate } from "../../test/support/arm-server";
import { FakeResourceGraph } from "../../test/support/resource-graph-server";
import { estate, subscriptionAt } from "../../test/support/resource-graph-rows";
import { packageRoot } from "../../cli/package-root";
import { median, round } from "../stats";

const CLUSTERS = 5000;
const SUBSCRIPTIONS = 40;
const TOKEN = "bench-token";
const TARGET = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkDataplane: "cilium",
  networkPolicy: "cilium",
};

export interface AuditBenchResult {
  /** `aks-netguard audit --format json` over 5,000 clusters on the loopback Resource Graph, process start to exit. */
  readonly audit5kSeconds: number;
  /** The floor in the same run: the same pages fetched by the same client, nothing judged or written. */
  readonly fetch5kSeconds: number;
  readonly audit5kOverFetch: number;
  /** Judging, planning and rendering (JSON and HTML) one cluster of the 5,000, as the CLI does (one plan per shape). */
  readonly auditPerClusterMs: number;
  /** The same with every cluster planned by itself (`auditRow`), for comparison. */
  readonly auditPerClusterUnsharedMs: number;
  /** The floor: parsing the same row alone. */
  readonly parsePerClusterMs: number;
  readonly perClusterOverParse: number;
  /** How many of the 5,000 clusters needed a plan of their own. */
  readonly judgedShapes: number;
  readonly queries: number;
  readonly throttled: number;
}

/** Fleet audit: 5,000 clusters over 40 subscriptions, end to end, and the per-cluster cost of judging and rendering. */
export async function benchAudit(root: string): Promise<AuditBenchResult> {
  const tls = await throwawayCertificate();
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-bench-audit-"));
  writeFileSync(join(dir, "ca.pem"), tls.cert);
  const fake = new FakeResourceGraph(TOKEN);
  fake.rows = estate(CLUSTERS, SUBSCRIPTIONS);
  for (let i = 0; i < SUBSCRIPTIONS; i++) fake.accessible.add(subscriptionAt(i));
  await fake.start(tls);
  try {
    const fetchRuns: number[] = [];
    const auditRuns: number[] = [];
    for (let run = 0; run < 3; run++) {
      fetchRuns.push(await fetchSeconds(fake, tls.cert));
      auditRuns.push(await cliSeconds(root, fake, dir));
    }
    const rows = fake.rows;
    const perCluster = perClusterMs(rows);
    const audit5kSeconds = round(median(auditRuns), 2);
    const fetch5kSeconds = round(median(fetchRuns), 2);
    return {
      audit5kSeconds,
      fetch5kSeconds,
      audit5kOverFetch: round(audit5kSeconds / fetch5kSeconds, 2),
      auditPerClusterMs: round(perCluster.audit, 3),
      auditPerClusterUnsharedMs: round(perCluster.unshared, 3),
      parsePerClusterMs: round(perCluster.parse, 3),
      perClusterOverParse: round(perCluster.audit / perCluster.parse, 1),
      judgedShapes: perCluster.judged,
      queries: fake.queries().length,
      throttled: fake.queries().filter((q) => q.throttled).length,
    };
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchSeconds(fake: FakeResourceGraph, ca: string): Promise<number> {
  const graph = new ManagedClusterGraph({
    credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    endpoint: fake.endpoint,
    httpsAgent: new Agent({ ca }),
  });
  const start = process.hrtime.bigint();
  let rows = 0;
  await graph.query({ subscriptions: await graph.listSubscriptions() }, (page) => (rows += page.rows.length));
  if (rows !== CLUSTERS) throw new Error(`fetched ${rows} rows, expected ${CLUSTERS}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function cliSeconds(root: string, fake: FakeResourceGraph, dir: string): Promise<number> {
  const out = join(dir, "audit.json");
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(root, "dist", "cli", "main.js"),
        "audit",
        "--format",
        "json",
        "--out",
        out,
        "--arm-endpoint",
        fake.endpoint,
      ],
      {
        env: { ...process.env, AKS_NETGUARD_ARM_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: join(dir, "ca.pem") },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`audit exited ${code}: ${stderr.slice(-400)}`));
      else if (!stderr.includes(`${CLUSTERS} cluster(s) written`))
        reject(new Error(`audit wrote: ${stderr.slice(-400)}`));
      else resolve(Number(process.hrtime.bigint() - start) / 1e9);
    });
  });
}

function perClusterMs(rows: readonly unknown[]): { audit: number; unshared: number; parse: number; judged: number } {
  const target = parseCluster(TARGET, "target");
  const now = new Date();
  const time = (fn: () => void) => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e6 / rows.length;
  };
  const render = (clusters: AuditedCluster[]) => {
    const summary = summarize(clusters, {
      generatedAt: now,
      target: TARGET,
      subscriptions: SUBSCRIPTIONS,
      managementGroups: [],
      subscriptionLimitHit: false,
      notes: [],
    });
    const report = { schemaVersion: 1 as const, summary, clusters };
    JSON.stringify(report, null, 2);
    renderHtml(report);
  };
  let judged = 0;
  // A fresh auditor each run: the first cluster of each shape is planned in the timed run.
  const shared = () => {
    const auditor = fleetAuditor({ target, now });
    render(rows.map((row, i) => auditor.audit(row, i)));
    judged = auditor.judged;
  };
  const unshared = () => render(rows.map((row, i) => auditRow(row, i, { target, now })));
  const parseOnly = () => rows.forEach((row) => parseCluster(row, "cluster", { role: "current" }));
  shared();
  parseOnly();
  const audits: number[] = [];
  const parses: number[] = [];
  for (let r = 0; r < 3; r++) {
    audits.push(time(shared));
    parses.push(time(parseOnly));
  }
  return { audit: median(audits), unshared: time(unshared), parse: median(parses), judged };
}

// `node dist/bench/parts/audit.js`: this part alone (the whole bench takes many minutes on a loaded machine).
if (require.main === module) {
  void benchAudit(packageRoot(__dirname)).then((result) => console.log(JSON.stringify(result, null, 2)));
}
