import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyArgs } from "../support/cli-args";
import { runInProcess } from "../support/cli-in-process";

/** An endpoint nothing listens on: any request would fail loudly, and the tests below expect none. */
const OFFLINE = { AKS_NETGUARD_ARM_TOKEN: "unused-token", AKS_NETGUARD_ARM_ENDPOINT: "https://127.0.0.1:9" };
const cli = (args: readonly string[]) => runInProcess(args, OFFLINE);

const SUB = "00000000-0000-0000-0000-00000000f00d";
const KUBENET = {
  properties: {
    kubernetesVersion: "1.31.2",
    networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16" },
    agentPoolProfiles: [{ name: "system", mode: "System", osType: "Linux", count: 3 }],
  },
};
const OVERLAY_TARGET = { networkPlugin: "azure", networkPluginMode: "overlay" };

describe("CLI input safety: names, encodings, bad current documents, terminal output", function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-input-"));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const target = file("target.json", JSON.stringify(OVERLAY_TARGET));

  it("apply refuses a traversal name, an injected api-version and a subscription that is not a GUID, exit 2, before any request", async () => {
    const cases: [string, string, RegExp][] = [
      [
        "--name",
        "x/../../../other-rg/providers/Microsoft.ContainerService/managedClusters/victim",
        /--name: .* is not valid; expected a managed cluster name/,
      ],
      ["--name", "aks1?api-version=2017-01-01", /--name: /],
      ["--resource-group", "rg1/../rg2", /--resource-group: /],
      ["--subscription", "../../x", /--subscription: .* expected a subscription id \(a GUID\)/],
    ];
    for (const [flag, value, message] of cases) {
      const args = { "--subscription": SUB, "--resource-group": "rg1", "--name": "aks1", [flag]: value };
      const result = await cli(["apply", ...Object.entries(args).flat(), "--target", target, "--yes"]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /unexpected error|ECONNREFUSED|at .*\.ts:/, "one line, no request made");
    }
  });

  it("apply bounds --timeout (no timer overflow) and says the limits", async () => {
    for (const value of ["50000", "0", "-1", "soon"]) {
      const result = await cli(
        applyArgs({ subscription: SUB, resourceGroup: "rg1", name: "aks1" }, target, "--yes", `--timeout=${value}`),
      );
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--timeout: .* above 0 and at most 1440 \(default 180\)/);
    }
  });

  it("reads files with a UTF-8 byte-order mark and in UTF-16 (PowerShell 5.1's >), in both byte orders", async () => {
    const text = JSON.stringify(KUBENET);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
    for (const [name, content] of [
      ["bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ["utf16le.json", le],
      ["utf16be.json", be],
      ["utf16le-nobom.json", Buffer.from(text, "utf16le")],
    ] as const) {
      const result = await cli(["plan", "--current", file(name, content), "--target", target]);
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      assert.match(result.stdout, /Move to Azure CNI Overlay from kubenet/, name);
    }
  });

  it("a current cluster without a network plugin, or with an empty one, is bad input naming the field (never assumed)", async () => {
    for (const plugin of [undefined, "", null]) {
      const current = structuredClone(KUBENET) as { properties: { networkProfile: Record<string, unknown> } };
      if (plugin === undefined) delete current.properties.networkProfile.networkPlugin;
      else current.properties.networkProfile.networkPlugin = plugin;
      const result = await cli([
        "plan",
        "--current",
        file("noplugin.json", JSON.stringify(current)),
        "--target",
        target,
      ]);
      assert.equal(result.code, 2, result.stdout);
      assert.match(
        result.stderr,
        /current\.properties\.networkProfile\.networkPlugin: .* is not valid; expected the network plugin the cluster reports/,
      );
    }
  });

  it("deep nesting, a huge pool list and broken JSON end in one clear line", async () => {
    const deep = file("deep.json", `${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    const nested = await cli(["plan", "--current", deep, "--target", target]);
    assert.equal(nested.code, 2);
    assert.equal(nested.stderr.trim().split("\n").length, 1, nested.stderr);
    assert.doesNotMatch(nested.stderr, /unexpected error/);

    const many = structuredClone(KUBENET) as { properties: { agentPoolProfiles: unknown[] } };
    many.properties.agentPoolProfiles = Array.from({ length: 200_000 }, (_, i) => ({ name: `p${i}`, count: 1 }));
    const huge = await cli(["plan", "--current", file("huge.json", JSON.stringify(many)), "--target", target]);
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /agentPoolProfiles: an array of 200000 is not valid; expected at most 1000 node pools/);

    const broken = await cli(["plan", "--current", file("broken.json", '{ "properties": '), "--target", target]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid JSON \(UTF-8; /);
  });

  it("never lets a control character from a file reach the terminal raw", async () => {
    const evil = file("evil.json", JSON.stringify({ networkPlugin: "azure\u001b[2J\u009b31m\u0007" }));
    const result = await cli(["plan", "--current", evil, "--target", target]);
    assert.equal(result.code, 2);
    assert.doesNotMatch(result.stderr + result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.match(result.stderr, /\\u001b|\\u009b/);
  });
});
