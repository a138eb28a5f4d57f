import type { AuditedCluster, Deadline } from "../../core";

/** The text the table, CSV and Markdown show for a cluster's columns (one wording for all three). */
export function deadlineText(d: Deadline): string {
  return d.passed ? `${d.what} ${d.date} (passed)` : `${d.what} ${d.date} (${d.daysLeft} days)`;
}

export function nextDeadline(c: AuditedCluster): string {
  const first = c.deadlines[0];
  return first === undefined ? "—" : deadlineText(first);
}

export function planText(c: AuditedCluster): string {
  if (c.plan === null) return `unreadable: ${c.error ?? "unknown"}`;
  if (!c.plan.reachable) return `no in-place path: ${c.plan.blockers.map((b) => b.rule).join(", ")}`;
  if (c.plan.steps.length === 0) return "at the target";
  return c.plan.steps.map((s, i) => `${i + 1}. ${s.title}`).join("; ");
}

export const STATUS_LABEL: Record<AuditedCluster["status"], string> = {
  "at-target": "at target",
  migrate: "plan",
  "no-path": "no in-place path",
  unreadable: "unreadable",
};
