import type { Policies } from "@pulumi/policy";
import { neverThrows } from "./lib/guard";
import { agentPoolInput } from "./agent-pool-input";
import { clusterInput } from "./cluster-input";
import { componentTransition } from "./component-transition";
import { replacementGuard } from "./replacement-guard";
import { rulePolicies } from "./rule-policies";
import { rulesUnverified } from "./rules-unverified";
import { stackAgentPools } from "./stack-agent-pools";
import { stackVnetCidrs } from "./stack-vnet-cidrs";
import { transitionBaseline } from "./transition-baseline";

/** Every policy of the pack, in report order. Tests import this; index.ts serves it. */
export const allPolicies: Policies = [
  clusterInput,
  transitionBaseline,
  replacementGuard,
  componentTransition,
  agentPoolInput,
  ...rulePolicies,
  stackAgentPools,
  stackVnetCidrs,
  rulesUnverified,
].map(neverThrows);

/** Names of the policies that read `baselines` from their config (what `aks-netguard baseline` writes for). */
export const policiesWithBaselines: readonly string[] = allPolicies
  .filter((p) => p.configSchema?.properties.baselines !== undefined)
  .map((p) => p.name);
