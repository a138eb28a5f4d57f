import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCluster, parseContext, evaluateTransition } from "../../core";
import { runCli } from "../support/cli";
import { liveFlags, loopbackArmEnv } from "../support/cli-args";
import { FakeArm, throwawayCertificate } from "../support/arm-server";
import {
  APP_SUB,
  CLUSTER_NAME,
  CLUSTER_RG,
  HUB_PEERING,
  ROUTE_TABLE,
  seedEstate,
  VNET_ID,
} from "../support/live-estate";

const TOKEN = "cli-live-token-77aa66bb";

interface CheckJson {
  verdict: string;
  findings: { rule: string; message: string; fix: string }[];
  unverified: { rule: string; needs: string; reason?: string }[];
  facts: { read: string[]; unread: { id: string; fact: string; code: string }[] };
}

describe("aks-netguard check / plan / baseline on the live cluster (real CLI process, loopback ARM)", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-live-"));
  const caFile = join(dir, "ca.pem");
  const desired = join(dir, "overlay.json");
  let tls: { key: string; cert: string };
  let arm: FakeArm;
  const outputs: string[] = [];

  before(async () => {
    tls = await throwawayCertificate();
    writeFileSync(caFile, tls.cert);
    writeFileSync(desired, JSON.stringify({ networkPlugin: "azure", networkPluginMode: "overlay" }));
  });
  beforeEach(async () => {
    arm = new FakeArm(TOKEN);
    await arm.start(tls);
  });
  afterEach(async () => {
    await arm.stop();
    for (const output of outputs.splice(0)) assert.ok(!output.includes(TOKEN), "the token is never printed");
    // GETs, and the POST of listClusterUserCredential (which only reads) for the cluster's insides.
    assert.deepEqual(arm.writes(), [], "check, plan and baseline only read");
  });

  // A wide terminal: each finding and each NOT CHECKED rule on one line, for the matches below.
  const cli = async (args: string[]) => {
    const result = await runCli(args, {
      env: loopbackArmEnv({ caFile, token: TOKEN, endpoint: arm.endpoint }, { COLUMNS: "1000" }),
    });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const live = liveFlags({ subscription: APP_SUB, resourceGroup: CLUSTER_RG, name: CLUSTER_NAME });

  it("check on a kubenet cluster whose route table is also on the AGIC subnet: blocked, naming the subnet", async () => {
    seedEstate(arm, { sharedRouteTable: true });
    const text = await cli(["check", ...live, "--desired", desired]);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /BLOCK ovl-kubenet-route-table-shared: .*ingress-appgateway-subnet/);
    assert.match(text.stdout, /--route-table ""/);
    const json = await cli(["check", ...live, "--desired", desired, "--json"]);
    assert.equal(json.code, 1);
    const out = JSON.parse(json.stdout) as CheckJson;
    assert.equal(out.verdict, "block");
    assert.ok(out.facts.read.some((id) => id.toLowerCase() === VNET_ID.toLowerCase()));
    assert.ok(out.facts.read.includes(ROUTE_TABLE));
    assert.deepEqual(out.facts.unread, []);
  });

  it("check with a peered 10.0.0.0/8 and the kubenet pod CIDR 10.244.0.0/16: blocked by cidr-pod-vs-peerings", async () => {
    seedEstate(arm, { peerings: [HUB_PEERING] });
    const result = await cli(["check", ...live, "--desired", desired, "--json"]);
    assert.equal(result.code, 1, result.stderr);
    const out = JSON.parse(result.stdout) as CheckJson;
    const peering = out.findings.find((f) => f.rule === "cidr-pod-vs-peerings");
    assert.ok(peering, JSON.stringify(out.findings.map((f) => f.rule)));
    assert.match(peering.message, /10\.244\.0\.0\/16.*spoke-to-hub.*10\.0\.0\.0\/8/);
  });

  it("a 403 on the VNet: the CIDR rules come out unverified with AuthorizationFailed, in --json and as NOT CHECKED lines", async () => {
    seedEstate(arm, { plugin: "overlay" });
    arm.network.deny(VNET_ID);
    const target = join(dir, "new-pod-cidr.json");
    writeFileSync(target, JSON.stringify({ podCidr: "192.168.0.0/15" }));
    const result = await cli(["check", ...live, "--desired", target, "--json"]);
    const out = JSON.parse(result.stdout) as CheckJson;
    const reasons = new Map(out.unverified.map((u) => [u.rule, u.reason]));
    for (const rule of ["cidr-pod-vs-subnets", "cidr-pod-vs-vnet-space", "cidr-pod-vs-peerings"])
      assert.equal(reasons.get(rule), "AuthorizationFailed", `${rule}: ${JSON.stringify(out.unverified)}`);
    assert.ok(out.facts.unread.some((u) => u.id === VNET_ID && u.code === "AuthorizationFailed"));
    const text = await cli(["check", ...live, "--desired", target]);
    assert.match(text.stdout, /NOT CHECKED cidr-pod-vs-subnets: supply .* \(could not be read: AuthorizationFailed\)/);
  });

  it("plan from the live cluster: steps, facts, and the live rules under unverified when a fact could not be read", async () => {
    seedEstate(arm, { sharedRouteTable: false });
    arm.inject({
      method: "GET",
      path: /routeTables\//i,
      status: 403,
      body: { error: { code: "AuthorizationFailed", message: "no read on route tables" } },
    });
    const result = await cli(["plan", ...live, "--target", desired, "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as CheckJson & { plan: unknown[] };
    assert.equal(out.plan.length, 1);
    assert.ok(
      out.unverified.some((u) => u.rule === "ovl-kubenet-route-table-shared" && u.reason === "AuthorizationFailed"),
    );
    assert.ok(out.facts.unread.some((u) => u.id === ROUTE_TABLE && u.fact === "routeTables"));
  });

  it("baseline --subscription writes the cluster with its context, which reads back to the same live verdict", async () => {
    seedEstate(arm, { peerings: [HUB_PEERING], sharedRouteTable: true });
    const out = join(dir, "baselines.json");
    const result = await cli(["baseline", ...live, "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    const baselines = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(baselines), [CLUSTER_NAME], "the baseline is filed once, under the Azure name");
    const entry = baselines[CLUSTER_NAME];
    const { context } = entry as { context: unknown };
    const parsed = parseContext(context);
    assert.equal(parsed.peerings?.[0].name, "spoke-to-hub");
    assert.deepEqual(parsed.routeTables?.[0].subnetIds.length, 3);
    const verdict = evaluateTransition(
      parseCluster(entry),
      parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }),
      parsed,
    );
    const rules = verdict.findings.map((f) => f.rule);
    assert.ok(rules.includes("cidr-pod-vs-peerings") && rules.includes("ovl-kubenet-route-table-shared"), rules.join());
  });

  it("bad live flags: one line naming what is missing, exit 2, nothing read", async () => {
    const result = await cli(["check", "--subscription", APP_SUB, "--desired", desired]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--resource-group, --name missing/);
    assert.equal(result.stderr.trim().split("\n").length, 1);
    assert.equal(arm.requests.length, 0);
  });

  it("a cluster that does not exist: exit 2 with ARM's code, not a stack trace", async () => {
    const result = await cli(["check", ...live, "--desired", desired]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot read cluster aks-payments .*ResourceNotFound/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
