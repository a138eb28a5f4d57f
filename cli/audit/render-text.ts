import type { AuditReport } from "../../core";
import type { Style } from "../format";
import { nextDeadline, planText, STATUS_LABEL } from "./cells";

const MAX_PLAN = 70;

/** The terminal table: one line a cluster, then the summary. */
export function renderText(report: AuditReport, style: Style): string {
  const header = ["CLUSTER", "SUBSCRIPTION", "IPAM", "POLICY", "DATAPLANE", "STATUS", "NEXT DEADLINE", "PLAN"];
  const rows = report.clusters.map((c) => [
    `${c.resourceGroup}/${c.name}`,
    c.subscriptionId.slice(0, 8),
    c.ipamMode ?? "—",
    c.networkPolicy ?? "—",
    c.dataplane ?? "—",
    STATUS_LABEL[c.status],
    nextDeadline(c),
    clip(planText(c), MAX_PLAN),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const s = report.summary;
  const counts = (o: Readonly<Record<string, number>>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none";
  return [
    style.bold(line(header)),
    ...rows.map(line),
    "",
    style.bold(
      `${s.clusters} cluster(s) in ${s.subscriptions} subscription(s)${s.managementGroups.length ? ` (management group ${s.managementGroups.join(", ")})` : ""}`,
    ),
    `  status: ${counts(s.byStatus)}`,
    `  IPAM: ${counts(s.byIpamMode)}`,
    `  network policy: ${counts(s.byNetworkPolicy)}; data plane: ${counts(s.byDataplane)}`,
    ...s.deadlines.map((d) =>
      (d.passed ? style.red : style.yellow)(
        `  ${d.what} ${d.passed ? "retired" : "retires"} ${d.date}${d.passed ? "" : ` (${d.daysLeft} days)`}: ${d.clusters} cluster(s)`,
      ),
    ),
    ...s.blockersByRule.map((b) => `  blocked by ${b.rule}: ${b.clusters} cluster(s) — ${b.title}`),
    ...s.notes.map((n) => style.yellow(`  note: ${n}`)),
  ].join("\n");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
