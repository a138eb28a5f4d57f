import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentPolicy, RestError } from "@azure/core-rest-pipeline";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { TokenCredential } from "@azure/core-auth";
import { ManagedClusterGraph, MANAGED_CLUSTERS_QUERY } from "../../arm/resource-graph";
import { durationMs } from "../../arm/resource-graph-quota";
import { collectAudit } from "../../cli/audit/collect";
import { renderHtml } from "../../cli/audit/render-html";
import { parseCluster, type AuditedCluster, type AuditReport } from "../../core";
import { throwawayCertificate } from "../support/arm-server";
import { distinctColours, dumpDom, screenshot } from "../support/chromium";
import { FakeResourceGraph } from "../support/resource-graph-server";
import { estate, ROW_KINDS, subscriptionAt, type RowKind } from "../support/resource-graph-rows";

const TOKEN = "graph-token";
const credential = (token = TOKEN): TokenCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});
const TARGET = parseCluster(
  { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" },
  "target",
);
const STATUS_OF: Record<RowKind, string> = {
  kubenet: "migrate",
  "kubenet-calico": "migrate",
  "nodesubnet-npm": "no-path",
  podsubnet: "no-path",
  overlay: "migrate",
  "overlay-cilium": "at-target",
  "windows-npm": "no-path",
  "byo-cni": "no-path",
  nap: "migrate",
};

describe("fleet audit on a loopback Azure Resource Graph", function () {
  this.timeout(300_000);
  let tls: { key: string; cert: string };
  let fake: FakeResourceGraph;
  let agent: Agent;
  const graph = (
    options: { subscriptionBatch?: number; token?: string; pageSize?: number } = {},
    server: FakeResourceGraph = fake,
  ) =>
    new ManagedClusterGraph({
      credential: credential(options.token),
      endpoint: server.endpoint,
      httpsAgent: agent,
      subscriptionBatch: options.subscriptionBatch,
      pageSize: options.pageSize,
      retry: { maxRetries: 3, retryDelayInMs: 50, maxRetryDelayInMs: 5000 },
    });
  const audit = (source: ManagedClusterGraph, scope = {}) =>
    collectAudit({
      source,
      scope,
      target: TARGET,
      targetFields: {},
      now: new Date("2026-12-01T00:00:00Z"),
      progress: () => undefined,
    });

  before(async () => {
    tls = await throwawayCertificate();
    agent = new Agent({ ca: tls.cert });
  });
  beforeEach(async () => {
    fake = new FakeResourceGraph(TOKEN);
    await fake.start(tls);
  });
  afterEach(async () => {
    await fake.stop();
  });

  describe("5,000 clusters over 40 subscriptions", () => {
    let report: AuditReport;
    let big: FakeResourceGraph;
    before(async () => {
      big = new FakeResourceGraph(TOKEN);
      await big.start(tls);
      big.rows = estate(5000, 40);
      for (let i = 0; i < 40; i++) big.accessible.add(subscriptionAt(i));
      // A tight quota, so the audit has to wait for resets between its pages.
      big.quota = 2;
      big.windowMs = 1000;
      report = await audit(graph({ subscriptionBatch: 16 }, big));
    });
    after(async () => {
      await big.stop();
    });

    it("audits every cluster exactly once across pages and batches", () => {
      const ids = report.clusters.map((c) => c.id);
      assert.equal(ids.length, 5000);
      assert.equal(new Set(ids).size, 5000);
      assert.deepEqual(new Set(ids), new Set(big.rows.map((r) => r.id)));
      assert.equal(report.summary.clusters, 5000);
      assert.equal(report.summary.subscriptions, 40);
    });

    it("pages by $skipToken with at most 1,000 rows, subscriptions in batches below 300", () => {
      const queries = big.queries();
      assert.ok(queries.every((q) => q.authorized && q.status === 200));
      const batches = queries.map((q) => (q.body?.subscriptions as string[]).length);
      assert.ok(batches.every((n) => n <= 16));
      assert.deepEqual([...new Set(queries.map((q) => (q.body?.subscriptions as string[]).join()))].length, 3);
      for (const q of queries) {
        const options = q.body?.options as Record<string, unknown>;
        assert.equal(options.$top, 1000);
        assert.equal(options.resultFormat, "objectArray");
        assert.equal(q.body?.query, MANAGED_CLUSTERS_QUERY);
      }
      // 16 + 16 + 8 subscriptions of 125 clusters: 2,000, 2,000 and 1,000 rows, so 2 + 2 + 1 pages.
      assert.equal(queries.length, 5);
      assert.equal(queries.filter((q) => (q.body?.options as Record<string, unknown>).$skipToken).length, 2);
    });

    it("never sends a query beyond the user quota (no 429), waiting for each reset instead", () => {
      assert.equal(
        big.queries().filter((q) => q.throttled).length,
        0,
        "a request was sent beyond the quota and answered 429",
      );
      // Five queries at two a window: the audit had to hold back at least twice.
      const windows = new Set(big.queries().map((q) => Math.floor((q.at - big.queries()[0].at) / 1000)));
      assert.ok(windows.size >= 3, `queries fell into ${windows.size} quota windows`);
    });

    it("the HTML report opens in headless Chromium: summary and first row render, the screenshot is not blank", async () => {
      const dir = mkdtempSync(join(tmpdir(), "aks-netguard-audit-"));
      const file = join(dir, "audit.html");
      const html = renderHtml(report);
      writeFileSync(file, html);
      // Self-contained: nothing fetched from a network (the report's own data aside), and its policy forbids it.
      const page = html.replace(/<script type="application\/json" id="report">[^<]*<\/script>/, "");
      assert.ok(page.length < html.length / 10, "the report travels as data in the page");
      assert.match(page, /content="default-src 'none';/);
      assert.doesNotMatch(
        page,
        /<(?:link|img|iframe)\b|\bsrc=|@import|url\(|\bfetch\(|XMLHttpRequest|https?:\/\/(?!www\.w3\.org)/,
      );
      const dom = await dumpDom(file);
      assert.match(dom, /5000 clusters in 40 subscriptions/);
      assert.match(dom, /<div class="n">5000<\/div><div class="l">clusters<\/div>/);
      assert.match(dom, /aria-label="clusters per retirement date"/);
      const first = [...report.clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
      const body = dom.slice(dom.indexOf("<tbody>"));
      assert.ok(body.startsWith(`<tbody><tr><td title="${first.id}"><b>${first.name}</b>`), body.slice(0, 300));
      assert.match(dom, /5000 of 5000 shown/);
      const png = await screenshot(file, join(dir, "audit.png"));
      writeFileSync(join(dir, "audit.png"), png);
      assert.ok(distinctColours(png) > 20, "the screenshot is (nearly) one colour");
      rmSync(dir, { recursive: true, force: true });
    });

    it("the HTML table filters and sorts as its address says (status, IPAM mode, text; a column descending)", async () => {
      const dir = mkdtempSync(join(tmpdir(), "aks-netguard-audit-"));
      const file = join(dir, "audit.html");
      writeFileSync(file, renderHtml(report));
      const byName = (a: AuditedCluster, b: AuditedCluster) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      const wanted = report.clusters
        .filter((c) => c.status === "no-path" && c.ipamMode === "azure-cni-node-subnet")
        .sort(byName)
        .reverse();
      const dom = await dumpDom(file, "#status=no-path&ipam=azure-cni-node-subnet&sort=name&dir=desc");
      assert.match(dom, new RegExp(`${wanted.length} of 5000 shown`));
      const body = dom.slice(dom.indexOf("<tbody>"));
      assert.ok(body.startsWith(`<tbody><tr><td title="${wanted[0].id}"><b>${wanted[0].name}</b>`), body.slice(0, 300));
      assert.match(dom, /<th data-key="name" aria-sort="descending">/);
      // The highest index has four digits: its name is in no other cluster's text.
      const last = report.clusters.find((c) => c.name.endsWith("-4999")) as AuditedCluster;
      const one = await dumpDom(file, `#q=${encodeURIComponent(last.name.toUpperCase())}`);
      assert.match(one, /1 of 5000 shown/);
      assert.ok(one.includes(`<td title="${last.id}"><b>${last.name}</b>`));
      rmSync(dir, { recursive: true, force: true });
    });

    it("plans each cluster as its network setup requires", () => {
      const kinds = new Map(big.rows.map((r, i) => [r.id as string, ROW_KINDS[i % ROW_KINDS.length]]));
      for (const c of report.clusters) assert.equal(c.status, STATUS_OF[kinds.get(c.id) as RowKind], c.id);
      // 5,000 rows round-robin over nine setups: overlay + Cilium is the sixth, 555 of them.
      assert.equal(report.summary.byStatus["at-target"], 555);
    });
  });

  it("a 429 past the quota is retried after its Retry-After and the audit still completes", async () => {
    fake.rows = estate(30, 3);
    for (let i = 0; i < 3; i++) fake.accessible.add(subscriptionAt(i));
    fake.quota = 1;
    fake.windowMs = 1000;
    // Another client of the same user spent the quota: this one has seen no quota header yet.
    await graph().query({ subscriptions: [subscriptionAt(0)] }, () => undefined);
    const report = await audit(graph({ pageSize: 10 }), {
      subscriptions: [subscriptionAt(0), subscriptionAt(1), subscriptionAt(2)],
    });
    assert.equal(report.clusters.length, 30);
    const throttled = fake.queries().filter((q) => q.throttled);
    assert.equal(throttled.length, 1);
    const retried = fake.queries()[fake.queries().indexOf(throttled[0]) + 1];
    assert.equal(retried.status, 200);
  });

  it("quota headers: resets-after in hh:mm:ss (and days) is read to milliseconds", () => {
    assert.equal(durationMs("00:00:03"), 3000);
    assert.equal(durationMs("01:02:03"), 3_723_000);
    assert.equal(durationMs("1.00:00:01"), 86_401_000);
    assert.equal(durationMs("soon"), undefined);
    assert.equal(durationMs(undefined), undefined);
  });

  it("an invalid query is a 400 BadRequest in ARM's error shape, surfaced by the SDK with its code and details", async () => {
    fake.accessible.add(subscriptionAt(0));
    const client = new ResourceGraphClient(credential(), {
      endpoint: fake.endpoint,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ policy: agentPolicy(agent), position: "perCall" }],
    });
    await assert.rejects(
      client.resources({ subscriptions: [subscriptionAt(0)], query: "resources | summarize count() by bogus(" }),
      (error: unknown) => {
        assert.ok(error instanceof RestError);
        assert.equal(error.code, "BadRequest");
        assert.equal(error.statusCode, 400);
        assert.match(JSON.stringify((error as RestError & { details?: unknown }).details), /InvalidQuery/);
        return true;
      },
    );
  });

  it("a scope the token cannot read fails with ARM's AuthorizationFailed", async () => {
    await assert.rejects(audit(graph(), { managementGroups: ["mg-unknown"] }), (error: unknown) => {
      assert.ok(error instanceof RestError);
      assert.equal(error.code, "AuthorizationFailed");
      assert.equal(error.statusCode, 403);
      return true;
    });
  });

  it("a wrong token is refused with InvalidAuthenticationToken and never printed", async () => {
    fake.accessible.add(subscriptionAt(0));
    await assert.rejects(
      audit(graph({ token: "wrong-secret-token" }), { subscriptions: [subscriptionAt(0)] }),
      (error: unknown) => {
        assert.ok(error instanceof RestError);
        assert.equal(error.code, "InvalidAuthenticationToken");
        assert.ok(!JSON.stringify({ message: error.message, code: error.code }).includes("wrong-secret-token"));
        return true;
      },
    );
  });

  it("an empty tenant: nothing to audit, said in the summary, no query sent", async () => {
    const report = await audit(graph());
    assert.equal(report.clusters.length, 0);
    assert.equal(fake.queries().length, 0);
    assert.match(report.summary.notes.join(" "), /can list no subscription/);
  });

  it("no scope: every subscription the credential can list (following nextLink), rows elsewhere unseen", async () => {
    fake.rows = estate(90, 60);
    for (let i = 0; i < 55; i++) fake.accessible.add(subscriptionAt(i));
    const report = await audit(graph());
    const listPages = fake.requests.filter((r) => r.path === "/subscriptions").length;
    assert.equal(listPages, 3);
    assert.equal(report.summary.subscriptions, 55);
    assert.ok(report.clusters.every((c) => fake.accessible.has(c.subscriptionId)));
    assert.equal(
      report.clusters.length,
      fake.rows.filter((r) => fake.accessible.has(r.subscriptionId as string)).length,
    );
  });

  it("a subscription the credential cannot list is named in the summary's notes", async () => {
    fake.rows = estate(10, 2);
    fake.accessible.add(subscriptionAt(0));
    const report = await audit(graph(), { subscriptions: [subscriptionAt(0), subscriptionAt(1)] });
    assert.equal(report.clusters.length, 5);
    assert.match(report.summary.notes.join(" "), new RegExp(`not visible to this credential.*${subscriptionAt(1)}`));
  });

  it("a management group past the 10,000-subscription limit: the header is reported", async () => {
    fake.rows = estate(40, 8);
    for (let i = 0; i < 8; i++) fake.accessible.add(subscriptionAt(i));
    fake.managementGroups.set("mg-platform", [...fake.accessible]);
    fake.subscriptionLimit = 5;
    const report = await audit(graph(), { managementGroups: ["mg-platform"] });
    assert.equal(report.summary.subscriptionLimitHit, true);
    assert.match(report.summary.notes.join(" "), /first 10,000 subscriptions/);
    assert.equal(report.clusters.length, 25);
    assert.equal(report.summary.subscriptions, 5);
    assert.deepEqual(report.summary.managementGroups, ["mg-platform"]);
    assert.deepEqual(fake.queries()[0].body?.managementGroups, ["mg-platform"]);
  });

  it("a page truncated without a $skipToken is said in the notes: clusters may be missing", async () => {
    fake.rows = estate(30, 1);
    fake.accessible.add(subscriptionAt(0));
    fake.unpageable = true;
    const report = await audit(graph({ pageSize: 10 }));
    assert.equal(report.clusters.length, 10);
    assert.equal(fake.queries().length, 1);
    assert.match(
      report.summary.notes.join(" "),
      /truncated a page without a \$skipToken: some clusters may be missing/,
    );
  });

  it("by default at most 299 subscriptions go in one request", async () => {
    fake.rows = estate(700, 650);
    for (let i = 0; i < 650; i++) fake.accessible.add(subscriptionAt(i));
    fake.subscriptionsPageSize = 1000;
    fake.quota = 100;
    const report = await audit(graph());
    assert.equal(report.clusters.length, 700);
    assert.deepEqual(
      fake.queries().map((q) => (q.body?.subscriptions as string[]).length),
      [299, 299, 52],
    );
  });

  it("a row with null properties amid good ones is reported unreadable and counted", async () => {
    fake.rows = estate(9, 1);
    fake.rows[4] = { ...fake.rows[4], properties: null };
    fake.accessible.add(subscriptionAt(0));
    const report = await audit(graph());
    assert.equal(report.clusters.length, 9);
    assert.equal(report.summary.byStatus.unreadable, 1);
    assert.match(report.summary.notes.join(" "), /1 row\(s\) could not be read/);
  });
});
