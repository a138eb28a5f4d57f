import type { KubeConfig } from "@kubernetes/client-node";
import type { KubernetesFacts } from "../core/kubernetes";
import { IN_CLUSTER_FACTS, type FactId } from "../core/rules/types";
import { IP_MASQ_AGENT_DAEMONSET, kubernetesFactsOf, objectRef, type KubeObject } from "./facts";

/** What the reader saw: plain facts for the core, and why each fact it could not read is missing. */
export interface KubeReadResult {
  readonly facts: KubernetesFacts;
  readonly unavailable: Partial<Record<FactId, string>>;
}

export interface KubeReadOptions {
  /** Items per List page (limit/continue). */
  readonly pageSize?: number;
  /** Each request's limit; a request that takes longer makes its fact unavailable ("timed out"). */
  readonly requestTimeoutMs?: number;
}

/** The namespaces where a self-managed policy engine's DaemonSets show. */
const ENGINE_NAMESPACES = ["calico-system", "tigera-operator", "kube-system"];
const CALICO_GROUPS = [
  { group: "crd.projectcalico.org", version: "v1" },
  { group: "projectcalico.org", version: "v3" },
];
const CALICO_POLICY_KINDS = [
  { plural: "globalnetworkpolicies", kind: "GlobalNetworkPolicy" },
  { plural: "networkpolicies", kind: "NetworkPolicy" },
];

interface Page {
  readonly items: readonly unknown[];
  readonly continueToken?: string;
}

/** Why a read failed, in the API's words: the Status reason (Forbidden, Unauthorized, NotFound…) and its message. */
function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; body?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === "number") {
    let parsed: { reason?: unknown; message?: unknown } | undefined;
    try {
      parsed = typeof e.body === "string" ? JSON.parse(e.body) : (e.body as typeof parsed);
    } catch {
      parsed = undefined;
    }
    const reason = typeof parsed?.reason === "string" ? parsed.reason : (STATUS_REASONS[e.code] ?? `HTTP ${e.code}`);
    return typeof parsed?.message === "string" ? `${reason}: ${parsed.message}` : reason;
  }
  if (error instanceof TimeoutError) return error.message;
  const code = typeof e?.cause?.code === "string" ? e.cause.code : typeof e?.code === "string" ? e.code : undefined;
  return `unreachable${code ? ` (${code})` : ""}: ${error instanceof Error ? error.message : String(error)}`;
}

/** kube-apiserver's Status reasons by code, for answers whose body the client did not keep. */
const STATUS_REASONS: Record<number, string> = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  410: "Expired",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
};

