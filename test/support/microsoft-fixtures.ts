import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core";
import { REPO_ROOT } from "./cli";

/** A file of test/fixtures/microsoft: Microsoft's published examples and what az and kubectl print. */
export const microsoftFixturePath = (name: string): string => join(REPO_ROOT, "test", "fixtures", "microsoft", name);

/** The JSON document of a test/fixtures/microsoft file. */
export const microsoftFixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(microsoftFixturePath(name), "utf8")) as Record<string, unknown>;

/** The InputError `run` throws; any other outcome fails the test. */
export function thrownInputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, got none");
}
