import { strict as assert } from "node:assert";
import {
  BASELINES_CONFIG_KEY,
  evaluateTransition,
  parseCluster,
  ruleById,
  type EvaluationContext,
  type Finding,
} from "../../core";
import { enforcementFor } from "../../policies/lib/report";
import { RULE_TABLE, type RuleCase } from "../core/rule-table";
import { render, type ClusterSpec } from "../support/fixtures";
import type { EngineResource } from "../support/policy-server";
import { InProcessPack } from "./support/in-process-pack";
import {
  agentPoolResourceOf,
  baselineConfig,
  clusterResource,
  ruleOf,
  summary,
  vnetResource,
} from "./support/resources";
import { defined } from "../support/defined";

/**
 * Every rule's violating and passing cases of the core's rule table, declared the way a stack declares them (a raw
 * ManagedCluster, its separate AgentPools and its VNet) and judged by @pulumi/policy's own server code.
 *
 * What a pack cannot know — whether kube-system was inspected, a date other than today — is left out of the stack; the
 * expectation is then the core's verdict for what the pack does know, and where the pack knows everything the case
 * says, the table's own label must hold too.
 */
const CLUSTER_NAME = "aks1";
const RESOURCE_GROUP = "rg-aks";
const BASELINE_SHAPES = ["arm", "az", "pulumi"] as const;
/**
 * How a case's baseline reaches the pack, in turn: stated once in the stack config every policy reads (what
 * `aks-netguard baseline` writes), or copied under each policy's own config (the older layout, still read).
 */
const BASELINE_DELIVERIES = ["stack config", "policy config"] as const;

/** Gives the pack the case's baseline the given way; undefined clears both. */
async function deliverBaseline(
  pack: InProcessPack,
  baselines: Record<string, unknown> | undefined,
  delivery: (typeof BASELINE_DELIVERIES)[number],
): Promise<void> {
  delete process.env.PULUMI_CONFIG;
  if (baselines !== undefined && delivery === "stack config") {
    process.env.PULUMI_CONFIG = JSON.stringify({ [BASELINES_CONFIG_KEY]: JSON.stringify(baselines, null, 2) });
    await pack.configure({});
  } else await pack.configure(baselines === undefined ? {} : baselineConfig(baselines));
}

/** The part of a case's context a stack can declare. */
function stackContext(context: EvaluationContext | undefined): EvaluationContext {
  return { agentPools: context?.agentPools, vnetAddressSpaces: context?.vnetAddressSpaces, subnets: context?.subnets };
}

/** True when the stack declares everything the case's context says (peerings and route tables are read live, not declared). */
function fullyDeclarable(context: EvaluationContext | undefined): boolean {
  return (
    context?.now === undefined &&
    context?.ipMasqAgentConfigMaps === undefined &&
    context?.peerings === undefined &&
    context?.routeTables === undefined &&
    context?.kubernetes === undefined &&
    context?.accepted === undefined &&
    context?.unavailable === undefined
  );
}

function stackOf(c: RuleCase): EngineResource[] {
  const desired: ClusterSpec = { name: CLUSTER_NAME, resourceGroup: RESOURCE_GROUP, ...c.desired };
  const resources = [clusterResource(desired, { name: "cluster" })];
  for (const pool of c.context?.agentPools ?? [])
    resources.push(agentPoolResourceOf(pool, CLUSTER_NAME, RESOURCE_GROUP));
  if (c.context?.vnetAddressSpaces !== undefined || c.context?.subnets !== undefined) {
    resources.push(vnetResource({ addressSpaces: c.context.vnetAddressSpaces, subnets: c.context.subnets }));
  }
  return resources;
}

/** The core's verdict for the rule, given what the stack declares (with and without the stack's context). */
function coreExpects(rule: string, c: RuleCase): Finding[] {
  const current = c.current === undefined ? undefined : parseCluster(render("arm", c.current));
  const desired = parseCluster(render("pulumi", { name: CLUSTER_NAME, resourceGroup: RESOURCE_GROUP, ...c.desired }));
  const withStack = evaluateTransition(current, desired, stackContext(c.context)).findings;
  const alone = evaluateTransition(current, desired, {}).findings;
  return [...withStack, ...alone].filter((f) => f.rule === rule);
}

