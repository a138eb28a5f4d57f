import { request } from "node:https";
import { evaluateTransition, parseCluster } from "../../core";
import { loadKubeconfig, readKubernetesFacts, withInsides } from "../../kube";
import type { KubeObject } from "../../kube/facts";
import { throwawayCertificate } from "../../test/support/arm-server";
import * as k from "../../test/support/kube-fixtures";
import { FakeKubeApi, kubeconfigYaml } from "../../test/support/kube-server";
import { median, round } from "../stats";

const TOKEN = "bench-token";
const PAGE = 500;

/** A cluster of `scale` × (2,000 pods, 300 NetworkPolicies, 200 Services, 50 PDBs), 100 pods per namespace. */
function workload(scale: number): KubeObject[] {
  const objects: KubeObject[] = [];
  const namespaces = 20 * scale;
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    for (let i = 0; i < 100; i++) {
      const app = `app-${i % 10}`;
      objects.push(
        k.pod(
          `${app}-${i}`,
          ns,
          { app, tier: i % 2 === 0 ? "front" : "back" },
          {
            ip: `10.${(n >> 8) & 255}.${n & 255}.${i + 1}`,
            ports: [{ name: "http", containerPort: 8080 + (i % 10 === 0 ? 1 : 0) }],
            owner: ["ReplicaSet", `${app}-rs`],
          },
        ),
      );
    }
    for (let i = 0; i < 15; i++)
      objects.push(
        k.networkPolicy(`np-${i}`, ns, {
          podSelector:
            i % 3 === 0
              ? { matchExpressions: [{ key: "app", operator: "In", values: [`app-${i % 10}`] }] }
              : { matchLabels: { app: `app-${i % 10}` } },
          policyTypes: i % 2 === 0 ? ["Ingress"] : ["Ingress", "Egress"],
          ingress: [
            {
              from: [{ podSelector: { matchLabels: { tier: "front" } } }],
              ports: [{ port: i % 5 === 0 ? "http" : 8080 }],
            },
          ],
          ...(i % 2 === 0
            ? {}
            : { egress: [{ to: [{ ipBlock: { cidr: i % 4 === 1 ? "10.0.0.0/8" : "203.0.113.0/24" } }] }] }),
        }),
      );
    for (let i = 0; i < 10; i++)
      objects.push(
        k.service(`svc-${i}`, ns, {
          type: i === 0 ? "LoadBalancer" : "ClusterIP",
          selector: { app: `app-${i}` },
          ports: [{ port: 80, targetPort: "http", protocol: "TCP" }],
        }),
      );
    for (let i = 0; i < 2; i++)
      objects.push(
        k.pdb(
          `pdb-${i}`,
          ns,
          { minAvailable: 1, selector: { matchLabels: { app: `app-${i}` } } },
          { disruptionsAllowed: 9, expectedPods: 10 },
        ),
      );
  }
  // 50 PDBs at scale 1: 40 above plus 10 in kube-system.
  for (let i = 0; i < 10 * scale; i++)
    objects.push(k.pdb(`sys-${i}`, "kube-system", { maxUnavailable: 1 }, { disruptionsAllowed: 1, expectedPods: 2 }));
  objects.push(k.LINUX_NODE, k.IP_MASQ_RECONCILED, k.KUBE_PROXY);
  return objects;
}

const current = parseCluster({
  name: "bench",
  resourceGroup: "rg",
  kubernetesVersion: "1.31.2",
  networkProfile: {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkPolicy: "azure",
    podCidr: "10.0.0.0/8",
  },
  agentPoolProfiles: [{ name: "system", mode: "System", osType: "Linux", count: 3 }],
});
const desired = parseCluster({ networkDataplane: "cilium", networkPolicy: "cilium" });

/**
 * The floor: the reader's round trips (discovery, the ip-masq-agent DaemonSet, every List page) made with node:https and
 * JSON.parse on the same loopback kube-apiserver, no client and no rules.
 */
async function bareRoundTrips(api: FakeKubeApi, ca: string): Promise<void> {
  const get = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request(`${api.url}${path}`, { ca, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
  const lists = [
    "/api/v1/namespaces/kube-system/configmaps",
    "/api/v1/nodes",
    "/apis/networking.k8s.io/v1/networkpolicies",
    "/api/v1/services",
    "/api/v1/pods",
    "/apis/policy/v1/poddisruptionbudgets",
    ...["calico-system", "tigera-operator", "kube-system"].map((ns) => `/apis/apps/v1/namespaces/${ns}/daemonsets`),
  ];
  await get("/apis");
  await Promise.all([
    get("/apis/apps/v1/namespaces/kube-system/daemonsets/azure-ip-masq-agent"),
    ...lists.map(async (path) => {
      let token: string | undefined;
      do {
        const body = await get(`${path}?limit=${PAGE}${token ? `&continue=${encodeURIComponent(token)}` : ""}`);
        token = (JSON.parse(body) as { metadata?: { continue?: string } }).metadata?.continue;
      } while (token);
    }),
  ]);
}

export interface KubeResult {
  readonly kubeScanSeconds: number;
  readonly kubeScan10xSeconds: number;
  readonly kubeScanGrowth10x: number;
  /** The floor's seconds at 1× and 10×, and its own growth: what the loopback API and HTTPS cost this run. */
  readonly floorSeconds: number;
  readonly floor10xSeconds: number;
  readonly floorGrowth10x: number;
  readonly kubeScanOverFloor: number;
  readonly kubeScan10xOverFloor: number;
  readonly findings: number;
}

/** kubeScanSeconds: read the cluster's insides over the loopback kube-apiserver and judge the step (NPM → Cilium). */
export async function benchKube(): Promise<KubeResult> {
  const tls = await throwawayCertificate();
  const measure = async (scale: number, runs: number) => {
    const api = new FakeKubeApi(TOKEN);
    await api.start(tls);
    api.add(...workload(scale));
    const config = await loadKubeconfig({ text: kubeconfigYaml({ server: api.url, ca: tls.cert, token: TOKEN }) });
    const scans: number[] = [];
    const floors: number[] = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      let started = process.hrtime.bigint();
      await bareRoundTrips(api, tls.cert);
      floors.push(Number(process.hrtime.bigint() - started) / 1e9);
      started = process.hrtime.bigint();
      const read = await readKubernetesFacts(config, { pageSize: PAGE });
      const evaluation = evaluateTransition(current, desired, withInsides({}, read));
      scans.push(Number(process.hrtime.bigint() - started) / 1e9);
      if (Object.keys(read.unavailable).length > 0)
        throw new Error(`bench cluster unreadable: ${JSON.stringify(read.unavailable)}`);
      findings = evaluation.findings.length;
    }
    await api.stop();
    return { scan: median(scans), floor: median(floors), findings };
  };
  const one = await measure(1, 5);
  const ten = await measure(10, 3);
  return {
    kubeScanSeconds: round(one.scan, 3),
    kubeScan10xSeconds: round(ten.scan, 3),
    kubeScanGrowth10x: round(ten.scan / one.scan, 2),
    floorSeconds: round(one.floor, 3),
    floor10xSeconds: round(ten.floor, 3),
    floorGrowth10x: round(ten.floor / one.floor, 2),
    kubeScanOverFloor: round(one.scan / one.floor, 2),
    kubeScan10xOverFloor: round(ten.scan / ten.floor, 2),
    findings: one.findings,
  };
}
