import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { createHttpPoller, type OperationResponse } from "@azure/core-lro";
import {
  agentPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { clusterIdOf, type ClusterRef } from "./cluster-ref";

/** The api-version @azure/arm-containerservice 25.5.0 speaks; GET and PUT use the same one, so a document read is a document ARM accepts. */
export const MANAGED_CLUSTERS_API_VERSION = "2026-06-01";

/** A managed cluster exactly as ARM returned it. */
export type ArmDocument = Record<string, unknown>;

export interface ArmClientOptions {
  readonly cluster: ClusterRef;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  /** The SDK pipeline's own retry policy (429 with Retry-After, 5xx, dropped connections), for every request and poll. */
  readonly retry?: { readonly maxRetries: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
  /** Trust for a private CA (tests); a spawned process takes NODE_EXTRA_CA_CERTS instead. */
  readonly httpsAgent?: Agent;
}

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
 * GET and PUT of one managed cluster as raw JSON, sent through the pipeline of @azure/arm-containerservice's own client
 * (bearer token, retry policy, user agent). The SDK's typed operations are not used for the body: its serializer keeps
 * only the properties its model knows, so a PUT of what it read would silently drop any newer or preview property the
 * cluster has — and a PUT replaces the whole resource. Sending back the document as read keeps every field.
 */
export class ManagedClusterArm {
  private readonly client: ContainerServiceClient;
  private readonly http: HttpClient = createDefaultHttpClient();
  private readonly url: string;

  constructor(options: ArmClientOptions) {
    this.client = new ContainerServiceClient(options.credential, options.cluster.subscriptionId, {
      ...armPipelineOptions(options),
      apiVersion: MANAGED_CLUSTERS_API_VERSION,
    });
    this.url = `${options.endpoint}${clusterIdOf(options.cluster)}?api-version=${MANAGED_CLUSTERS_API_VERSION}`;
  }

  async get(abortSignal: AbortSignal): Promise<ArmDocument> {
    const response = await this.send("GET", this.url, undefined, abortSignal);
    return response.flatResponse as ArmDocument;
  }

  /**
   * PUT and follow the operation (Azure-AsyncOperation) to its end. A failed or canceled operation, like a refused PUT,
   * throws a RestError carrying ARM's error code and message.
   */
  async put(
    document: ArmDocument,
    options: { abortSignal: AbortSignal; intervalInMs: number; onPoll?: (status: string) => void },
  ): Promise<void> {
    let lastStatus: { status?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
    const poller = createHttpPoller(
      {
        sendInitialRequest: () => this.send("PUT", this.url, document, options.abortSignal),
        sendPollRequest: async (path) => {
          const response = await this.send("GET", path, undefined, options.abortSignal);
          if (path !== this.url) lastStatus = response.flatResponse as typeof lastStatus;
          if (typeof lastStatus?.status === "string") options.onPoll?.(lastStatus.status);
          return response;
        },
      },
      { intervalInMs: options.intervalInMs, resourceLocationConfig: "azure-async-operation" },
    );
    try {
      await poller.pollUntilDone({ abortSignal: options.abortSignal });
    } catch (error) {
      if (options.abortSignal.aborted || error instanceof RestError) throw error;
      const status = String(lastStatus?.status ?? "Failed");
      const code = typeof lastStatus?.error?.code === "string" ? lastStatus.error.code : `Operation${status}`;
      const message =
        typeof lastStatus?.error?.message === "string" ? lastStatus.error.message : `The operation ended ${status}.`;
      throw new RestError(message, { code });
    }
  }

  private async send(
    method: "GET" | "PUT",
    url: string,
    body: ArmDocument | undefined,
    abortSignal: AbortSignal,
  ): Promise<OperationResponse> {
    const request = createPipelineRequest({
      url,
      method,
      abortSignal,
      headers: createHttpHeaders({
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = await this.client.pipeline.sendRequest(this.http, request);
    const parsed = parseBody(response.bodyAsText);
    if (response.status >= 400) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      // Only the code, status and ARM's message: the request (and its Authorization header) stays out of the error.
      throw new RestError(
        typeof error?.message === "string" ? error.message : `${method} answered HTTP ${response.status}`,
        {
          code: typeof error?.code === "string" ? error.code : `HTTP${response.status}`,
          statusCode: response.status,
        },
      );
    }
    return {
      flatResponse: parsed,
      rawResponse: {
        statusCode: response.status,
        headers: response.headers.toJSON(),
        request: { method, url },
        body: parsed,
      },
    };
  }
}

function parseBody(text: string | null | undefined): unknown {
  if (text === undefined || text === null || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
