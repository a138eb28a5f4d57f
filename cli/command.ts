import { parseArgs } from "node:util";
import { closest } from "./suggest";
import { UsageError, type CliIO } from "./io";

/** One flag of a command: how node:util parseArgs reads it, and how its help line reads. */
interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in the help, e.g. `<file>`. */
  readonly value?: string;
  readonly description: string;
}

/** A command's flags by long name. Commands spread shared groups (e.g. `OUTPUT_OPTIONS`) into their own table. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

export interface ParsedCommand {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

/** A command: its help text and its flags in one table, from which both the parser and `--help` are made. */
export interface CommandSpec {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** Synopsis lines, without the leading `aks-netguard`. */
  readonly usage: readonly string[];
  /** What it does, a paragraph or two. */
  readonly description: string;
  readonly options: OptionTable;
  /** Positional arguments, when the command takes any. */
  readonly positionals?: { readonly label: string; readonly max?: number };
  readonly examples: readonly string[];
  /** Exit codes, when the command's differ from the common ones. */
  readonly exitCodes?: readonly string[];
  readonly run: (parsed: ParsedCommand, io: CliIO) => number | Promise<number>;
}

/** Flags every command takes; the parser answers `--help` before the command runs. */
const COMMON_OPTIONS: OptionTable = {
  help: { type: "boolean", short: "h", description: "show this help" },
  debug: { type: "boolean", description: "print stack traces of errors" },
};

/** Flags of the commands that print findings. */
export const OUTPUT_OPTIONS: OptionTable = {
  json: { type: "boolean", description: "print the result (and any error) as JSON; see README “JSON output”" },
  verbose: {
    type: "boolean",
    short: "v",
    description: "also print each finding's field and each step's field changes",
  },
};

export function optionsOf(spec: CommandSpec): OptionTable {
  return { ...spec.options, ...COMMON_OPTIONS };
}

/**
 * Reads a command's arguments against its table with node:util parseArgs, then checks what parseArgs leaves loose:
 * an unknown flag (with the closest known one), a value on a switch, a flag missing its value, stray arguments.
 */
export function parseCommand(spec: CommandSpec, args: readonly string[]): ParsedCommand {
  const table = optionsOf(spec);
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      Object.entries(table).map(([name, o]) => [
        name,
        { type: o.type, multiple: o.multiple === true, ...(o.short ? { short: o.short } : {}) },
      ]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const help = `see aks-netguard ${spec.name} --help`;
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = table[token.name] as OptionSpec | undefined;
    if (option === undefined) {
      const guess = token.rawName.startsWith("--")
        ? closest(token.name, Object.keys(table))
        : Object.entries(table).find(([, o]) => o.short?.toLowerCase() === token.name.toLowerCase())?.[0];
      throw new UsageError(`unknown flag ${token.rawName}${guess ? `; did you mean --${guess}?` : ""} (${help})`);
    }
    if (option.type === "boolean" && token.inlineValue === true)
      throw new UsageError(`${token.rawName} takes no value, got "${token.value}" (${help})`);
    const missing =
      token.value === undefined || token.value === "" || (!token.inlineValue && token.value.startsWith("-"));
    if (option.type === "string" && missing)
      throw new UsageError(`${token.rawName} needs a value: ${token.rawName} ${option.value ?? "<value>"} (${help})`);
    if (!option.multiple && seen.has(token.name))
      throw new UsageError(`${token.rawName} was given more than once (${help})`);
    seen.add(token.name);
  }
  const max = spec.positionals === undefined ? 0 : (spec.positionals.max ?? Infinity);
  if (positionals.length > max && values.help !== true) {
    throw new UsageError(
      max === 0
        ? `${spec.name} takes no arguments, got "${positionals[0]}" (${help})`
        : `${spec.name} takes at most ${max} ${spec.positionals?.label ?? "argument"}, got ${positionals.length} (${help})`,
    );
  }
  return { values: values as OptionValues, positionals };
}

/** A string flag's value, for commands that read their parsed values. */
export function stringFlag(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

const commands = new Map<string, CommandSpec>();

/** Adds a command to the table `run`, `help` and the did-you-mean read (each command module registers its own). */
export function registerCommand(spec: CommandSpec): void {
  commands.set(spec.name, spec);
}

export function registeredCommands(): readonly CommandSpec[] {
  return [...commands.values()];
}
