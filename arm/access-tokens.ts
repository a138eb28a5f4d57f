import type { AccessToken, TokenCredential } from "@azure/core-auth";

/** No credential could give a token at all: one line on how to log in, never the credential chain's stack. */
export class NoCredentialsError extends Error {
  constructor(detail: string) {
    super(
      `no Azure credentials: run \`az login\` (or set AKS_NETGUARD_ARM_TOKEN, or run with a managed or workload identity). ${detail}`.trim(),
    );
    this.name = "NoCredentialsError";
  }
}

const UNAVAILABLE = new Set([
  "CredentialUnavailableError",
  "AggregateAuthenticationError",
  "AuthenticationRequiredError",
]);
/** A token is renewed this long before it expires. */
const MARGIN_MS = 2 * 60_000;

/** The bearer token for one scope, cached until shortly before it expires or until ARM says it has expired. */
export class AccessTokens {
  private current?: AccessToken;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
  ) {}

  async get(abortSignal: AbortSignal): Promise<string> {
    if (this.current !== undefined && this.current.expiresOnTimestamp - MARGIN_MS > Date.now())
      return this.current.token;
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.scope, { abortSignal });
    } catch (error) {
      if (abortSignal.aborted) throw error;
      const name = error instanceof Error ? error.name : "";
      if (UNAVAILABLE.has(name)) throw new NoCredentialsError("");
      throw new NoCredentialsError(`(getting a token failed: ${name || "error"})`);
    }
    if (token === null) throw new NoCredentialsError("");
    this.current = token;
    return token.token;
  }

  /** ARM answered ExpiredAuthenticationToken: the next request asks the credential again. */
  invalidate(): void {
    this.current = undefined;
  }
}
