import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../kube/facts";
import { armCluster, FakeArm, throwawayCertificate } from "./arm-server";
import { FakeKubeApi, kubeconfigYaml } from "./kube-server";

export interface InsidesEstate {
  readonly arm: FakeArm;
  readonly api: FakeKubeApi;
  /** The kubeconfig for the API (bearer token, the test CA), as listClusterUserCredential returns it. */
  readonly kubeconfig: string;
  /** The cluster's ARM document. */
  readonly document: Record<string, unknown>;
  /** How often ARM was asked for the cluster user's kubeconfig. */
  credentialReads(): number;
  stop(): Promise<void>;
}

interface EstateOptions {
  readonly subscription: string;
  readonly armToken: string;
  readonly kubeToken: string;
  readonly networkProfile: Record<string, unknown>;
  readonly objects: readonly KubeObject[];
}

/**
 * The cluster rg1/aks1 on a loopback ARM whose listClusterUserCredential returns a kubeconfig for a loopback
 * kube-apiserver holding these objects.
 */
async function startInsidesEstate(
  options: EstateOptions & { readonly tls: { key: string; cert: string } },
): Promise<InsidesEstate> {
  const arm = new FakeArm(options.armToken);
  await arm.start(options.tls);
  const api = new FakeKubeApi(options.kubeToken);
  await api.start(options.tls);
  api.add(...options.objects);
  const kubeconfig = kubeconfigYaml({ server: api.url, ca: options.tls.cert, token: options.kubeToken });
  const cluster = { subscription: options.subscription, resourceGroup: "rg1", name: "aks1" };
  const document = armCluster({ ...cluster, networkProfile: options.networkProfile });
  arm.put(cluster.subscription, cluster.resourceGroup, cluster.name, document);
  arm.setKubeconfig(cluster.subscription, cluster.resourceGroup, cluster.name, kubeconfig);
  return {
    arm,
    api,
    kubeconfig,
    document,
    credentialReads: () => arm.requests.filter((r) => /listClusterUserCredential$/.test(r.path)).length,
    stop: async () => {
      await arm.stop();
      await api.stop();
    },
  };
}

/**
 * Mocha hooks for a suite on such an estate: a throwaway CA before the suite (its certificate in `caFile`, for a child
 * process's NODE_EXTRA_CA_CERTS), a fresh estate before each test, stopped after it.
 */
export function useInsidesEstate(options: EstateOptions) {
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-insides-"));
  let tls: { key: string; cert: string } | undefined;
  let estate: InsidesEstate | undefined;
  const started = (): InsidesEstate => {
    if (estate === undefined) throw new Error("the estate starts before each test");
    return estate;
  };
  before(async () => {
    tls = await throwawayCertificate();
    writeFileSync(join(dir, "ca.pem"), tls.cert);
  });
  beforeEach(async () => {
    if (tls === undefined) throw new Error("the CA is made before the suite");
    estate = await startInsidesEstate({ ...options, tls });
  });
  afterEach(() => started().stop());
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    get estate() {
      return started();
    },
  };
}
