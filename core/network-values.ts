import { describeObject } from "./kubernetes";
import { resolveDesired } from "./evaluate";
import type { ClusterNetwork } from "./model";
import { parseCluster } from "./parse";
import { networkKey } from "./plan";
import type { Finding, Unverified } from "./rules/types";

/** The network fields a migration moves, as plain ARM values. */
export interface NetworkTargetValues {
  networkPlugin?: string;
  networkPluginMode?: string;
  networkDataplane?: string;
  networkPolicy?: string;
  podCidrs?: string[];
}

/** "single-step" refuses a target more than one supported operation away; "stepwise" applies one step per update. */
export type MigrationMode = "single-step" | "stepwise";
export const MIGRATION_MODES: readonly MigrationMode[] = ["single-step", "stepwise"];

/** A step of a plan as a program or a state shows it: what it does and the equivalent az command. */
export interface PlannedStep {
  readonly title: string;
  readonly azCommand: string;
}

export function networkValuesOf(c: ClusterNetwork): NetworkTargetValues {
  const values: NetworkTargetValues = {};
  if (c.networkPlugin !== undefined) values.networkPlugin = c.networkPlugin;
  if (c.networkPluginMode !== undefined) values.networkPluginMode = c.networkPluginMode;
  if (c.networkDataplane !== undefined) values.networkDataplane = c.networkDataplane;
  if (c.networkPolicy !== undefined) values.networkPolicy = c.networkPolicy;
  if (c.podCidrs.length > 0) values.podCidrs = [...c.podCidrs];
  return values;
}

/** True when `current` already is `target` (fields the target leaves out keep the current value). */
export function sameNetwork(current: NetworkTargetValues | undefined, target: NetworkTargetValues): boolean {
  if (current === undefined) return false;
  const from = parseCluster(current, "applied");
  return networkKey(resolveDesired(from, parseCluster(target, "target"))) === networkKey(from);
}

/** A network profile in one line: plugin / mode / data plane / policy / pod CIDRs. */
export function describeNetwork(c: ClusterNetwork): string {
  return networkKey(c).replace(/\|/g, " / ");
}

/** What is wrong and how to fix it, without the rule id; with the Kubernetes objects at fault and an acceptance's reason. */
export function findingText(f: Finding): string {
  const objects = f.objects?.length ? ` Objects: ${f.objects.map(describeObject).join(", ")}.` : "";
  const accepted = f.accepted !== undefined ? ` Accepted: ${f.accepted}` : "";
  return `${f.message}${objects} Fix: ${f.fix}${accepted}`;
}

/** A finding in one line: the rule id, what is wrong and the fix. */
export function describeFinding(f: Finding): string {
  return `[${f.rule}] ${findingText(f)}`;
}

/** What a rule that could not be checked needs, and why a reader could not supply it, when it said. */
export function unverifiedText(u: Unverified): string {
  return `supply ${u.needs}${u.reason !== undefined ? ` (could not be read: ${u.reason})` : ""}.`;
}

/** An unverified rule in one line: the rule id, then what to supply. */
export function describeUnverified(u: Unverified): string {
  return `[${u.rule}] not checked: ${unverifiedText(u)}`;
}

/** A plan step as programs and states record it (no cluster state). */
export function plannedStep(step: { readonly title: string; readonly azCommand: string }): PlannedStep {
  return { title: step.title, azCommand: step.azCommand };
}
