import {
  AUDIT_SCHEMA_VERSION,
  auditRow,
  fleetAuditor,
  summarize,
  type AuditedCluster,
  type AuditReport,
  type ClusterNetwork,
  type EvaluationContext,
} from "../../core";
import type { AuditScope, PageEvent, QueryResult } from "../../arm/resource-graph";
import { eachBounded, type LiveFactsReader } from "./live-facts";

/** Where the rows come from: Resource Graph in the CLI, anything with the same contract in tests. */
interface ClusterSource {
  listSubscriptions(): Promise<string[]>;
  query(scope: AuditScope, onPage: (event: PageEvent) => void): Promise<QueryResult>;
}

export interface CollectOptions {
  readonly source: ClusterSource;
  readonly scope: AuditScope;
  readonly target: ClusterNetwork;
  /** The target's network fields as given, for the report. */
  readonly targetFields: Readonly<Record<string, string>>;
  readonly now: Date;
  readonly deep?: { readonly reader: LiveFactsReader; readonly concurrency: number };
  readonly progress: (line: string) => void;
}

/**
 * Reads every managed cluster of the scope page by page, judges each row as it arrives, and (with `deep`) reads the
 * live facts of the clusters that have a plan and judges them again with those facts.
 */
export async function collectAudit(options: CollectOptions): Promise<AuditReport> {
  const notes: string[] = [];
  const byId = new Map<string, { cluster: AuditedCluster; row: unknown }>();
  let duplicates = 0;
  let subscriptions = options.scope.subscriptions;
  if (options.scope.managementGroups === undefined || options.scope.managementGroups.length === 0) {
    const listed = await options.source.listSubscriptions();
    if (subscriptions === undefined) {
      subscriptions = listed;
      if (listed.length === 0) notes.push("The credential can list no subscription: there is nothing to audit.");
    } else {
      const visible = new Set(listed.map((s) => s.toLowerCase()));
      const hidden = subscriptions.filter((s) => !visible.has(s.toLowerCase()));
      if (hidden.length > 0)
        notes.push(
          `Subscription(s) not visible to this credential (no clusters can be read there): ${hidden.join(", ")}.`,
        );
    }
  }
  let result: QueryResult | undefined;
  if (subscriptions === undefined || subscriptions.length > 0) {
    const auditor = fleetAuditor({ target: options.target, now: options.now });
    result = await options.source.query({ ...options.scope, subscriptions }, (page) => {
      page.rows.forEach((row, i) => {
        const cluster = auditor.audit(row, byId.size + i);
        if (byId.has(cluster.id)) duplicates++;
        else byId.set(cluster.id, { cluster, row });
      });
      options.progress(
        `page ${page.page}${page.batches > 1 ? ` (batch ${page.batch}/${page.batches})` : ""}: ${page.rowsSoFar} cluster(s) read and planned${Number.isFinite(page.batchTotal) ? `, ${page.batchTotal} in this batch` : ""}`,
      );
    });
  }
  if (options.deep !== undefined) await deepen(byId, options, notes);
  if (duplicates > 0) notes.push(`${duplicates} row(s) came back twice and were audited once.`);
  if (result?.truncated)
    notes.push("Resource Graph truncated a page without a $skipToken: some clusters may be missing.");
  if (result?.subscriptionLimitHit)
    notes.push("Resource Graph answered for the first 10,000 subscriptions only: audit the rest with --subscription.");
  const clusters = [...byId.values()].map((e) => e.cluster);
  const unreadable = clusters.filter((c) => c.status === "unreadable").length;
  if (unreadable > 0) notes.push(`${unreadable} row(s) could not be read as a cluster (see each one's error).`);
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    summary: summarize(clusters, {
      generatedAt: options.now,
      target: options.targetFields,
      // A management group's subscriptions are Resource Graph's to resolve: count those the rows came from.
      subscriptions:
        (options.scope.managementGroups?.length ?? 0) > 0
          ? new Set(clusters.map((c) => c.subscriptionId.toLowerCase())).size
          : (subscriptions?.length ?? 0),
      managementGroups: options.scope.managementGroups ?? [],
      subscriptionLimitHit: result?.subscriptionLimitHit ?? false,
      notes,
    }),
    clusters,
  };
}

async function deepen(
  byId: Map<string, { cluster: AuditedCluster; row: unknown }>,
  options: CollectOptions,
  notes: string[],
): Promise<void> {
  const deep = options.deep;
  if (deep === undefined) return;
  const planned = [...byId.values()].filter((e) => e.cluster.status === "migrate");
  let failed = 0;
  await eachBounded(
    planned,
    deep.concurrency,
    async (entry) => {
      let context: EvaluationContext;
      try {
        context = await deep.reader.read(entry.row as Record<string, unknown>);
      } catch (error) {
        // A reader that fails leaves the facts unverified for this cluster, never the audit broken.
        context = { unavailable: { vnet: (error as { code?: string }).code ?? String((error as Error).message) } };
      }
      if (Object.keys(context.unavailable ?? {}).length > 0) failed++;
      byId.set(entry.cluster.id, {
        row: entry.row,
        cluster: auditRow(entry.row, 0, { target: options.target, now: options.now }, context),
      });
    },
    (done) => {
      if (done === planned.length || done % Math.max(1, Math.round(planned.length / 10)) === 0)
        options.progress(`live facts: ${done} of ${planned.length} cluster(s) with a plan`);
    },
  );
  if (failed > 0)
    notes.push(`Live facts could not be read for ${failed} cluster(s): their rules that need them stay unverified.`);
}
