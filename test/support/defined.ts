import { strict as assert } from "node:assert";

/** The value, after asserting that it is there: a test that finds nothing fails here, naming what it looked for. */
export function defined<T>(value: T | undefined | null, what: string): T {
  assert.ok(value !== undefined && value !== null, `${what}: not found`);
  return value;
}
