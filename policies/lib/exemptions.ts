import type { ReportViolation } from "@pulumi/policy";
import type { Exemption } from "./config";
import { reportAt } from "./report";

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function matches(exemption: Exemption, names: readonly string[], stackTags: ReadonlyMap<string, string>): boolean {
  if (exemption.resource === undefined && exemption.stackTag === undefined) return false;
  if (exemption.resource !== undefined && !names.some((n) => globToRegExp(exemption.resource as string).test(n)))
    return false;
  if (exemption.stackTag !== undefined) {
    const [key, value] = exemption.stackTag.split("=", 2);
    if (stackTags.get(key) !== value) return false;
  }
  return true;
}

/**
 * True when the resource is exempt from the policy; says so in an advisory with the reason, so nothing is skipped
 * silently. An exemption without a reason does not apply and is reported.
 */
export function isExempt(
  policyName: string,
  exemptions: readonly Exemption[] | undefined,
  names: readonly string[],
  stackTags: ReadonlyMap<string, string>,
  report: ReportViolation,
): boolean {
  for (const exemption of exemptions ?? []) {
    if (!matches(exemption, names, stackTags)) continue;
    if (typeof exemption.reason !== "string" || exemption.reason.trim() === "") {
      reportAt(
        report,
        "advisory",
        `An exemption from ${policyName} matches ${names[0]} but has no reason, so it does not apply. Fix: add "reason" to the exemption in --policy-pack-config.`,
      );
      continue;
    }
    reportAt(report, "advisory", `${names[0]} is exempt from ${policyName}: ${exemption.reason}`);
    return true;
  }
  return false;
}
