import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { FakeNetwork } from "./arm-network";

/** A throwaway certificate for 127.0.0.1; `cert` doubles as the CA the client must trust. */
export async function throwawayCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    days: 1,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, keyEncipherment: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  } as never);
  return { key: pems.private, cert: pems.cert };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body?: Record<string, unknown>;
  readonly authorized: boolean;
  /** The Host header: which name the client addressed (127.0.0.1, or another name for the same socket). */
  readonly host: string;
  readonly ifMatch?: string;
  /** Whether an Authorization header came at all (right or wrong). */
  readonly sentToken: boolean;
}

export interface Fault {
  readonly method?: string;
  readonly path?: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** How many matching requests it answers (default 1). */
  times?: number;
  /** How many matching requests pass untouched before it starts answering (default 0). */
  skip?: number;
  /** Never answer at all (a socket that hangs); the connection stays open until the server stops. */
  readonly hang?: boolean;
}

type Outcome =
  | { readonly status: "Succeeded" }
  | { readonly status: "Failed"; readonly code: string; readonly message: string }
  | { readonly status: "Canceled" };

interface Operation {
  readonly id: string;
  readonly clusterKey: string;
  readonly startedAt: number;
  pollsLeft: number;
  readonly outcome: Outcome;
  readonly pending: Record<string, unknown>;
  done?: Outcome;
}

/** Another actor's write, run after the n-th GET of a cluster (between a client's read and its write). */
interface OtherActor {
  readonly afterGet: number;
  readonly act: (arm: FakeArm) => void;
}

const READ_ONLY = [
  "provisioningState",
  "fqdn",
  "azurePortalFqdn",
  "currentKubernetesVersion",
  "powerState",
  "maxAgentPools",
  "privateFQDN",
];
const err = (code: string, message: string, target?: string) => ({
  error: { code, message, ...(target ? { target } : {}) },
});

/**
 * A loopback Azure Resource Manager for Microsoft.ContainerService/managedClusters that behaves like the real one where
 * aks-netguard depends on it: HTTPS, bearer tokens, api-version, GET/PUT with Azure-AsyncOperation polling, 409 while an
 * operation runs, the RP's own rejections of invalid network changes (written here from the RP's error codes, not from
 * aks-netguard's rules), and faults injected per test. Every request is recorded.
 */
export class FakeArm {
  readonly requests: RecordedRequest[] = [];
  readonly clusters = new Map<string, Record<string, unknown>>();
  /** VNets, subnets, route tables and agentPools, read-only. */
  readonly network = new FakeNetwork();
  private readonly operations = new Map<string, Operation>();
  private readonly faults: Fault[] = [];
  private readonly outcomes: Outcome[] = [];
  private server?: Server;
  private nextOp = 1;
  /** Polls an operation answers InProgress before it ends. */
  pollsPerOperation = 2;
  /** Delay before each poll answer (slow operations, for timeouts). */
  pollDelayMs = 0;
  /** An operation also ends on its own this long after it started, polled or not (as in Azure). */
  operationMs = Number.POSITIVE_INFINITY;
  /** Whether documents carry eTags (an old API version does not, and then If-Match is not checked). */
  etags = true;
  /** Where Azure-AsyncOperation points: this server's own origin unless a test names another one. */
  asyncOperationOrigin?: string;
  /** Tokens ARM accepts; an expired one is answered 401 ExpiredAuthenticationToken. */
  readonly tokens: Set<string>;
  readonly expired = new Set<string>();
  private readonly actors: OtherActor[] = [];
  private clusterGets = 0;
  private nextEtag = 1;
  /** The kubeconfig listClusterUserCredential returns, per cluster key (subscription/rg/name, lower case). */
  readonly kubeconfigs = new Map<string, string>();

  constructor(readonly token: string) {
    this.tokens = new Set([token]);
  }

  /** Operations still running end after this many more polls of their status (an operation that ends while watched). */
  endRunningOperationsAfterPolls(polls: number): void {
    for (const op of this.operations.values()) if (op.done === undefined) op.pollsLeft = polls;
  }

