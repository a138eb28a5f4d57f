import { readFileSync } from "node:fs";
import { printable } from "../core/errors";

/** Everything a command touches outside itself, so tests can drive commands in-process. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
  /** The terminal's width when stdout is one. */
  readonly columns?: number;
  /** Asks a yes/no question on a TTY; undefined when there is no terminal to ask. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** Bad command-line input: exit code 2 and one line naming what is wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const ExitCode = { Allowed: 0, Blocked: 1, BadInput: 2, StepFailed: 3, QueryFailed: 4 } as const;

/** Reads and parses a JSON file, with errors that name the file and what is wrong with it. */
export function readJsonFile(path: string, what: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : String(code ?? error);
    throw new UsageError(`${what} ${path}: cannot read it (${why}).`);
  }
  if (bytes.length > MAX_FILE_BYTES)
    throw new UsageError(
      `${what} ${path}: ${bytes.length} bytes is more than a cluster document can be (at most ${MAX_FILE_BYTES}).`,
    );
  const { text, encoding } = decodeText(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    const why =
      error instanceof RangeError ? "nested too deeply to read" : printable((error as Error).message).slice(0, 200);
    throw new UsageError(`${what} ${path}: not valid JSON (${encoding}; ${why}).`);
  }
}

/** Far larger than any cluster document; a bigger file is refused before it is parsed. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A text file's characters, by its byte-order mark: UTF-8 with or without one, and UTF-16 in either byte order (what
 * Windows PowerShell 5.1's `>` writes). A UTF-16 file without a mark is recognised by its zero bytes.
 */
function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: bytes.subarray(3).toString("utf8"), encoding: "UTF-8 with a byte-order mark" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: bytes.subarray(2).toString("utf16le"), encoding: "UTF-16 LE" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: swapBytes(bytes.subarray(2)).toString("utf16le"), encoding: "UTF-16 BE" };
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0)
    return { text: bytes.toString("utf16le"), encoding: "UTF-16 LE without a byte-order mark" };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0)
    return { text: swapBytes(bytes).toString("utf16le"), encoding: "UTF-16 BE without a byte-order mark" };
  return { text: bytes.toString("utf8"), encoding: "UTF-8" };
}

function swapBytes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}
