import { strict as assert } from "node:assert";
import {
  evaluateProfile,
  evaluateTransition,
  resolveDesired,
  RULES,
  ruleById,
  type Finding,
  type Rule,
} from "../../core";
import { model, nodeSubnet, overlay } from "../support/fixtures";
import { crashedRules, evaluateCase, ruleIds, shapePairsFor } from "./evaluate-case";
import { RULE_TABLE, type RuleCase } from "./rule-table";

/**
 * A fix must name something to act on: an az command or flag, a field path of the cluster or the context, or — for
 * what lives inside the cluster (ConfigMaps, NetworkPolicies, PodDisruptionBudgets) — a kubectl command.
 */
const ACTIONABLE = [
  /\baz (aks|network)\b/,
  /--[a-z][a-z-]+/,
  /\b(networkProfile|agentPoolProfiles|nodeProvisioningProfile|identity)(\.|\[\]\.)[A-Za-z]+/,
  /\bkubernetesVersion\b/,
  /\bipMasqAgentConfigMaps\b/,
  /\bkubectl\b/,
];
/** The fix also names what to change: a command, a flag or a network field by name. */
const NAMES_A_REMEDY =
  /az aks|--[a-z-]+|networkProfile\.|agentPoolProfiles|kubernetesVersion|nodeProvisioningProfile|identity\.type|kubectl|podCidr|networkPolicy|networkDataplane|networkPlugin/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9.]+)*$/;
const FIELD_PATH = /^[a-zA-Z]+(\[\])?(\.[a-zA-Z]+(\[\])?)*$/;

function assertWellFormed(finding: Finding, rule: Rule, where: string): void {
  assert.equal(finding.severity, rule.severity, `${where}: severity`);
  assert.equal(finding.source, rule.source, `${where}: source`);
  assert.ok(finding.message.trim().length > 20, `${where}: the message says what is wrong`);
  assert.ok(finding.fix.trim().length > 20, `${where}: the fix says what to do`);
  assert.ok(
    ACTIONABLE.some((p) => p.test(finding.fix)),
    `${where}: the fix names no az command, flag or field: ${finding.fix}`,
  );
  assert.match(finding.fix, NAMES_A_REMEDY, `${where}: the fix names no flag or field to change: ${finding.fix}`);
  assert.ok(
    !/undefined|\[object Object\]|NaN/.test(finding.message + finding.fix),
    `${where}: no placeholder leaks: ${finding.message} / ${finding.fix}`,
  );
  if (finding.field !== undefined) assert.match(finding.field, FIELD_PATH, `${where}: field is a path`);
}

describe("rule catalog: metadata", () => {
  it("has unique kebab-case ids", () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(
      new Set(ids).size,
      ids.length,
      `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(", ")}`,
    );
    for (const id of ids) assert.match(id, KEBAB, id);
  });

  it("gives every rule a severity, a scope, a kind, a title and an https source", () => {
    for (const rule of RULES) {
      assert.ok(["block", "warn"].includes(rule.severity), `${rule.id}: severity ${rule.severity}`);
      assert.ok(["create", "update", "both"].includes(rule.scope), `${rule.id}: scope ${rule.scope}`);
      assert.ok(["profile", "transition"].includes(rule.kind), `${rule.id}: kind ${rule.kind}`);
      assert.ok(rule.title.trim().length > 10, `${rule.id}: title`);
      assert.doesNotThrow(() => new URL(rule.source), `${rule.id}: source ${rule.source}`);
      assert.equal(new URL(rule.source).protocol, "https:", `${rule.id}: source ${rule.source}`);
      assert.equal(typeof rule.check, "function");
    }
  });

  it("scopes transition rules to updates (they need a current state)", () => {
    for (const rule of RULES.filter((r) => r.kind === "transition")) assert.equal(rule.scope, "update", rule.id);
  });

  it("looks rules up by id", () => {
    for (const rule of RULES) assert.equal(ruleById(rule.id), rule);
    assert.equal(ruleById("no-such-rule"), undefined);
  });

  it("has a table entry with a violating and a passing case for every rule", () => {
    const missing = RULES.filter(
      (r) => (RULE_TABLE[r.id]?.violating.length ?? 0) === 0 || (RULE_TABLE[r.id]?.passing.length ?? 0) === 0,
    ).map((r) => r.id);
    assert.deepEqual(missing, [], `rules without violating and passing cases: ${missing.join(", ")}`);
  });

  it("has no table entry for a rule the catalog does not have", () => {
    const unknown = Object.keys(RULE_TABLE).filter((id) => ruleById(id) === undefined);
    assert.deepEqual(unknown, []);
  });
});

