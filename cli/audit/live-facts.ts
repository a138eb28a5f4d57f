import type { EvaluationContext } from "../../core";

/**
 * What `--deep` reads per cluster beyond its Resource Graph row (VNet, subnets, route tables, peerings): an
 * EvaluationContext, with `unavailable[fact]` naming why a fact could not be read. Any gatherer of live Azure facts
 * fits behind it.
 */
export interface LiveFactsReader {
  read(row: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<EvaluationContext>;
}

/** Runs `work` over `items` with at most `limit` at a time, reporting each completion. */
export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  onDone?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
