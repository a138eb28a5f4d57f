import { strict as assert } from "node:assert";
import { runScript } from "../support/script-process";
import type { FakeArm } from "../support/arm-server";
import { useInsidesEstate } from "../support/insides-estate";
import * as k from "../support/kube-fixtures";
import type { FakeKubeApi } from "../support/kube-server";

const SUB = "00000000-0000-0000-0000-00000000beef";
const ARM_TOKEN = "arm-token-3c4d5e6f";
const KUBE_TOKEN = "kube-token-7a8b9c0d";
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1`;
const CALICO_OVERLAY = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkPolicy: "calico",
  podCidr: "192.168.0.0/16",
};
const ACCEPTED = "Cilium equivalents reviewed in CHG-77";

interface ProgramRun {
  /** What the component logged as warnings. */
  readonly warnings: string[];
  /** The NetworkMigration's registration failure, as the engine reports a failed Check. */
  readonly error?: string;
}

/**
 * Runs a Pulumi program that declares an AksCluster under the engine's mocks, in a process of its own (as the plugin
 * runs it: trusting the test CA, with the ARM token and endpoint in its environment). The mock engine calls the
 * NetworkMigration provider's real Check before registering it, as the engine does in `pulumi preview`.
 */
function runProgram(caFile: string, endpoint: string, args: Record<string, unknown>): Promise<ProgramRun> {
  const script = `
    const { mockEngine, settle, drain } = require("./test/components/mocks");
    const { networkMigrationProvider } = require("./arm");
    // A failed registration rejects the runtime's own promise too, as the program's failure.
    const errors = new Set();
    process.on("unhandledRejection", (e) => errors.add(e instanceof Error ? e.message : String(e)));
    (async () => {
      const engine = await mockEngine({
        live: ${JSON.stringify({ id: CLUSTER_ID, name: "aks1", location: "westeurope", kubernetesVersion: "1.31.2", currentKubernetesVersion: "1.31.2", provisioningState: "Succeeded", identity: { type: "UserAssigned" }, networkProfile: { ...CALICO_OVERLAY, serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" }, agentPoolProfiles: [{ name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5" }] })},
        state: (type) => (type === "azure-native:containerservice:ManagedCluster" ? { id: ${JSON.stringify(CLUSTER_ID)} } : undefined),
        check: { "aks-netguard:index:NetworkMigration": (inputs) => networkMigrationProvider.check({}, inputs) },
      });
      const { AksCluster } = require("./components");
      const aks = new AksCluster("prod", ${JSON.stringify(args)});
      try {
        await settle(aks.appliedNetworkProfile);
      } catch (e) {
        errors.add(e instanceof Error ? e.message : String(e));
      }
      await drain(200);
      process.stdout.write(JSON.stringify({ warnings: engine.warnings, error: [...errors][0] }));
    })();`;
  return runScript<ProgramRun>(script, {
    NODE_EXTRA_CA_CERTS: caFile,
    AKS_NETGUARD_ARM_TOKEN: ARM_TOKEN,
    AKS_NETGUARD_ARM_ENDPOINT: endpoint,
  });
}

describe("AksCluster's inspectCluster under the engine's mocks: the preview judges the pending step with the cluster's insides", function () {
  this.timeout(120_000);
  const insides = useInsidesEstate({
    subscription: SUB,
    armToken: ARM_TOKEN,
    kubeToken: KUBE_TOKEN,
    networkProfile: CALICO_OVERLAY,
    objects: [k.GLOBAL_NETWORK_POLICY, k.WEB, k.WEB_2, k.LINUX_NODE],
  });
  const caFile = insides.caFile;
  let arm: FakeArm;
  let api: FakeKubeApi;
  beforeEach(() => ({ arm, api } = insides.estate));
  afterEach(async () => {
    assert.deepEqual(arm.writes(), [], "a preview never writes");
  });

  /** Calico uninstalled (calico → none on overlay): one supported step. */
  const args = (extra: Record<string, unknown> = {}) => ({
    resourceGroupName: "rg1",
    clusterName: "aks1",
    kubernetesVersion: "1.31",
    network: { plugin: "azure", pluginMode: "overlay", policy: "none", podCidr: "192.168.0.0/16" },
    nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
    ...extra,
  });
  const credentialReads = () => insides.estate.credentialReads();

  it("a block inside the cluster (Calico's policies left unenforced) fails the preview, naming the object", async () => {
    const run = await runProgram(caFile, arm.endpoint, args());
    assert.match(
      run.error ?? "",
      /\[netpol-calico-unenforced\].*GlobalNetworkPolicy deny-payments-egress/,
      JSON.stringify(run),
    );
    assert.equal(credentialReads(), 1, "the kubeconfig came from listClusterUserCredential");
    assert.ok(api.requests.length > 0, "the cluster was read");
    assert.ok(
      !run.warnings.some((w) => /\[netpol-calico-unenforced\] not checked/.test(w)),
      "read, the rule is judged, not reported as not checked",
    );
  });

  it("acceptedFindings lets the step through, and the component warns with the finding and its reason", async () => {
    const run = await runProgram(
      caFile,
      arm.endpoint,
      args({ acceptedFindings: { "netpol-calico-unenforced": ACCEPTED } }),
    );
    assert.equal(run.error, undefined, JSON.stringify(run));
    const warning = run.warnings.find((w) => /\[netpol-calico-unenforced\]/.test(w));
    assert.match(
      warning ?? "",
      /^Inside the cluster: .*GlobalNetworkPolicy deny-payments-egress.*Accepted: Cilium equivalents reviewed in CHG-77/,
      JSON.stringify(run.warnings),
    );
  });

  it("an unreachable cluster: the in-cluster rules are warned as not checked with the reason, never passed silently", async () => {
    await api.stop();
    const run = await runProgram(caFile, arm.endpoint, args());
    assert.equal(run.error, undefined, JSON.stringify(run));
    assert.ok(
      run.warnings.some((w) =>
        /^Inside the cluster: \[netpol-calico-unenforced\] not checked: supply .*could not be read: unreachable/.test(
          w,
        ),
      ),
      JSON.stringify(run.warnings),
    );
  });

  it("inspectCluster false reads nothing inside, and the component itself says which rules were not checked", async () => {
    const run = await runProgram(caFile, arm.endpoint, args({ inspectCluster: false }));
    assert.equal(run.error, undefined, JSON.stringify(run));
    assert.equal(credentialReads(), 0);
    assert.equal(api.requests.length, 0);
    assert.ok(
      run.warnings.some((w) => /^\[netpol-calico-unenforced\] not checked: supply Calico's policy objects/.test(w)),
      JSON.stringify(run.warnings),
    );
  });
});