describe("rule catalog: every rule, violating and passing", () => {
  for (const rule of RULES) {
    const cases = RULE_TABLE[rule.id];
    if (cases === undefined) continue; // reported by the metadata test above
    describe(`${rule.id} (${rule.severity}, ${rule.scope})`, () => {
      for (const c of cases.violating) {
        it(`fires: ${c.name}`, () => {
          assertScopeFits(rule, c);
          const baseline = evaluateCase(c);
          for (const shapes of shapePairsFor(c)) {
            const where = `${c.name} [${shapes.current} → ${shapes.desired}]`;
            const evaluation = evaluateCase(c, shapes);
            assert.deepEqual(crashedRules(evaluation.findings), [], where);
            const hits = evaluation.findings.filter((f) => f.rule === rule.id);
            assert.ok(
              hits.length > 0,
              `${where}: expected ${rule.id}, got ${ruleIds(evaluation).join(", ") || "nothing"}`,
            );
            hits.forEach((f) => assertWellFormed(f, rule, where));
            if (rule.severity === "block") assert.equal(evaluation.verdict, "block", where);
            assert.deepEqual(ruleIds(evaluation), ruleIds(baseline), `${where}: every shape gives the same findings`);
          }
        });
      }
      for (const c of cases.passing) {
        it(`passes: ${c.name}`, () => {
          for (const shapes of shapePairsFor(c)) {
            const where = `${c.name} [${shapes.current} → ${shapes.desired}]`;
            const evaluation = evaluateCase(c, shapes);
            assert.deepEqual(crashedRules(evaluation.findings), [], where);
            const hit = evaluation.findings.find((f) => f.rule === rule.id);
            assert.equal(hit, undefined, `${where}: ${rule.id} fired: ${hit?.message}`);
          }
        });
      }
    });
  }
});

describe("rule catalog: scope", () => {
  const allCases: RuleCase[] = Object.values(RULE_TABLE).flatMap((c) => [...c.violating, ...c.passing]);

  it("never reports an update-only rule on a create", () => {
    for (const c of allCases) {
      const desired = model(c.desired);
      const endStates = c.current === undefined ? [desired] : [desired, resolveDesired(model(c.current), desired)];
      for (const state of endStates) {
        const wrong = evaluateProfile(state, c.context)
          .findings.filter((f) => ruleById(f.rule)?.scope === "update")
          .map((f) => f.rule);
        assert.deepEqual(wrong, [], c.name);
      }
    }
  });

  it("never reports a create-only rule on an update", () => {
    for (const c of allCases.filter((x) => x.current !== undefined)) {
      const wrong = evaluateCase(c)
        .findings.filter((f) => ruleById(f.rule)?.scope === "create")
        .map((f) => f.rule);
      assert.deepEqual(wrong, [], c.name);
    }
  });

  it("applies the overlay Kubernetes floor (1.27) to updates only, never to creates", () => {
    for (const version of ["1.20.0", "1.22.17", "1.25.6", "1.26.15"]) {
      assert.ok(
        !ruleIds(evaluateProfile(model(overlay({ version })))).includes("ovl-k8s-floor"),
        `create on ${version}`,
      );
      const update = evaluateTransition(
        model(nodeSubnet({ version })),
        model({ mode: "overlay", podCidr: "192.168.0.0/16" }, "network-profile"),
      );
      assert.ok(ruleIds(update).includes("ovl-k8s-floor"), `update on ${version}`);
    }
    for (const version of ["1.27.0", "1.27.9", "1.31.2", "2.0.0"]) {
      const update = evaluateTransition(
        model(nodeSubnet({ version })),
        model({ mode: "overlay", podCidr: "192.168.0.0/16" }, "network-profile"),
      );
      assert.ok(!ruleIds(update).includes("ovl-k8s-floor"), `update on ${version}`);
    }
  });

  it("lets a create leave the Cilium policy to the RP, but blocks an update that leaves it out", () => {
    const created = evaluateProfile(model(overlay({ dataplane: "cilium" })));
    assert.equal(created.verdict, "allow", created.findings.map((f) => f.message).join("\n"));
    assert.ok(!ruleIds(created).includes("dp-cilium-requires-policy-cilium"));

    const updated = evaluateTransition(model(overlay()), model({ dataplane: "cilium" }, "network-profile"));
    const finding = updated.findings.find((f) => f.rule === "dp-cilium-requires-policy-cilium");
    assert.ok(finding, ruleIds(updated).join(", "));
    assert.equal(finding.severity, "block");
    assert.match(finding.fix, /--network-policy cilium/);
    assert.equal(finding.field, "networkProfile.networkPolicy");
  });
});

function assertScopeFits(rule: Rule, c: RuleCase): void {
  const operation = c.current === undefined ? "create" : "update";
  assert.ok(
    rule.scope === "both" || rule.scope === operation,
    `table error: ${rule.id} is scoped ${rule.scope}, case "${c.name}" is a ${operation}`,
  );
}
