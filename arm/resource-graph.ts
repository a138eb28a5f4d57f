import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import {
  agentPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpHeaders,
} from "@azure/core-rest-pipeline";
import { QuotaGate } from "./resource-graph-quota";

/**
 * Every managed cluster with its properties whole (no projection: the core's ARM parser reads each row as it reads
 * `az aks show`, so a field added by a newer API is never lost), ordered by the unique `id` so pages neither repeat
 * nor skip a row.
 */
export const MANAGED_CLUSTERS_QUERY =
  'resources | where type =~ "microsoft.containerservice/managedclusters" | order by id asc';

/** Resource Graph's largest page. */
const MAX_PAGE_SIZE = 1000;
/** Resource Graph's guidance: fewer than 300 subscriptions a request. */
const MAX_SUBSCRIPTION_BATCH = 299;
const SUBSCRIPTIONS_API_VERSION = "2022-12-01";

export interface ResourceGraphOptions {
  readonly credential: TokenCredential;
  /** ARM's endpoint (sovereign clouds have their own); Resource Graph answers on the same host. */
  readonly endpoint: string;
  /** Trust for a private CA (tests); a spawned process takes NODE_EXTRA_CA_CERTS instead. */
  readonly httpsAgent?: Agent;
  readonly pageSize?: number;
  readonly subscriptionBatch?: number;
  /** The pipeline's retry policy; it honours a 429's Retry-After. */
  readonly retry?: { readonly maxRetries: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
  readonly abortSignal?: AbortSignal;
}

/** Where to look: subscriptions, or management groups; neither means every subscription the credential can list. */
export interface AuditScope {
  readonly subscriptions?: readonly string[];
  readonly managementGroups?: readonly string[];
}

export interface PageEvent {
  readonly rows: readonly unknown[];
  /** Pages read so far, over every batch. */
  readonly page: number;
  readonly rowsSoFar: number;
  /** Resource Graph's totalRecords for the batch this page belongs to. */
  readonly batchTotal: number;
  readonly batch: number;
  readonly batches: number;
}

export interface QueryResult {
  readonly rows: number;
  readonly pages: number;
  readonly subscriptions: number;
  /** `x-ms-tenant-subscription-limit-hit: true`: the answer covers the first 10,000 subscriptions only. */
  readonly subscriptionLimitHit: boolean;
  /** A page came back with `resultTruncated: "true"` and no `$skipToken`: rows may be missing. */
  readonly truncated: boolean;
  /** Requests held back until the user quota reset, never sent beyond it. */
  readonly quotaWaits: number;
}

/**
 * Reads managed clusters from Azure Resource Graph with the official client (`@azure/arm-resourcegraph`): subscriptions
 * in batches, `$skipToken` paging until there is none, and the user quota the service reports respected before each
 * request. Errors are the service's (`RestError` with ARM's code).
 */
export class ManagedClusterGraph {
  private readonly client: ResourceGraphClient;
  private readonly gate = new QuotaGate();

  constructor(private readonly options: ResourceGraphOptions) {
    this.client = new ResourceGraphClient(options.credential, {
      endpoint: options.endpoint,
      credentials: { scopes: [`${new URL(options.endpoint).origin}/.default`] },
      retryOptions: options.retry,
      additionalPolicies: options.httpsAgent ? [{ policy: agentPolicy(options.httpsAgent), position: "perCall" }] : [],
    });
  }

  /** Every subscription id the credential can list (ARM `GET /subscriptions`, following nextLink). */
  async listSubscriptions(): Promise<string[]> {
    const ids: string[] = [];
    let url: string | undefined = `${this.options.endpoint}/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
    const http = createDefaultHttpClient();
    while (url !== undefined) {
      const response = await this.client.pipeline.sendRequest(
        http,
        createPipelineRequest({
          url,
          method: "GET",
          headers: createHttpHeaders({ accept: "application/json" }),
          abortSignal: this.options.abortSignal,
        }),
      );
      const body = parseJson(response.bodyAsText) as { value?: { subscriptionId?: unknown }[]; nextLink?: unknown };
      if (response.status >= 400) throw armError(body, response.status, "GET /subscriptions");
      for (const s of body?.value ?? []) if (typeof s.subscriptionId === "string") ids.push(s.subscriptionId);
      url = typeof body?.nextLink === "string" && body.nextLink !== "" ? body.nextLink : undefined;
    }
    return ids;
  }

  /**
   * Runs the managed-cluster query over the scope, handing each page to `onPage` in order once the next page has been
   * asked for, so that the caller's work on one page overlaps the wait for the next.
   */
  async query(scope: AuditScope, onPage: (event: PageEvent) => void): Promise<QueryResult> {
    const pageSize = Math.min(this.options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const batchSize = Math.min(this.options.subscriptionBatch ?? MAX_SUBSCRIPTION_BATCH, MAX_SUBSCRIPTION_BATCH);
    const managementGroups = scope.managementGroups ?? [];
    const subscriptions = managementGroups.length > 0 ? [] : (scope.subscriptions ?? (await this.listSubscriptions()));
    const batches: { subscriptions?: string[]; managementGroups?: string[] }[] =
      managementGroups.length > 0
        ? [{ managementGroups: [...managementGroups] }]
        : chunk(subscriptions, batchSize).map((s) => ({ subscriptions: s }));
    let pages = 0;
    let rows = 0;
    let limitHit = false;
    let truncated = false;
    const fetchPage = async (b: number, skipToken?: string) => {
      await this.gate.beforeRequest(this.options.abortSignal);
      let headers: HttpHeaders | undefined;
      const response = await this.client.resources(
        {
          ...batches[b],
          query: MANAGED_CLUSTERS_QUERY,
          options: { top: pageSize, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) },
        },
        {
          abortSignal: this.options.abortSignal,
          onResponse: (raw) => {
            headers = raw.headers;
          },
        },
      );
      if (headers !== undefined) {
        this.gate.observe(headers);
        limitHit ||= headers.get("x-ms-tenant-subscription-limit-hit")?.toLowerCase() === "true";
      }
      return { b, response };
    };
    let pending = batches.length > 0 ? fetchPage(0) : undefined;
    while (pending !== undefined) {
      const { b, response } = await pending;
      const data = Array.isArray(response.data) ? (response.data as unknown[]) : [];
      const skipToken = response.skipToken || undefined;
      if (String(response.resultTruncated).toLowerCase() === "true" && skipToken === undefined) truncated = true;
      // The next page is on its way while this one is judged (one request at a time still: the quota is respected).
      pending =
        skipToken !== undefined ? fetchPage(b, skipToken) : b + 1 < batches.length ? fetchPage(b + 1) : undefined;
      if (pending !== undefined) {
        // Its failure is seen when it is awaited, after this page.
        pending.catch(() => undefined);
        await new Promise((resolve) => setImmediate(resolve));
      }
      pages++;
      rows += data.length;
      onPage({
        rows: data,
        page: pages,
        rowsSoFar: rows,
        batchTotal: Number(response.totalRecords),
        batch: b + 1,
        batches: batches.length,
      });
    }
    return {
      rows,
      pages,
      subscriptions: subscriptions.length,
      subscriptionLimitHit: limitHit,
      truncated,
      quotaWaits: this.gate.waits,
    };
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parseJson(text: string | undefined | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** ARM's error body as a RestError with its code; the request (and its Authorization header) stays out of it. */
function armError(body: unknown, status: number, what: string): RestError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new RestError(typeof error?.message === "string" ? error.message : `${what} answered HTTP ${status}`, {
    code: typeof error?.code === "string" ? error.code : `HTTP${status}`,
    statusCode: status,
  });
}
