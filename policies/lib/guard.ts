import {
  UnknownValueError,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { notApplicable, scopeOf } from "./not-applicable";
import { reportAt } from "./report";

type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The server's own signals: an unknown value (it turns that into an advisory) and notApplicable. */
function isServerSignal(error: unknown): boolean {
  return (
    error instanceof UnknownValueError || (error instanceof Error && error.constructor.name === "NotApplicableError")
  );
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

/**
 * Runs a validation, turning anything it throws (now or later) except the server's own signals into `onError`. A
 * synchronous validation stays synchronous: the server's signals then reach it as plain throws, not as rejections.
 */
function guarded<A>(
  validate: (args: A, report: ReportViolation) => unknown,
  onError: (report: ReportViolation, error: unknown) => void,
) {
  const handle = (report: ReportViolation, error: unknown): void => {
    if (isServerSignal(error)) throw error;
    onError(report, error);
  };
  return (args: A, report: ReportViolation): void | Promise<void> => {
    let result: unknown;
    try {
      result = validate(args, report);
    } catch (error) {
      return handle(report, error);
    }
    if (isPromiseLike(result))
      return Promise.resolve(result).then(
        () => undefined,
        (error: unknown) => handle(report, error),
      );
  };
}

/**
 * A policy that throws turns into an RPC error and fails the whole preview of the stack. Whatever a stack declares, a
 * policy here answers with a diagnostic instead: an advisory saying it could not run and why.
 */
export function neverThrows<P extends PackPolicy>(policy: P): P {
  const fail = (report: ReportViolation, error: unknown) =>
    reportAt(
      report,
      "advisory",
      `${policy.name} could not evaluate this input (${describe(error)}); the other policies still ran. [${policy.name}]`,
    );
  if ("validateStack" in policy) return { ...policy, validateStack: guarded(policy.validateStack, fail) };
  const validations =
    policy.validateResource === undefined
      ? []
      : Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
  return {
    ...policy,
    validateResource: validations.map((validate) => {
      const scope = scopeOf(validate);
      if (scope === undefined) return guarded(validate, fail);
      // Outside the try: the server's not-applicable signal is thrown once, not caught and thrown again.
      const run = guarded(scope.validate, fail);
      return (args: ResourceValidationArgs, report: ReportViolation) =>
        scope.applies(args.type) ? run(args, report) : notApplicable(args, scope.reason);
    }),
  };
}
