import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, printable, UnknownValueError } from "../core";
import { parseCommand, registeredCommands } from "./command";
import "./commands/register-all";
import { commandHelp, generalHelp } from "./help";
import { ExitCode, UsageError, type CliIO } from "./io";
import { errorToJson } from "./report";
import { closest } from "./suggest";
import { packageRoot } from "./package-root";

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The general usage, as `aks-netguard help` prints it. */
function usage(): string {
  return generalHelp(registeredCommands(), packageVersion());
}

const commands = {
  has: (name: string) => registeredCommands().some((c) => c.name === name),
  get: (name: string) => registeredCommands().find((c) => c.name === name),
  keys: () => registeredCommands().map((c) => c.name),
};

function unknownCommand(name: string): UsageError {
  const guess = closest(name, [...commands.keys()]);
  return new UsageError(
    `unknown command "${name}"${guess ? `; did you mean ${guess}?` : ""} (commands: ${[...commands.keys()].join(", ")}; see aks-netguard help)`,
  );
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes("--json");
  const debug = argv.includes("--debug");
  const label = name !== undefined && commands.has(name) ? `aks-netguard ${name}` : "aks-netguard";
  try {
    if (name === undefined) {
      io.err(usage());
      return ExitCode.BadInput;
    }
    if (name === "--version" || name === "-V" || name === "version") {
      io.out(packageVersion());
      return ExitCode.Allowed;
    }
    if (name === "help" || name === "--help" || name === "-h") {
      const topic = rest[0];
      if (topic === undefined) io.out(usage());
      else {
        const spec = commands.get(topic);
        if (spec === undefined) throw unknownCommand(topic);
        io.out(commandHelp(spec));
      }
      return ExitCode.Allowed;
    }
    const spec = commands.get(name);
    if (spec === undefined) throw unknownCommand(name);
    const parsed = parseCommand(spec, rest);
    if (parsed.values.help === true) {
      io.out(commandHelp(spec));
      return ExitCode.Allowed;
    }
    return await spec.run(parsed, io);
  } catch (error) {
    const tooDeep = error instanceof RangeError && /call stack/i.test(error.message);
    const expected =
      tooDeep || error instanceof UsageError || error instanceof InputError || error instanceof UnknownValueError;
    const message = tooDeep
      ? "the input is nested too deeply to read (no cluster document is); nothing was done."
      : printable(error instanceof Error ? error.message : String(error));
    if (json) io.out(JSON.stringify(errorToJson(name, expected ? "bad-input" : "unexpected", message), null, 2));
    else
      io.err(
        `${label}: ${expected ? message : `unexpected error: ${message}${debug ? "" : " (run with --debug for details)"}`}`,
      );
    if (debug && error instanceof Error) io.err(error.stack ?? "");
    return ExitCode.BadInput;
  }
}
