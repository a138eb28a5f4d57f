import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { REPO_ROOT, runCli } from "../../support/cli";
import { applyArgs, loopbackArmEnv } from "../../support/cli-args";
import { APP_SUB, CLUSTER_NAME, CLUSTER_RG, ROUTE_TABLE, seedEstate } from "../../support/live-estate";
import { nothingDeleted, withFakeArm } from "../../support/loopback-arm";
import { OVERLAY_CILIUM_PROFILE } from "../../support/fixtures";

const SUB = "00000000-0000-0000-0000-00000000beef";
const TOKEN = "cli-token-9a8b7c6d5e";
const AKS1 = { subscription: SUB, resourceGroup: "rg1", name: "aks1" };

describe("aks-netguard apply (the real CLI process against a loopback ARM)", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-apply-"));
  const caFile = join(dir, "ca.pem");
  const target = join(dir, "target.json");
  let stateDir: string;
  const armEnv = (extra: NodeJS.ProcessEnv) =>
    loopbackArmEnv({ caFile, token: TOKEN, endpoint: loopback.arm.endpoint }, extra);
  const outputs: string[] = [];
  const loopback = withFakeArm(TOKEN, {
    trusted: (tls) => {
      writeFileSync(caFile, tls.cert);
      writeFileSync(target, JSON.stringify(OVERLAY_CILIUM_PROFILE));
    },
    seeded: () => void (stateDir = mkdtempSync(join(dir, "state-"))),
    checked: (arm) => {
      for (const output of outputs.splice(0)) assert.ok(!output.includes(TOKEN), "the token is never printed");
      nothingDeleted(arm);
    },
  });

  const apply = async (extra: string[] = [], env: Record<string, string> = {}) => {
    const result = await runCli(applyArgs(AKS1, target, ...extra), {
      env: armEnv({ AKS_NETGUARD_POLL_INTERVAL_MS: "5", AKS_NETGUARD_STATE_DIR: stateDir, ...env }),
    });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const seed = (networkProfile: Record<string, unknown>) =>
    loopback.arm.putCluster({ subscription: SUB, resourceGroup: "rg1", name: "aks1", networkProfile });

  it("--yes runs every step with progress lines and a summary, exit 0; a re-run has nothing to do", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" });
    const result = await apply(["--yes"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Migration plan: 3 steps/);
    assert.match(result.stdout, /step 1\/3: Uninstall Calico \(network policy none\) — started/);
    assert.match(result.stdout, /step 3\/3: done in \d+ s/);
    assert.match(result.stdout, /Done: 3 step\(s\) applied/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 3);
    const again = await apply(["--yes"]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing to do/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 3);
    for (const r of [result, again]) assert.ok(!`${r.stdout}${r.stderr}`.includes(TOKEN), "the token is never printed");
  });

  it("--json reports what was applied", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const result = await apply(["--yes", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.status, "at-target");
    assert.deepEqual(
      json.applied.map((s: { title: string }) => s.title),
      ["Switch the data plane to Cilium (network policy cilium)"],
    );
  });

  it("stops before a prerequisite with its az command (exit 1, nothing written), or runs the upgrade with --include-prerequisites", async () => {
    loopback.arm.putCluster({
      subscription: SUB,
      resourceGroup: "rg1",
      name: "aks1",
      version: "1.29.9",
      networkProfile: { networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" },
    });
    const stopped = await apply(["--yes"]);
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stdout, /1\. \[prerequisite\] Upgrade Kubernetes to 1\.30/);
    assert.match(stopped.stdout, /Stopped before step 1, a prerequisite outside the network profile/);
    assert.match(stopped.stdout, /az aks upgrade --resource-group rg1 --name aks1 --kubernetes-version 1\.30/);
    assert.match(stopped.stdout, /--include-prerequisites/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 0);

    const json = await apply(["--yes", "--json"]);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.status, "prerequisite");
    assert.equal(parsed.remaining[0].prerequisite, true);
    assert.equal(parsed.remaining[1].prerequisite, undefined);

    const done = await apply(["--yes", "--include-prerequisites"]);
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.match(done.stdout, /Done: 4 step\(s\) applied/);
    const puts = loopback.arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 4);
    assert.equal(
      ((puts[0].body as Record<string, unknown>).properties as Record<string, unknown>).kubernetesVersion,
      "1.30",
    );
  });

  it("refuses an unreachable target with exit 1 and writes nothing", async () => {
    loopback.arm.putCluster({
      subscription: SUB,
      resourceGroup: "rg1",
      name: "aks1",
      networkProfile: { networkPlugin: "azure" },
      pools: [{ name: "system", mode: "System", osType: "Linux", count: 3, vnetSubnetID: "/s/a", podSubnetID: "/s/p" }],
    });
    const result = await apply(["--yes"]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /Refused: the target cannot be reached in place; nothing was written/);
    assert.match(result.stdout, /ipam-podsubnet-no-overlay/);
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("exits 3 when a step fails; a re-run refuses the Failed goal state and --reconcile re-issues it", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.nextOutcome({
      status: "Failed",
      code: "ReconcileCiliumFailed",
      message: "Cilium agent did not become ready on 2 nodes.",
    });
    const result = await apply(["--yes"]);
    assert.equal(result.code, 3, result.stdout);
    assert.match(
      result.stderr,
      /Step 1\/1 \(Switch the data plane to Cilium \(network policy cilium\)\) failed: .*(ReconcileCiliumFailed|Cilium agent did not become ready)/,
    );
    assert.match(result.stderr, /run the same command again: it continues from where the cluster is/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(TOKEN));
    const rerun = await apply(["--yes"]);
    assert.equal(rerun.code, 3, rerun.stdout);
    assert.doesNotMatch(rerun.stdout, /Nothing to do/, "a Failed cluster is never at the target");
    assert.match(
      rerun.stderr,
      /provisioningState Failed.*: the values ARM shows .* are the goal of the last operation/,
    );
    assert.match(rerun.stderr, /ReconcileCiliumFailed: Cilium agent did not become ready on 2 nodes/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 1, "the re-run wrote nothing");
    const reconciled = await apply(["--yes", "--reconcile"]);
    assert.equal(reconciled.code, 0, reconciled.stderr);
    assert.match(reconciled.stdout, /re-issued its goal state \(--reconcile\); that operation succeeded/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 2);
  });

  it("stops at the user's --timeout with exit 3, saying an operation may still be running and a re-run continues", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.pollsPerOperation = 100_000;
    loopback.arm.pollDelayMs = 20;
    const result = await apply(["--yes", "--timeout", "0.02"]);
    assert.equal(result.code, 3, result.stdout);
    assert.match(
      result.stderr,
      /Timed out after 1 s with 0 step\(s\) completed; an operation may still be running in Azure/,
    );
    assert.match(result.stderr, /continues from where the cluster is/);
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 1);
  });

  it("a cluster it cannot read (bad token, unknown name) is a clear error, exit 2, without the token", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const result = await apply(["--yes"], { AKS_NETGUARD_ARM_TOKEN: "not-the-token-77" });
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /cannot read cluster aks1 in resource group rg1 .*AuthenticationFailed: Authentication failed.*Nothing was written/,
    );
    const missing = await runCli(applyArgs({ ...AKS1, name: "nope" }, target, "--yes"), {
      env: armEnv({ AKS_NETGUARD_STATE_DIR: stateDir }),
    });
    outputs.push(missing.stdout, missing.stderr);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read cluster nope .*ResourceNotFound/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes("not-the-token-77"));
    assert.deepEqual(loopback.arm.writes(), []);
  });

  it("SIGTERM while a step runs in Azure says so and exits 143; the re-run follows that operation and sends no second PUT", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    loopback.arm.pollsPerOperation = Number.POSITIVE_INFINITY;
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", join(REPO_ROOT, "cli", "main.ts"), ...applyArgs(AKS1, target, "--yes")],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          NO_COLOR: "1",
          ...armEnv({ AKS_NETGUARD_POLL_INTERVAL_MS: "20", AKS_NETGUARD_STATE_DIR: stateDir }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    let signalled = false;
    const code = await new Promise<number | null>((resolve) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        if (!signalled && /accepted by ARM, running in Azure/.test(output)) signalled = child.kill("SIGTERM");
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("close", resolve);
    });
    outputs.push(output);
    assert.equal(code, 143, output);
    assert.match(
      output,
      /interrupted \(SIGTERM\); step 1\/1 \(Switch the data plane to Cilium \(network policy cilium\)\) is running in Azure; it continues without this process\. Run the same command to follow it\./,
    );
    assert.equal(loopback.arm.writes().length, 1);
    loopback.arm.endRunningOperationsAfterPolls(3);
    const rerun = await apply(["--yes"]);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /Followed the operation an earlier run started \("Switch the data plane to Cilium/);
    assert.equal(loopback.arm.writes().length, 1, "no second PUT");
  });

  const applyLive = async (extra: string[]) => {
    const overlay = join(dir, "overlay.json");
    writeFileSync(
      overlay,
      JSON.stringify({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none" }),
    );
    const result = await runCli(
      applyArgs(
        { subscription: APP_SUB, resourceGroup: CLUSTER_RG, name: CLUSTER_NAME },
        overlay,
        ...["--yes", "--no-kubernetes", ...extra],
      ),
      {
        env: armEnv({
          AKS_NETGUARD_POLL_INTERVAL_MS: "5",
          AKS_NETGUARD_STATE_DIR: stateDir,
          NO_COLOR: "1",
          // A wide terminal: each NOT CHECKED rule on one line, for the matches below.
          COLUMNS: "1000",
        }),
      },
    );
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const deniedRouteTable = (times: number) =>
    loopback.arm.inject({
      method: "GET",
      path: /routeTables\//i,
      status: 403,
      times,
      body: { error: { code: "AuthorizationFailed", message: "no read on route tables" } },
    });

  it("prints NOT CHECKED for what a gather could not read, before planning and before the next step, naming ARM's code", async () => {
    // Two steps (uninstall Calico, then overlay): the gather that plans writes step 1; step 2 gathers again.
    seedEstate(loopback.arm, { networkPolicy: "calico" });
    deniedRouteTable(2);
    const result = await applyLive([]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Before planning, with the facts just read:\n(?: {2}NOT CHECKED .*\n)* {2}NOT CHECKED ovl-kubenet-route-table-shared: .*AuthorizationFailed/,
    );
    assert.match(
      result.stdout,
      /Before step 2\/2, with the facts just read:\n(?: {2}NOT CHECKED .*\n)* {2}NOT CHECKED ovl-kubenet-route-table-shared/,
    );
    assert.match(result.stdout, /Done: 2 step\(s\) applied/);
  });

  it("apply --json lists each gather's unverified rules; a route table it could read is checked, not listed", async () => {
    seedEstate(loopback.arm, { networkPolicy: "calico" });
    deniedRouteTable(1);
    const result = await applyLive(["--json"]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as {
      status: string;
      unverified: { rule: string; reason?: string }[];
      gathers: { before: string; unverified: { rule: string; reason?: string }[] }[];
    };
    assert.equal(out.status, "at-target");
    const routeTable = (list: { rule: string; reason?: string }[]) =>
      list.find((u) => u.rule === "ovl-kubenet-route-table-shared");
    assert.deepEqual(
      out.gathers.map((g) => g.before),
      ["plan", "step 2/2"],
    );
    assert.equal(routeTable(out.gathers[0].unverified)?.reason, "AuthorizationFailed", "denied at the first gather");
    assert.equal(routeTable(out.gathers[1].unverified), undefined, "read at the second: checked, so not listed");
    assert.equal(routeTable(out.unverified)?.reason, "AuthorizationFailed");
    assert.ok(loopback.arm.requests.some((r) => r.method === "GET" && r.path.includes(ROUTE_TABLE)));
  });

  it("asks before each step on a terminal and stops where the user says no", async () => {
    seed({ networkPlugin: "kubenet", networkPolicy: "calico", podCidr: "10.244.0.0/16" });
    // `script` gives the CLI a real pseudo-terminal; the answers are typed into it.
    const command = [
      process.execPath,
      "-r",
      "ts-node/register/transpile-only",
      join(REPO_ROOT, "cli", "main.ts"),
      ...applyArgs(AKS1, target),
    ]
      .map((a) => `'${a}'`)
      .join(" ");
    const result = await runProcess(
      "script",
      ["-qec", command, "/dev/null"],
      armEnv({ AKS_NETGUARD_POLL_INTERVAL_MS: "5", NO_COLOR: "1", AKS_NETGUARD_STATE_DIR: stateDir }),
      ["y", "n"],
    );
    outputs.push(result.output);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Apply step 1\/3: Uninstall Calico/);
    assert.match(result.output, /Apply step 2\/3: Move to Azure CNI Overlay from kubenet/);
    assert.match(result.output, /Stopped after 1 step\(s\)/);
    assert.match(result.output, /\r\u001b\[2K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] step 1\/3: /, "a spinner line on the terminal");
    assert.equal(loopback.arm.requests.filter((r) => r.method === "PUT").length, 1);
  });

  it("needs --yes when there is no terminal to ask on (exit 2), and names missing flags", async () => {
    seed({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    const noTty = await apply();
    assert.equal(noTty.code, 2);
    assert.match(noTty.stderr, /pass --yes/);
    const missing = await runCli(["apply", "--subscription", SUB]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--resource-group is required/);
    const http = await apply(["--yes", "--arm-endpoint", "http://127.0.0.1:1"]);
    assert.equal(http.code, 2);
    assert.match(http.stderr, /must use https/);
    assert.deepEqual(loopback.arm.writes(), []);
  });
});

/** Runs a command, typing each answer once the previous prompt ("[y/N]") has appeared. */
function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  answers: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let prompts = 0;
    const onData = (d: Buffer) => {
      output += d.toString();
      const seen = (output.match(/\[y\/N\]/g) ?? []).length;
      while (prompts < seen && prompts < answers.length) child.stdin.write(`${answers[prompts++]}\n`);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