describe("policies (unit): every catalog rule's cases, as a stack declares them, through @pulumi/policy's server code", function () {
  this.timeout(120_000);
  const pack = InProcessPack.get();
  let caseIndex = 0;
  let updateIndex = 0;
  let labelledChecks = 0;

  before(async () => pack.configureStack({ stack: "dev", project: "proj" }));
  after(async () => {
    delete process.env.PULUMI_CONFIG;
    await pack.configure({});
    assert.ok(labelledChecks >= 100, `only ${labelledChecks} cases were checked against the table's label`);
  });

  for (const [ruleId, cases] of Object.entries(RULE_TABLE)) {
    for (const [verdict, list] of [
      ["violating", cases.violating],
      ["passing", cases.passing],
    ] as const) {
      for (const c of list) {
        const shape = BASELINE_SHAPES[caseIndex++ % BASELINE_SHAPES.length];
        const delivery = BASELINE_DELIVERIES[c.current === undefined ? 0 : updateIndex++ % BASELINE_DELIVERIES.length];
        const baselineNote = c.current === undefined ? "" : ` (baseline as ${shape}, in the ${delivery})`;
        it(`${ruleId}: ${verdict} — ${c.name}${baselineNote}`, async () => {
          const rule = defined(ruleById(ruleId), ruleId);
          await deliverBaseline(
            pack,
            c.current === undefined
              ? undefined
              : { cluster: render(shape, { name: CLUSTER_NAME, resourceGroup: RESOURCE_GROUP, ...c.current }) },
            delivery,
          );
          const resources = stackOf(c);
          const perResource = await Promise.all(resources.map((r) => pack.analyze(r)));
          const stack = await pack.analyzeStack(resources);
          const diagnostics = [...perResource.flatMap((r) => r.diagnostics), ...stack.diagnostics];
          const reported = diagnostics.filter((d) => ruleOf(d) === ruleId);
          const context = { diagnostics, notApplicable: [] };

          const expected = coreExpects(ruleId, c);
          assert.equal(
            reported.length > 0,
            expected.length > 0,
            `the pack and the core disagree on ${ruleId}:\n${summary(context)}`,
          );
          for (const d of reported)
            assert.equal(
              d.enforcementLevel,
              enforcementFor(rule.severity),
              `${d.policyName} reported ${ruleId} at the wrong level`,
            );
          for (const d of reported)
            assert.match(d.message, new RegExp(`\\[${ruleId}\\]`), "the message names the rule id");
          if (fullyDeclarable(c.context)) {
            labelledChecks++;
            assert.equal(
              reported.length > 0,
              verdict === "violating",
              `${verdict} case, pack said:\n${summary(context)}`,
            );
          }
        });
      }
    }
  }
});

describe("policies (unit): every rule's unverified cases, as a stack declares them, say what was not checked", function () {
  this.timeout(120_000);
  const pack = InProcessPack.get();
  before(async () => pack.configureStack({ stack: "dev", project: "proj" }));
  after(async () => pack.configure({}));

  for (const [ruleId, cases] of Object.entries(RULE_TABLE)) {
    for (const c of cases.unverified ?? []) {
      it(`${ruleId}: not checked — ${c.name}`, async () => {
        if (!fullyDeclarable(c.context) && c.context?.unavailable !== undefined) {
          // What a reader could not read is no stack's to declare: the core says it, with the reason.
          const current = c.current === undefined ? undefined : parseCluster(render("arm", c.current), "current");
          const desired = parseCluster(render("pulumi", { name: CLUSTER_NAME, ...c.desired }));
          const unverified = evaluateTransition(current, desired, c.context).unverified.filter(
            (u) => u.rule === ruleId,
          );
          assert.ok(
            unverified.length > 0 && unverified.every((u) => u.reason !== undefined),
            JSON.stringify(unverified),
          );
          return;
        }
        await pack.configure(
          c.current === undefined
            ? {}
            : baselineConfig({
                cluster: render("az", { name: CLUSTER_NAME, resourceGroup: RESOURCE_GROUP, ...c.current }),
              }),
        );
        const stack = await pack.analyzeStack(stackOf(c));
        const advisories = stack.diagnostics.filter((d) => d.policyName === "rules-unverified");
        const current = c.current === undefined ? undefined : parseCluster(render("arm", c.current), "current");
        const desired = parseCluster(
          render("pulumi", { name: CLUSTER_NAME, resourceGroup: RESOURCE_GROUP, ...c.desired }),
        );
        const expected = evaluateTransition(current, desired, stackContext(c.context)).unverified.filter(
          (u) => u.rule === ruleId,
        );
        assert.ok(expected.length > 0, "the table's case leaves the rule unverified for what a stack declares");
        for (const u of expected) {
          const hit = advisories.find(
            (d) => d.message.includes(`rule ${ruleId} was not checked`) && d.message.includes(u.needs),
          );
          assert.ok(
            hit,
            `no advisory for ${ruleId}: ${summary({ diagnostics: stack.diagnostics, notApplicable: [] })}`,
          );
          assert.equal(hit.enforcementLevel, "advisory");
          assert.match(hit.message, /\[rules-unverified\]$/);
        }
      });
    }
  }
});
