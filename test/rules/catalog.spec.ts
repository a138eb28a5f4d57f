import { strict as assert } from "node:assert";
import { evaluateTransition, parseCluster, RULES, type Finding } from "../../core";
import { azShow } from "../support/clusters";
import { RULE_CASES, type RuleCase } from "./rule-cases";

function findingsFor(c: RuleCase): readonly Finding[] {
  // On an update, pools left out of the desired description keep the current ones.
  const desired = parseCluster(azShow(c.current === undefined ? c.desired : { pools: [], ...c.desired }), "desired");
  const current = c.current === undefined ? undefined : parseCluster(azShow(c.current), "current");
  return evaluateTransition(current, desired, c.context).findings;
}

const FIX_NAMES_A_REMEDY = /az aks|--[a-z-]+|networkProfile\.|agentPoolProfiles|kubernetesVersion|nodeProvisioningProfile|identity\.type|kubectl|podCidr|networkPolicy|networkDataplane|networkPlugin/;

describe("rule catalog", () => {
  it("has unique kebab-case ids, a severity, a scope and an https source for every rule", () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, "duplicate rule ids");
    for (const rule of RULES) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, rule.id);
      assert.ok(rule.severity === "block" || rule.severity === "warn", rule.id);
      assert.ok(["create", "update", "both"].includes(rule.scope), rule.id);
      assert.match(rule.source, /^https:\/\//, rule.id);
      assert.ok(rule.title.length > 10, rule.id);
    }
  });

  it("has violating and passing cases for every rule", () => {
    const missing = RULES.filter((r) => !RULE_CASES[r.id] || RULE_CASES[r.id].violating.length === 0 || RULE_CASES[r.id].passing.length === 0);
    assert.deepEqual(missing.map((r) => r.id), []);
    const unknown = Object.keys(RULE_CASES).filter((id) => !RULES.some((r) => r.id === id));
    assert.deepEqual(unknown, [], "cases for rules that do not exist");
  });

  for (const rule of RULES) {
    const cases = RULE_CASES[rule.id];
    if (cases === undefined) continue;
    describe(rule.id, () => {
      for (const c of cases.violating) {
        it(`reports ${c.name}`, () => {
          const hit = findingsFor(c).filter((f) => f.rule === rule.id);
          assert.ok(hit.length > 0, `expected ${rule.id}; got ${findingsFor(c).map((f) => f.rule).join(", ") || "nothing"}`);
          for (const f of hit) {
            assert.equal(f.severity, rule.severity);
            assert.equal(f.source, rule.source);
            assert.ok(f.message.length > 20 && f.fix.length > 20, "message and fix must say what is wrong and how to fix it");
            assert.match(f.fix, FIX_NAMES_A_REMEDY, `fix names no flag or field: ${f.fix}`);
          }
        });
      }
      for (const c of cases.passing) {
        it(`passes ${c.name}`, () => {
          const findings = findingsFor(c);
          assert.ok(!findings.some((f) => f.rule === rule.id), `${rule.id} fired: ${findings.find((f) => f.rule === rule.id)?.message}`);
          assert.ok(!findings.some((f) => f.message.includes("could not run")), findings.map((f) => f.message).join("\n"));
        });
      }
    });
  }

  it("never applies update-only rules to a create", () => {
    const updateOnly = new Set(RULES.filter((r) => r.scope === "update").map((r) => r.id));
    for (const [id, cases] of Object.entries(RULE_CASES)) {
      for (const c of [...cases.violating, ...cases.passing]) {
        const asCreate = evaluateTransition(undefined, parseCluster(azShow({ ...c.current, ...c.desired })), c.context);
        const wrong = asCreate.findings.filter((f) => updateOnly.has(f.rule));
        assert.deepEqual(wrong.map((f) => f.rule), [], `${id} / ${c.name}`);
      }
    }
  });
});
