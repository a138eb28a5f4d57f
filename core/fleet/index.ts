/** The fleet audit's pure half: a Resource Graph row judged by the rules core, and the estate summarized. */
export { auditRow, fleetAuditor, type AuditOptions, type FleetAuditor } from "./assess";
export { deadlinesFor } from "./deadlines";
export { summarize, type SummaryInput } from "./summary";
export * from "./types";
