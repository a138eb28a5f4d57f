import { strict as assert } from "node:assert";
import { Agent } from "node:https";
import { credentialFrom } from "../../arm/credentials";
import { applyNetworkMigration, gatherAll } from "../../arm/executor";
import { liveContextReader } from "../../arm/live-facts";
import { parseCluster } from "../../core";
import { readClusterInsides, withInsides } from "../../kube";
import { FakeArm, throwawayCertificate } from "../support/arm-server";
import * as k from "../support/kube-fixtures";
import { FakeKubeApi, kubeconfigYaml } from "../support/kube-server";
import { APP_SUB, CLUSTER_NAME, CLUSTER_RG, seedEstate } from "../support/live-estate";

const ARM_TOKEN = "apply-insides-token-1a2b";
const KUBE_TOKEN = "apply-insides-kube-3c4d";
const TO_OVERLAY = { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none" };

describe("apply reads the cluster's insides again before every step (loopback ARM and kube-apiserver)", function () {
  this.timeout(120_000);
  let tls: { key: string; cert: string };
  let agent: Agent;
  let arm: FakeArm;
  let api: FakeKubeApi;
  const cluster = { subscriptionId: APP_SUB, resourceGroup: CLUSTER_RG, name: CLUSTER_NAME };
  const retry = { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 50 };

  before(async () => {
    tls = await throwawayCertificate();
    agent = new Agent({ ca: tls.cert });
  });
  beforeEach(async () => {
    arm = new FakeArm(ARM_TOKEN);
    await arm.start(tls);
    api = new FakeKubeApi(KUBE_TOKEN);
    await api.start(tls);
    api.add(k.WEB, k.WEB_2, k.LINUX_NODE);
  });
  afterEach(async () => {
    await arm.stop();
    await api.stop();
  });

  it("a PDB with maxUnavailable 0 created between two steps stops the run before the reimaging step's PUT", async () => {
    // kubenet + Calico → overlay: uninstall Calico first, then kubenet → overlay, which reimages every node.
    seedEstate(arm, { networkPolicy: "calico" });
    const credential = credentialFrom({ AKS_NETGUARD_ARM_TOKEN: ARM_TOKEN });
    const kubeconfig = kubeconfigYaml({ server: api.url, ca: tls.cert, token: KUBE_TOKEN });
    let pdbReadsBeforeStep2 = 0;
    const pdbReads = () => api.requests.filter((r) => /poddisruptionbudgets/.test(r.path)).length;
    const result = await applyNetworkMigration({
      cluster,
      target: parseCluster(TO_OVERLAY, "target"),
      credential,
      endpoint: arm.endpoint,
      httpsAgent: agent,
      retry,
      pollIntervalMs: 5,
      conflictDelayMs: 5,
      gatherContext: gatherAll(
        liveContextReader({ cluster, credential, endpoint: arm.endpoint, httpsAgent: agent, retry }),
        async () => withInsides({}, await readClusterInsides({ text: kubeconfig })),
      ),
      onEvent: (event) => {
        if (event.kind === "step-done" && event.index === 1) {
          pdbReadsBeforeStep2 = pdbReads();
          api.add(k.PDB_MAX_UNAVAILABLE_0);
        }
      },
    });
    assert.equal(result.status, "refused");
    assert.equal(result.applied.length, 1, "the first step (uninstall Calico) stays applied");
    const pdb = result.blockers.find((f) => f.rule === "kube-pdb-unsatisfiable");
    assert.deepEqual(pdb?.objects, [{ kind: "PodDisruptionBudget", namespace: "shop", name: "web" }]);
    assert.equal(arm.requests.filter((r) => r.method === "PUT").length, 1, "the overlay step was never written");
    assert.ok(pdbReadsBeforeStep2 >= 1, "the PDBs were read before the first step");
    assert.ok(pdbReads() > pdbReadsBeforeStep2, "and read again before the second");
  });
});
