import { cidrRules } from "./cidr";
import { dataplaneRules } from "./dataplane";
import { ipamRules } from "./ipam";
import { kubeRules } from "./kube";
import { netpolRules } from "./netpol";
import { networkPolicyRules } from "./network-policy";
import { overlayMigrationRules } from "./overlay-migration";
import type { Rule } from "./types";
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
