import { evaluateProfile, evaluateTransition, parseCluster, type Evaluation, type Finding } from "../../core";
import { render, type Shape } from "../support/fixtures";
import type { RuleCase } from "./rule-table";

/** The shapes a case is read from: each shape alone, and az output as current with azure-native args as desired. */
const SHAPE_PAIRS: readonly { readonly current: Shape; readonly desired: Shape }[] = [
  { current: "arm", desired: "arm" },
  { current: "az", desired: "az" },
  { current: "pulumi", desired: "pulumi" },
  { current: "az", desired: "pulumi" },
];

export function evaluateCase(c: RuleCase, shapes: { current: Shape; desired: Shape } = SHAPE_PAIRS[0]): Evaluation {
  const desired = parseCluster(render(shapes.desired, c.desired), "desired");
  if (c.current === undefined) return evaluateProfile(desired, c.context);
  return evaluateTransition(parseCluster(render(shapes.current, c.current), "current"), desired, c.context);
}

/** The shape pairs that make a difference for this case (a create has no current shape). */
export function shapePairsFor(c: RuleCase): readonly { current: Shape; desired: Shape }[] {
  return c.current === undefined ? SHAPE_PAIRS.filter((p) => p.current === p.desired) : SHAPE_PAIRS;
}

/** A rule that threw while checking reports itself this way; no valid input may produce it. */
export function crashedRules(findings: readonly Finding[]): string[] {
  return findings.filter((f) => / could not run on this input/.test(f.message)).map((f) => `${f.rule}: ${f.message}`);
}

export const ruleIds = (e: Evaluation): string[] => e.findings.map((f) => f.rule);
