import { strict as assert } from "node:assert";
import { RULES } from "../../core";
import { allPolicies, policiesWithBaselines } from "../../policies/all";
import { policyMetadataOf } from "../support/policy-server";
import { usePack } from "./support/in-process-pack";

describe("all: the pack's policies as the engine is told of them", function () {
  this.timeout(60_000);
  const pack = usePack();

  it("serves one policy per catalog rule, named by its id, mandatory for block rules and advisory for warn rules", async () => {
    const served = new Map(policyMetadataOf(await pack.info()).map((p) => [p.name, p]));
    assert.equal(served.size, allPolicies.length, "policy names are unique");
    for (const rule of RULES) {
      const policy = served.get(rule.id);
      assert.ok(policy, `no policy for ${rule.id}`);
      assert.equal(policy.enforcementLevel, rule.severity === "block" ? "mandatory" : "advisory", rule.id);
    }
    for (const name of served.keys()) assert.match(name, /^[a-zA-Z0-9-_.]{1,100}$/, "a name the engine accepts");
    const info = await pack.info();
    assert.equal(info.getName(), "aks-netguard");
    assert.ok(info.getSupportsconfig());
  });

  it("lets every policy take exemptions with a required reason, and every policy that needs the current profile the same baselines", async () => {
    const served = policyMetadataOf(await pack.info());
    const baselineSchemas = new Set<string>();
    for (const p of served) {
      const exemptions = p.configSchema?.properties.exemptions as { items: { required: string[] } } | undefined;
      assert.deepEqual(exemptions?.items.required, ["reason"], p.name);
      if (p.configSchema?.properties.baselines !== undefined)
        baselineSchemas.add(JSON.stringify(p.configSchema.properties.baselines));
    }
    assert.equal(baselineSchemas.size, 1, "one baselines schema for all");
    const needCurrent = [
      ...RULES.map((r) => r.id),
      "replacement-guard",
      "transition-baseline",
      "stack-agent-pools",
      "stack-vnet-cidrs",
      "rules-unverified",
    ];
    assert.deepEqual([...policiesWithBaselines].sort(), needCurrent.sort());
    for (const name of policiesWithBaselines)
      assert.ok(served.find((p) => p.name === name)?.configSchema?.properties.baselines, `${name} takes baselines`);
  });
});
