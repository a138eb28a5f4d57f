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
  "--ip-families": "ipFamilies",
  "--pod-cidrs": "podCidrs",
  "--service-cidrs": "serviceCidrs",
};
const LIST_FLAGS = new Set(["--ip-families", "--pod-cidrs", "--service-cidrs"]);

/**
 * The networkProfile an `az aks update` command sends, read back from the command line the planner printed:
 * what a user who runs the printed command asks AKS for.
 */
function profileFromAzCommand(command: string): Record<string, string | string[]> {
  const words = command.trim().split(/\s+/);
  assert.deepEqual(words.slice(0, 3), ["az", "aks", "update"], command);
  const profile: Record<string, string | string[]> = {};
  for (let i = 3; i < words.length; i += 2) {
    const flag = words[i];
    const value = words[i + 1];
    assert.ok(value !== undefined && !value.startsWith("--"), `${flag} has no value in: ${command}`);
    if (flag === "--resource-group" || flag === "--name") continue;
    const field = FLAG_TO_FIELD[flag];
    assert.ok(field !== undefined, `unexpected flag ${flag} in: ${command}`);
    assert.ok(!(field in profile), `${flag} twice in: ${command}`);
    profile[field] = LIST_FLAGS.has(flag) ? value.split(",") : value;
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
    if (step.prerequisite) {
      assertPrerequisiteCommand(step, previous, where);
      previous = step.state;
      return;
    }

    const requested = parseCluster(profileFromAzCommand(step.azCommand), "az command");
    // Pools come and go through their own AgentPool resources, beside the command: judge it with the step's pools.
    const asRun = evaluateTransition(previous, { ...requested, nodePools: step.state.nodePools }, context);
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

/** A prerequisite's command asks for exactly what the step changes outside the network profile, and nothing else. */
function assertPrerequisiteCommand(
  step: MigrationPlan["steps"][number],
  previous: ClusterNetwork,
  where: string,
): void {
  assert.equal(
    networkKey(step.state),
    networkKey(previous),
    `${where}: a prerequisite leaves the network profile as it is`,
  );
  const flags = step.azCommand.replace(/^az aks (update|upgrade) --resource-group \S+ --name \S+ /, "");
  switch (step.kind) {
    case "kubernetes-upgrade":
      assert.ok(step.azCommand.startsWith("az aks upgrade "), step.azCommand);
      assert.equal(flags, `--kubernetes-version ${step.state.kubernetesVersion}`, where);
      break;
    case "node-provisioning":
      assert.equal(flags, `--node-provisioning-mode ${step.state.nodeAutoProvisioning ? "Auto" : "Manual"}`, where);
      break;
    case "user-assigned-identity":
      assert.equal(step.state.identityType, "UserAssigned", where);
      assert.equal(flags, "--enable-managed-identity --assign-identity <identity-resource-id>", where);
      break;
    default:
      assert.fail(`${where}: ${step.kind} is marked a prerequisite`);
  }
}
