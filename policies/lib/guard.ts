import { UnknownValueError, type ReportViolation, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { reportAt } from "./report";

type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The server's own signals: an unknown value (it turns that into an advisory) and notApplicable. */
function isServerSignal(error: unknown): boolean {
  return error instanceof UnknownValueError || (error instanceof Error && error.constructor.name === "NotApplicableError");
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/**
 * A policy that throws turns into an RPC error and fails the whole preview of the stack. Whatever a stack declares, a
 * policy here answers with a diagnostic instead: an advisory saying it could not run and why.
 */
export function neverThrows<P extends PackPolicy>(policy: P): P {
  const fail = (report: ReportViolation, error: unknown) =>
    reportAt(report, "advisory", `${policy.name} could not evaluate this input (${describe(error)}); the other policies still ran. [${policy.name}]`);
  if ("validateStack" in policy) {
    const validate = policy.validateStack;
    return { ...policy, validateStack: async (args, report) => {
      try {
        await validate(args, report);
      } catch (error) {
        if (isServerSignal(error)) throw error;
        fail(report, error);
      }
    } };
  }
  const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  return { ...policy, validateResource: validations.map((validate) => async (args: Parameters<typeof validate>[0], report: ReportViolation) => {
    try {
      await validate(args, report);
    } catch (error) {
      if (isServerSignal(error)) throw error;
      fail(report, error);
    }
  }) };
}
