import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

export interface GraphRequest {
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | null;
  readonly authorized: boolean;
  readonly body?: Record<string, unknown>;
  /** Answered with 429: sent beyond the quota. */
  readonly throttled: boolean;
  readonly status: number;
  readonly at: number;
}

const API_VERSIONS = new Set(["2024-04-01", "2022-10-01", "2021-03-01"]);
const DEFAULT_TOP = 100;
const armError = (code: string, message: string, details?: unknown[]) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

/**
 * A loopback Azure Resource Graph (and ARM's subscription list) that behaves like the real one where the audit depends
 * on it: HTTPS, bearer tokens, api-version, `POST /providers/Microsoft.ResourceGraph/resources` scoped by the request's
 * subscriptions or management groups (and by what the token may read), pages of at most `$top` (≤ 1,000) rows with an
 * opaque `$skipToken`, `totalRecords`/`count` numbers and `resultTruncated` a string, a per-user quota counted down in
 * `x-ms-user-quota-remaining`/`x-ms-user-quota-resets-after` with a 429 + Retry-After beyond it, the 10,000-subscription
 * limit header, and 400 BadRequest in ARM's error shape for a query it cannot parse. Every request is recorded.
 */
export class FakeResourceGraph {
  readonly requests: GraphRequest[] = [];
  /** Rows in Resource Graph's shape, any order (the service sorts as the query says). */
  rows: Record<string, unknown>[] = [];
  /** Subscriptions the token can read; rows elsewhere are invisible. */
  accessible = new Set<string>();
  /** Management group → its subscriptions. */
  managementGroups = new Map<string, string[]>();
  /** Queries a user may send in each window (the real service: 15 per 5 s). */
  quota = 15;
  windowMs = 5000;
  /** The service answers for the first this-many subscriptions of a tenant or management group scope. */
  subscriptionLimit = 10_000;
  subscriptionsPageSize = 25;
  /**
   * Answer as the service does for a query it cannot page (its rows carry no id, say): the first `$top` rows with
   * `resultTruncated` "true" and no `$skipToken`.
   */
  unpageable = false;
  /** Other ARM resources by id (e.g. VNets for --deep), answered to GET as ARM would. */
  readonly armResources = new Map<string, Record<string, unknown>>();
  private server?: Server;
  private windowStart = 0;
  private used = 0;

  constructor(readonly token: string) {}

