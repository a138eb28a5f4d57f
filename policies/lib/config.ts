import type { PolicyConfigSchema, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

/** Every policy accepts exemptions; those that need the current profile also accept baselines. */
export interface Exemption {
  /** Pulumi resource name, Azure name or URN; `*` and `?` glob. */
  readonly resource?: string;
  /** A stack tag `key=value` the stack must carry. */
  readonly stackTag?: string;
  readonly reason?: string;
}

export interface PackPolicyConfig {
  readonly exemptions?: readonly Exemption[];
  /** `{ "<Pulumi resource name | Azure cluster name | URN>": <cluster in any of the three shapes> }` */
  readonly baselines?: Record<string, unknown>;
}

const exemptionsSchema = {
  type: "array",
  description: "Resources this policy skips, each with the reason echoed in an advisory.",
  items: {
    type: "object",
    properties: {
      resource: { type: "string", description: "Pulumi resource name, Azure name or URN; * and ? glob." },
      stackTag: { type: "string", description: "A stack tag key=value." },
      reason: { type: "string", minLength: 1 },
    },
    required: ["reason"],
  },
} as const;

const baselinesSchema = {
  type: "object",
  description:
    "Current cluster state by Pulumi resource name, Azure cluster name or URN: ARM JSON, `az aks show -o json` or azure-native args. `aks-netguard baseline` writes it.",
  additionalProperties: { type: "object" },
} as const;

export const exemptionsOnly: PolicyConfigSchema = { properties: { exemptions: exemptionsSchema as never } };
export const withBaselines: PolicyConfigSchema = {
  properties: { exemptions: exemptionsSchema as never, baselines: baselinesSchema as never },
};

export function configOf(args: ResourceValidationArgs | StackValidationArgs): PackPolicyConfig {
  return args.getConfig<PackPolicyConfig>();
}
