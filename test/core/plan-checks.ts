import { strict as assert } from "node:assert";
import {
  evaluateTransition,
  networkKey,
  parseCluster,
  resolveDesired,
  type ClusterNetwork,
  type EvaluationContext,
  type MigrationPlan,
} from "../../core";

const FLAG_TO_FIELD: Record<string, string> = {
  "--network-plugin": "networkPlugin",
  "--network-plugin-mode": "networkPluginMode",
  "--network-dataplane": "networkDataplane",
  "--network-policy": "networkPolicy",
  "--pod-cidr": "podCidr",
};

/**
 * The networkProfile an `az aks update` command sends, read back from the command line the planner printed:
 * what a user who runs the printed command asks AKS for.
 */
function profileFromAzCommand(command: string): Record<string, string> {
  const words = command.trim().split(/\s+/);
  assert.deepEqual(words.slice(0, 3), ["az", "aks", "update"], command);
  const profile: Record<string, string> = {};
  for (let i = 3; i < words.length; i += 2) {
    const flag = words[i];
    const value = words[i + 1];
    assert.ok(value !== undefined && !value.startsWith("--"), `${flag} has no value in: ${command}`);
    if (flag === "--resource-group" || flag === "--name") continue;
    const field = FLAG_TO_FIELD[flag];
    assert.ok(field !== undefined, `unexpected flag ${flag} in: ${command}`);
    assert.ok(!(field in profile), `${flag} twice in: ${command}`);
    profile[field] = value;
  }
  assert.ok(Object.keys(profile).length > 0, `the command changes nothing: ${command}`);
  return profile;
}

/**
 * Every step of a reachable plan is one update AKS accepts, from the state before it; the printed az command asks for
 * exactly that step; the last step reaches the target's network fields.
 */
export function assertPlanValid(
  current: ClusterNetwork,
  target: ClusterNetwork,
  plan: MigrationPlan,
  context?: EvaluationContext,
): void {
  assert.ok(plan.reachable, `unreachable: ${plan.blockers.map((b) => b.rule).join(", ")}`);
  assert.deepEqual(plan.blockers, []);
  let previous = current;
  plan.steps.forEach((step, i) => {
    const where = `step ${i + 1} (${step.title})`;
    assert.equal(step.index, i + 1, where);
    const verdict = evaluateTransition(previous, step.state, context);
    assert.equal(
      verdict.verdict,
      "allow",
      `${where}: ${verdict.findings
        .filter((f) => f.severity === "block")
        .map((f) => f.rule)
        .join(", ")}`,
    );
    assert.ok(
      step.warnings.every((w) => w.severity === "warn"),
      where,
    );
    assert.ok(step.changes.length > 0, `${where} changes nothing`);

    const requested = parseCluster(profileFromAzCommand(step.azCommand), "az command");
    const asRun = evaluateTransition(previous, requested, context);
    assert.equal(
      asRun.verdict,
      "allow",
      `${where}: the printed command is blocked: ${asRun.findings
        .filter((f) => f.severity === "block")
        .map((f) => f.rule)
        .join(", ")}`,
    );
    assert.equal(
      networkKey(resolveDesired(previous, requested)),
      networkKey(step.state),
      `${where}: ${step.azCommand} does not produce the step's state`,
    );
    if (previous.resourceGroup !== undefined)
      assert.ok(step.azCommand.includes(`--resource-group ${previous.resourceGroup}`), step.azCommand);
    if (previous.name !== undefined) assert.ok(step.azCommand.includes(`--name ${previous.name}`), step.azCommand);
    previous = step.state;
  });
  assert.equal(networkKey(previous), networkKey(resolveDesired(current, target)), "the last step reaches the target");
}
