import type { HttpHeaders } from "@azure/core-rest-pipeline";

export interface RetrySettings {
  readonly maxRetries: number;
  readonly retryDelayInMs: number;
  readonly maxRetryDelayInMs: number;
  /** The longest Retry-After waited out; a longer one ends the run with the reason. */
  readonly maxRetryAfterMs: number;
}

/** The delay a response asks for, in ms: retry-after-ms, x-ms-retry-after-ms, then Retry-After (seconds or an HTTP date). */
export function retryDelayOf(headers: HttpHeaders): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
