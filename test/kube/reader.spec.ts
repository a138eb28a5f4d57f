import { strict as assert } from "node:assert";
import { Agent } from "node:https";
import { evaluateTransition, parseCluster } from "../../core";
import { credentialFrom } from "../../arm/credentials";
import { listClusterUserKubeconfig } from "../../arm/cluster-credential";
import { loadKubeconfig, readClusterInsides, withInsides } from "../../kube";
import { readKubernetesFacts } from "../../kube/reader";
import { FakeArm, throwawayCertificate } from "../support/arm-server";
import { armCluster, overlay, SUBSCRIPTION } from "../support/fixtures";
import * as k from "../support/kube-fixtures";
import { clientCertificate, FakeKubeApi, kubeconfigYaml } from "../support/kube-server";

const TOKEN = "kube-token-do-not-print";

describe("kube reader: the cluster's insides over the Kubernetes API (loopback kube-apiserver)", function () {
  let tls: { key: string; cert: string };
  let client: { key: string; cert: string };
  let api: FakeKubeApi;

  before(async () => {
    tls = await throwawayCertificate();
    client = await clientCertificate("clusterUser");
  });
  beforeEach(async () => {
    api = new FakeKubeApi(TOKEN, client.cert);
    await api.start(tls);
    api.add(
      k.LINUX_NODE,
      k.WINDOWS_17763,
      k.WINDOWS_20348_1607,
      k.WINDOWS_20348_2340,
      k.WEB,
      k.WEB_2,
      k.API,
      k.HOST_AGENT,
      k.ENDPORT_POLICY,
      k.IPBLOCK_POD_CIDR,
      k.NAMED_PORT_CONFLICT,
      k.EMPTY_PORT,
      k.LB_CLUSTER,
      k.PDB_MAX_UNAVAILABLE_0,
      k.IP_MASQ_RECONCILED,
      k.IP_MASQ_CUSTOM,
      k.KUBE_PROXY,
    );
  });
  afterEach(() => api.stop());

  const bearer = () => loadKubeconfig({ text: kubeconfigYaml({ server: api.url, ca: tls.cert, token: TOKEN }) });

  it("reads every fact with a bearer token, paging each List with limit and continue", async () => {
    const read = await readKubernetesFacts(await bearer(), { pageSize: 2 });
    assert.deepEqual(read.unavailable, {});
    assert.equal(read.facts.nodes?.length, 4);
    assert.equal(read.facts.pods?.length, 4);
    assert.equal(read.facts.networkPolicies?.length, 4);
    assert.deepEqual(read.facts.calicoPolicies, [], "Calico's groups are not installed: a definite none");
    const podLists = api.lists("pods");
    assert.equal(podLists.length, 2, "4 pods in pages of 2");
    assert.equal(podLists[0].query.get("limit"), "2");
    assert.ok(podLists[1].query.get("continue"), "the second page continues the first");
    assert.ok(api.requests.every((r) => r.auth === "bearer"));
    const empty = read.facts.networkPolicies?.find((p) => p.name === "empty-port");
    assert.deepEqual(empty?.ingress[0].ports, [{ protocol: undefined, port: undefined, endPort: undefined }]);
    const conflict = read.facts.networkPolicies?.find((p) => p.name === "allow-http");
    assert.deepEqual(conflict?.podSelector.matchExpressions?.[0], {
      key: "app",
      operator: "In",
      values: ["web", "api"],
    });
  });

  it("authenticates with the kubeconfig's client certificate", async () => {
    const config = await loadKubeconfig({
      text: kubeconfigYaml({ server: api.url, ca: tls.cert, clientCert: client }),
    });
    const read = await readKubernetesFacts(config);
    assert.deepEqual(read.unavailable, {});
    assert.ok(api.requests.length > 0 && api.requests.every((r) => r.auth === "client-cert"));
  });

  it("authenticates through an exec plugin, as kubelogin does for Entra ID clusters", async () => {
    const credential = JSON.stringify({
      apiVersion: "client.authentication.k8s.io/v1beta1",
      kind: "ExecCredential",
      status: { token: TOKEN },
    });
    const config = await loadKubeconfig({
      text: kubeconfigYaml({
        server: api.url,
        ca: tls.cert,
        exec: { command: process.execPath, args: ["-e", `process.stdout.write(${JSON.stringify(credential)})`] },
      }),
    });
    const read = await readKubernetesFacts(config);
    assert.deepEqual(read.unavailable, {});
    assert.ok(api.requests.every((r) => r.auth === "bearer"));
  });

  it("puts a resource RBAC forbids under unavailable with the API's reason, and its rules under unverified", async () => {
    api.forbid("networkpolicies");
    const read = await readKubernetesFacts(await bearer());
    assert.match(
      read.unavailable.networkPolicies ?? "",
      /^Forbidden: networkpolicies\.networking\.k8s\.io is forbidden/,
    );
    assert.equal(read.facts.networkPolicies, undefined);
    assert.ok(read.facts.pods, "the rest is still read");
    const evaluation = evaluateTransition(
      parseCluster(armCluster(overlay({ policy: "azure" }))),
      parseCluster({ networkDataplane: "cilium", networkPolicy: "cilium" }),
      withInsides({}, read),
    );
    const endPort = evaluation.unverified.find((u) => u.rule === "netpol-cilium-endport");
    assert.ok(endPort, JSON.stringify(evaluation.unverified));
    assert.match(endPort.reason ?? "", /Forbidden/);
    assert.ok(
      !evaluation.findings.some((f) => f.rule === "netpol-cilium-endport"),
      "unreadable is never a pass nor a finding",
    );
    assert.ok(
      evaluation.findings.some((f) => f.rule === "dp-cilium-replaces-npm-calico"),
      "the rest is judged as usual",
    );
  });

  it("lists Calico's policies from both of its API groups when installed, once per object", async () => {
    api.add(k.GLOBAL_NETWORK_POLICY, k.CALICO_NETWORK_POLICY, {
      ...k.GLOBAL_NETWORK_POLICY,
      apiVersion: "projectcalico.org/v3",
    });
    const read = await readKubernetesFacts(await bearer());
    assert.deepEqual(read.facts.calicoPolicies?.map((r) => `${r.kind} ${r.namespace ?? ""}/${r.name}`).sort(), [
      "GlobalNetworkPolicy /deny-payments-egress",
      "NetworkPolicy shop/default.allow-web",
    ]);
    const evaluation = evaluateTransition(
      parseCluster(armCluster(overlay({ policy: "calico" }))),
      parseCluster({ networkPolicy: "none" }),
      withInsides({}, read),
    );
    const finding = evaluation.findings.find((f) => f.rule === "netpol-calico-unenforced");
    assert.equal(finding?.severity, "block");
    assert.deepEqual(
      finding?.objects?.find((o) => o.kind === "GlobalNetworkPolicy"),
      {
        kind: "GlobalNetworkPolicy",
        name: "deny-payments-egress",
      },
    );
  });

  it("reads the ip-masq-agent ConfigMaps, including those the agent's DaemonSet projects", async () => {
    api.add(
      k.configMap("my-masq", { "ip-masq-agent-extra": '{"nonMasqueradeCIDRs":["100.64.0.0/10"]}' }),
      k.daemonSet("azure-ip-masq-agent", "kube-system", {}, [
        {
          name: "cfg",
          projected: {
            sources: [
              { configMap: { name: "azure-ip-masq-agent-config-reconciled" } },
              { configMap: { name: "my-masq" } },
            ],
          },
        },
      ]),
    );
    const read = await readKubernetesFacts(await bearer());
    assert.deepEqual(
      read.facts.ipMasqAgentConfigMaps?.map((c) => [c.name, c.nonMasqueradeCIDRs]),
      [
        ["azure-ip-masq-agent-config", ["10.0.0.0/8", "172.16.0.0/12"]],
        ["azure-ip-masq-agent-config-reconciled", ["10.240.0.0/16"]],
        ["my-masq", ["100.64.0.0/10"]],
      ],
    );
  });

  it("makes every in-cluster fact unavailable when the API does not answer, and judges the rest", async () => {
    const config = await bearer();
    await api.stop();
    const read = await readKubernetesFacts(config, { requestTimeoutMs: 5000 });
    assert.deepEqual(read.facts, {});
    assert.match(read.unavailable.kubernetes ?? "", /^unreachable/);
    assert.equal(read.unavailable.pods, read.unavailable.kubernetes);
    api = new FakeKubeApi(TOKEN);
    await api.start(tls);
  });

  it("says a request timed out instead of waiting forever", async () => {
    api.delayMs = 1500;
    const read = await readKubernetesFacts(await bearer(), { requestTimeoutMs: 300 });
    assert.match(read.unavailable.kubernetes ?? "", /timed out/);
  });

  it("never puts the token in a reason", async () => {
    const config = await loadKubeconfig({
      text: kubeconfigYaml({ server: api.url, ca: tls.cert, token: "wrong-token-value" }),
    });
    const read = await readKubernetesFacts(config);
    assert.match(read.unavailable.kubernetes ?? "", /Unauthorized/);
    assert.ok(!JSON.stringify(read).includes("wrong-token-value"));
  });

  it("refuses a --kube-context the kubeconfig does not have, naming the contexts it has", async () => {
    await assert.rejects(
      loadKubeconfig({ text: kubeconfigYaml({ server: api.url, ca: tls.cert, token: TOKEN }), context: "prod" }),
      /--kube-context: "prod" is not valid; expected a context of the kubeconfig \(aks1\)/,
    );
    await assert.rejects(loadKubeconfig({ file: "/nonexistent/kubeconfig" }), /--kubeconfig: .*no such file/);
  });

  describe("credentials from ARM's listClusterUserCredential", () => {
    let arm: FakeArm;
    const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: "rg-aks", name: "aks1" };
    beforeEach(async () => {
      arm = new FakeArm("arm-token");
      await arm.start(tls);
      arm.put(SUBSCRIPTION, "rg-aks", "aks1", armCluster(overlay()));
    });
    afterEach(() => arm.stop());
    const fetchKubeconfig = () =>
      listClusterUserKubeconfig({
        cluster: ref,
        credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: "arm-token" }),
        endpoint: arm.endpoint,
        httpsAgent: new Agent({ ca: tls.cert }),
      });

    it("reads the cluster with the kubeconfig ARM returns (base64 in kubeconfigs[].value), in the exec format", async () => {
      arm.setKubeconfig(
        SUBSCRIPTION,
        "rg-aks",
        "aks1",
        kubeconfigYaml({ server: api.url, ca: tls.cert, token: TOKEN }),
      );
      const read = await readClusterInsides({ fetchKubeconfig });
      assert.deepEqual(read.unavailable, {});
      assert.equal(read.facts.nodes?.length, 4);
      const post = arm.requests.find((r) => r.method === "POST");
      assert.match(post?.path ?? "", /\/listClusterUserCredential$/);
      assert.equal(post?.query.get("format"), "exec");
      assert.deepEqual(arm.writes(), [], "listing a credential writes nothing");
    });

    it("lists the in-cluster facts as unavailable, with ARM's reason, when local accounts are disabled", async () => {
      const doc = armCluster(overlay());
      (doc.properties as Record<string, unknown>).disableLocalAccounts = true;
      arm.put(SUBSCRIPTION, "rg-aks", "aks1", doc);
      const read = await readClusterInsides({ fetchKubeconfig });
      assert.deepEqual(read.facts, {});
      assert.match(
        read.unavailable.networkPolicies ?? "",
        /listClusterUserCredential failed \(BadRequest: .*disable local accounts/,
      );
    });
  });
});
