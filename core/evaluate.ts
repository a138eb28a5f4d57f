import { checkAccepted } from "./accept";
import { resolveContext, type EvaluationContext } from "./context";
import { redact } from "./errors";
import type { ClusterNetwork } from "./model";
import { deriveIpamMode, podCidrApplies } from "./parse";
import { RULES } from "./rules/catalog";
import type { Finding, Operation, Rule, RuleInput, Unverified } from "./rules/types";

export { redact };

export interface Evaluation {
  readonly verdict: "allow" | "block";
  readonly findings: readonly Finding[];
  /** Rules that applied but could not be checked, each with what would verify it. */
  readonly unverified: readonly Unverified[];
}

/** Is this a valid cluster at all: the checks for a create. */
export function evaluateProfile(desired: ClusterNetwork, context?: EvaluationContext): Evaluation {
  return evaluateTransition(undefined, desired, context);
}

/**
 * Is this one update allowed: every profile rule for the resulting state plus every transition rule.
 * `current` undefined means the cluster does not exist yet (a create). `options.rules`: only these rules (by id), for a
 * caller that needs only their findings (a rule's findings never depend on another rule's).
 */
export function evaluateTransition(
  current: ClusterNetwork | undefined,
  desired: ClusterNetwork,
  context?: EvaluationContext,
  options: { readonly rules?: ReadonlySet<string> } = {},
): Evaluation {
  const operation: Operation = current === undefined ? "create" : "update";
  const input: RuleInput = {
    operation,
    current,
    desired: current === undefined ? desired : resolveDesired(current, desired),
    context: resolveContext(context),
  };
  const secrets = secretTexts(current, desired);
  const accepted = input.context.accepted;
  checkAccepted(accepted);
  const only = options.rules;
  // Plain loops: this runs for every cluster of every request the pack serves (thousands per AnalyzeStack).
  const findings: Finding[] = [];
  const unverified: Unverified[] = [];
  let blocks = false;
  for (const rule of rulesFor(operation)) {
    if (only !== undefined && !only.has(rule.id)) continue;
    const acceptance = rule.acceptable === true ? accepted[rule.id] : undefined;
    for (const f of runRule(rule, input, secrets)) {
      const finding = acceptance !== undefined ? { ...f, accepted: acceptance } : f;
      if (finding.severity === "block" && finding.accepted === undefined) blocks = true;
      findings.push(finding);
    }
    if (rule.needs !== undefined) pushUnverified(unverified, rule, rule.needs, input);
  }
  return { verdict: blocks ? "block" : "allow", findings, unverified };
}

/** The catalog's rules for each operation, in catalog order. */
const byOperation = new Map<Operation, readonly Rule[]>();

function rulesFor(operation: Operation): readonly Rule[] {
  let rules = byOperation.get(operation);
  if (rules === undefined) byOperation.set(operation, (rules = RULES.filter((rule) => appliesTo(rule, operation))));
  return rules;
}

function pushUnverified(into: Unverified[], rule: Rule, needs: NonNullable<Rule["needs"]>, input: RuleInput): void {
  for (const need of needs) {
    if (!need.missing(input)) continue;
    const reason = input.context.unavailable[need.fact];
    into.push({ rule: rule.id, needs: need.needs, ...(reason !== undefined ? { reason } : {}) });
  }
}

function appliesTo(rule: Rule, operation: Operation): boolean {
  return rule.scope === "both" || rule.scope === operation;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function runRule(rule: Rule, input: RuleInput, secrets: readonly string[]): readonly Finding[] {
  try {
    const violations = rule.check(input);
    // Most rules find nothing on most clusters: no array is made for them.
    if (violations.length === 0) return NO_FINDINGS;
    return violations.map((v) => ({
      rule: rule.id,
      severity: rule.severity,
      source: rule.source,
      message: redact(v.message, secrets),
      fix: redact(v.fix, secrets),
      ...(v.field !== undefined ? { field: v.field } : {}),
      ...(v.objects !== undefined && v.objects.length > 0 ? { objects: v.objects } : {}),
    }));
  } catch (error) {
    // A rule that cannot run must not pass silently, nor crash the caller.
    return [
      {
        rule: rule.id,
        severity: "block",
        source: rule.source,
        message: redact(
          `Rule ${rule.id} could not run on this input: ${error instanceof Error ? error.message : String(error)}.`,
          secrets,
        ),
        fix: "Check the cluster definition for malformed values; report the input if it is valid.",
      },
    ];
  }
}

/**
 * Fields an update leaves unset keep their current value, as AKS does for an `az aks update` without the flag.
 * The plugin mode goes with the plugin: naming the plugin without a mode means "no mode".
 */
export function resolveDesired(current: ClusterNetwork, desired: ClusterNetwork): ClusterNetwork {
  const pluginGiven = desired.networkPlugin !== undefined || desired.networkPluginMode !== undefined;
  const networkPlugin = desired.networkPlugin ?? current.networkPlugin;
  const networkPluginMode = pluginGiven ? desired.networkPluginMode : current.networkPluginMode;
  const nodePools = desired.nodePools.length > 0 ? desired.nodePools : current.nodePools;
  const kubernetesVersion = desired.kubernetesVersion ?? current.kubernetesVersion;
  const ipamMode = deriveIpamMode(networkPlugin, networkPluginMode, nodePools, kubernetesVersion);
  const podCidrMeaningful = podCidrApplies(ipamMode);
  const podCidrs = desired.podCidrs.length > 0 ? desired.podCidrs : podCidrMeaningful ? current.podCidrs : [];
  return Object.freeze({
    ...desired,
    name: desired.name ?? current.name,
    resourceGroup: desired.resourceGroup ?? current.resourceGroup,
    kubernetesVersion,
    networkPlugin,
    networkPluginMode,
    networkDataplane: desired.networkDataplane ?? current.networkDataplane,
    networkPolicy: desired.networkPolicy ?? current.networkPolicy,
    podCidrs: podCidrMeaningful ? podCidrs : [],
    ignoredPodCidrs: podCidrMeaningful ? desired.ignoredPodCidrs : [...desired.podCidrs, ...desired.ignoredPodCidrs],
    serviceCidrs: desired.serviceCidrs.length > 0 ? desired.serviceCidrs : current.serviceCidrs,
    dnsServiceIp: desired.dnsServiceIp ?? current.dnsServiceIp,
    ipFamilies: desired.ipFamilies.length > 0 ? desired.ipFamilies : current.ipFamilies,
    outboundType: desired.outboundType ?? current.outboundType,
    identityType: desired.identityType ?? current.identityType,
    nodeAutoProvisioning: desired.nodeAutoProvisioning ?? current.nodeAutoProvisioning,
    nodePools,
    ipamMode,
  });
}

function secretTexts(...models: (ClusterNetwork | undefined)[]): string[] {
  return models.flatMap((m) => m?.secretValues ?? []);
}
