import type { AuditReport } from "../../core";
import { deadlineText, STATUS_LABEL } from "./cells";

const COLUMNS = [
  "id",
  "subscriptionId",
  "resourceGroup",
  "name",
  "location",
  "kubernetesVersion",
  "ipamMode",
  "dataplane",
  "networkPolicy",
  "windowsPools",
  "nodeAutoProvisioning",
  "status",
  "deadlines",
  "findings",
  "steps",
  "blockers",
  "error",
];

/** One row a cluster (RFC 4180); cells a spreadsheet would run as a formula are quoted with a leading apostrophe. */
export function renderCsv(report: AuditReport): string {
  const rows = report.clusters.map((c) => [
    c.id,
    c.subscriptionId,
    c.resourceGroup,
    c.name,
    c.location,
    c.kubernetesVersion ?? "",
    c.ipamMode ?? "",
    c.dataplane ?? "",
    c.networkPolicy ?? "",
    c.windowsPools.join(";"),
    c.nodeAutoProvisioning === null ? "" : String(c.nodeAutoProvisioning),
    STATUS_LABEL[c.status],
    c.deadlines.map(deadlineText).join("; "),
    c.findings.map((f) => `${f.severity}:${f.rule}`).join("; "),
    (c.plan?.steps ?? []).map((s) => s.azCommand).join(" && "),
    (c.plan?.blockers ?? []).map((b) => b.rule).join("; "),
    c.error ?? "",
  ]);
  return [COLUMNS, ...rows].map((r) => r.map(cell).join(",")).join("\r\n");
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
