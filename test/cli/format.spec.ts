import { strict as assert } from "node:assert";
import { join } from "node:path";
import { REPO_ROOT } from "../support/cli";
import { planArgs } from "../support/cli-args";
import { runInProcess as cli } from "../support/cli-in-process";

describe("CLI output: wrapped to the width, each finding once", () => {
  for (const width of [60, 100, 160]) {
    it(`demo at COLUMNS=${width}: no line wider than ${width} but an unbreakable word (a URL, an az command), each finding once`, async () => {
      const r = await cli(["demo"], { COLUMNS: String(width) });
      assert.equal(r.code, 0, r.stderr);
      for (const line of r.stdout.split("\n")) {
        if (line.length <= width) continue;
        const words = line.trim().split(" ");
        const unbreakable = line.trim().startsWith("$ az ") || words.some((w) => w.length > width / 2);
        assert.ok(unbreakable, `a ${line.length}-column line at width ${width}:\n${line}`);
      }
      const headers = r.stdout
        .split("\n")
        .map((l) => l.match(/^\s*(?:BLOCK|WARN) +([a-z0-9-]+):/)?.[1])
        .filter((rule) => rule !== undefined);
      assert.ok(headers.length > 3, r.stdout);
      assert.equal(new Set(headers).size, headers.length, `a finding printed twice:\n${r.stdout}`);
      assert.ok(r.stdout.split("\n").filter((l) => /^\s+see: https:\/\//.test(l)).length >= headers.length);
    });
  }

  it("check and plan print one JSON layout: the same keys, schemaVersion 1, the command's name", async () => {
    const caseFile = join(REPO_ROOT, "examples", "preflight", "kubenet-calico-to-overlay-cilium.json");
    const preflight = join(REPO_ROOT, "examples", "preflight");
    const check = JSON.parse((await cli(["check", caseFile, "--json"])).stdout) as Record<string, unknown>;
    const plan = JSON.parse(
      (
        await cli(
          planArgs(
            {
              current: join(preflight, "current.json"),
              target: join(preflight, "target.json"),
              context: join(preflight, "context.json"),
            },
            "--json",
          ),
        )
      ).stdout,
    ) as Record<string, unknown>;
    assert.deepEqual(Object.keys(check), Object.keys(plan));
    assert.deepEqual(Object.keys(check), [
      "schemaVersion",
      "command",
      "operation",
      "verdict",
      "reachable",
      "findings",
      "plan",
      "unverified",
    ]);
    assert.equal(check.schemaVersion, 1);
    assert.equal(check.command, "check");
    assert.equal(plan.command, "plan");
    assert.deepEqual(plan.plan, check.plan, "the sample's files and its case file plan the same steps");
  });
});
