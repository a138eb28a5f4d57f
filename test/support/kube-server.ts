import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";
import type { KubeObject } from "../../kube/facts";

interface Resource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const CORE: readonly Resource[] = [
  { group: "", version: "v1", plural: "nodes", kind: "Node", namespaced: false },
  { group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false },
  { group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true },
  { group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true },
  { group: "", version: "v1", plural: "services", kind: "Service", namespaced: true },
  { group: "apps", version: "v1", plural: "daemonsets", kind: "DaemonSet", namespaced: true },
  { group: "networking.k8s.io", version: "v1", plural: "networkpolicies", kind: "NetworkPolicy", namespaced: true },
  { group: "policy", version: "v1", plural: "poddisruptionbudgets", kind: "PodDisruptionBudget", namespaced: true },
];
const CALICO: readonly Resource[] = ["crd.projectcalico.org/v1", "projectcalico.org/v3"].flatMap((gv) => {
  const [group, version] = gv.split("/");
  return [
    { group, version, plural: "globalnetworkpolicies", kind: "GlobalNetworkPolicy", namespaced: false },
    { group, version, plural: "networkpolicies", kind: "NetworkPolicy", namespaced: true },
  ];
});

export interface KubeRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly auth: "bearer" | "client-cert" | "none";
}

/** A Status object, as kube-apiserver writes every error. */
function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** A throwaway client certificate (self-signed) for the kubeconfig's client-certificate-data. */
export async function clientCertificate(user: string): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: user }], {
    keyType: "ec",
    algorithm: "sha256",
    days: 1,
  } as never);
  return { key: pems.private, cert: pems.cert };
}

/**
 * A loopback kube-apiserver for what aks-netguard reads, behaving like the real one: HTTPS; bearer-token or
 * client-certificate authentication (401 Status otherwise); discovery (/api, /apis); List objects with kind, apiVersion
 * and metadata.resourceVersion; paging with limit and continue (a consistent snapshot: objects added after the first page
 * do not appear in its continuation); 404 Status for a missing object and for a group that is not installed; 403 Status
 * for what RBAC forbids. Every request is recorded.
 */
export class FakeKubeApi {
  readonly requests: KubeRequest[] = [];
  private readonly store = new Map<string, KubeObject[]>();
  private readonly forbidden = new Set<string>();
  /** Each resource's objects in List order (namespace/name), sorted once after a change. */
  private readonly sorted = new Set<string>();
  private server?: Server;
  private resourceVersion = 5000;
  /** Calico's API groups are served (as when Calico's CRDs or its API server are installed). */
  calicoInstalled = false;
  /** Delay before answering (for timeouts). */
  delayMs = 0;

  constructor(
    readonly token: string,
    private readonly clientCertPem?: string,
  ) {}

