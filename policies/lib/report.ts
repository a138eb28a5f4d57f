import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";
import type { Finding, Severity } from "aks-netguard/core";

export const enforcementFor = (severity: Severity): EnforcementLevel => (severity === "block" ? "mandatory" : "advisory");

/** One sentence of what is wrong, then the fix, the doc link and the rule id. */
export function findingMessage(finding: Finding, subject?: string): string {
  const where = subject ? `${subject}: ` : "";
  return `${where}${finding.message} Fix: ${finding.fix} See ${finding.source} [${finding.rule}]`;
}

/**
 * Reports at a given enforcement level. @pulumi/policy's server accepts a violation object carrying its own
 * level (server.js makeReportViolationFun), though its typings only name the string form.
 */
export function reportAt(report: ReportViolation, level: EnforcementLevel, message: string, urn?: string): void {
  (report as unknown as (v: { message: string; enforcementLevel: EnforcementLevel; urn?: string }) => void)({ message, enforcementLevel: level, urn });
}
