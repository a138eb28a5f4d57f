import { strict as assert } from "node:assert";
import { join } from "node:path";
import { REPO_ROOT } from "../support/cli";
import { runScript } from "../support/script-process";
import type { FakeArm } from "../support/arm-server";
import { useInsidesEstate } from "../support/insides-estate";
import * as k from "../support/kube-fixtures";

const SUB = "00000000-0000-0000-0000-00000000f00d";
const ARM_TOKEN = "arm-token-77aa";
const KUBE_TOKEN = "kube-token-88bb";
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`;
const OBSERVED = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkPolicy: "calico",
  podCidrs: ["192.168.0.0/16"],
};

/** Runs the provider's Check, then Update, in a process of its own (as the dynamic-provider host does), trusting the CA. */
function runProvider(
  caFile: string,
  endpoint: string,
  inputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const script = `
    const { networkMigrationProvider: p } = require(${JSON.stringify(join(REPO_ROOT, "arm"))});
    (async () => {
      const checked = await p.check({}, ${JSON.stringify(inputs)});
      let update;
      try { update = await p.update("id", {}, checked.inputs); } catch (e) { update = { error: e.message }; }
      process.stdout.write(JSON.stringify({ checked, update }));
    })();`;
  return runScript<Record<string, unknown>>(script, {
    NODE_EXTRA_CA_CERTS: caFile,
    AKS_NETGUARD_ARM_TOKEN: ARM_TOKEN,
    AKS_NETGUARD_ARM_ENDPOINT: endpoint,
    AKS_NETGUARD_POLL_INTERVAL_MS: "5",
  });
}

describe("NetworkMigration looks inside the cluster: Check (pulumi preview) and Update (right before the PUT)", function () {
  this.timeout(120_000);
  const insides = useInsidesEstate({
    subscription: SUB,
    armToken: ARM_TOKEN,
    kubeToken: KUBE_TOKEN,
    networkProfile: { ...OBSERVED, podCidr: "192.168.0.0/16", podCidrs: undefined },
    objects: [k.GLOBAL_NETWORK_POLICY, k.WEB, k.WEB_2, k.LINUX_NODE],
  });
  const caFile = insides.caFile;
  let arm: FakeArm;
  beforeEach(() => ({ arm } = insides.estate));

  const inputs = (extra: Record<string, unknown> = {}) => ({
    clusterId: CLUSTER_ID,
    target: { networkPolicy: "none" },
    migration: "single-step",
    observed: OBSERVED,
    inspectCluster: true,
    ...extra,
  });

  it("Check fails the preview on the pending step's in-cluster block, and Update refuses before any PUT", async () => {
    const { checked, update } = (await runProvider(caFile, arm.endpoint, inputs())) as {
      checked: { failures: { property: string; reason: string }[] };
      update: { error?: string };
    };
    assert.equal(checked.failures.length, 1, JSON.stringify(checked));
    assert.match(checked.failures[0].reason, /\[netpol-calico-unenforced\].*GlobalNetworkPolicy deny-payments-egress/);
    assert.match(update.error ?? "", /nothing was changed: \[netpol-calico-unenforced\]/);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 0);
  });

  it("acceptedFindings lets the step through, with the reason in the preview's inClusterFindings", async () => {
    const { checked, update } = (await runProvider(
      caFile,
      arm.endpoint,
      inputs({ acceptedFindings: { "netpol-calico-unenforced": "replaced by Cilium policies in PR 42" } }),
    )) as { checked: { failures: unknown[]; inputs: { inClusterFindings?: string[] } }; update: { error?: string } };
    assert.deepEqual(checked.failures, []);
    assert.ok(
      checked.inputs.inClusterFindings?.some((f) => /Accepted: replaced by Cilium policies in PR 42/.test(f)),
      JSON.stringify(checked.inputs),
    );
    assert.equal(update.error, undefined);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 1);
  });
});
