import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import {
  agentPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  userAgentPolicy,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { clusterIdOf, validateClusterRef, type ClusterRef } from "./cluster-ref";
import { AccessTokens } from "./access-tokens";
import { parseArmJson } from "./arm-json";
import { retryDelayOf, type RetrySettings } from "./retry-after";
import { sleep } from "./sleep";

/** The api-version @azure/arm-containerservice 25.5.0 speaks; GET and PUT use the same one, so a document read is a document ARM accepts. */
export const MANAGED_CLUSTERS_API_VERSION = "2026-06-01";

/** A managed cluster exactly as ARM returned it. */
export type ArmDocument = Record<string, unknown>;

export interface ArmClientOptions {
  readonly cluster: ClusterRef;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  /** Retries of 429 (Retry-After honoured up to `maxRetryAfterMs`), 5xx and dropped connections, for every request and poll. */
  readonly retry?: { readonly maxRetries: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
  /** The longest Retry-After the run waits out; a longer one stops the run with the reason (default 10 minutes). */
  readonly maxRetryAfterMs?: number;
  /** One request's limit, connection to last byte (default 2 minutes): a socket that never answers is a failed try. */
  readonly requestTimeoutMs?: number;
  /** Trust for a private CA (tests); a spawned process takes NODE_EXTRA_CA_CERTS instead. */
  readonly httpsAgent?: Agent;
}

/** How an operation ended, as its status resource says. */
export type OperationEnd = "Succeeded" | "Failed" | "Canceled";

/** A failed or canceled operation: ARM's code and message from the status resource. */
export class OperationEndedError extends RestError {
  constructor(
    readonly status: Exclude<OperationEnd, "Succeeded">,
    code: string,
    message: string,
  ) {
    super(message, { code });
    this.name = "OperationEndedError";
  }
}

/** The operation's status could not be read within bounds; the operation itself may still be running in Azure. */
class UnreadableStatusError extends Error {
  constructor(readonly lastAnswer: string) {
    super(`the operation's status could not be read (${lastAnswer}); the operation may still be running in Azure`);
    this.name = "UnreadableStatusError";
  }
}

/** A poll URL off the ARM endpoint's origin: nothing is sent there, the bearer token least of all. */
class ForeignPollUrlError extends Error {
  constructor(readonly url: string) {
    super(
      `ARM named an operation status URL on another host (${new URL(url).origin}); it was not contacted and no token was sent. The operation may still be running in Azure`,
    );
    this.name = "ForeignPollUrlError";
  }
}

/** What a PUT's acceptance says: the document ARM now shows (the goal state) and where the operation reports. */
export interface Accepted {
  readonly document: ArmDocument;
  readonly operationUrl?: string;
}

export interface FollowOptions {
  readonly abortSignal: AbortSignal;
  readonly intervalInMs: number;
  readonly onPoll?: (status: string) => void;
  /** Consecutive unreadable answers (no status, not JSON) tolerated before giving up (default 20). */
  readonly maxUnreadable?: number;
}

const TERMINAL = new Map<string, OperationEnd>([
  ["succeeded", "Succeeded"],
  ["failed", "Failed"],
  ["canceled", "Canceled"],
  ["cancelled", "Canceled"],
]);

/**
 * What every ARM client of aks-netguard is built with (the cluster's, and the read-only network gatherer's): the endpoint,
 * the token scope of that cloud, the SDK's retry policy, and the test CA's agent when given.
 */
export function armPipelineOptions(options: Pick<ArmClientOptions, "endpoint" | "retry" | "httpsAgent">) {
  return {
    endpoint: options.endpoint,
    retryOptions: options.retry,
    // Tokens are issued for the cloud's management endpoint (sovereign clouds have their own).
    credentials: { scopes: [`${new URL(options.endpoint).origin}/.default`] },
    additionalPolicies: options.httpsAgent
      ? [{ policy: agentPolicy(options.httpsAgent), position: "perCall" as const }]
      : [],
  };
}

/**
 * GET and PUT of one managed cluster as raw JSON over a pipeline of our own: the SDK's typed serializer keeps only the
 * properties its model knows, so a PUT of what it read would drop any newer or preview property — and a PUT replaces the
 * whole resource. Retries, the bearer token and polling are done here, not by the SDK's policies, because each needs a
 * bound the SDK does not give: a cap on Retry-After, a refresh on ExpiredAuthenticationToken, no token off the endpoint's
 * origin, and a strict reading of operation status.
 */
export class ManagedClusterArm {
  private readonly http: HttpClient = createDefaultHttpClient();
  private readonly pipeline: Pipeline;
  private readonly url: string;
  private readonly origin: string;
  private readonly tokens: AccessTokens;
  private readonly retry: RetrySettings;
  private readonly requestTimeoutMs: number;

  constructor(options: ArmClientOptions) {
    validateClusterRef(options.cluster);
    this.origin = new URL(options.endpoint).origin;
    this.pipeline = createEmptyPipeline();
    this.pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: "aks-netguard" }));
    if (options.httpsAgent) this.pipeline.addPolicy(agentPolicy(options.httpsAgent));
    // Tokens are issued for the cloud's management endpoint (sovereign clouds have their own).
    this.tokens = new AccessTokens(options.credential, `${this.origin}/.default`);
    this.retry = {
      maxRetries: options.retry?.maxRetries ?? 6,
      retryDelayInMs: options.retry?.retryDelayInMs ?? 1000,
      maxRetryDelayInMs: options.retry?.maxRetryDelayInMs ?? 60_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10 * 60_000,
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.url = `${this.origin}${clusterIdOf(options.cluster)}?api-version=${MANAGED_CLUSTERS_API_VERSION}`;
  }

  async get(abortSignal: AbortSignal): Promise<ArmDocument> {
    const { body, response } = await this.send("GET", this.url, undefined, abortSignal);
    return withEtagHeader(requireObject(body, "GET"), response);
  }

  /** PUT; the operation is accepted, not done. `ifMatch` makes ARM refuse (412) a write over a document that changed. */
  async begin(document: ArmDocument, options: { abortSignal: AbortSignal; ifMatch?: string }): Promise<Accepted> {
    const { body, response } = await this.send("PUT", this.url, document, options.abortSignal, options.ifMatch);
    const operationUrl = response.headers.get("azure-asyncoperation") ?? response.headers.get("location") ?? undefined;
    // Checked by follow(): the PUT is accepted either way, and the caller must know that before anything else fails.
    return { document: withEtagHeader(requireObject(body, "PUT"), response), operationUrl };
  }

  /**
   * Follows an operation to its end. Only Succeeded, Failed and Canceled end it; any other status keeps polling, and an
   * answer without a readable status (an HTML page, `{}`) is reported and polled again, a bounded number of times.
   * Without a status URL, the cluster's own provisioningState is followed instead.
   */
  async follow(operationUrl: string | undefined, options: FollowOptions): Promise<void> {
    if (operationUrl !== undefined) this.requireOwnOrigin(operationUrl);
    const url = operationUrl ?? this.url;
    const maxUnreadable = options.maxUnreadable ?? 20;
    let unreadable = 0;
    let delay = options.intervalInMs;
    for (;;) {
      await sleep(delay, options.abortSignal);
      delay = options.intervalInMs;
      let answer: unknown;
      try {
        const { body, response } = await this.send("GET", url, undefined, options.abortSignal);
        answer = body;
        delay = Math.min(retryDelayOf(response.headers) ?? options.intervalInMs, this.retry.maxRetryAfterMs);
      } catch (error) {
        if (!(error instanceof RestError) || error.code !== "NotJson") throw error;
        answer = error;
      }
      const status = readStatus(answer, operationUrl === undefined);
      const end = status === undefined ? undefined : TERMINAL.get(status.toLowerCase());
      if (status === undefined) {
        const what = answer instanceof RestError ? answer.message : "an answer without a status";
        options.onPoll?.(`unreadable status answer (${what})`);
        if (++unreadable >= maxUnreadable) throw new UnreadableStatusError(what);
        continue;
      }
      unreadable = 0;
      if (end === "Succeeded") return;
      if (end !== undefined) {
        const error = errorOf(answer, operationUrl === undefined);
        throw new OperationEndedError(
          end,
          error.code ?? `Operation${end}`,
          error.message ?? `The operation ended ${end}.`,
        );
      }
      options.onPoll?.(status);
    }
  }

  /** PUT and follow the operation to its end (begin, then follow). */
  async put(
    document: ArmDocument,
    options: { abortSignal: AbortSignal; intervalInMs: number; ifMatch?: string; onPoll?: (status: string) => void },
  ): Promise<void> {
    const accepted = await this.begin(document, options);
    await this.follow(accepted.operationUrl, options);
  }

  private requireOwnOrigin(url: string): void {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new RestError(`ARM named an operation status URL that is not a URL`, { code: "InvalidOperationUrl" });
    }
    if (origin !== this.origin) throw new ForeignPollUrlError(url);
  }

  private async send(
    method: "GET" | "PUT",
    url: string,
    document: ArmDocument | undefined,
    abortSignal: AbortSignal,
    ifMatch?: string,
  ): Promise<{ body: unknown; response: PipelineResponse }> {
    if (new URL(url).origin !== this.origin) throw new ForeignPollUrlError(url);
    const text = document === undefined ? undefined : JSON.stringify(document);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      // Our own per-request limit, cleared in every outcome (the HTTP client's own leaves its timer running after an abort).
      const limit = new AbortController();
      const stop = () => limit.abort();
      abortSignal.addEventListener("abort", stop, { once: true });
      const timer = setTimeout(stop, this.requestTimeoutMs);
      const request = createPipelineRequest({
        url,
        method,
        abortSignal: limit.signal,
        headers: createHttpHeaders({
          accept: "application/json",
          authorization: `Bearer ${await this.tokens.get(abortSignal)}`,
          ...(text === undefined ? {} : { "content-type": "application/json" }),
          ...(ifMatch === undefined ? {} : { "if-match": ifMatch }),
        }),
        body: text,
      });
      let response: PipelineResponse;
      try {
        response = await this.pipeline.sendRequest(this.http, request);
      } catch (error) {
        if (abortSignal.aborted) throw error;

        if (attempt < this.retry.maxRetries) {
          await sleep(backoff(this.retry, attempt), abortSignal);
          continue;
        }
        const reason = limit.signal.aborted
          ? `no answer within ${Math.round(this.requestTimeoutMs / 1000)} s`
          : error instanceof Error
            ? error.message
            : String(error);
        throw new RestError(`${method} got no answer from ${this.origin}: ${reason}`, { code: "NoAnswer" });
      } finally {
        clearTimeout(timer);
        abortSignal.removeEventListener("abort", stop);
      }
      const body = parseArmJson(response.bodyAsText, `${method} answer`);
      if (response.status === 401 && !refreshed && isExpiredToken(body, response)) {
        // Long operations outlive a token: ask the credential again (once per request), then carry on.
        refreshed = true;
        this.tokens.invalidate();
        attempt--;
        continue;
      }
      if (response.status === 429 || (response.status >= 500 && response.status !== 501)) {
        const asked = retryDelayOf(response.headers);
        if (asked !== undefined && asked > this.retry.maxRetryAfterMs)
          throw new RestError(
            `ARM asked to retry after ${Math.round(asked / 1000)} s (HTTP ${response.status}), longer than the ${Math.round(this.retry.maxRetryAfterMs / 1000)} s this run waits; run the same command again later`,
            { code: "RetryAfterTooLong", statusCode: response.status },
          );
        if (attempt < this.retry.maxRetries) {
          await sleep(asked ?? backoff(this.retry, attempt), abortSignal);
          continue;
        }
      }
      if (response.status >= 400) throw armError(method, response.status, body);
      if (body instanceof Error) throw body;
      return { body, response };
    }
  }
}