  get endpoint(): string {
    return `https://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(tls: { key: string; cert: string }): Promise<void> {
    const server = createServer(tls, (req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  queries(): GraphRequest[] {
    return this.requests.filter((r) => r.path.toLowerCase().endsWith("/microsoft.resourcegraph/resources"));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    let raw = "";
    for await (const chunk of req) raw += (chunk as Buffer).toString();
    const authorized = req.headers.authorization === `Bearer ${this.token}`;
    const apiVersion = url.searchParams.get("api-version");
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const record = (status: number, throttled = false) =>
      this.requests.push({
        method: req.method ?? "GET",
        path: url.pathname,
        apiVersion,
        authorized,
        body,
        throttled,
        status,
        at: Date.now(),
      });
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record(status, status === 429);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!req.headers.authorization)
      return reply(
        401,
        armError("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
      );
    if (!authorized) return reply(401, armError("InvalidAuthenticationToken", "The access token is invalid."));
    if (req.method === "GET" && url.pathname === "/subscriptions") return this.listSubscriptions(url, reply);
    if (req.method === "GET" && url.pathname.startsWith("/subscriptions/")) {
      const found = [...this.armResources].find(([id]) => id.toLowerCase() === url.pathname.toLowerCase());
      if (apiVersion === null)
        return reply(
          400,
          armError(
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
          ),
        );
      return found
        ? reply(200, found[1])
        : reply(404, armError("ResourceNotFound", `The Resource '${url.pathname}' was not found.`));
    }
    if (req.method === "POST" && url.pathname.toLowerCase() === "/providers/microsoft.resourcegraph/resources") {
      if (apiVersion === null)
        return reply(
          400,
          armError(
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
          ),
        );
      if (!API_VERSIONS.has(apiVersion))
        return reply(
          400,
          armError(
            "InvalidApiVersionParameter",
            `The api-version '${apiVersion}' is invalid. The supported versions are '${[...API_VERSIONS].join(",")}'.`,
          ),
        );
      return this.query(body, raw, reply);
    }
    return reply(404, armError("NotFound", `No route for ${req.method} ${url.pathname}.`));
  }

  private listSubscriptions(url: URL, reply: (status: number, payload: unknown) => void): void {
    const all = [...this.accessible].sort();
    const start = Number(url.searchParams.get("$skiptoken") ?? 0);
    const page = all.slice(start, start + this.subscriptionsPageSize);
    const next = start + this.subscriptionsPageSize < all.length ? start + this.subscriptionsPageSize : undefined;
    reply(200, {
      value: page.map((id) => ({
        id: `/subscriptions/${id}`,
        subscriptionId: id,
        displayName: `sub ${id.slice(0, 8)}`,
        state: "Enabled",
        tenantId: "11111111-1111-1111-1111-111111111111",
      })),
      ...(next !== undefined
        ? { nextLink: `${this.endpoint}/subscriptions?api-version=2022-12-01&$skiptoken=${next}` }
        : {}),
    });
  }

  /** Counts the request against the quota and returns the headers to send, or undefined when beyond it. */
  private spend(): { headers: Record<string, string>; throttled: boolean } {
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const resetsIn = Math.ceil((this.windowStart + this.windowMs - now) / 1000);
    const resetsAfter = `00:00:${String(resetsIn).padStart(2, "0")}`;
    if (this.used >= this.quota)
      return {
        throttled: true,
        headers: {
          "x-ms-user-quota-remaining": "0",
          "x-ms-user-quota-resets-after": resetsAfter,
          "retry-after": String(resetsIn),
        },
      };
    this.used++;
    return {
      throttled: false,
      headers: {
        "x-ms-user-quota-remaining": String(this.quota - this.used),
        "x-ms-user-quota-resets-after": resetsAfter,
      },
    };
  }

  private query(
    body: Record<string, unknown> | undefined,
    raw: string,
    reply: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): void {
    const quota = this.spend();
    if (quota.throttled)
      return reply(
        429,
        armError(
          "RateLimiting",
          "Please provide below info when asking for support: timestamp = now. Too many requests.",
        ),
        quota.headers,
      );
    const bad = (message: string, details: unknown[]) =>
      reply(400, armError("BadRequest", message, details), quota.headers);
    if (body === undefined || typeof body.query !== "string")
      return bad(
        raw ? "The request content was invalid and could not be deserialized." : "The request body is missing.",
        [{ code: "InvalidRequestContent", message: "The query property is required." }],
      );
    const parsed = parseQuery(body.query);
    if ("error" in parsed)
      return bad("Please provide below info when asking for support: timestamp = now, correlationId = fake.", [
        {
          code: "InvalidQuery",
          message:
            "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.",
        },
        { code: "ParserFailure", message: parsed.error, line: 1, characterPositionInLine: parsed.position },
      ]);
    const options = (body.options ?? {}) as Record<string, unknown>;
    const top = options.$top === undefined ? DEFAULT_TOP : Number(options.$top);
    if (!Number.isInteger(top) || top < 1 || top > 1000)
      return bad("The $top value must be between 1 and 1000.", [
        { code: "InvalidTopValue", message: `$top ${String(options.$top)} is out of range 1..1000.` },
      ]);
    const scope = this.scopeOf(body);
    if ("error" in scope) return reply(scope.status, scope.error, quota.headers);
    let rows = this.rows.filter(
      (r) =>
        scope.subscriptions.has(String(r.subscriptionId)) &&
        (!parsed.type || String(r.type).toLowerCase() === parsed.type),
    );
    if (parsed.order) {
      const sign = parsed.order === "asc" ? 1 : -1;
      rows = [...rows].sort((a, b) => sign * String(a.id).toLowerCase().localeCompare(String(b.id).toLowerCase()));
    }
    if (parsed.limit !== undefined || this.unpageable) {
      const data = rows.slice(0, Math.min(parsed.limit ?? top, top));
      return reply(
        200,
        { totalRecords: data.length, count: data.length, data, facets: [], resultTruncated: "true" },
        { ...quota.headers, ...scope.headers },
      );
    }
    const token = typeof options.$skipToken === "string" ? options.$skipToken : undefined;
    const fingerprint = `${body.query}|${[...scope.subscriptions].sort().join(",")}`;
    let offset = 0;
    if (token !== undefined) {
      const decoded = decodeToken(token);
      if (decoded === undefined || decoded.fingerprint !== fingerprint)
        return bad("The $skipToken is invalid for this query.", [
          { code: "InvalidSkipToken", message: "The skip token does not belong to this query and scope." },
        ]);
      offset = decoded.offset;
    }
    const data = rows.slice(offset, offset + top);
    const next = offset + top < rows.length ? encodeToken({ offset: offset + top, fingerprint }) : undefined;
    reply(
      200,
      {
        totalRecords: rows.length,
        count: data.length,
        data,
        facets: [],
        resultTruncated: "false",
        ...(next !== undefined ? { $skipToken: next } : {}),
      },
      { ...quota.headers, ...scope.headers },
    );
  }

  private scopeOf(
    body: Record<string, unknown>,
  ): { subscriptions: Set<string>; headers: Record<string, string> } | { status: number; error: unknown } {
    const groups = Array.isArray(body.managementGroups) ? (body.managementGroups as unknown[]).map(String) : [];
    const listed = Array.isArray(body.subscriptions) ? (body.subscriptions as unknown[]).map(String) : undefined;
    let wanted: string[];
    if (groups.length > 0) {
      wanted = [];
      for (const group of groups) {
        const members = this.managementGroups.get(group);
        if (members === undefined)
          return {
            status: 403,
            error: armError(
              "AuthorizationFailed",
              `The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read' over scope '/providers/Microsoft.Management/managementGroups/${group}' or the scope is invalid.`,
            ),
          };
        wanted.push(...members);
      }
    } else wanted = listed ?? [...this.accessible];
    const visible = [...new Set(wanted)].filter((s) => this.accessible.has(s)).sort();
    const limited = listed === undefined && visible.length > this.subscriptionLimit;
    return {
      subscriptions: new Set(limited ? visible.slice(0, this.subscriptionLimit) : visible),
      headers: limited ? { "x-ms-tenant-subscription-limit-hit": "true" } : {},
    };
  }
}

