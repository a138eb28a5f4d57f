import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, type CliResult } from "../support/cli";
import { checkArgs, planArgs } from "../support/cli-args";
import { runInProcess } from "../support/cli-in-process";
import {
  azShowCluster,
  kubenet,
  networkProfileOnly,
  overlay,
  overlayCilium as overlayCiliumCluster,
  pulumiClusterArgs,
  systemPool,
  vnetContext,
  windowsPool,
  OVERLAY_CILIUM_PROFILE,
} from "../support/fixtures";

const INSPECTED = { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config-reconciled"] };
const KUBENET_CALICO = azShowCluster(kubenet({ policy: "calico" }));
const OVERLAY_CILIUM_TARGET = networkProfileOnly({
  plugin: "azure",
  mode: "overlay",
  dataplane: "cilium",
  policy: "cilium",
});

/** Writes the case files the specs need into a fresh temp dir. */
function writeCaseFiles(dir: string) {
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return path;
  };
  return {
    allowedUpdate: file("allowed-update.json", {
      current: azShowCluster(overlay({ policy: "azure" })),
      desired: networkProfileOnly({ dataplane: "cilium", policy: "cilium" }),
      context: INSPECTED,
    }),
    blockedUpdate: file("blocked-update.json", {
      current: KUBENET_CALICO,
      desired: OVERLAY_CILIUM_TARGET,
      context: { ...vnetContext(), ...INSPECTED },
    }),
    create: file("create.json", {
      current: null,
      desired: pulumiClusterArgs(overlay({ dataplane: "cilium", policy: "cilium" })),
    }),
    createBlocked: file("create-blocked.json", {
      desired: pulumiClusterArgs(kubenet({ dataplane: "cilium", policy: "cilium" })),
    }),
    current: file("current.json", KUBENET_CALICO),
    target: file(
      "target.json",
      pulumiClusterArgs(overlay({ dataplane: "cilium", policy: "cilium", podCidr: "10.244.0.0/16" })),
    ),
    firstStep: file("first-step.json", networkProfileOnly({ policy: "none" })),
    context: file("context.json", INSPECTED),
    windowsCurrent: file("windows-current.json", azShowCluster(overlay({ pools: [systemPool(), windowsPool()] }))),
    ciliumTarget: file("cilium-target.json", networkProfileOnly({ dataplane: "cilium", policy: "cilium" })),
    invalidJson: file("invalid.json", '{ "current": null, "desired": { "networkPlugin": "azure", }'),
    unknownShape: file("unknown-shape.json", { desired: { hello: "world" } }),
    unknownEnum: file("unknown-enum.json", {
      desired: { resourceGroupName: "rg", networkProfile: { networkPlugin: "calico" } },
    }),
    badCidr: file("bad-cidr.json", {
      current: KUBENET_CALICO,
      desired: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.0.0.0/33" },
    }),
    badContext: file("bad-context.json", {
      desired: networkProfileOnly(overlay()),
      context: { subnets: [{ name: "nodes", addressPrefixes: ["999.1.1.1/8"] }] },
    }),
    notACase: file("not-a-case.json", [1, 2, 3]),
    missing: join(dir, "does-not-exist.json"),
  };
}

const invocations = (files: ReturnType<typeof writeCaseFiles>) =>
  ({
    checkAllowedJson: ["check", files.allowedUpdate, "--json"],
    checkBlocked: ["check", files.blockedUpdate],
    checkBlockedJson: ["check", files.blockedUpdate, "--json"],
    checkFlagsJson: checkArgs({ ...files, desired: files.firstStep }, "--json"),
    plan: planArgs(files),
    planJson: planArgs(files, "--json"),
    missingFile: ["check", files.missing],
    invalidJson: ["check", files.invalidJson],
    unknownShape: ["check", files.unknownShape],
    unknownEnum: ["check", files.unknownEnum, "--json"],
    unknownEnumDebug: ["check", files.unknownEnum, "--debug"],
    demo: ["demo"],
  }) as const satisfies Record<string, readonly string[]>;

type Name = keyof ReturnType<typeof invocations>;
let dir: string;
let files: ReturnType<typeof writeCaseFiles>;
const results = new Map<Name, CliResult>();
const result = (name: Name): CliResult => {
  const r = results.get(name);
  assert.ok(r, `${name} did not run`);
  return r;
};