  get url(): string {
    if (this.server === undefined) throw new Error("fake kube-apiserver: not started");
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(tls: { key: string; cert: string }): Promise<void> {
    const server = createServer(
      { ...tls, requestCert: true, rejectUnauthorized: false },
      (req, res) => void this.handle(req, res),
    );
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Adds objects; each goes to its resource by apiVersion and kind. */
  add(...objects: KubeObject[]): void {
    for (const o of objects) {
      const resource = this.resourceOf(String(o.apiVersion), String(o.kind));
      const list = this.store.get(keyOf(resource)) ?? [];
      list.push({ ...o, metadata: { ...(o.metadata as object), resourceVersion: String(++this.resourceVersion) } });
      this.store.set(keyOf(resource), list);
      this.sorted.delete(keyOf(resource));
      if (resource.group.includes("projectcalico")) this.calicoInstalled = true;
    }
  }

  /** RBAC denies list and get on this resource (plural, optionally "plural.group"). */
  forbid(resource: string): void {
    this.forbidden.add(resource);
  }

  lists(plural: string): KubeRequest[] {
    return this.requests.filter((r) => r.path.endsWith(`/${plural}`));
  }

  private resourceOf(apiVersion: string, kind: string): Resource {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const r = [...CORE, ...CALICO].find((x) => x.group === group && x.version === version && x.kind === kind);
    if (r === undefined) throw new Error(`fake kube-apiserver: no resource for ${apiVersion} ${kind}`);
    return r;
  }

  private served(): Resource[] {
    return [...CORE, ...(this.calicoInstalled ? CALICO : [])];
  }

  private authOf(req: IncomingMessage): KubeRequest["auth"] {
    if (req.headers.authorization === `Bearer ${this.token}`) return "bearer";
    const peer = (req.socket as TLSSocket).getPeerCertificate?.();
    if (this.clientCertPem !== undefined && peer?.raw !== undefined && peer.raw.length > 0) {
      if (new X509Certificate(this.clientCertPem).raw.equals(peer.raw)) return "client-cert";
    }
    return "none";
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const auth = this.authOf(req);
    this.requests.push({ path: url.pathname, query: url.searchParams, auth });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (auth === "none") return send(res, 401, status(401, "Unauthorized", "Unauthorized"));
    if (req.method !== "GET") return send(res, 405, status(405, "MethodNotAllowed", `${req.method} is not allowed`));
    if (url.pathname === "/api")
      return send(res, 200, {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:443" }],
      });
    if (url.pathname === "/apis") {
      const groups = [
        ...new Set(
          this.served()
            .filter((r) => r.group !== "")
            .map((r) => `${r.group}/${r.version}`),
        ),
      ].map((gv) => {
        const [name, version] = gv.split("/");
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      });
      return send(res, 200, { kind: "APIGroupList", apiVersion: "v1", groups });
    }
    const m =
      url.pathname.match(/^\/api\/(v1)\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?$/) ??
      url.pathname.match(/^\/apis\/([^/]+\/[^/]+)\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?$/);
    const notFound = () => send(res, 404, status(404, "NotFound", "the server could not find the requested resource"));
    if (!m) return notFound();
    const [gv, namespace, plural, name] = [m[1], m[2], m[3], m[4]];
    const [group, version] = gv.includes("/") ? gv.split("/") : ["", gv];
    const resource = this.served().find((r) => r.group === group && r.version === version && r.plural === plural);
    if (resource === undefined || (namespace !== undefined && !resource.namespaced)) return notFound();
    if (this.forbidden.has(plural) || this.forbidden.has(`${plural}.${group}`)) {
      const where = namespace === undefined ? "at the cluster scope" : `in the namespace "${namespace}"`;
      return send(
        res,
        403,
        status(
          403,
          "Forbidden",
          `${plural}${group ? `.${group}` : ""} is forbidden: User "netguard-reader" cannot ${name ? "get" : "list"} resource "${plural}" in API group "${group}" ${where}`,
          { group, kind: plural },
        ),
      );
    }
    const stored = this.store.get(keyOf(resource)) ?? [];
    if (!this.sorted.has(keyOf(resource))) {
      const order = (o: KubeObject) => `${metaOf(o).namespace ?? ""}/${metaOf(o).name}`;
      stored.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
      this.sorted.add(keyOf(resource));
    }
    const all = namespace === undefined ? stored : stored.filter((o) => metaOf(o).namespace === namespace);
    if (name !== undefined) {
      const found = all.find((o) => metaOf(o).name === name);
      return found
        ? send(res, 200, found)
        : send(res, 404, status(404, "NotFound", `${plural} "${name}" not found`, { name, group, kind: plural }));
    }
    return this.list(res, resource, all, url.searchParams);
  }

  private list(res: ServerResponse, resource: Resource, all: KubeObject[], query: URLSearchParams): void {
    const limit = Number(query.get("limit") ?? "0");
    let start = 0;
    let snapshot = String(this.resourceVersion);
    const token = query.get("continue");
    if (token) {
      try {
        const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { rv: string; start: number };
        start = parsed.start;
        snapshot = parsed.rv;
      } catch {
        return send(res, 400, status(400, "BadRequest", "continue key is not valid: illegal base64 data"));
      }
    }
    // A consistent snapshot: what was added after the first page's resourceVersion is not in its continuation.
    const visible = all.filter((o) => Number(metaOf(o).resourceVersion) <= Number(snapshot));
    const end = limit > 0 ? Math.min(visible.length, start + limit) : visible.length;
    const more = end < visible.length;
    const apiVersion = resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
    send(res, 200, {
      kind: `${resource.kind}List`,
      apiVersion,
      metadata: {
        resourceVersion: snapshot,
        ...(more
          ? {
              continue: Buffer.from(JSON.stringify({ rv: snapshot, start: end })).toString("base64"),
              remainingItemCount: visible.length - end,
            }
          : {}),
      },
      items: visible
        .slice(start, end)
        .map((o) => ({ ...o, kind: undefined, apiVersion: undefined }))
        .map(stripUndefined),
    });
  }
}

const keyOf = (r: Resource) => `${r.group}/${r.version}/${r.plural}`;
const metaOf = (o: KubeObject) => (o.metadata ?? {}) as { name: string; namespace?: string; resourceVersion?: string };
// Items of a List carry no kind or apiVersion, as kube-apiserver sends them.
const stripUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A kubeconfig as listClusterUserCredential returns it (YAML), for a bearer token or a client certificate. */
export function kubeconfigYaml(options: {
  server: string;
  ca: string;
  token?: string;
  clientCert?: { key: string; cert: string };
  exec?: { command: string; args: string[] };
  context?: string;
}): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const context = options.context ?? "aks1";
  const user = options.token
    ? `    token: ${options.token}`
    : options.clientCert
      ? `    client-certificate-data: ${b64(options.clientCert.cert)}\n    client-key-data: ${b64(options.clientCert.key)}`
      : options.exec
        ? `    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${options.exec.command}\n      args:\n${options.exec.args.map((a) => `      - ${JSON.stringify(a)}`).join("\n")}\n      interactiveMode: Never\n      provideClusterInfo: false`
        : "    {}";
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${b64(options.ca)}`,
    `    server: ${options.server}`,
    `  name: ${context}`,
    "contexts:",
    "- context:",
    `    cluster: ${context}`,
    `    user: clusterUser_rg_${context}`,
    `  name: ${context}`,
    `current-context: ${context}`,
    "preferences: {}",
    "users:",
    `- name: clusterUser_rg_${context}`,
    "  user:",
    user,
    "",
  ].join("\n");
}
