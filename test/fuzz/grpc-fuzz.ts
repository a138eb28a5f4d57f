import fc from "fast-check";
import type { EngineResource, Diagnostic, PolicyPackProcess } from "../../preview/policy-client";
import { resourceArb, secretPayloads } from "./generators";

export interface FuzzReport {
  requests: number;
  analyze: number;
  analyzeStack: number;
  diagnostics: number;
  mandatory: number;
  advisory: number;
  problems: string[];
}

const LEVELS = new Set(["advisory", "mandatory", "disabled", "remediate"]);

function check(diagnostics: Diagnostic[], secrets: Set<string>, report: FuzzReport, what: string): void {
  for (const d of diagnostics) {
    report.diagnostics++;
    if (d.enforcementLevel === "mandatory") report.mandatory++;
    else report.advisory++;
    if (!d.policyName || !d.message || !LEVELS.has(d.enforcementLevel) || d.policyPackName !== "aks-netguard") {
      report.problems.push(`${what}: malformed diagnostic ${JSON.stringify(d).slice(0, 200)}`);
    }
    for (const secret of secrets)
      if (d.message.includes(secret)) report.problems.push(`${what}: ${d.policyName} echoed a secret`);
  }
}

/**
 * Sends `count` generated requests (Analyze, and every tenth an AnalyzeStack of the last ten resources) to a served pack
 * and records anything that is not a well-formed answer: RPC errors, malformed diagnostics, echoed secrets.
 */
export async function fuzzServedPack(pack: PolicyPackProcess, count: number, seed: number): Promise<FuzzReport> {
  const report: FuzzReport = {
    requests: 0,
    analyze: 0,
    analyzeStack: 0,
    diagnostics: 0,
    mandatory: 0,
    advisory: 0,
    problems: [],
  };
  const samples = fc.sample(resourceArb({ secrets: true }), { numRuns: count, seed });
  let batch: EngineResource[] = [];
  for (const [i, sample] of samples.entries()) {
    const resource: EngineResource = { ...sample, urn: `urn:pulumi:fuzz::proj::${sample.type}::${sample.name}${i}` };
    batch.push(resource);
    const secrets = secretPayloads(resource.props);
    report.requests++;
    try {
      if (batch.length === 10) {
        const stackSecrets = new Set(batch.flatMap((r) => [...secretPayloads(r.props)]));
        report.analyzeStack++;
        check(await pack.analyzeStack(batch), stackSecrets, report, `AnalyzeStack #${i}`);
        batch = [];
      } else {
        report.analyze++;
        check(await pack.analyze(resource), secrets, report, `Analyze #${i}`);
      }
    } catch (error) {
      report.problems.push(`request #${i} (${resource.type}): ${(error as Error).message.slice(0, 300)}`);
    }
  }
  if (!pack.running) report.problems.push("the pack process is no longer running");
  return report;
}
