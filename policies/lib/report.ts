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
 * Reports a violation, with every secret's text redacted. Without a level it reports at the policy's own level; with one,
 * as a violation object carrying that level, which @pulumi/policy's server accepts (server.js makeReportViolationFun)
 * though its typings only name the string form.
 */
export function reportAt(
  report: ReportViolation,
  level: EnforcementLevel | undefined,
  message: string,
  urn?: string,
): void {
  const safe = redactSecrets(message);
  if (level === undefined) report(safe, urn);
  else
    (report as unknown as (v: { message: string; enforcementLevel: EnforcementLevel; urn?: string }) => void)({
      message: safe,
      enforcementLevel: level,
      urn,
    });
}
