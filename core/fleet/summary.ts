import { ruleById } from "../rules/catalog";
import type { AuditedCluster, AuditSummary, BlockerCount, CountBy, DeadlineCount } from "./types";

/** What the caller of `summarize` knows of the audit: the summary's own fields, with the time it ran as a Date. */
export type SummaryInput = Pick<
  AuditSummary,
  "target" | "subscriptions" | "managementGroups" | "subscriptionLimitHit" | "notes"
> & { readonly generatedAt: Date };

/** Counts over the audited clusters: per status, IPAM mode, engine, deadline and blocking rule. */
export function summarize(clusters: readonly AuditedCluster[], input: SummaryInput): AuditSummary {
  const deadlines = new Map<string, DeadlineCount>();
  const blockers = new Map<string, number>();
  const findingsBySeverity: Record<string, number> = { block: 0, warn: 0 };
  for (const c of clusters) {
    for (const d of c.deadlines) {
      const key = `${d.date}|${d.what}`;
      const seen = deadlines.get(key);
      deadlines.set(key, { ...d, clusters: (seen?.clusters ?? 0) + 1 });
    }
    for (const rule of new Set(c.plan?.blockers.map((b) => b.rule) ?? []))
      blockers.set(rule, (blockers.get(rule) ?? 0) + 1);
    for (const f of c.findings) findingsBySeverity[f.severity] = (findingsBySeverity[f.severity] ?? 0) + 1;
  }
  const blockersByRule: BlockerCount[] = [...blockers]
    .map(([rule, count]) => ({ rule, title: ruleById(rule)?.title ?? rule, clusters: count }))
    .sort((a, b) => b.clusters - a.clusters || a.rule.localeCompare(b.rule));
  return {
    generatedAt: input.generatedAt.toISOString(),
    target: input.target,
    subscriptions: input.subscriptions,
    managementGroups: input.managementGroups,
    clusters: clusters.length,
    byStatus: countBy(clusters, (c) => c.status),
    byIpamMode: countBy(clusters, (c) => c.ipamMode ?? "unreadable"),
    byDataplane: countBy(clusters, (c) => c.dataplane ?? "unreadable"),
    byNetworkPolicy: countBy(clusters, (c) => c.networkPolicy ?? "unreadable"),
    deadlines: [...deadlines.values()].sort((a, b) => a.date.localeCompare(b.date) || a.what.localeCompare(b.what)),
    blockersByRule,
    findingsBySeverity,
    subscriptionLimitHit: input.subscriptionLimitHit,
    notes: input.notes,
  };
}

function countBy(clusters: readonly AuditedCluster[], key: (c: AuditedCluster) => string): CountBy {
  const counts: Record<string, number> = {};
  for (const c of clusters) counts[key(c)] = (counts[key(c)] ?? 0) + 1;
  return counts;
}