function backoff(retry: RetrySettings, attempt: number): number {
  return Math.min(retry.retryDelayInMs * 2 ** attempt, retry.maxRetryDelayInMs);
}

function isExpiredToken(body: unknown, response: PipelineResponse): boolean {
  const code = errorOf(body, false).code;
  const challenge = response.headers.get("www-authenticate") ?? "";
  return code === "ExpiredAuthenticationToken" || /error="invalid_token"[^]*expired/i.test(challenge);
}

/** Only the code, status and ARM's message: the request (and its Authorization header) stays out of the error. */
function armError(method: string, status: number, body: unknown): RestError {
  const error = errorOf(body, false);
  return new RestError(error.message ?? `${method} answered HTTP ${status}`, {
    code: error.code ?? `HTTP${status}`,
    statusCode: status,
  });
}

function errorOf(body: unknown, cluster: boolean): { code?: string; message?: string } {
  if (typeof body !== "object" || body === null) return {};
  const source = cluster
    ? ((body as { properties?: { status?: { provisioningError?: unknown } } }).properties?.status?.provisioningError ??
      {})
    : ((body as { error?: unknown }).error ?? {});
  const { code, message } = source as { code?: unknown; message?: unknown };
  return {
    code: typeof code === "string" ? code : undefined,
    message: typeof message === "string" ? message : undefined,
  };
}

/** An operation status resource's `status`, or the cluster's provisioningState when the cluster itself is followed. */
function readStatus(answer: unknown, cluster: boolean): string | undefined {
  if (typeof answer !== "object" || answer === null || answer instanceof Error) return undefined;
  const value = cluster
    ? (answer as { properties?: { provisioningState?: unknown } }).properties?.provisioningState
    : (answer as { status?: unknown }).status;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function requireObject(body: unknown, what: string): ArmDocument {
  if (body instanceof Error) throw body;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new RestError(`ARM's ${what} answer is not a JSON object`, { code: "NotAnObject" });
  return body as ArmDocument;
}

/** The document's eTag; when only the response header carries it, the header's. */
function withEtagHeader(document: ArmDocument, response: PipelineResponse): ArmDocument {
  const header = response.headers.get("etag");
  if (document.eTag === undefined && document.etag === undefined && header !== undefined)
    return { ...document, eTag: header };
  return document;
}
