import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { checkArgs } from "../support/cli-args";
import { microsoftFixturePath as fixture } from "../support/microsoft-fixtures";

/** The CLI process, run as the README tells users to run it, on Microsoft's example documents and kubectl's output. */
describe("aks-netguard CLI on real inputs (Microsoft's examples, az and kubectl output)", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-real-"));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const toOverlay = file("to-overlay.json", { networkPlugin: "azure", networkPluginMode: "overlay" });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check accepts Microsoft\'s create request ("kubernetesVersion": "") as a create: exit 0, not bad input', async () => {
    const r = await runCli(["check", "--desired", fixture("managed-cluster-create-request.json"), "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.verdict, "allow");
    assert.equal(json.operation, "create");
    assert.ok(!r.stdout.includes("replacePassword1234$"), "the example's password is never printed");
  });

  it("baseline refuses an empty version on the current cluster with one line naming the field (exit 2)", async () => {
    const r = await runCli(["baseline", fixture("managed-cluster-create-request.json")]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /properties\.kubernetesVersion: "" is not valid; expected the version ARM reports/);
  });

  it("check and baseline say an agent pool document belongs in context.agentPools (exit 2, one line)", async () => {
    for (const args of [
      ["check", "--desired", fixture("az-nodepool-add-windows.json")],
      ["check", "--desired", fixture("agent-pool-create-windows.json")],
      ["baseline", fixture("az-nodepool-add-windows.json")],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /an agent pool document.*context\.agentPools/);
    }
  });

  it("blocks kubenet → overlay when kubectl's `-o name` or `-o json` output shows the custom ip-masq-agent ConfigMap", async () => {
    const contexts = [
      file("ctx-name.json", { ipMasqAgentConfigMaps: ["configmap/azure-ip-masq-agent-config"] }),
      file("ctx-ns.json", { ipMasqAgentConfigMaps: ["kube-system/azure-ip-masq-agent-config"] }),
      file("ctx-list.json", {
        ipMasqAgentConfigMaps: JSON.parse(readFileSync(fixture("kubectl-configmaps.json"), "utf8")) as unknown,
      }),
    ];
    for (const context of contexts) {
      const r = await runCli(checkArgs({ current: fixture("az-aks-show-kubenet.json"), desired: toOverlay, context }));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /BLOCKED/);
      assert.match(r.stdout, /BLOCK ovl-custom-ip-masq-agent/);
    }
    const bad = file("ctx-bad.json", { ipMasqAgentConfigMaps: ["default/azure-ip-masq-agent-config"] });
    const r = await runCli(
      checkArgs({ current: fixture("az-aks-show-kubenet.json"), desired: toOverlay, context: bad }),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /context\.ipMasqAgentConfigMaps\[0\]: "default\/azure-ip-masq-agent-config" is not valid/);
  });

  it("says what it could not check, once each, naming what to supply; --quiet folds it, --json lists it", async () => {
    const args = ["check", "--current", fixture("az-aks-show-kubenet.json"), "--desired", toOverlay];
    // A wide terminal: each NOT CHECKED rule on one line.
    const text = await runCli(args, { env: { COLUMNS: "1000" } });
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.split("\n").filter((l) => l.includes("NOT CHECKED"));
    assert.ok(
      lines.some((l) =>
        /ovl-custom-ip-masq-agent: supply the ConfigMaps of kube-system \(context\.ipMasqAgentConfigMaps/.test(l),
      ),
    );
    assert.ok(
      lines.some((l) => /cidr-pod-vs-subnets: supply the subnets of the cluster's VNet \(context\.subnets/.test(l)),
    );
    assert.equal(new Set(lines).size, lines.length, "each once");

    const quiet = await runCli([...args, "--quiet"], { env: { COLUMNS: "1000" } });
    const folded = quiet.stdout.split("\n").filter((l) => l.includes("NOT CHECKED"));
    assert.equal(folded.length, 1, quiet.stdout);
    assert.match(folded[0], /NOT CHECKED \d+ rules \(.*ovl-custom-ip-masq-agent.*\)/);

    const json = JSON.parse((await runCli([...args, "--json"])).stdout) as {
      unverified: { rule: string; needs: string }[];
    };
    assert.ok(
      json.unverified.some((u) => u.rule === "ovl-custom-ip-masq-agent" && /kubectl -n kube-system/.test(u.needs)),
    );

    const planned = JSON.parse(
      (await runCli(["plan", "--current", fixture("az-aks-show-kubenet.json"), "--target", toOverlay, "--json"]))
        .stdout,
    ) as { unverified: { rule: string }[] };
    assert.ok(planned.unverified.some((u) => u.rule === "ovl-custom-ip-masq-agent"));
  });

  it("plans the prerequisites of a 1.26 Node Subnet cluster → Overlay + Cilium, each marked in --json with its command", async () => {
    const current = file("nodesubnet-126.json", {
      name: "aks1",
      resourceGroup: "rg-aks",
      provisioningState: "Succeeded",
      kubernetesVersion: "1.26.10",
      currentKubernetesVersion: "1.26.10",
      agentPoolProfiles: [{ name: "system", mode: "System", count: 3, vmSize: "Standard_D4ds_v5", osType: "Linux" }],
      networkProfile: { networkPlugin: "azure", serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10" },
    });
    const target = file("overlay-cilium.json", {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      podCidr: "192.168.0.0/16",
      networkDataplane: "cilium",
      networkPolicy: "cilium",
    });
    const r = await runCli(["plan", "--current", current, "--target", target, "--json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const json = JSON.parse(r.stdout) as { plan: { kind: string; prerequisite?: boolean; azCommand: string }[] };
    assert.deepEqual(json.plan[0], {
      ...json.plan[0],
      kind: "kubernetes-upgrade",
      prerequisite: true,
      azCommand: "az aks upgrade --resource-group rg-aks --name aks1 --kubernetes-version 1.27",
    });
    assert.ok(json.plan.slice(1).every((s) => s.prerequisite === undefined));
    const text = await runCli(["plan", "--current", current, "--target", target]);
    assert.match(text.stdout, /1\. \[prerequisite\] Upgrade Kubernetes to 1\.27/);
  });
});
