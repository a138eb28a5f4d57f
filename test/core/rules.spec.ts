import { strict as assert } from "node:assert";
import {
  evaluateProfile,
  evaluateTransition,
  planMigration,
  resolveContext,
  resolveDesired,
  RULES,
  ruleById,
  type Finding,
  type Rule,
} from "../../core";
import { cidrRules } from "../../core/rules/cidr";
import { dataplaneRules } from "../../core/rules/dataplane";
import { ipamRules } from "../../core/rules/ipam";
import { networkPolicyRules } from "../../core/rules/network-policy";
import { overlayMigrationRules } from "../../core/rules/overlay-migration";
import { upgradeRules } from "../../core/rules/upgrade";
import { netpolRules } from "../../core/rules/netpol";
import { kubeRules } from "../../core/rules/kube";
import { windowsAndLifecycleRules } from "../../core/rules/windows-and-lifecycle";
import { model, nodeSubnet, overlay, systemPool, vnetContext } from "../support/fixtures";
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

  it("gives profile rules a verdict that reads only the end state: the same findings without the current cluster", () => {
    const profile = RULES.filter((r) => r.kind === "profile");
    for (const c of Object.values(RULE_TABLE).flatMap((x) => [...x.violating, ...x.passing])) {
      if (c.current === undefined) continue;
      const current = model(c.current);
      const desired = resolveDesired(current, model(c.desired));
      const context = resolveContext(c.context);
      for (const rule of profile.filter((r) => r.scope !== "create")) {
        const withCurrent = rule.check({ operation: "update", current, desired, context });
        const without = rule.check({ operation: "update", desired, context });
        assert.deepEqual(
          without,
          withCurrent,
          `${rule.id} reads the current state (${c.name}): make it a transition rule`,
        );
      }
    }
  });

  it("says of every block rule whether a plan can cure it, and of no warning; profile blocks are never curable", () => {
    for (const rule of RULES) {
      if (rule.severity === "warn") assert.equal(rule.curable, undefined, `${rule.id}: a warning has nothing to cure`);
      else assert.equal(typeof rule.curable, "boolean", `${rule.id}: block rules declare curable`);
      if (rule.kind === "profile" && rule.severity === "block") assert.equal(rule.curable, false, rule.id);
    }
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

describe("rule catalog: never a silent pass", () => {
  it("has an unverified case for every rule that needs a fact, and none for a rule that needs none", () => {
    for (const rule of RULES) {
      const cases = RULE_TABLE[rule.id]?.unverified ?? [];
      if ((rule.needs ?? []).length > 0) assert.ok(cases.length > 0, `${rule.id} has needs but no unverified case`);
      else assert.equal(cases.length, 0, `${rule.id} needs nothing, so nothing can leave it unverified`);
    }
  });

  for (const rule of RULES.filter((r) => (r.needs ?? []).length > 0)) {
    for (const c of RULE_TABLE[rule.id]?.unverified ?? []) {
      it(`${rule.id} says it was not checked: ${c.name}`, () => {
        assertScopeFits(rule, c);
        for (const shapes of shapePairsFor(c)) {
          const where = `${c.name} [${shapes.current} → ${shapes.desired}]`;
          const evaluation = evaluateCase(c, shapes);
          const entries = evaluation.unverified.filter((u) => u.rule === rule.id);
          assert.ok(entries.length > 0, `${where}: ${rule.id} not reported unverified`);
          const texts = (rule.needs ?? []).map((n) => n.needs);
          for (const entry of entries) {
            assert.ok(texts.includes(entry.needs), `${where}: ${entry.needs}`);
            assert.match(entry.needs, /\(|context\.|--/, `${where}: the need names a field, flag or command`);
          }
          assert.equal(
            new Set(entries.map((e) => e.needs)).size,
            entries.length,
            `${where}: each need is reported once`,
          );
        }
      });
    }
  }

  it("carries the reason a reader gave for a fact it could not read", () => {
    const c = RULE_TABLE["cidr-pod-vs-subnets"].unverified?.[0];
    assert.ok(c);
    const evaluation = evaluateCase({ ...c, context: { unavailable: { vnet: "AuthorizationFailed" } } });
    const entry = evaluation.unverified.find((u) => u.rule === "cidr-pod-vs-subnets");
    assert.equal(entry?.reason, "AuthorizationFailed");
    const checked = evaluateCase({ ...c, context: vnetContext() });
    assert.ok(
      !checked.unverified.some((u) => u.rule === "cidr-pod-vs-subnets"),
      "given the VNet, the rule was checked",
    );
    const managedVnet = evaluateCase({ ...c, desired: overlay({ pools: [systemPool({ vnetSubnetId: undefined })] }) });
    assert.ok(
      !managedVnet.unverified.some((u) => u.rule === "cidr-pod-vs-subnets"),
      "an AKS-managed VNet is not the caller's to supply",
    );
  });
});

describe("rule catalog: what a plan can cure", () => {
  const updates = (rule: Rule) => (RULE_TABLE[rule.id]?.violating ?? []).filter((c) => c.current !== undefined);

  for (const rule of RULES.filter((r) => r.severity === "block" && r.curable === false)) {
    for (const c of updates(rule)) {
      it(`${rule.id} is incurable: the plan gives up at once and names it (${c.name})`, () => {
        const plan = planMigration(model(c.current ?? {}), model(c.desired), c.context);
        assert.equal(plan.reachable, false, `${c.name}: ${plan.steps.map((s) => s.title).join("; ")}`);
        assert.deepEqual(plan.steps, []);
        assert.ok(
          plan.blockers.some((f) => f.rule === rule.id),
          plan.blockers.map((f) => f.rule).join(", "),
        );
      });
    }
  }

  for (const rule of RULES.filter((r) => r.curable === true)) {
    it(`${rule.id} is curable: some violating update has a plan, and no plan stops at this rule alone`, () => {
      let cured = 0;
      for (const c of updates(rule)) {
        const plan = planMigration(model(c.current ?? {}), model(c.desired), c.context);
        if (plan.reachable) {
          cured++;
          for (const step of plan.steps)
            assert.ok(!step.warnings.some((f) => f.rule === rule.id && f.severity === "block"));
        } else {
          assert.ok(
            plan.blockers.some((f) => f.rule !== rule.id),
            `${c.name}: the plan stops at ${rule.id} alone; mark it curable: false or make the planner cure it`,
          );
        }
      }
      assert.ok(cured > 0, `no violating update case of ${rule.id} reaches its target through a plan`);
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

describe("rule catalog: where rules live", () => {
  /** Each id prefix names its module; the lifecycle module holds the Windows, node auto-provisioning and create-default rules. */
  const HOMES: readonly [string, readonly Rule[], readonly string[]][] = [
    ["core/rules/ipam.ts", ipamRules, ["ipam"]],
    ["core/rules/dataplane.ts", dataplaneRules, ["dp"]],
    ["core/rules/network-policy.ts", networkPolicyRules, ["np"]],
    ["core/rules/overlay-migration.ts", overlayMigrationRules, ["ovl"]],
    ["core/rules/cidr.ts", cidrRules, ["cidr"]],
    ["core/rules/windows-and-lifecycle.ts", windowsAndLifecycleRules, ["win", "nap", "kubenet", "default"]],
    ["core/rules/upgrade.ts", upgradeRules, ["upgrade"]],
    ["core/rules/netpol.ts", netpolRules, ["netpol"]],
    ["core/rules/kube.ts", kubeRules, ["kube"]],
  ];

  it("keeps every rule in the module its id prefix names, and every module's rules in the catalog", () => {
    for (const [file, rules, prefixes] of HOMES) {
      for (const rule of rules) assert.ok(prefixes.includes(rule.id.split("-")[0]), `${rule.id} sits in ${file}`);
    }
    assert.deepEqual(HOMES.flatMap(([, rules]) => rules.map((r) => r.id)).sort(), RULES.map((r) => r.id).sort());
  });
});
