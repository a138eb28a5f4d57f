import {
  componentInputsToClusterArgs,
  describeFinding,
  describeUnverified,
  evaluateProfile,
  evaluateTransition,
  needsClusterInsides,
  parseCluster,
  planMigration,
  redact,
  ruleById,
  type ClusterNetwork,
  plannedStep,
  type EvaluationContext,
  type Finding,
  type PlannedStep,
} from "../core";

export interface ComponentVerdict {
  readonly desired: ClusterNetwork;
  readonly current?: ClusterNetwork;
  /** Reasons to refuse, each with its rule id and fix. */
  readonly blocks: readonly string[];
  readonly warnings: readonly string[];
  /** The steps from the observed profile to the desired one (empty for a create or at the target). */
  readonly plan: readonly PlannedStep[];
}

const desiredOf = (name: string, inputs: Record<string, unknown>) =>
  parseCluster(componentInputsToClusterArgs(inputs, name), name);

/**
 * The component's decision, before any cloud call: a create is judged as a valid cluster; an update must be reachable in
 * place, and in one step unless migration is "stepwise".
 */
export function judgeComponent(
  name: string,
  inputs: Record<string, unknown>,
  observed: unknown,
  given?: EvaluationContext,
): ComponentVerdict {
  const desired = desiredOf(name, inputs);
  const accepted = inputs.acceptedFindings as Record<string, string> | undefined;
  const context = accepted === undefined ? given : { ...given, accepted: { ...given?.accepted, ...accepted } };
  if (observed === undefined || observed === null) {
    const create = evaluateProfile(desired, context);
    return {
      desired,
      blocks: create.findings.filter((f) => f.severity === "block").map(describeFinding),
      warnings: [
        ...create.findings.filter((f) => f.severity === "warn").map(describeFinding),
        ...create.unverified.map(describeUnverified),
      ],
      plan: [],
    };
  }
  const current = parseCluster(observed, `${name} (live)`, { role: "current" });
  const plan = planMigration(current, desired, context);
  const steps = plan.steps.map(plannedStep);
  if (!plan.reachable) return { desired, current, blocks: plan.blockers.map(describeFinding), warnings: [], plan: [] };
  const stepwise = inputs.migration === "stepwise";
  // The az commands spell out the values they set, a secret pod CIDR among them.
  const secrets = [...(desired.secretValues ?? []), ...(current.secretValues ?? [])];
  const blocks =
    !stepwise && steps.length > 1
      ? [
          redact(
            `[migration-several-steps] The network change is ${steps.length} supported operations away: ${steps.map((s, i) => `${i + 1}. ${s.title} (${s.azCommand})`).join("; ")}. Fix: set migration: "stepwise" to apply one step per pulumi up, or change the target to the first step.`,
            secrets,
          ),
        ]
      : [];
  const firstStep = plan.steps[0];
  const judged = evaluateTransition(current, firstStep?.state ?? desired, context);
  // With inspectCluster the NetworkMigration's Check reads the cluster and judges these rules itself (or says why not).
  const inspected = inputs.inspectCluster === true;
  const warnings = [
    ...(firstStep ? firstStep.warnings : judged.findings.filter((f) => f.severity === "warn")).map(describeFinding),
    ...judged.unverified.filter((u) => !(inspected && needsClusterInsides(u))).map(describeUnverified),
  ];
  return { desired, current, blocks, warnings, plan: steps };
}

/**
 * The refusals that stand whatever the live cluster turns out to be, so the component can raise them before reading it:
 * blocks of profile rules that judge creates and updates alike, and that refuse both creating the cluster as declared
 * and keeping an existing cluster exactly as declared (rules that spare an existing state, like a reserved range the
 * cluster already had, drop out by that second test).
 */
export function refusalsWithoutCluster(name: string, inputs: Record<string, unknown>): string[] {
  const desired = desiredOf(name, inputs);
  const blocks = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "block");
  const candidates = blocks(evaluateProfile(desired).findings).filter((f) => {
    const rule = ruleById(f.rule);
    return rule?.kind === "profile" && rule.scope === "both";
  });
  // The usual case, a valid profile, needs no second evaluation; otherwise only the candidates' rules are run again.
  if (candidates.length === 0) return [];
  const rules = new Set(candidates.map((f) => f.rule));
  const keptAsDeclared = new Set(
    blocks(evaluateTransition(desired, desired, undefined, { rules }).findings).map((f) => f.rule),
  );
  return candidates.filter((f) => keptAsDeclared.has(f.rule)).map(describeFinding);
}
