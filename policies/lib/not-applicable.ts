import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";

type Validation = (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>;

/** Which resource types a validation is for, and what the engine is told for the others. */
export interface Scope {
  readonly applies: (type: string) => boolean;
  readonly reason: string;
  readonly validate: Validation;
}

const SCOPE = Symbol("aks-netguard.scope");
type ScopedValidation = Validation & { readonly [SCOPE]?: Scope };

/**
 * Tells the server a policy does not apply to this resource. The server's signal is an Error thrown through the policy;
 * with 60-odd policies per pack, capturing a stack trace for each one on every AgentPool or VNet request cost more than
 * judging a cluster. The trace is never shown (the server keeps only the reason), so none is captured.
 */
export function notApplicable(args: { notApplicable(reason?: string): never }, reason: string): never {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A validation that runs only on the resource types `applies` accepts; the others are reported not applicable. */
export function onlyFor(applies: (type: string) => boolean, reason: string, validate: Validation): Validation {
  const scoped: Validation = (args, report) =>
    applies(args.type) ? validate(args, report) : notApplicable(args, reason);
  return Object.assign(scoped, { [SCOPE]: { applies, reason, validate } });
}

/** The scope `onlyFor` gave a validation, so a wrapper can answer "not applicable" without running (and rethrowing) it. */
export const scopeOf = (validate: unknown): Scope | undefined => (validate as ScopedValidation | undefined)?.[SCOPE];
