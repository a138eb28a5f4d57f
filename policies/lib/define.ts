import type {
  EnforcementLevel,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity as PolicySeverity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { Finding } from "aks-netguard/core";
import { configOf, exemptionsOnly, withBaselines } from "./config";
import { isExempt } from "./exemptions";
import { onlyFor } from "./not-applicable";
import { findingMessage, reportAt } from "./report";
import { indexStack, type StackIndex } from "./stack-index";

/** What a policy's check reports through: the policy's name, level and exemptions are already bound. */
export interface PolicyReport {
  /** A violation at the policy's own level, tagged with the policy's name. */
  violation(message: string, urn?: string): void;
  /** An advisory, whatever the policy's level, tagged with the policy's name. */
  advisory(message: string, urn?: string): void;
  /**
   * A rule's finding, tagged with the rule id: a block at the policy's level and a warning as an advisory, or with
   * `atPolicyLevel` both at the policy's level (a rule's own policy, whose level the config may change). `namePolicy`
   * adds the policy's name after the rule id, for a policy that reports other rules' findings (the stack policies).
   */
  finding(
    finding: Finding,
    options?: { subject?: string; urn?: string; atPolicyLevel?: boolean; namePolicy?: boolean },
  ): void;
  /** True when one of `names` is exempt from this policy (said in an advisory with the reason). */
  exempt(names: readonly string[]): boolean;
}

interface PolicyDefinition {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** "baselines": the policy reads the cluster's current profile from its config; every policy takes exemptions. */
  readonly config?: "baselines";
  readonly severity?: PolicySeverity;
  readonly remediationSteps?: string;
  readonly url?: string;
}

interface ResourcePolicyDefinition extends PolicyDefinition {
  /** The resource types the policy is for, and what the engine is told for the others. */
  readonly appliesTo: { readonly types: (type: string) => boolean; readonly reason: string };
  readonly check: (args: ResourceValidationArgs, report: PolicyReport) => void | Promise<void>;
}

interface StackPolicyDefinition extends PolicyDefinition {
  /** `stack` is the stack's resources indexed once: clusters, their separate pools and the VNets declared beside them. */
  readonly check: (args: StackValidationArgs, report: PolicyReport, stack: StackIndex) => void | Promise<void>;
}

/** A resource policy of the pack: the definition's fields become the SDK's, and the check reports through `PolicyReport`. */
export function resourcePolicy(definition: ResourcePolicyDefinition): ResourceValidationPolicy {
  const { appliesTo, check, config: _config, ...fields } = definition;
  return {
    ...fields,
    configSchema: schemaOf(definition),
    validateResource: onlyFor(appliesTo.types, appliesTo.reason, (args, report) =>
      check(args, reporter(definition.name, args, report)),
    ),
  };
}

/** A stack policy of the pack, bound the same way as `resourcePolicy`. */
export function stackPolicy(definition: StackPolicyDefinition): StackValidationPolicy {
  const { check, config: _config, ...fields } = definition;
  return {
    ...fields,
    configSchema: schemaOf(definition),
    validateStack: (args, report) => check(args, reporter(definition.name, args, report), indexStack(args.resources)),
  };
}

function schemaOf(definition: PolicyDefinition) {
  return definition.config === "baselines" ? withBaselines : exemptionsOnly;
}

function reporter(
  name: string,
  args: ResourceValidationArgs | StackValidationArgs,
  report: ReportViolation,
): PolicyReport {
  const tagged = (message: string) => `${message} [${name}]`;
  return {
    violation: (message, urn) => reportAt(report, undefined, tagged(message), urn),
    advisory: (message, urn) => reportAt(report, "advisory", tagged(message), urn),
    finding: (finding, options = {}) =>
      reportAt(
        report,
        finding.severity === "block" || options.atPolicyLevel === true ? undefined : "advisory",
        options.namePolicy === true
          ? `${findingMessage(finding, options.subject)} (${name})`
          : findingMessage(finding, options.subject),
        options.urn,
      ),
    exempt: (names) => isExempt(name, configOf(args).exemptions, names, args.stackTags, report),
  };
}
