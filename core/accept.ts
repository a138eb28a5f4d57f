import { InputError } from "./errors";
import { ruleById, RULES } from "./rules/catalog";

/** Reads `--accept <rule-id>=<reason>` values into a map, checking every rule id (see `checkAccepted`). */
export function parseAcceptFlags(values: readonly string[], field = "--accept"): Record<string, string> {
  const accepted: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf("=");
    const id = at < 0 ? value.trim() : value.slice(0, at).trim();
    const reason = at < 0 ? "" : value.slice(at + 1).trim();
    if (id === "" || reason === "")
      throw new InputError(
        field,
        value,
        '<rule-id>=<reason>, e.g. netpol-calico-unenforced="Cilium equivalents in place"',
      );
    accepted[id] = reason;
  }
  checkAccepted(accepted, field);
  return accepted;
}

const checked = new WeakSet<object>();

/** Every accepted rule exists and may be accepted; a rule AKS itself enforces cannot be accepted away. */
export function checkAccepted(accepted: Readonly<Record<string, string>>, field = "accepted"): void {
  if (checked.has(accepted)) return;
  let none = true;
  for (const _ in accepted) {
    none = false;
    break;
  }
  // Nothing accepted (every evaluation of the pack): nothing to check, and nothing to remember.
  if (none) return;
  for (const [id, reason] of Object.entries(accepted)) {
    const rule = ruleById(id);
    if (rule === undefined || rule.acceptable !== true) {
      throw new InputError(
        `${field} ${id}`,
        id,
        `the id of a rule that may be accepted (${acceptableRuleIds().join(", ")}); ${rule === undefined ? "no rule has this id" : "AKS itself enforces this one"}`,
      );
    }
    if (typeof reason !== "string" || reason.trim() === "") throw new InputError(`${field} ${id}`, reason, "a reason");
  }
  checked.add(accepted);
}

export function acceptableRuleIds(): string[] {
  return RULES.filter((r) => r.acceptable === true).map((r) => r.id);
}
