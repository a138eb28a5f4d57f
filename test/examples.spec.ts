import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  analyzeExample,
  baselinesStackConfig,
  listExamples,
  runExampleProgram,
  type ExampleResult,
} from "../preview/demo";
import { PolicyPackProcess } from "../preview/policy-client";
import { REPO_ROOT } from "./support/cli";
import { defined } from "./support/defined";

const mandatory = (r: ExampleResult) =>
  r.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName);

/** Each example program, run under mocks and analyzed by the real pack over gRPC, with its expected verdict. */
const EXPECTED: Record<string, (r: ExampleResult) => void> = {
  "1-new-overlay-cilium": (r) => {
    assert.equal(r.run.error, undefined);
    assert.deepEqual(mandatory(r), []);
    assert.ok(r.run.resources.some((x) => x.type === "azure-native:containerservice:AgentPool"));
  },
  "2-kubenet-to-overlay": (r) => {
    assert.deepEqual(mandatory(r), []);
    assert.ok(r.run.warnings.some((w) => w.includes("ovl-irreversible-notice")));
  },
  "3-nodesubnet-to-overlay": (r) => assert.deepEqual(mandatory(r), []),
  "4-overlay-to-cilium": (r) => {
    assert.deepEqual(mandatory(r), []);
    assert.ok(
      r.diagnostics.some(
        (d) => d.policyName === "component-transition" && d.message.includes("dp-cilium-replaces-npm-calico"),
      ),
    );
  },
  "5-kubenet-calico-stepwise": (r) => {
    assert.equal(r.run.error, undefined);
    assert.deepEqual(mandatory(r), []);
  },
  "6-blocked": (r) => {
    assert.equal(r.verdict, "blocked");
    for (const policy of [
      "ipam-overlay-irreversible",
      "replacement-guard",
      "dp-ipam-and-dataplane-separate",
      "stack-agent-pools",
    ]) {
      assert.ok(mandatory(r).includes(policy), `${policy} in ${mandatory(r).join(", ")}`);
    }
  },
  "7-raw-stack-baselines": (r) => {
    assert.deepEqual(mandatory(r), []);
    assert.ok(!r.diagnostics.some((d) => d.policyName === "transition-baseline"), "the baseline is known");
    assert.ok(r.diagnostics.some((d) => d.policyName === "ovl-irreversible-notice"));
  },
};

describe("examples (mock runtime + the served policy pack)", function () {
  this.timeout(300_000);
  const examples = listExamples(REPO_ROOT);
  let pack: PolicyPackProcess;
  before(async () => {
    pack = await PolicyPackProcess.start(join(REPO_ROOT, "dist", "policies"), baselinesStackConfig(examples));
  });
  after(async () => pack?.stop());

  it("has every migration path of the catalog, each with Pulumi.yaml, index.ts and README.md", () => {
    assert.deepEqual(
      examples.map((e) => e.id),
      Object.keys(EXPECTED),
    );
    for (const e of examples)
      for (const file of ["Pulumi.yaml", "index.ts", "README.md", "state.json"])
        assert.ok(existsSync(join(e.dir, file)), `${e.id}/${file}`);
  });

  for (const id of Object.keys(EXPECTED)) {
    it(`${id}: runs under mocks with the expected verdicts`, async () => {
      const example = defined(
        examples.find((e) => e.id === id),
        `example ${id}`,
      );
      const run = await runExampleProgram(REPO_ROOT, example);
      EXPECTED[id](await analyzeExample(pack, example, run));
    });
  }

  it("npm start prints the preview of every example and a one-line summary", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "preview", "main.js")], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Previewing update \(dev\) — 1-new-overlay-cilium/);
    assert.match(result.stdout, /Migration plan \(3 steps; this update applies step 1\):\n\s+1\. Uninstall Calico/);
    assert.match(result.stdout, /\[mandatory\] ipam-overlay-irreversible \(reverted\)/);
    assert.match(result.stdout, /\[mandatory\] stack-agent-pools \(cilium\)/);
    assert.match(result.stdout, /7 examples previewed offline: 1 pass, 5 pass with advisories, 1 blocked\.\n?$/);
    assert.doesNotMatch(result.stdout, /\u001b\[/, "plain text when not on a terminal");
  });

  it("npm start is short and wrapped: each advisory once per example (not as the component's warning and again as the pack's), lines within $COLUMNS but for a table row or an az command", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "preview", "main.js")], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", COLUMNS: "100" },
    });
    assert.equal(result.status, 0, result.stderr);
    for (const preview of result.stdout.split(/^(?=Previewing update)/m).filter((p) => p.startsWith("Previewing"))) {
      const example = preview.split("\n")[0];
      const warned = [...preview.matchAll(/^\s+WARN +([a-z0-9-]+):/gm)].map((m) => m[1]);
      const advised = [...preview.matchAll(/^\s+- \[advisory\] ([a-z0-9-]+) /gm)].map((m) => m[1]);
      assert.equal(new Set(warned).size, warned.length, `${example}: a component warning twice`);
      for (const rule of warned)
        assert.ok(!advised.includes(rule) || rule === "component-transition", `${example}: ${rule} printed twice`);
      for (const line of preview.split("\n"))
        assert.ok(
          line.length <= 100 || /^\s+\$ az /.test(line) || /^ {2}[ +~✗]{3}\S+:\S+/.test(line) || line === example,
          `${example}: a ${line.length}-column line:\n${line}`,
        );
    }
  });

  it("npm start -- <example> previews one, and names the examples when it does not know the one asked for", () => {
    const one = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "preview", "main.js"), "4"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /1 example previewed offline: 0 pass, 1 pass with advisories, 0 blocked/);
    const unknown = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "preview", "main.js"), "99"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no example "99"; examples: 1-new-overlay-cilium/);
  });
});
