import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { azShowCluster, kubenet, overlay, overlayCilium as overlayCiliumCluster } from "../support/fixtures";

const dir = mkdtempSync(join(tmpdir(), "aks-netguard-cli-"));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const kubenetCalico = azShowCluster(kubenet({ policy: "calico", identity: "UserAssigned", resourceGroup: "rg1" }));
const overlayCilium = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkDataplane: "cilium",
  networkPolicy: "cilium",
};

describe("aks-netguard preflight CLI", () => {
  it("check <case.json> blocks an update that is more than one operation, prints the findings and the plan, exit 1", async () => {
    const result = await runCli(["check", file("case.json", { current: kubenetCalico, desired: overlayCilium })]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /Update aks1: BLOCKED as one operation/);
    assert.match(result.stdout, /BLOCK dp-cilium-not-from-kubenet: /);
    assert.match(result.stdout, /\n\s+fix: /);
    assert.match(result.stdout, /Migration plan: 3 steps/);
    assert.match(
      result.stdout,
      /1\. Uninstall Calico[\s\S]*2\. Move to Azure CNI Overlay[\s\S]*3\. Switch the data plane to Cilium/,
    );
    assert.doesNotMatch(result.stdout, /\u001b\[/, "no colours when not on a terminal");
  });

  it("check --json prints verdict, findings and plan as JSON", async () => {
    const result = await runCli([
      "check",
      "--json",
      file("case2.json", { current: kubenetCalico, desired: overlayCilium }),
    ]);
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout);
    assert.equal(json.verdict, "block");
    assert.ok(
      json.findings.some(
        (f: { rule: string; severity: string; message: string }) =>
          f.rule === "ovl-no-npm-calico" && f.severity === "block" && f.message.length > 0,
      ),
    );
    assert.deepEqual(
      json.plan.map((s: { kind: string }) => s.kind),
      ["network-policy", "ipam", "dataplane"],
    );
    assert.equal(json.reachable, true);
  });

  it("check --current/--desired allows a valid single step with warnings, exit 0", async () => {
    const current = file("overlay.json", azShowCluster(overlay({ policy: "azure" })));
    const desired = file("cilium.json", { networkDataplane: "cilium", networkPolicy: "cilium" });
    const result = await runCli(["check", "--current", current, "--desired", desired, "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.verdict, "allow");
    assert.ok(json.findings.some((f: { rule: string }) => f.rule === "dp-cilium-replaces-npm-calico"));
    assert.ok(json.findings.every((f: { severity: string }) => f.severity === "warn"));
  });

  it("check treats a case without current as a create", async () => {
    const result = await runCli([
      "check",
      "--json",
      file("create.json", { current: null, desired: azShowCluster(overlayCiliumCluster()) }),
    ]);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(JSON.parse(result.stdout).operation, "create");
  });

  it("plan prints the ordered steps with their az commands, exit 0; unreachable targets exit 1 with the reasons", async () => {
    const ok = await runCli([
      "plan",
      "--current",
      file("k.json", kubenetCalico),
      "--target",
      file("t.json", overlayCilium),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /\$ az aks update --resource-group rg1 --name aks1 --network-policy none/);
    const back = await runCli([
      "plan",
      "--json",
      "--current",
      file("o.json", azShowCluster(overlay())),
      "--target",
      file("ns.json", { networkPlugin: "azure" }),
    ]);
    assert.equal(back.code, 1);
    const json = JSON.parse(back.stdout);
    assert.equal(json.verdict, "block");
    assert.deepEqual(json.plan, []);
    assert.ok(json.findings.some((f: { rule: string }) => f.rule === "ipam-overlay-irreversible"));
  });

  const badInput: [string, () => string[], RegExp][] = [
    [
      "a missing file",
      () => ["check", join(dir, "nope.json")],
      /case file .*nope\.json: cannot read it \(no such file\)/,
    ],
    ["invalid JSON", () => ["check", file("bad.json", "{ not json")], /not valid JSON/],
    [
      "an object of no known shape",
      () => ["check", "--current", file("odd.json", { hello: 1 }), "--desired", file("d.json", overlayCilium)],
      /current: an object is not valid; expected an ARM managedCluster/,
    ],
    [
      "an unknown enum value",
      () => ["check", file("enum.json", { desired: { networkPlugin: "flannel" } })],
      /desired\.networkPlugin: "flannel" is not valid; expected one of azure, kubenet, none/,
    ],
    [
      "an unknown flag",
      () => ["plan", "--bogus"],
      /^aks-netguard plan: unknown flag --bogus \(see aks-netguard plan --help\)$/m,
    ],
    ["a mistyped flag", () => ["check", "--curent", "x"], /unknown flag --curent; did you mean --current\?/],
    ["an unknown command", () => ["frobnicate"], /unknown command "frobnicate"/],
    ["a mistyped command", () => ["pln"], /unknown command "pln"; did you mean plan\?/],
  ];
  for (const [name, args, message] of badInput) {
    it(`exits 2 with one clear line for ${name}`, async () => {
      const result = await runCli(args());
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace without --debug");
    });
  }

  it("never prints the text of secret-wrapped values, in either output form", async () => {
    const sig = "4dabf18193072939515e22adb298388d";
    const secret = (value: string) => ({ [sig]: "1b47061264138c4ac30d75fd1eb44270", value });
    const desired = {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      podCidr: secret("172.16.0.0/12"),
      dnsServiceIP: secret("10.0.0.1"),
      serviceCidr: "10.0.0.0/16",
    };
    const caseFile = file("secret.json", { desired });
    for (const args of [
      ["check", caseFile],
      ["check", "--json", caseFile],
    ]) {
      const result = await runCli(args);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /cidr-reserved-ranges/);
      assert.ok(
        !`${result.stdout}${result.stderr}`.includes("172.16.0.0/12") &&
          !`${result.stdout}${result.stderr}`.includes("10.0.0.1 "),
        result.stdout,
      );
    }
  });

  it("exits 2 naming the path when the file is a directory", async () => {
    const result = await runCli(["check", dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot read it \(it is a directory\)/);
  });

  it("prints a stack trace for bad input only with --debug", async () => {
    const result = await runCli(["check", "--debug", file("bad2.json", "[")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\n\s+at /);
  });

  it("demo prints the bundled sample's verdicts and plan", async () => {
    const result = await runCli(["demo"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /BLOCKED as one operation/);
    assert.match(result.stdout, /Migration plan: 3 steps/);
  });

  it("rules --json lists the catalog", async () => {
    const result = await runCli(["rules", "--json"]);
    assert.equal(result.code, 0);
    const rules = JSON.parse(result.stdout) as { id: string; source: string }[];
    assert.ok(rules.length > 40 && rules.every((r) => r.id && r.source.startsWith("https://")));
  });
});
