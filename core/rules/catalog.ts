import { cidrRules } from "./cidr";
import { dataplaneRules } from "./dataplane";
import { ipamRules } from "./ipam";
import { kubeRules } from "./kube";
import { netpolRules } from "./netpol";
import { networkPolicyRules } from "./network-policy";
import { overlayMigrationRules } from "./overlay-migration";
import { IN_CLUSTER_FACTS, type FactId, type Rule, type Unverified } from "./types";
import { upgradeRules } from "./upgrade";
import { windowsAndLifecycleRules } from "./windows-and-lifecycle";

/** Every rule aks-netguard enforces, in report order. */
export const RULES: readonly Rule[] = Object.freeze([
  ...ipamRules,
  ...dataplaneRules,
  ...networkPolicyRules,
  ...overlayMigrationRules,
  ...cidrRules,
  ...windowsAndLifecycleRules,
  ...upgradeRules,
  ...netpolRules,
  ...kubeRules,
]);

const byId = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** Whether a rule was left unverified for want of a fact read inside the cluster. */
export function needsClusterInsides(u: Unverified): boolean {
  const fact = ruleById(u.rule)?.needs?.find((n) => n.needs === u.needs)?.fact;
  return fact !== undefined && IN_CLUSTER_FACTS.includes(fact);
}

/**
 * The rules whose check reads a fact the context may supply: those that declare a need on it. Only their findings can
 * change when the fact is added (test/core/index.properties.spec.ts holds this for the VNet facts over generated inputs).
 */
export function rulesReading(fact: FactId): ReadonlySet<string> {
  return new Set(RULES.filter((r) => r.needs?.some((n) => n.fact === fact) === true).map((r) => r.id));
}