interface ParsedQuery {
  readonly type?: string;
  readonly order?: "asc" | "desc";
  readonly limit?: number;
}

/** The small part of KQL the audit's query uses; anything else is a parser failure, as the service reports it. */
function parseQuery(query: string): ParsedQuery | { error: string; position: number } {
  const parts = query.split("|").map((p) => p.trim());
  const table = parts[0];
  if (table === undefined || table.toLowerCase() !== "resources")
    return { error: `Unknown table '${table ?? ""}'.`, position: 0 };
  const result: { type?: string; order?: "asc" | "desc"; limit?: number } = {};
  let position = table.length;
  for (const part of parts.slice(1)) {
    let match: RegExpMatchArray | null;
    if ((match = part.match(/^where\s+type\s*(=~|==)\s*(["'])([^"']+)\2$/i))) result.type = match[3].toLowerCase();
    else if ((match = part.match(/^(?:order|sort)\s+by\s+id(?:\s+(asc|desc))?$/i)))
      result.order = (match[1]?.toLowerCase() as "asc" | "desc" | undefined) ?? "desc";
    else if ((match = part.match(/^(?:limit|take)\s+(\d+)$/i))) result.limit = Number(match[1]);
    else return { error: `extraneous input '${part.split(/\s+/)[0]}' expecting a query operator`, position };
    position += part.length + 1;
  }
  return result;
}

function encodeToken(value: { offset: number; fingerprint: string }): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeToken(token: string): { offset: number; fingerprint: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString()) as { offset?: unknown; fingerprint?: unknown };
    return typeof value.offset === "number" && typeof value.fingerprint === "string"
      ? { offset: value.offset, fingerprint: value.fingerprint }
      : undefined;
  } catch {
    return undefined;
  }
}