const isNotFound = (error: unknown) => (error as { code?: unknown })?.code === 404;

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`timed out after ${Math.round(ms / 1000)} s reading ${what}`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads what the in-cluster rules need, read-only (`get`/`list`, paged with limit/continue), with @kubernetes/client-node
 * (loaded here, on first use: the CLI's other commands and the core never load it). A resource that cannot be read
 * leaves its fact undefined and says why in `unavailable`: unreadable is unverified, never a pass.
 */
export async function readKubernetesFacts(
  kubeconfig: KubeConfig,
  options: KubeReadOptions = {},
): Promise<KubeReadResult> {
  const k8s = await import("@kubernetes/client-node");
  const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
  const apps = kubeconfig.makeApiClient(k8s.AppsV1Api);
  const networking = kubeconfig.makeApiClient(k8s.NetworkingV1Api);
  const policy = kubeconfig.makeApiClient(k8s.PolicyV1Api);
  const custom = kubeconfig.makeApiClient(k8s.CustomObjectsApi);
  const apis = kubeconfig.makeApiClient(k8s.ApisApi);
  const limit = options.pageSize ?? 500;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const unavailable: Partial<Record<FactId, string>> = {};

  /** Every item of a List, page by page; the API's typed objects have the JSON field names the converters read. */
  const listAll = async (what: string, page: (token: string | undefined) => Promise<Page>): Promise<KubeObject[]> => {
    const items: KubeObject[] = [];
    let token: string | undefined;
    do {
      const next = await withTimeout(page(token), timeoutMs, what);
      items.push(...(next.items as KubeObject[]));
      token = next.continueToken;
    } while (token);
    return items;
  };
  const typed = (list: { items: unknown[]; metadata?: { _continue?: string } }): Page => ({
    items: list.items,
    continueToken: list.metadata?._continue || undefined,
  });
  const plain = (list: { items?: unknown[]; metadata?: { continue?: string } }): Page => ({
    items: list.items ?? [],
    continueToken: list.metadata?.continue || undefined,
  });
  const read = async <T>(facts: readonly FactId[], run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      const reason = reasonOf(error);
      for (const fact of facts) unavailable[fact] ??= reason;
      return undefined;
    }
  };

  // Discovery first: it says whether the API answers at all, and whether Calico's groups exist.
  const groups = await read(["kubernetes"], async () => {
    const list = await withTimeout(apis.getAPIVersions(), timeoutMs, "API discovery");
    return new Set(list.groups.map((g) => `${g.name}/${g.preferredVersion?.version ?? g.versions[0]?.version}`));
  });
  if (groups === undefined) {
    const reason = unavailable.kubernetes as string;
    for (const fact of IN_CLUSTER_FACTS) unavailable[fact] = reason;
    return { facts: {}, unavailable };
  }

  const [configMaps, ipMasqDaemonSet, nodes, networkPolicies, services, pods, pdbs, calico, daemonSets] =
    await Promise.all([
      read(["ipMasqAgent"], () =>
        listAll("kube-system ConfigMaps", (t) =>
          core.listNamespacedConfigMap({ namespace: "kube-system", limit, _continue: t }).then(typed),
        ),
      ),
      read(["ipMasqAgent"], async () => {
        try {
          return (await withTimeout(
            apps.readNamespacedDaemonSet({ name: IP_MASQ_AGENT_DAEMONSET, namespace: "kube-system" }),
            timeoutMs,
            "the azure-ip-masq-agent DaemonSet",
          )) as unknown as KubeObject;
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
      read(["kubeNodes"], () => listAll("nodes", (t) => core.listNode({ limit, _continue: t }).then(typed))),
      read(["networkPolicies"], () =>
        listAll("NetworkPolicies", (t) =>
          networking.listNetworkPolicyForAllNamespaces({ limit, _continue: t }).then(typed),
        ),
      ),
      read(["services"], () =>
        listAll("Services", (t) => core.listServiceForAllNamespaces({ limit, _continue: t }).then(typed)),
      ),
      read(["pods"], () => listAll("pods", (t) => core.listPodForAllNamespaces({ limit, _continue: t }).then(typed))),
      read(["podDisruptionBudgets"], () =>
        listAll("PodDisruptionBudgets", (t) =>
          policy.listPodDisruptionBudgetForAllNamespaces({ limit, _continue: t }).then(typed),
        ),
      ),
      read(["calicoPolicies"], async () => {
        const refs = new Map<string, ReturnType<typeof objectRef>>();
        for (const { group, version } of CALICO_GROUPS) {
          if (!groups.has(`${group}/${version}`)) continue; // not installed: nothing of Calico's to be left unenforced
          for (const { plural, kind } of CALICO_POLICY_KINDS) {
            let items: KubeObject[];
            try {
              items = await listAll(`${plural}.${group}`, (t) =>
                custom.listClusterCustomObject({ group, version, plural, limit, _continue: t }).then(plain),
              );
            } catch (error) {
              if (isNotFound(error)) continue;
              throw error;
            }
            // Both groups serve the same objects when Calico's API server runs: one entry per object.
            for (const item of items) {
              const r = objectRef(item, kind);
              refs.set(`${r.kind}/${r.namespace ?? ""}/${r.name.replace(/^default\./, "")}`, r);
            }
          }
        }
        return [...refs.values()];
      }),
      read(["daemonSets"], async () => {
        const all = await Promise.all(
          ENGINE_NAMESPACES.map((namespace) =>
            listAll(`DaemonSets in ${namespace}`, (t) =>
              apps.listNamespacedDaemonSet({ namespace, limit, _continue: t }).then(typed),
            ),
          ),
        );
        return all.flat();
      }),
    ]);

  const ipMasqRead = unavailable.ipMasqAgent === undefined && configMaps !== undefined;
  return {
    facts: kubernetesFactsOf({
      configMaps: ipMasqRead ? configMaps : undefined,
      ipMasqDaemonSet,
      nodes,
      networkPolicies,
      services,
      pods,
      pdbs,
      calicoPolicies: calico,
      daemonSets,
    }),
    unavailable,
  };
}
