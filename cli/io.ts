import { readFileSync } from "node:fs";

/** Everything a command touches outside itself, so tests can drive commands in-process. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
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
  let text: string;
  try {
    text = readFileSync(path, "utf8");
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path}: not valid JSON (${(error as Error).message}).`);
  }
}
