import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { applyArgs, liveFlags, loopbackArmEnv } from "../support/cli-args";
import { armCluster, type FakeArm } from "../support/arm-server";
import { useInsidesEstate } from "../support/insides-estate";
import * as k from "../support/kube-fixtures";
import type { FakeKubeApi } from "../support/kube-server";

const SUB = "00000000-0000-0000-0000-00000000cafe";
const ARM_TOKEN = "arm-token-1f2e3d4c";
const KUBE_TOKEN = "kube-token-5a6b7c8d";
const AKS1 = { subscription: SUB, resourceGroup: "rg1", name: "aks1" };
const ACCEPT = "netpol-calico-unenforced=Cilium equivalents reviewed in CHG-1234";

describe("aks-netguard check/plan/apply read the cluster's insides (real CLI process, loopback ARM and kube-apiserver)", function () {
  this.timeout(120_000);
  const insides = useInsidesEstate({
    subscription: SUB,
    armToken: ARM_TOKEN,
    kubeToken: KUBE_TOKEN,
    networkProfile: {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "calico",
      podCidr: "192.168.0.0/16",
    },
    objects: [k.GLOBAL_NETWORK_POLICY, k.CALICO_NETWORK_POLICY, k.WEB, k.WEB_2, k.PDB_HEALTHY, k.LINUX_NODE],
  });
  const { dir, caFile } = insides;
  const kubeconfig = join(dir, "kubeconfig");
  const target = join(dir, "target.json");
  const current = join(dir, "current.json");
  let arm: FakeArm;
  let api: FakeKubeApi;
  const outputs: string[] = [];

  before(() => writeFileSync(target, JSON.stringify({ networkPolicy: "none" })));
  beforeEach(() => {
    ({ arm, api } = insides.estate);
    writeFileSync(kubeconfig, insides.estate.kubeconfig);
    writeFileSync(current, JSON.stringify(insides.estate.document));
  });
  afterEach(() => {
    for (const output of outputs.splice(0)) {
      assert.ok(!output.includes(ARM_TOKEN) && !output.includes(KUBE_TOKEN), "no token is ever printed");
      assert.ok(!/\n\s+at .+\(.+:\d+:\d+\)/.test(output), "no stack trace");
    }
  });

  // A wide terminal: each finding and each NOT CHECKED rule on one line, for the matches below.
  const cli = async (args: string[]) => {
    const result = await runCli(args, {
      env: loopbackArmEnv(
        { caFile, token: ARM_TOKEN, endpoint: arm.endpoint },
        { AKS_NETGUARD_POLL_INTERVAL_MS: "5", COLUMNS: "1000" },
      ),
    });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const apply = (extra: string[]) => cli(applyArgs(AKS1, target, "--yes", ...extra));

  /** check from the files: the cluster as it is (current) to the target, with these flags. */
  const checkFiles = (extra: string[], from = current, to = target) =>
    cli(["check", "--current", from, "--desired", to, ...extra]);

  it("apply refuses before any PUT when Calico's policies would stop being enforced, naming each object", async () => {
    const result = await apply([]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /netpol-calico-unenforced/);
    assert.match(result.stdout, /object: GlobalNetworkPolicy deny-payments-egress/);
    assert.match(result.stdout, /object: NetworkPolicy shop\/default\.allow-web/);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 0, "nothing was written");
    assert.ok(
      arm.requests.some((r) => /listClusterUserCredential$/.test(r.path)),
      "credentials came from ARM",
    );
  });

  it("apply with --accept <rule-id>=<reason> carries the step out and echoes the reason", async () => {
    const result = await apply(["--kubeconfig", kubeconfig, "--accept", ACCEPT]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /ACCEPTED netpol-calico-unenforced/);
    assert.match(result.stdout, /accepted: Cilium equivalents reviewed in CHG-1234/);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 1);
    assert.ok(!arm.requests.some((r) => /listClusterUserCredential$/.test(r.path)), "--kubeconfig was used instead");
  });

  it("check --json lists the objects under each finding; with --accept the finding passes with its reason", async () => {
    const result = await checkFiles(["--kubeconfig", kubeconfig, "--json"]);
    assert.equal(result.code, 1, result.stderr);
    const json = JSON.parse(result.stdout);
    const finding = json.findings.find((f: { rule: string }) => f.rule === "netpol-calico-unenforced");
    assert.deepEqual(finding.objects, [
      { kind: "GlobalNetworkPolicy", name: "deny-payments-egress" },
      { kind: "NetworkPolicy", namespace: "shop", name: "default.allow-web" },
    ]);
    const withAccept = await checkFiles(["--kubeconfig", kubeconfig, "--accept", ACCEPT, "--json"]);
    assert.equal(withAccept.code, 0, withAccept.stderr);
    const accepted = JSON.parse(withAccept.stdout).findings.find(
      (f: { rule: string }) => f.rule === "netpol-calico-unenforced",
    );
    assert.equal(accepted.accepted, "Cilium equivalents reviewed in CHG-1234");
  });

  it("check on an IPAM step: RBAC 403 on PodDisruptionBudgets lists the PDB rules as unverified with the API's reason", async () => {
    api.forbid("poddisruptionbudgets");
    const overlay = join(dir, "overlay-target.json");
    writeFileSync(
      overlay,
      JSON.stringify({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }),
    );
    const nodeSubnet = join(dir, "node-subnet.json");
    writeFileSync(
      nodeSubnet,
      JSON.stringify(
        armCluster({
          subscription: SUB,
          resourceGroup: "rg1",
          name: "aks1",
          networkProfile: { networkPlugin: "azure" },
        }),
      ),
    );
    const result = await checkFiles(["--kubeconfig", kubeconfig, "--json"], nodeSubnet, overlay);
    const json = JSON.parse(result.stdout);
    const pdb = json.unverified.find((u: { rule: string }) => u.rule === "kube-pdb-unsatisfiable");
    assert.match(pdb?.reason ?? "", /^Forbidden/, result.stdout);
    assert.ok(
      !json.unverified.some((u: { rule: string }) => u.rule === "ovl-custom-ip-masq-agent"),
      "kube-system was read: a definite verdict",
    );
  });

  it("rejects an --accept for a rule AKS itself enforces, and a malformed one, in one line", async () => {
    const refused = await checkFiles(["--accept", "ovl-k8s-floor=we know"]);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /--accept ovl-k8s-floor: "ovl-k8s-floor" is not valid; .*AKS itself enforces this one/,
    );
    const malformed = await checkFiles(["--accept", "netpol-calico-unenforced"]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--accept: "netpol-calico-unenforced" is not valid; expected <rule-id>=<reason>/);
  });

  const live = liveFlags(AKS1);
  const credentialReads = () => insides.estate.credentialReads();

  it("check and plan on the live cluster read its insides with the cluster user's credential from ARM", async () => {
    const checked = await cli(["check", ...live, "--desired", target, "--json"]);
    assert.equal(checked.code, 1, checked.stderr);
    const finding = JSON.parse(checked.stdout).findings.find(
      (f: { rule: string }) => f.rule === "netpol-calico-unenforced",
    );
    assert.deepEqual(
      finding?.objects?.map((o: { name: string }) => o.name),
      ["deny-payments-egress", "default.allow-web"],
      checked.stdout,
    );
    assert.equal(credentialReads(), 1, "the kubeconfig came from listClusterUserCredential");
    const planned = await cli(["plan", ...live, "--target", target, "--json"]);
    assert.equal(planned.code, 1, planned.stderr);
    assert.ok(
      JSON.parse(planned.stdout).findings.some((f: { rule: string }) => f.rule === "netpol-calico-unenforced"),
      planned.stdout,
    );
    assert.equal(credentialReads(), 2);
  });

  it("check on the live cluster with --no-kubernetes asks ARM for no credential and reads nothing inside", async () => {
    const result = await cli(["check", ...live, "--desired", target, "--no-kubernetes", "--json"]);
    const json = JSON.parse(result.stdout);
    assert.equal(credentialReads(), 0);
    assert.equal(api.requests.length, 0);
    assert.ok(
      json.unverified.some((u: { rule: string }) => u.rule === "netpol-calico-unenforced"),
      "not read is not checked, never passed",
    );
  });

  it("check on a live cluster whose local accounts are disabled: the in-cluster rules are NOT CHECKED with ARM's reason", async () => {
    const doc = armCluster({
      subscription: SUB,
      resourceGroup: "rg1",
      name: "aks1",
      networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "calico" },
    });
    arm.put(SUB, "rg1", "aks1", {
      ...doc,
      properties: { ...(doc.properties as Record<string, unknown>), disableLocalAccounts: true },
    });
    const result = await cli(["check", ...live, "--desired", target]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /NOT CHECKED netpol-calico-unenforced: .*listClusterUserCredential failed.*local accounts/,
    );
    assert.equal(api.requests.length, 0);
  });

  it("names --kube-context when apply is given --context, and a --kube-context the kubeconfig lacks", async () => {
    const onApply = await apply(["--context", "aks1"]);
    assert.equal(onApply.code, 2);
    assert.match(onApply.stderr, /unknown flag --context; did you mean --kube-context\?/);
    const unknown = await checkFiles(["--kubeconfig", kubeconfig, "--kube-context", "prod"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--kube-context: "prod" is not valid; expected a context of the kubeconfig \(aks1\)/);
    assert.equal(arm.writes().length, 0);
  });

  it("plan --no-kubernetes reads nothing inside the cluster", async () => {
    const result = await cli(["plan", "--current", current, "--target", target, "--no-kubernetes", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(api.requests.length, 0);
  });
});