  /** Another actor writes the cluster after the client's n-th GET of it (counted from now, 1-based). */
  afterGet(n: number, act: (arm: FakeArm) => void): void {
    this.actors.push({ afterGet: this.clusterGets + n, act });
  }

  /** A cluster-level write by someone else (az aks update, az aks scale, the portal): new cluster and pool eTags. */
  writeCluster(
    subscription: string,
    resourceGroup: string,
    name: string,
    change: (document: Record<string, unknown>) => void,
  ): void {
    const document = this.get(subscription, resourceGroup, name);
    change(document);
    this.stampEtags(document, true);
  }

  /** A write through the agentPools API (az aks nodepool scale): only that pool's eTag changes. */
  writePool(
    subscription: string,
    resourceGroup: string,
    name: string,
    pool: string,
    change: (pool: Record<string, unknown>) => void,
  ): void {
    const profile = poolsOf(this.get(subscription, resourceGroup, name)).find((p) => p.name === pool);
    if (profile === undefined) throw new Error(`no pool ${pool}`);
    change(profile);
    profile.eTag = this.etag();
  }

  private etag(): string {
    return `"etag-${this.nextEtag++}"`;
  }

  /** A cluster-level write renews the cluster's eTag and every pool's (as AKS documents); `all` false only fills missing ones. */
  private stampEtags(document: Record<string, unknown>, all: boolean): void {
    if (!this.etags) {
      delete document.eTag;
      for (const pool of poolsOf(document)) delete pool.eTag;
      return;
    }
    if (all || document.eTag === undefined) document.eTag = this.etag();
    for (const pool of poolsOf(document)) if (all || pool.eTag === undefined) pool.eTag = this.etag();
  }

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error("the fake ARM server is not started");
    return `https://127.0.0.1:${address.port}`;
  }

  async start(tls: { key: string; cert: string }): Promise<void> {
    const server = createServer(tls, (req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Puts `armCluster(options)` under the subscription, resource group and name it gives. */
  putCluster(options: Parameters<typeof armCluster>[0]): void {
    this.put(options.subscription, options.resourceGroup, options.name, armCluster(options));
  }

  put(subscription: string, resourceGroup: string, name: string, document: Record<string, unknown>): void {
    const stored = structuredClone(document);
    this.stampEtags(stored, false);
    this.clusters.set(key(subscription, resourceGroup, name), stored);
  }

  get(subscription: string, resourceGroup: string, name: string): Record<string, unknown> {
    const cluster = this.clusters.get(key(subscription, resourceGroup, name));
    if (cluster === undefined) throw new Error(`no cluster ${subscription}/${resourceGroup}/${name} in the fake ARM`);
    return cluster;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** The outcome of the next accepted operation (default Succeeded). */
  nextOutcome(outcome: Outcome): void {
    this.outcomes.push(outcome);
  }

  /** Requests that change something: not GETs, nor the POST of listClusterUserCredential, which only reads. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && !/\/listClusterUserCredential$/i.test(r.path));
  }

  /** What listClusterUserCredential returns for this cluster (a kubeconfig YAML). */
  setKubeconfig(subscription: string, resourceGroup: string, name: string, kubeconfig: string): void {
    this.kubeconfigs.set(key(subscription, resourceGroup, name), kubeconfig);
  }

  /** As the RP answers: the kubeconfig base64 in kubeconfigs[].value, or BadRequest when local accounts are disabled. */
  private userCredential(clusterKey: string, res: ServerResponse): void {
    const stored = this.clusters.get(clusterKey);
    if (stored === undefined)
      return send(
        res,
        404,
        err("ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters' was not found."),
      );
    const props = (stored.properties ?? {}) as Record<string, unknown>;
    const kubeconfig = this.kubeconfigs.get(clusterKey);
    if (props.disableLocalAccounts === true && props.aadProfile === undefined)
      return send(
        res,
        400,
        err(
          "BadRequest",
          "Getting static credential is not allowed because this cluster is set to disable local accounts.",
        ),
      );
    if (kubeconfig === undefined)
      return send(res, 404, err("NotFound", "No kubeconfig for this cluster in the fake ARM (setKubeconfig)."));
    send(res, 200, { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const raw = await new Promise<string>((resolve) => {
      let data = "";
      req.on("data", (c: Buffer) => (data += c.toString()));
      req.on("end", () => resolve(data));
    });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const authorized = bearer !== undefined && this.tokens.has(bearer) && !this.expired.has(bearer);
    const ifMatch = typeof req.headers["if-match"] === "string" ? req.headers["if-match"] : undefined;
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      return send(
        res,
        400,
        err("InvalidRequestContent", "The request content was invalid and could not be deserialized."),
      );
    }
    this.requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body,
      authorized,
      host: req.headers.host ?? "",
      ifMatch,
      sentToken: req.headers.authorization !== undefined,
    });

    if (bearer !== undefined && this.expired.has(bearer))
      return send(
        res,
        401,
        err("ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time."),
        {
          "WWW-Authenticate":
            'Bearer authorization_uri="https://login.invalid/tenant", error="invalid_token", error_description="The access token has expired."',
        },
      );
    if (!authorized)
      return send(
        res,
        401,
        err("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or invalid."),
      );
    if (!url.searchParams.get("api-version"))
      return send(
        res,
        400,
        err(
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.",
        ),
      );

    const fault = this.faults.find(
      (f) =>
        (f.method === undefined || f.method === req.method) &&
        (f.path === undefined || f.path.test(url.pathname)) &&
        (f.times ?? 0) > 0,
    );
    if (fault !== undefined && (fault.skip ?? 0) > 0) fault.skip = (fault.skip ?? 0) - 1;
    else if (fault !== undefined) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.hang) return;
      return send(
        res,
        fault.status,
        fault.body ?? err("InternalServerError", "An unexpected error occured while processing the request."),
        fault.headers,
      );
    }

    const served = this.network.serve(req.method ?? "GET", url.pathname, this.clusters);
    if (served !== undefined) return send(res, served.status, served.body);
    this.settleFinishedOperations();
    const op = url.pathname.match(
      /^\/subscriptions\/[^/]+\/providers\/Microsoft\.ContainerService\/locations\/[^/]+\/operations\/([^/]+)$/i,
    );
    if (op && req.method === "GET") return this.poll(op[1], res);
    const credential = url.pathname.match(
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)\/listClusterUserCredential$/i,
    );
    if (credential && req.method === "POST")
      return this.userCredential(key(credential[1], credential[2], credential[3]), res);
    const cluster = url.pathname.match(
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i,
    );
    if (!cluster)
      return send(res, 404, err("InvalidResourceType", `The resource type could not be found for ${url.pathname}.`));
    const k = key(cluster[1], cluster[2], cluster[3]);
    const stored = this.clusters.get(k);
    if (req.method === "GET") {
      if (stored) {
        send(res, 200, stored);
        this.clusterGets++;
        for (const actor of this.actors.filter((a) => a.afterGet === this.clusterGets)) actor.act(this);
        return;
      }
      return send(
        res,
        404,
        err(
          "ResourceNotFound",
          `The Resource 'Microsoft.ContainerService/managedClusters/${cluster[3]}' under resource group '${cluster[2]}' was not found.`,
        ),
      );
    }
    if (req.method === "DELETE") return send(res, 202, "");
    if (req.method !== "PUT") return send(res, 405, err("MethodNotAllowed", `${req.method} is not supported.`));
    if (ifMatch !== undefined && this.etags && (stored === undefined || (ifMatch !== "*" && ifMatch !== stored.eTag)))
      return send(
        res,
        412,
        err(
          "PreconditionFailed",
          `Operation failed with status: 'Precondition Failed'. Details: the eTag ${ifMatch} does not match the resource's current eTag.`,
        ),
      );
    if ([...this.operations.values()].some((o) => o.clusterKey === k && o.done === undefined)) {
      const kind =
        stored === undefined || (stored.properties as Record<string, unknown>).provisioningState === "Creating"
          ? "create"
          : "update";
      return send(
        res,
        409,
        err(
          "OperationNotAllowed",
          `Operation is not allowed because there's an in progress ${kind} managed cluster operation on the managed cluster. Please wait for the operation to complete.`,
        ),
      );
    }
    const oldProps = (stored?.properties ?? {}) as Record<string, unknown>;
    const newProps = (body?.properties ?? {}) as Record<string, unknown>;
    const rejection =
      stored === undefined
        ? rejectProfile(newProps.networkProfile as Record<string, unknown> | undefined)
        : rejectNetworkChange(
            oldProps.networkProfile as Record<string, unknown> | undefined,
            newProps.networkProfile as Record<string, unknown> | undefined,
          );
    if (rejection) return send(res, 400, rejection);
    const staleScale = rejectManualScaleOfAutoscaledPool(stored, body);
    if (staleScale) return send(res, 400, staleScale);
    const skipped = stored === undefined ? undefined : rejectVersionSkip(oldProps, newProps);
    if (skipped) return send(res, 400, skipped);

    const id = `op-${this.nextOp++}`;
    const resourceId = `/subscriptions/${cluster[1]}/resourceGroups/${cluster[2]}/providers/Microsoft.ContainerService/managedClusters/${cluster[3]}`;
    const pending = {
      ...structuredClone(body ?? {}),
      id: stored?.id ?? resourceId,
      name: stored?.name ?? cluster[3],
      type: stored?.type ?? "Microsoft.ContainerService/ManagedClusters",
      properties: structuredClone(newProps),
    } as Record<string, unknown>;
    for (const field of READ_ONLY) {
      delete (pending.properties as Record<string, unknown>)[field];
      if (oldProps[field] !== undefined) (pending.properties as Record<string, unknown>)[field] = oldProps[field];
    }
    // A pool the body sends without a count keeps the one it has (the autoscaler's, on an autoscaled pool).
    const currentPools = new Map(stored === undefined ? [] : poolsOf(stored).map((p) => [p.name, p]));
    for (const p of poolsOf(pending))
      if (p.count === undefined && currentPools.has(p.name)) p.count = currentPools.get(p.name)?.count;
    const state = stored === undefined ? "Creating" : "Updating";
    // From the accepted PUT on, ARM shows the goal state: the new values, with provisioningState saying it is not there yet.
    delete (pending.properties as Record<string, unknown>).status;
    this.stampEtags(pending, true);
    const goal = structuredClone(pending);
    (goal.properties as Record<string, unknown>).provisioningState = state;
    this.clusters.set(k, goal);
    this.operations.set(id, {
      id,
      clusterKey: k,
      startedAt: Date.now(),
      pollsLeft: this.pollsPerOperation,
      outcome: this.outcomes.shift() ?? { status: "Succeeded" },
      pending,
    });
    const location = String(stored?.location ?? body?.location ?? "westeurope");
    const asyncOp = `${this.asyncOperationOrigin ?? this.endpoint}/subscriptions/${cluster[1]}/providers/Microsoft.ContainerService/locations/${location}/operations/${id}?api-version=2017-08-31`;
    send(res, stored === undefined ? 201 : 200, goal, { "Azure-AsyncOperation": asyncOp });
  }

  /** Operations whose time is up end now, as they would in Azure whether anyone polls or not. */
  private settleFinishedOperations(): void {
    for (const op of this.operations.values()) {
      if (op.done === undefined && Date.now() - op.startedAt >= this.operationMs) this.finish(op);
    }
  }

  private finish(op: Operation): void {
    op.done = op.outcome;
    const stored = this.clusters.get(op.clusterKey);
    if (stored === undefined) return;
    if (op.outcome.status === "Succeeded") {
      const properties = stored.properties as Record<string, unknown>;
      properties.provisioningState = "Succeeded";
      delete properties.status;
      upgradeTo(properties);
    } else {
      // A failed operation leaves the goal values in place, marked Failed (Azure/AKS#244: "it will always remain in a failed state").
      const properties = stored.properties as Record<string, unknown>;
      properties.provisioningState = op.outcome.status;
      if (op.outcome.status === "Failed")
        properties.status = { provisioningError: { code: op.outcome.code, message: op.outcome.message } };
    }
  }

  private async poll(id: string, res: ServerResponse): Promise<void> {
    const op = this.operations.get(id);
    if (!op) return send(res, 404, err("NotFound", `Operation ${id} was not found.`));
    if (this.pollDelayMs > 0) await new Promise((r) => setTimeout(r, this.pollDelayMs));
    if (op.done === undefined && op.pollsLeft-- > 0)
      return send(res, 200, { name: id, status: "InProgress", startTime: new Date(op.startedAt).toISOString() });
    const done = op.done ?? (this.finish(op), op.outcome);
    send(res, 200, {
      name: id,
      status: done.status,
      ...(done.status === "Failed" ? err(done.code, done.message) : {}),
    });
  }
}

