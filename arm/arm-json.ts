import { RestError } from "@azure/core-rest-pipeline";
import { printable } from "../core/errors";

/** Larger than any managed cluster document ARM returns; beyond it the answer is refused rather than parsed. */
const MAX_ANSWER_CHARS = 32 * 1024 * 1024;

/**
 * An ARM answer's JSON body: undefined when empty, else the parsed value, else a RestError with code NotJson saying what
 * came instead (an HTML page from a proxy, a truncated body, a document nested too deeply to read). Returned, not
 * thrown, so the caller can still act on the HTTP status first.
 */
export function parseArmJson(text: string | null | undefined, what: string): unknown {
  if (text === undefined || text === null || text.trim() === "") return undefined;
  if (text.length > MAX_ANSWER_CHARS)
    return new RestError(`${what} is ${text.length} characters, more than a cluster document can be`, {
      code: "NotJson",
    });
  try {
    return JSON.parse(text);
  } catch (error) {
    const why =
      error instanceof RangeError
        ? "nested too deeply to read"
        : `starts with ${JSON.stringify(printable(text.trim().slice(0, 40)))}`;
    return new RestError(`${what} is not JSON (${why})`, { code: "NotJson" });
  }
}
