import type { AuditReport } from "../../core";
import { nextDeadline, planText, STATUS_LABEL } from "./cells";

/** A summary and one table row a cluster, for a wiki page or a pull request. */
export function renderMarkdown(report: AuditReport): string {
  const s = report.summary;
  const esc = (t: string) => t.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const counts = (o: Readonly<Record<string, number>>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none";
  return [
    "# AKS network audit",
    "",
    `${s.clusters} cluster(s) in ${s.subscriptions} subscription(s), ${s.generatedAt}. Target: ${Object.entries(
      s.target,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    "",
    `- status: ${counts(s.byStatus)}`,
    `- IPAM mode: ${counts(s.byIpamMode)}`,
    `- network policy: ${counts(s.byNetworkPolicy)}`,
    `- data plane: ${counts(s.byDataplane)}`,
    ...s.deadlines.map(
      (d) =>
        `- ${d.what} ${d.passed ? "retired" : "retires"} ${d.date}${d.passed ? "" : ` (${d.daysLeft} days)`}: ${d.clusters} cluster(s)`,
    ),
    ...s.blockersByRule.map((b) => `- blocked by \`${b.rule}\` (${esc(b.title)}): ${b.clusters} cluster(s)`),
    ...s.notes.map((n) => `- note: ${esc(n)}`),
    "",
    "| cluster | subscription | IPAM | policy | data plane | status | next deadline | plan |",
    "|---|---|---|---|---|---|---|---|",
    ...report.clusters.map(
      (c) =>
        `| ${esc(`${c.resourceGroup}/${c.name}`)} | ${c.subscriptionId} | ${c.ipamMode ?? "—"} | ${c.networkPolicy ?? "—"} | ${c.dataplane ?? "—"} | ${STATUS_LABEL[c.status]} | ${esc(nextDeadline(c))} | ${esc(planText(c))} |`,
    ),
  ].join("\n");
}
