import { createHash } from "node:crypto";
import { RULES, type AuditReport, type Rule } from "../../core";

const LEVEL: Record<Rule["severity"], "error" | "warning"> = { block: "error", warn: "warning" };

/**
 * SARIF 2.1.0 for code-scanning dashboards: the catalog as the driver's rules, one result per finding on a cluster as it
 * stands and per rule blocking its plan, located at the cluster's ARM id.
 */
export function renderSarif(report: AuditReport, toolVersion: string, armEndpoint: string): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const results = report.clusters.flatMap((c) => {
    const findings = c.findings.map((f) => ({ ...f, kind: "finding" }));
    const seen = new Set(findings.map((f) => f.rule));
    const blockers = (c.plan?.blockers ?? [])
      .filter((b) => !seen.has(b.rule))
      .map((b) => ({ ...b, severity: "block" as const, kind: "blocker" }));
    return [...findings, ...blockers].map((f) => ({
      ruleId: f.rule,
      ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${c.name}: ${f.message} Fix: ${f.fix}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: c.id.replace(/^\//, ""), uriBaseId: "ARM" } },
          logicalLocations: [{ fullyQualifiedName: c.id, name: c.name, kind: "resource" }],
        },
      ],
      partialFingerprints: {
        "aksNetguardFinding/v1": createHash("sha256").update(`${f.rule}|${c.id.toLowerCase()}`).digest("hex"),
      },
      properties: { kind: f.kind, subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, status: c.status },
    }));
  });
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "aks-netguard",
              version: toolVersion,
              rules: RULES.map((r) => ({
                id: r.id,
                name: r.id,
                shortDescription: { text: r.title },
                fullDescription: { text: r.title },
                helpUri: r.source,
                help: {
                  text: `${r.title} (${r.severity}; applies on ${r.scope === "both" ? "create and update" : r.scope}). Source: ${r.source}`,
                },
                defaultConfiguration: { level: LEVEL[r.severity] },
                properties: { scope: r.scope, kind: r.kind, tags: ["aks", "network"] },
              })),
            },
          },
          originalUriBaseIds: { ARM: { uri: `${armEndpoint.replace(/\/+$/, "")}/` } },
          invocations: [{ executionSuccessful: true, endTimeUtc: report.summary.generatedAt }],
          results,
        },
      ],
    },
    null,
    2,
  );
}
