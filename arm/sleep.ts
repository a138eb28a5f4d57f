import { setTimeout as wait } from "node:timers/promises";

/** Waits `ms`, or rejects as soon as the signal aborts (the run's time limit or an interrupt). */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await wait(Math.max(0, ms), undefined, { signal });
}
