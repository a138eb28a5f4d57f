import { InputError, parseCluster, parseContext, type ClusterNetwork, type EvaluationContext } from "../core";
import { readJsonFile, UsageError } from "./io";

export interface PreflightCase {
  readonly current?: ClusterNetwork;
  readonly desired: ClusterNetwork;
  readonly context: EvaluationContext;
}

/** A case file: `{ "current": <cluster or null>, "desired": <cluster>, "context": { … } }`. */
export function readCaseFile(path: string): PreflightCase {
  const json = readJsonFile(path, "case file");
  return parseCase(json, path);
}

function parseCase(json: unknown, label: string): PreflightCase {
  const obj = requireObject(
    json,
    label,
    'an object { "current": <cluster or null>, "desired": <cluster>, "context": { … } }',
  );
  if (obj.desired === undefined || obj.desired === null) {
    throw new InputError(`${label}: desired`, obj.desired, "a cluster in any of the three shapes");
  }
  return {
    current:
      obj.current === undefined || obj.current === null
        ? undefined
        : parseCluster(obj.current, "current", { role: "current" }),
    desired: parseCluster(obj.desired, "desired"),
    context: parseContext(obj.context, "context"),
  };
}

/** Reads `--current/--desired/--context` files into a case. */
export function readCaseFromFlags(
  flags: { current?: string; desired?: string; context?: string },
  desiredFlag: string,
): PreflightCase {
  if (flags.desired === undefined) throw new UsageError(`--${desiredFlag} <file> is required (or give a case file).`);
  return {
    current:
      flags.current === undefined
        ? undefined
        : parseCluster(readJsonFile(flags.current, "--current"), "current", { role: "current" }),
    desired: parseCluster(readJsonFile(flags.desired, `--${desiredFlag}`), desiredFlag),
    context: flags.context === undefined ? {} : parseContext(readJsonFile(flags.context, "--context"), "context"),
  };
}

function requireObject(value: unknown, field: string, expected: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputError(field, value, expected);
  return value as Record<string, unknown>;
}
