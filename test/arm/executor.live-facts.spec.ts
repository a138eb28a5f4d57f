import { strict as assert } from "node:assert";
import { credentialFrom } from "../../arm/credentials";
import { applyNetworkMigration, gatherAll, type ContextGatherer } from "../../arm/executor";
import { liveContextReader } from "../../arm/live-facts";
import { migrateStep } from "../../arm/migrate-step";
import { parseCluster } from "../../core";
import { readClusterInsides, withInsides } from "../../kube";
import * as k from "../support/kube-fixtures";
import { FakeKubeApi, kubeconfigYaml } from "../support/kube-server";
import { executorConnection, withFakeArm } from "../support/loopback-arm";
import {
  APP_SUB,
  CLUSTER_NAME,
  CLUSTER_RG,
  estateVnet,
  HUB_PEERING,
  seedEstate,
  VNET_ID,
} from "../support/live-estate";

const TOKEN = "apply-live-token-0f9e8d";
const KUBE_TOKEN = "apply-live-kube-token-7c6b";
const TO_OVERLAY = { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "none" };

describe("apply and NetworkMigration judge each step in the live network (loopback ARM)", function () {
  this.timeout(120_000);
  const cluster = { subscriptionId: APP_SUB, resourceGroup: CLUSTER_RG, name: CLUSTER_NAME };
  const retry = { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 50 };

  const loopback = withFakeArm(TOKEN);

  const credential = () => credentialFrom({ AKS_NETGUARD_ARM_TOKEN: TOKEN });
  const liveNetwork = () =>
    liveContextReader({
      cluster,
      credential: credential(),
      endpoint: loopback.arm.endpoint,
      httpsAgent: loopback.agent,
      retry,
    });
  /** apply to overlay, judging each step with what `gatherContext` reads; `afterFirstStep` changes the world. */
  const applyToOverlay = (gatherContext: ContextGatherer | undefined, afterFirstStep: () => void) =>
    applyNetworkMigration({
      cluster,
      target: parseCluster(TO_OVERLAY, "target"),
      ...executorConnection(loopback, retry),
      gatherContext,
      onEvent: (event) => {
        if (event.kind === "step-done" && event.index === 1) afterFirstStep();
      },
    });

  it("a peering added between two steps is seen: the run is refused before the overlay step's PUT, the first step stays", async () => {
    seedEstate(loopback.arm, { networkPolicy: "calico" });
    let vnetReadsBeforeStep2 = 0;
    const run = applyToOverlay(liveNetwork(), () => {
      vnetReadsBeforeStep2 = loopback.arm.requests.filter((r) => /virtualNetworks\/[^/]+$/i.test(r.path)).length;
      loopback.arm.network.addVnet(estateVnet({ peerings: [HUB_PEERING] }));
    });
    const result = await run;
    assert.equal(result.status, "refused");
    assert.equal(result.applied.length, 1);
    assert.ok(
      result.blockers.some((f) => f.rule === "cidr-pod-vs-peerings" && /spoke-to-hub/.test(f.message)),
      JSON.stringify(result.blockers.map((f) => f.rule)),
    );
    const puts = loopback.arm.requests.filter((r) => r.method === "PUT");
    assert.equal(puts.length, 1, "only the first step (uninstall Calico) was written");
    const vnetReads = loopback.arm.requests.filter((r) => /virtualNetworks\/[^/]+$/i.test(r.path)).length;
    // Step 1 is written from the read it was planned on (the read right before its PUT); step 2 reads again.
    assert.equal(vnetReadsBeforeStep2, 1, "the VNet was read with the cluster that planned and wrote step 1");
    assert.equal(vnetReads, 2, "and again with the read before step 2");
    const profile = (
      loopback.arm.get(APP_SUB, CLUSTER_RG, CLUSTER_NAME).properties as Record<string, Record<string, unknown>>
    ).networkProfile;
    assert.equal(profile.networkPlugin, "kubenet");
    assert.equal(profile.networkPolicy, "none");
  });

  it("NetworkMigration's update re-reads the network right before its PUT and refuses a shared route table without writing", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true });
    const inputs = {
      clusterId: `/subscriptions/${APP_SUB}/resourceGroups/${CLUSTER_RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER_NAME}`,
      target: TO_OVERLAY,
      migration: "single-step" as const,
      armEndpoint: loopback.arm.endpoint,
      nextProfile: TO_OVERLAY,
    };
    await assert.rejects(
      migrateStep(
        inputs,
        { AKS_NETGUARD_ARM_TOKEN: TOKEN, AKS_NETGUARD_POLL_INTERVAL_MS: "5" },
        { httpsAgent: loopback.agent, retry },
      ),
      /ovl-kubenet-route-table-shared.*ingress-appgateway-subnet/s,
    );
    assert.equal(loopback.arm.writes().length, 0, "nothing was written");
    assert.ok(
      loopback.arm.requests.some((r) => /routeTables\//i.test(r.path)),
      "the route table was read",
    );
  });

  it("NetworkMigration's update goes ahead when the live network allows the step", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: false });
    const inputs = {
      clusterId: `/subscriptions/${APP_SUB}/resourceGroups/${CLUSTER_RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER_NAME}`,
      target: TO_OVERLAY,
      migration: "single-step" as const,
      armEndpoint: loopback.arm.endpoint,
    };
    const outputs = await migrateStep(
      inputs,
      { AKS_NETGUARD_ARM_TOKEN: TOKEN, AKS_NETGUARD_POLL_INTERVAL_MS: "5" },
      { httpsAgent: loopback.agent, retry, conflictDelayMs: 5 },
    );
    assert.equal(outputs.applied.networkPluginMode, "overlay");
    assert.equal(loopback.arm.writes().length, 1);
    assert.deepEqual(outputs.notChecked, [], "every rule was checked with the facts read before the PUT");
  });

  it("NetworkMigration's update reports the rules a 403 on the VNet left unchecked, and still does its one PUT", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true });
    loopback.arm.network.deny(VNET_ID);
    const outputs = await migrateStep(
      {
        clusterId: `/subscriptions/${APP_SUB}/resourceGroups/${CLUSTER_RG}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER_NAME}`,
        target: TO_OVERLAY,
        migration: "single-step",
        armEndpoint: loopback.arm.endpoint,
      },
      { AKS_NETGUARD_ARM_TOKEN: TOKEN, AKS_NETGUARD_POLL_INTERVAL_MS: "5" },
      { httpsAgent: loopback.agent, retry, conflictDelayMs: 5 },
    );
    assert.equal(outputs.applied.networkPluginMode, "overlay");
    assert.equal(loopback.arm.writes().length, 1, "unverified rules do not block the step");
    for (const rule of ["ovl-kubenet-route-table-shared", "cidr-pod-vs-subnets"]) {
      assert.ok(
        outputs.notChecked.some(
          (line) => line.startsWith(`[${rule}] not checked: `) && /AuthorizationFailed/.test(line),
        ),
        `${rule} in ${JSON.stringify(outputs.notChecked)}`,
      );
    }
    assert.equal(new Set(outputs.notChecked).size, outputs.notChecked.length, "each rule once");
  });

  it("the cluster's insides are read again too: a PDB with maxUnavailable 0 created after the first step stops the run before the reimaging step's PUT", async () => {
    // kubenet + Calico → overlay: uninstall Calico first, then kubenet → overlay, which reimages every node.
    seedEstate(loopback.arm, { networkPolicy: "calico" });
    const api = new FakeKubeApi(KUBE_TOKEN);
    await api.start(loopback.tls);
    api.add(k.WEB, k.WEB_2, k.LINUX_NODE);
    const kubeconfig = kubeconfigYaml({ server: api.url, ca: loopback.tls.cert, token: KUBE_TOKEN });
    const pdbReads = () => api.requests.filter((r) => /poddisruptionbudgets/.test(r.path)).length;
    let pdbReadsBeforeStep2 = 0;
    try {
      const result = await applyToOverlay(
        gatherAll(liveNetwork(), async () => withInsides({}, await readClusterInsides({ text: kubeconfig }))),
        () => {
          pdbReadsBeforeStep2 = pdbReads();
          api.add(k.PDB_MAX_UNAVAILABLE_0);
        },
      );
      assert.equal(result.status, "refused");
      assert.equal(result.applied.length, 1, "the first step (uninstall Calico) stays applied");
      const pdb = result.blockers.find((f) => f.rule === "kube-pdb-unsatisfiable");
      assert.deepEqual(pdb?.objects, [{ kind: "PodDisruptionBudget", namespace: "shop", name: "web" }]);
      assert.equal(
        loopback.arm.requests.filter((r) => r.method === "PUT").length,
        1,
        "the overlay step was never written",
      );
      assert.ok(pdbReadsBeforeStep2 >= 1, "the PDBs were read before the first step");
      assert.ok(pdbReads() > pdbReadsBeforeStep2, "and read again before the second");
    } finally {
      await api.stop();
    }
  });
});