/** The RP runs the requested version once the operation succeeds: major.minor means that minor's newest patch. */
function upgradeTo(props: Record<string, unknown>): void {
  const requested = props.kubernetesVersion;
  const running = props.currentKubernetesVersion;
  if (typeof requested !== "string" || (typeof running === "string" && minorText(running) === minorText(requested)))
    return;
  props.currentKubernetesVersion = /^\d+\.\d+$/.test(requested) ? `${requested}.7` : requested;
}

const minorText = (version: string) => version.split(".").slice(0, 2).join(".");

/** AKS upgrades one minor version at a time (its error text for a skip, as users have reported it). */
function rejectVersionSkip(before: Record<string, unknown>, after: Record<string, unknown>): unknown {
  const running = before.currentKubernetesVersion ?? before.kubernetesVersion;
  const requested = after.kubernetesVersion;
  if (typeof running !== "string" || typeof requested !== "string") return undefined;
  const [rMajor, rMinor] = running.split(".").map(Number);
  const [qMajor, qMinor] = requested.split(".").map(Number);
  if (qMajor === rMajor && qMinor <= rMinor + 1) return undefined;
  return err(
    "OperationNotAllowed",
    `Upgrading Kubernetes version ${running} to ${requested} is not allowed. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
  );
}

/**
 * The RP's own rejections, written from the RP error codes and texts users have reported (the rule catalog's sources),
 * not from aks-netguard's rules.
 */
function rejectProfile(after: Record<string, unknown> = {}): unknown {
  const plugin = lower(after.networkPlugin);
  if (lower(after.networkPluginMode) === "overlay" && plugin === "kubenet") {
    return err(
      "UnsupportedNetworkPluginModeWithNetworkPlugin",
      "NetworkPluginMode overlay is not supported with NetworkPLugin kubenet.",
      "networkProfile.networkpluginMode",
    );
  }
  if (lower(after.networkDataplane) === "cilium" && lower(after.networkPolicy) !== "cilium") {
    return {
      error: {
        code: "BadRequest",
        message: "Cilium dataplane requires network policy cilium.",
        target: "networkProfile.networkPolicy",
        details: [
          {
            code: "CiliumDataplaneRequiresNetworkPolicyCilium",
            message: "Cilium dataplane requires network policy cilium.",
          },
        ],
      },
    };
  }
  return undefined;
}

function rejectNetworkChange(before: Record<string, unknown> = {}, after: Record<string, unknown> = {}): unknown {
  const was = (field: string) => lower(before[field]);
  const is = (field: string) => lower(after[field]);
  const invalid = rejectProfile(after);
  if (invalid) return invalid;
  if (was("networkPluginMode") === "overlay" && is("networkPluginMode") !== "overlay")
    return propertyChange("networkPluginMode");
  const kubenetToOverlay =
    was("networkPlugin") === "kubenet" && is("networkPlugin") === "azure" && is("networkPluginMode") === "overlay";
  if (was("networkPlugin") !== is("networkPlugin") && !kubenetToOverlay) return propertyChange("networkPlugin");
  const toOverlay = was("networkPluginMode") !== "overlay" && is("networkPluginMode") === "overlay";
  if (
    toOverlay &&
    ["azure", "calico"].includes(was("networkPolicy") ?? "none") &&
    was("networkDataplane") !== "cilium"
  ) {
    return err(
      "ValidationError",
      "Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1.",
    );
  }
  for (const field of ["dnsServiceIP", "serviceCidr"]) {
    if (before[field] !== undefined && after[field] !== undefined && before[field] !== after[field])
      return propertyChange(field);
  }
  const ipamChanged =
    was("networkPluginMode") !== is("networkPluginMode") || was("networkPlugin") !== is("networkPlugin");
  if (ipamChanged && (was("networkDataplane") ?? "azure") !== (is("networkDataplane") ?? "azure")) {
    return err(
      "BadRequest",
      "Updating the IPAM mode and the network data plane in the same operation is not supported. Update one, then the other.",
    );
  }
  return undefined;
}

/** The RP refuses a PUT that sets an autoscaled pool's count to anything but its current one (the autoscaler owns it). */
function rejectManualScaleOfAutoscaledPool(
  stored: Record<string, unknown> | undefined,
  body: Record<string, unknown> | undefined,
): unknown {
  if (stored === undefined || body === undefined) return undefined;
  const current = new Map(poolsOf(stored).map((p) => [p.name, p]));
  for (const pool of poolsOf(body)) {
    const was = current.get(pool.name);
    if (was?.enableAutoScaling === true && pool.count !== undefined && pool.count !== was.count)
      return err(
        "InvalidParameter",
        `Cannot manually scale AgentPool '${String(pool.name)}' because cluster autoscaler is enabled on it. Its node count is ${String(was.count)}.`,
        "agentPoolProfiles.count",
      );
  }
  return undefined;
}

function poolsOf(document: Record<string, unknown>): Record<string, unknown>[] {
  const pools = (document.properties as { agentPoolProfiles?: unknown } | undefined)?.agentPoolProfiles;
  return Array.isArray(pools) ? (pools as Record<string, unknown>[]) : [];
}

function propertyChange(field: string): unknown {
  return err(
    "PropertyChangeNotAllowed",
    `Changing property 'networkProfile.${field}' is not allowed.`,
    `networkProfile.${field}`,
  );
}

function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

function key(subscription: string, resourceGroup: string, name: string): string {
  return `${subscription}/${resourceGroup}/${name}`.toLowerCase();
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "x-ms-request-id": `req-${Math.random().toString(16).slice(2)}`,
    ...headers,
  });
  res.end(text);
}

/** An ARM managedCluster document as the RP returns it. */
export function armCluster(options: {
  subscription: string;
  resourceGroup: string;
  name: string;
  networkProfile: Record<string, unknown>;
  pools?: Record<string, unknown>[];
  version?: string;
  identity?: string;
}): Record<string, unknown> {
  return {
    id: `/subscriptions/${options.subscription}/resourceGroups/${options.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${options.name}`,
    name: options.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    location: "westeurope",
    tags: { owner: "platform", costCenter: "42" },
    identity: {
      type: options.identity ?? "UserAssigned",
      userAssignedIdentities: {
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks": {},
      },
    },
    sku: { name: "Base", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      kubernetesVersion: options.version ?? "1.31.2",
      currentKubernetesVersion: options.version ?? "1.31.2",
      dnsPrefix: options.name,
      fqdn: `${options.name}-abc123.hcp.westeurope.azmk8s.io`,
      enableRBAC: true,
      nodeResourceGroup: `MC_${options.resourceGroup}_${options.name}_westeurope`,
      agentPoolProfiles: options.pools ?? [
        {
          name: "system",
          mode: "System",
          osType: "Linux",
          osSKU: "AzureLinux",
          vmSize: "Standard_D4ds_v5",
          count: 3,
          type: "VirtualMachineScaleSets",
          orchestratorVersion: "1.31.2",
        },
      ],
      networkProfile: {
        serviceCidr: "10.0.0.0/16",
        dnsServiceIP: "10.0.0.10",
        outboundType: "loadBalancer",
        loadBalancerSku: "standard",
        ...options.networkProfile,
      },
    },
  };
}