/** Runs every invocation, at most `parallel` processes at a time. */
async function runAll(parallel: number): Promise<void> {
  const queue = Object.entries(invocations(files)) as [Name, readonly string[]][];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [name, args] = next;
      results.set(name, await runCli(args, { timeoutMs: 90_000 }));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

interface CheckJson {
  schemaVersion: number;
  command: "check" | "plan";
  verdict: "allow" | "block";
  operation: "create" | "update";
  findings: {
    rule: string;
    severity: "block" | "warn";
    message: string;
    fix: string;
    source: string;
    field?: string;
  }[];
  plan: {
    step: number;
    kind: string;
    title: string;
    azCommand: string;
    changes: { field: string; from?: string; to?: string }[];
    warnings: { rule: string }[];
  }[];
  reachable: boolean;
}

function json(target: Name | CliResult): CheckJson {
  const r = typeof target === "string" ? result(target) : target;
  const name = typeof target === "string" ? target : "in-process";
  assert.equal(r.stderr, "", `${name} wrote to stderr: ${r.stderr}`);
  try {
    return JSON.parse(r.stdout) as CheckJson;
  } catch (error) {
    throw new Error(`${name}: stdout is not JSON (${(error as Error).message}):\n${r.stdout}`);
  }
}

/** Bad input: exit 2, nothing on stdout, one line on stderr naming the problem, no stack trace. */
function assertBadInput(target: Name | CliResult, ...mentions: (string | RegExp)[]): string {
  const r = typeof target === "string" ? result(target) : target;
  const name = typeof target === "string" ? target : "in-process";
  assert.equal(r.code, 2, `${name}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout, "", `${name}: stdout should be empty`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${name}: one line on stderr, got:\n${r.stderr}`);
  assert.ok(!/\bat .+:\d+:\d+/.test(r.stderr), `${name}: a stack trace leaked:\n${r.stderr}`);
  assert.match(lines[0], /^aks-netguard( \w+)?: /);
  for (const m of mentions) {
    if (typeof m === "string") assert.ok(lines[0].includes(m), `${name}: "${m}" not in: ${lines[0]}`);
    else assert.match(lines[0], m, name);
  }
  return lines[0];
}

interface PrintedFinding {
  readonly tag: string;
  readonly message: string;
  readonly fix: string;
  readonly source: string;
}

/**
 * The findings of the human form, with their wrapped lines joined again: `TAG rule: message`, then `fix:` and `see:`
 * under a hanging indent. A rule id printed twice is listed twice.
 */
function printedFindings(human: string): { rule: string; finding: PrintedFinding }[] {
  const found: { rule: string; finding: { tag: string; message: string; fix: string; source: string } }[] = [];
  let part: "message" | "fix" | "source" = "message";
  for (const line of human.split("\n")) {
    const head = line.match(/^\s*(BLOCK|WARN) +([a-z0-9-]+): (.*)$/);
    const current = found.at(-1)?.finding;
    if (head) {
      found.push({ rule: head[2], finding: { tag: head[1], message: head[3], fix: "", source: "" } });
      part = "message";
    } else if (current !== undefined && /^\s+fix: /.test(line)) {
      current.fix = line.replace(/^\s+fix: /, "");
      part = "fix";
    } else if (current !== undefined && /^\s+see: /.test(line)) {
      current.source = line.replace(/^\s+see: /, "");
      part = "source";
    } else if (current !== undefined && part !== "source" && /^ {6,}\S/.test(line)) {
      current[part] += ` ${line.trim()}`;
    } else part = "source";
  }
  return found;
}

/** Every finding of the JSON form appears once in the human form: its rule id, message, fix and source. */
function assertHumanMatchesJson(human: string, findings: CheckJson["findings"]): void {
  const printed = printedFindings(human);
  for (const f of findings) {
    const hits = printed.filter((p) => p.rule === f.rule && p.finding.message === f.message);
    assert.equal(hits.length, 1, `${f.rule} is printed ${hits.length} times:\n${human}`);
    const { finding } = hits[0];
    assert.equal(finding.tag, f.severity === "block" ? "BLOCK" : "WARN", f.rule);
    assert.equal(finding.fix, f.fix, `${f.rule}: the fix`);
    assert.equal(finding.source, f.source, `${f.rule}: the source`);
  }
}

/**
 * The real `aks-netguard` in its own process: every command, both output forms, each exit code and each kind of bad
 * input run once, a few at a time, in `before`; each `it` then reads its result. Further variations run the same
 * command table in this process (`runInProcess`), which is much cheaper than a process each.
 */
describe("aks-netguard CLI (its own process)", function () {
  this.timeout(300_000);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "aks-netguard-cli-"));
    files = writeCaseFiles(dir);
    await runAll(3);
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe("check", () => {
    it("allows a single supported update, with warnings, exit 0", async () => {
      const r = await runInProcess(["check", files.allowedUpdate]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout.split("\n")[0], /^Update aks1: ALLOWED as one operation$/);
      const parsed = json("checkAllowedJson");
      assert.equal(parsed.verdict, "allow");
      assert.equal(parsed.operation, "update");
      assert.equal(parsed.reachable, true);
      assert.equal(result("checkAllowedJson").code, 0);
      assert.ok(parsed.findings.length > 0 && parsed.findings.every((f) => f.severity === "warn"), "warnings only");
      assert.ok(parsed.findings.some((f) => f.rule === "dp-cilium-replaces-npm-calico"));
      assert.deepEqual(
        parsed.plan.map((s) => s.azCommand),
        ["az aks update --resource-group rg-aks --name aks1 --network-dataplane cilium --network-policy cilium"],
      );
      assertHumanMatchesJson(r.stdout, parsed.findings);
      assert.ok(!r.stdout.includes("Migration plan"), "a one-step change needs no plan");
    });

    it("blocks kubenet + Calico → overlay + Cilium as one update, exit 1, and prints the 3-step plan", () => {
      const r = result("checkBlocked");
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout.split("\n")[0], /^Update aks1: BLOCKED as one operation$/);
      const parsed = json("checkBlockedJson");
      assert.equal(result("checkBlockedJson").code, 1);
      assert.equal(parsed.verdict, "block");
      assert.equal(parsed.operation, "update");
      const blocking = parsed.findings.filter((f) => f.severity === "block").map((f) => f.rule);
      for (const rule of ["dp-cilium-not-from-kubenet", "dp-ipam-and-dataplane-separate", "ovl-no-npm-calico"])
        assert.ok(blocking.includes(rule), rule);
      for (const f of parsed.findings) {
        assert.ok(f.message.length > 0 && f.fix.length > 0 && f.source.startsWith("https://"), f.rule);
      }
      assert.equal(parsed.reachable, true);
      assert.deepEqual(
        parsed.plan.map((s) => [s.step, s.kind]),
        [
          [1, "network-policy"],
          [2, "ipam"],
          [3, "dataplane"],
        ],
      );
      assert.deepEqual(
        parsed.plan.map((s) => s.azCommand.replace("az aks update --resource-group rg-aks --name aks1 ", "")),
        [
          "--network-policy none",
          "--network-plugin azure --network-plugin-mode overlay",
          "--network-dataplane cilium --network-policy cilium",
        ],
      );
      assert.ok(parsed.plan[1].warnings.some((w) => w.rule === "ovl-irreversible-notice"));
      assertHumanMatchesJson(r.stdout, parsed.findings);
      assert.match(r.stdout, /Migration plan: 3 steps, one update each/);
      for (const step of parsed.plan) {
        assert.ok(r.stdout.includes(`  ${step.step}. ${step.title}`), step.title);
        assert.ok(r.stdout.includes(`$ ${step.azCommand}`), step.azCommand);
      }
      assert.ok(!/\u001b\[/.test(r.stdout), "no colour codes when NO_COLOR is set / not a terminal");
    });

    it("checks a create (current null), exit 0 with no plan", async () => {
      const r = await runInProcess(["check", files.create, "--json"]);
      assert.equal(r.code, 0);
      const parsed = json(r);
      assert.equal(parsed.verdict, "allow");
      assert.equal(parsed.operation, "create");
      assert.deepEqual(parsed.plan, []);
      assert.ok(parsed.findings.every((f) => f.severity === "warn"));
    });

    it("blocks an invalid create (kubenet + Cilium), exit 1", async () => {
      const r = await runInProcess(["check", files.createBlocked]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^Create aks1: BLOCKED as one operation/);
      assert.match(r.stdout, /BLOCK dp-cilium-requires-azure-cni: /);
      assert.ok(!r.stdout.includes("Migration plan"));
    });

    it("takes --current, --desired and --context files", async () => {
      const parsed = json("checkFlagsJson");
      assert.equal(result("checkFlagsJson").code, 0);
      assert.equal(parsed.verdict, "allow");
      assert.equal(parsed.operation, "update");
      assert.ok(parsed.findings.some((f) => f.rule === "kubenet-retirement"));
      assert.deepEqual(
        parsed.plan.map((s) => s.kind),
        ["network-policy"],
      );
      const human = await runInProcess(checkArgs({ ...files, desired: files.firstStep }));
      assert.equal(human.code, 0);
      assertHumanMatchesJson(human.stdout, parsed.findings);
    });
  });

  describe("plan", () => {
    it("prints the ordered plan, exit 0 (and each step's field changes with --verbose)", async () => {
      const r = result("plan");
      assert.equal(r.code, 0, r.stderr);
      const parsed = json("planJson");
      assert.equal(result("planJson").code, 0);
      assert.equal(parsed.verdict, "allow");
      assert.deepEqual(parsed.findings, []);
      assert.deepEqual(
        parsed.plan.map((s) => s.kind),
        ["network-policy", "ipam", "dataplane"],
      );
      assert.deepEqual(parsed.plan[1].changes, [
        { field: "networkProfile.networkPlugin", from: "kubenet", to: "azure" },
        { field: "networkProfile.networkPluginMode", to: "overlay" },
      ]);
      const lines = r.stdout.split("\n");
      assert.equal(lines[0], "Migration plan: 3 steps, one update each");
      const stepLines = lines.filter((l) => /^ {2}\d\. /.test(l));
      assert.deepEqual(
        stepLines,
        parsed.plan.map((s) => `  ${s.step}. ${s.title}`),
      );
      for (const step of parsed.plan) {
        const at = lines.indexOf(`  ${step.step}. ${step.title}`);
        assert.equal(lines[at + 1], `     $ ${step.azCommand}`);
      }
      assert.ok(
        !r.stdout.includes("networkProfile.networkPluginMode: (unset) → overlay"),
        "changes only with --verbose",
      );
      const verbose = await runInProcess([...invocations(files).plan, "--verbose"]);
      assert.ok(
        verbose.stdout.split("\n").includes("     networkProfile.networkPluginMode: (unset) → overlay"),
        verbose.stdout,
      );
    });

    it("says why a target cannot be reached, exit 1", async () => {
      const r = await runInProcess(["plan", "--current", files.windowsCurrent, "--target", files.ciliumTarget]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^The target cannot be reached in place:/);
      assert.ok(
        printedFindings(r.stdout).some((p) => p.rule === "dp-cilium-no-windows" && p.finding.message.includes("win1")),
        r.stdout,
      );
      const jsonRun = await runInProcess(
        planArgs({ current: files.windowsCurrent, target: files.ciliumTarget }, "--json"),
      );
      assert.equal(jsonRun.code, 1);
      const parsed = json(jsonRun);
      assert.equal(parsed.verdict, "block");
      assert.deepEqual(parsed.plan, []);
      assert.ok(parsed.findings.some((f) => f.rule === "dp-cilium-no-windows" && f.severity === "block"));
      assertHumanMatchesJson(r.stdout, parsed.findings);
    });
  });

  describe("bad input: exit 2, one line naming the problem", () => {
    it("a missing file", () => {
      assertBadInput("missingFile", files.missing, "no such file");
    });

    it("invalid JSON", () => {
      assertBadInput("invalidJson", files.invalidJson, "not valid JSON");
    });

    it("a cluster of no known shape", () => {
      assertBadInput("unknownShape", "desired", "ARM managedCluster", "az aks show");
    });

    it("an unknown enum value; with --json the error is a JSON document on stdout, exit 2", async () => {
      assertBadInput(
        await runInProcess(["check", files.unknownEnum]),
        'desired.networkProfile.networkPlugin: "calico" is not valid',
        "azure, kubenet, none",
      );
      const r = result("unknownEnum");
      assert.equal(r.code, 2);
      assert.equal(r.stderr, "");
      assert.deepEqual(JSON.parse(r.stdout), {
        schemaVersion: 1,
        command: "check",
        status: "error",
        error: {
          kind: "bad-input",
          message:
            'desired.networkProfile.networkPlugin: "calico" is not valid; expected one of azure, kubenet, none (any case).',
        },
      });
    });

    it("a malformed CIDR, in the cluster and in the context", async () => {
      assertBadInput(await runInProcess(["check", files.badCidr]), 'desired.podCidr: "10.0.0.0/33"');
      assertBadInput(
        await runInProcess(["check", files.badContext]),
        'context.subnets[0].addressPrefixes[0]: "999.1.1.1/8"',
      );
    });

    it("a case file that is not an object", async () => {
      assertBadInput(await runInProcess(["check", files.notACase]), files.notACase, "an array of 3");
    });

    it("usage mistakes", async () => {
      assertBadInput(await runInProcess(["plan", "--current", files.current]), "--target");
      assertBadInput(await runInProcess(["plan", "--target", files.target]), "--current");
      assertBadInput(await runInProcess(["check"]), "--desired");
      assertBadInput(await runInProcess(["check", files.blockedUpdate, files.create]), "at most 1 case file");
      assertBadInput(
        await runInProcess(["check", files.blockedUpdate, "--current", files.current]),
        "either a case file",
        "--current/--desired/--context",
      );
      assertBadInput(
        await runInProcess(["check", files.blockedUpdate, "--context", files.context]),
        "either a case file",
        "--context",
      );
      assertBadInput(
        await runInProcess(["check", files.blockedUpdate, "--verbsoe"]),
        "unknown flag --verbsoe; did you mean --verbose?",
      );
      assertBadInput(await runInProcess(["preflight", files.blockedUpdate]), '"preflight"', "check");
    });

    it("prints the command list on stderr and exits 2 without a command", async () => {
      const r = await runInProcess([]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^aks-netguard \d+\.\d+\.\d+ — /);
      for (const command of ["check", "plan", "apply", "baseline", "rules", "demo"])
        assert.match(r.stderr, new RegExp(`^  ${command} +\\S`, "m"), command);
    });

    it("shows a stack trace only with --debug", () => {
      const r = result("unknownEnumDebug");
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^aks-netguard check: desired\.networkProfile\.networkPlugin: "calico" is not valid/);
      assert.match(r.stderr, /\n\s+at .+:\d+:\d+/, "a stack with --debug");
    });
  });

  it("demo: the bundled sample's preflight and plan, exit 0", () => {
    const r = result("demo");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /kubenet-calico-to-overlay-cilium\.json/);
    assert.match(r.stdout, /BLOCKED as one operation/);
    assert.match(r.stdout, /Migration plan: 3 steps/);
    assert.match(
      r.stdout,
      /1\. Uninstall Calico[\s\S]*2\. Move to Azure CNI Overlay[\s\S]*3\. Switch the data plane to Cilium/,
    );
  });
});

