import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";
import type { Finding, Severity } from "aks-netguard/core";
import { redactSecrets } from "./secrets";

export const enforcementFor = (severity: Severity): EnforcementLevel =>
  severity === "block" ? "mandatory" : "advisory";

/** One sentence of what is wrong, then the fix, the doc link and the rule id. */
export function findingMessage(finding: Finding, subject?: string): string {
  const where = subject ? `${subject}: ` : "";
  return `${where}${finding.message} Fix: ${finding.fix} See ${finding.source} [${finding.rule}]`;
}

/**
 * Reports a violation, with every secret's text redacted, always in the server's object form (@pulumi/policy server.js
 * makeReportViolationFun accepts it though its typings name only the string form): the string form prefixes the policy's
 * description and a newline, the object form keeps the message as written, so every diagnostic has one shape. Without a
 * level it reports at the policy's own level.
 */
export function reportAt(
  report: ReportViolation,
  level: EnforcementLevel | undefined,
  message: string,
  urn?: string,
): void {
  const violation = {
    message: redactSecrets(message),
    urn,
    ...(level === undefined ? {} : { enforcementLevel: level }),
  };
  (report as unknown as (v: { message: string; enforcementLevel?: EnforcementLevel; urn?: string }) => void)(violation);
}
