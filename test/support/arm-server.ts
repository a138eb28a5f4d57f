import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

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
  /** The kubeconfig listClusterUserCredential returns, per cluster key (subscription/rg/name, lower case). */
  readonly kubeconfigs = new Map<string, string>();

  constructor(readonly token: string) {}

  get endpoint(): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(tls: { key: string; cert: string }): Promise<void> {
    this.server = createServer(tls, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  put(subscription: string, resourceGroup: string, name: string, document: Record<string, unknown>): void {
    this.clusters.set(key(subscription, resourceGroup, name), structuredClone(document));
  }

  get(subscription: string, resourceGroup: string, name: string): Record<string, unknown> {
    return this.clusters.get(key(subscription, resourceGroup, name))!;
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
    const authorized = req.headers.authorization === `Bearer ${this.token}`;
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
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body, authorized });

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
      return send(
        res,
        fault.status,
        fault.body ?? err("InternalServerError", "An unexpected error occured while processing the request."),
        fault.headers,
      );
    }

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
    if (req.method === "GET")
      return stored
        ? send(res, 200, stored)
        : send(
            res,
            404,
            err(
              "ResourceNotFound",
              `The Resource 'Microsoft.ContainerService/managedClusters/${cluster[3]}' under resource group '${cluster[2]}' was not found.`,
            ),
          );
    if (req.method === "DELETE") return send(res, 202, "");
    if (req.method !== "PUT") return send(res, 405, err("MethodNotAllowed", `${req.method} is not supported.`));
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

    const id = `op-${this.nextOp++}`;
    const resourceId = `/subscriptions/${cluster[1]}/resourceGroups/${cluster[2]}/providers/Microsoft.ContainerService/managedClusters/${cluster[3]}`;
    const pending = {
      ...structuredClone(body ?? {}),
      id: stored?.id ?? resourceId,
      name: stored?.name ?? cluster[3],
      type: stored?.type ?? "Microsoft.ContainerService/ManagedClusters",
      properties: { ...newProps },
    } as Record<string, unknown>;
    for (const field of READ_ONLY) {
      delete (pending.properties as Record<string, unknown>)[field];
      if (oldProps[field] !== undefined) (pending.properties as Record<string, unknown>)[field] = oldProps[field];
    }
    const state = stored === undefined ? "Creating" : "Updating";
    if (stored === undefined)
      this.clusters.set(k, {
        ...structuredClone(pending),
        properties: { ...(pending.properties as object), provisioningState: state },
      });
    else oldProps.provisioningState = state;
    this.operations.set(id, {
      id,
      clusterKey: k,
      startedAt: Date.now(),
      pollsLeft: this.pollsPerOperation,
      outcome: this.outcomes.shift() ?? { status: "Succeeded" },
      pending,
    });
    const location = String(stored?.location ?? body?.location ?? "westeurope");
    const asyncOp = `${this.endpoint}/subscriptions/${cluster[1]}/providers/Microsoft.ContainerService/locations/${location}/operations/${id}?api-version=2017-08-31`;
    send(
      res,
      stored === undefined ? 201 : 200,
      { ...pending, properties: { ...(pending.properties as object), provisioningState: state } },
      { "Azure-AsyncOperation": asyncOp },
    );
  }

  /** Operations whose time is up end now, as they would in Azure whether anyone polls or not. */
  private settleFinishedOperations(): void {
    for (const op of this.operations.values()) {
      if (op.done === undefined && Date.now() - op.startedAt >= this.operationMs) this.finish(op);
    }
  }

  private finish(op: Operation): void {
    op.done = op.outcome;
    const stored = this.clusters.get(op.clusterKey)!;
    if (op.outcome.status === "Succeeded") {
      const next = structuredClone(op.pending);
      (next.properties as Record<string, unknown>).provisioningState = "Succeeded";
      this.clusters.set(op.clusterKey, next);
    } else {
      (stored.properties as Record<string, unknown>).provisioningState = op.outcome.status;
    }
  }

  private async poll(id: string, res: ServerResponse): Promise<void> {
    const op = this.operations.get(id);
    if (!op) return send(res, 404, err("NotFound", `Operation ${id} was not found.`));
    if (this.pollDelayMs > 0) await new Promise((r) => setTimeout(r, this.pollDelayMs));
    if (op.done === undefined && op.pollsLeft-- > 0)
      return send(res, 200, { name: id, status: "InProgress", startTime: new Date(op.startedAt).toISOString() });
    if (op.done === undefined) this.finish(op);
    const done = op.done!;
    send(res, 200, {
      name: id,
      status: done.status,
      ...(done.status === "Failed" ? err(done.code, done.message) : {}),
    });
  }
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
