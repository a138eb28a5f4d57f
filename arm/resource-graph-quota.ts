import type { HttpHeaders } from "@azure/core-rest-pipeline";

/**
 * Resource Graph's per-user quota as the service reports it on every answer (`x-ms-user-quota-remaining`, and
 * `x-ms-user-quota-resets-after` as hh:mm:ss): when none is left, the next request waits for the reset instead of
 * being sent into a 429.
 */
export class QuotaGate {
  private remaining?: number;
  private resetsAt = 0;
  /** How many requests had to wait for a reset. */
  waits = 0;

  constructor(private readonly now: () => number = Date.now) {}

  observe(headers: HttpHeaders): void {
    const remaining = Number(headers.get("x-ms-user-quota-remaining"));
    const resetsAfter = durationMs(headers.get("x-ms-user-quota-resets-after"));
    if (Number.isFinite(remaining)) this.remaining = remaining;
    // hh:mm:ss has whole seconds: "00:00:00" with nothing left still means "within the second".
    if (resetsAfter !== undefined)
      this.resetsAt = this.now() + (this.remaining === 0 ? Math.max(resetsAfter, 1000) : resetsAfter);
  }

  async beforeRequest(signal?: AbortSignal): Promise<void> {
    if (this.remaining === undefined || this.remaining > 0) {
      if (this.remaining !== undefined) this.remaining--;
      return;
    }
    const wait = this.resetsAt - this.now();
    if (wait > 0) {
      this.waits++;
      await sleep(wait, signal);
    }
    this.remaining = undefined;
  }
}

/** "00:00:03" or "1.00:00:00" (days) to milliseconds; undefined when absent or malformed. */
export function durationMs(text: string | undefined): number | undefined {
  const match = text?.trim().match(/^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