/** One invocation each, from the sample cases a user starts with. */
describe("aks-netguard preflight CLI: check, plan and baseline one invocation at a time", () => {
  const caseDir = mkdtempSync(join(tmpdir(), "aks-netguard-cli-"));
  function file(name: string, content: unknown): string {
    const path = join(caseDir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  }

  const kubenetCalico = azShowCluster(kubenet({ policy: "calico", identity: "UserAssigned", resourceGroup: "rg1" }));
  const overlayCilium = OVERLAY_CILIUM_PROFILE;

  it("check <case.json> blocks an update that is more than one operation, prints the findings and the plan, exit 1", async () => {
    const outcome = await runCli(["check", file("case.json", { current: kubenetCalico, desired: overlayCilium })]);
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(outcome.stdout, /Update aks1: BLOCKED as one operation/);
    assert.match(outcome.stdout, /BLOCK dp-cilium-not-from-kubenet: /);
    assert.match(outcome.stdout, /\n\s+fix: /);
    assert.match(outcome.stdout, /Migration plan: 3 steps/);
    assert.match(
      outcome.stdout,
      /1\. Uninstall Calico[\s\S]*2\. Move to Azure CNI Overlay[\s\S]*3\. Switch the data plane to Cilium/,
    );
    assert.doesNotMatch(outcome.stdout, /\u001b\[/, "no colours when not on a terminal");
  });

  it("check --json prints verdict, findings and plan as JSON", async () => {
    const outcome = await runCli([
      "check",
      "--json",
      file("case2.json", { current: kubenetCalico, desired: overlayCilium }),
    ]);
    assert.equal(outcome.code, 1);
    const report = JSON.parse(outcome.stdout);
    assert.equal(report.verdict, "block");
    assert.ok(
      report.findings.some(
        (f: { rule: string; severity: string; message: string }) =>
          f.rule === "ovl-no-npm-calico" && f.severity === "block" && f.message.length > 0,
      ),
    );
    assert.deepEqual(
      report.plan.map((s: { kind: string }) => s.kind),
      ["network-policy", "ipam", "dataplane"],
    );
    assert.equal(report.reachable, true);
  });

  it("check --current/--desired allows a valid single step with warnings, exit 0", async () => {
    const current = file("overlay.json", azShowCluster(overlay({ policy: "azure" })));
    const desired = file("cilium.json", { networkDataplane: "cilium", networkPolicy: "cilium" });
    const outcome = await runCli(["check", "--current", current, "--desired", desired, "--json"]);
    assert.equal(outcome.code, 0, outcome.stderr);
    const report = JSON.parse(outcome.stdout);
    assert.equal(report.verdict, "allow");
    assert.ok(report.findings.some((f: { rule: string }) => f.rule === "dp-cilium-replaces-npm-calico"));
    assert.ok(report.findings.every((f: { severity: string }) => f.severity === "warn"));
  });

  it("check treats a case without current as a create", async () => {
    const outcome = await runCli([
      "check",
      "--json",
      file("create.json", { current: null, desired: azShowCluster(overlayCiliumCluster()) }),
    ]);
    assert.equal(outcome.code, 0, outcome.stdout);
    assert.equal(JSON.parse(outcome.stdout).operation, "create");
  });

  it("plan prints the ordered steps with their az commands, exit 0; unreachable targets exit 1 with the reasons", async () => {
    const ok = await runCli(
      planArgs({ current: file("k.json", kubenetCalico), target: file("t.json", overlayCilium) }),
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /\$ az aks update --resource-group rg1 --name aks1 --network-policy none/);
    const back = await runCli(
      planArgs(
        { current: file("o.json", azShowCluster(overlay())), target: file("ns.json", { networkPlugin: "azure" }) },
        "--json",
      ),
    );
    assert.equal(back.code, 1);
    const report = JSON.parse(back.stdout);
    assert.equal(report.verdict, "block");
    assert.deepEqual(report.plan, []);
    assert.ok(report.findings.some((f: { rule: string }) => f.rule === "ipam-overlay-irreversible"));
  });

  const badInput: [string, () => string[], RegExp][] = [
    [
      "a missing file",
      () => ["check", join(caseDir, "nope.json")],
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
      const outcome = await runCli(args());
      assert.equal(outcome.code, 2);
      assert.match(outcome.stderr, message);
      assert.equal(outcome.stderr.trim().split("\n").length, 1, outcome.stderr);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /, "no stack trace without --debug");
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
      const outcome = await runCli(args);
      assert.equal(outcome.code, 1, outcome.stderr);
      assert.match(outcome.stdout, /cidr-reserved-ranges/);
      assert.ok(
        !`${outcome.stdout}${outcome.stderr}`.includes("172.16.0.0/12") &&
          !`${outcome.stdout}${outcome.stderr}`.includes("10.0.0.1 "),
        outcome.stdout,
      );
    }
  });

  it("exits 2 naming the path when the file is a directory", async () => {
    const outcome = await runCli(["check", caseDir]);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /cannot read it \(it is a directory\)/);
  });

  it("prints a stack trace for bad input only with --debug", async () => {
    const outcome = await runCli(["check", "--debug", file("bad2.json", "[")]);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /\n\s+at /);
  });

  it("demo prints the bundled sample's verdicts and plan", async () => {
    const outcome = await runCli(["demo"]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.match(outcome.stdout, /BLOCKED as one operation/);
    assert.match(outcome.stdout, /Migration plan: 3 steps/);
  });

  it("rules --json lists the catalog", async () => {
    const outcome = await runCli(["rules", "--json"]);
    assert.equal(outcome.code, 0);
    const rules = JSON.parse(outcome.stdout) as { id: string; source: string }[];
    assert.ok(rules.length > 40 && rules.every((r) => r.id && r.source.startsWith("https://")));
  });
});
