import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";

export const TOKEN_ENV = "AKS_NETGUARD_ARM_TOKEN";
export const ENDPOINT_ENV = "AKS_NETGUARD_ARM_ENDPOINT";
export const PUBLIC_ARM_ENDPOINT = "https://management.azure.com";

/** A bearer token handed in from outside, e.g. `az account get-access-token --query accessToken -o tsv` in a pipeline. */
class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}
  async getToken(): Promise<AccessToken> {
    // ARM checks expiry itself; an hour ahead keeps the SDK from asking for a refresh it cannot get.
    return { token: this.token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
  }
}

/** AKS_NETGUARD_ARM_TOKEN when set, otherwise DefaultAzureCredential (CLI login, managed identity, workload identity…). */
export function credentialFrom(env: NodeJS.ProcessEnv): TokenCredential {
  const token = env[TOKEN_ENV]?.trim();
  return token ? new StaticTokenCredential(token) : new DefaultAzureCredential();
}

/** --arm-endpoint, else AKS_NETGUARD_ARM_ENDPOINT, else the public cloud; sovereign clouds set one of the first two. */
export function armEndpointFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const endpoint = (flag ?? env[ENDPOINT_ENV] ?? PUBLIC_ARM_ENDPOINT).trim().replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`--arm-endpoint: "${endpoint}" is not a URL; expected e.g. ${PUBLIC_ARM_ENDPOINT}`);
  }
  if (url.protocol !== "https:")
    throw new Error(`--arm-endpoint: "${endpoint}" must use https (ARM refuses bearer tokens over plain http)`);
  return endpoint;
}

export const POLL_INTERVAL_ENV = "AKS_NETGUARD_POLL_INTERVAL_MS";
const DEFAULT_POLL_INTERVAL_MS = 15_000;

/** How often to poll a running operation: AKS_NETGUARD_POLL_INTERVAL_MS when it is a positive number, else 15 s. */
export function pollIntervalFrom(env: NodeJS.ProcessEnv): number {
  const value = Number(env[POLL_INTERVAL_ENV]);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_POLL_INTERVAL_MS;
}
