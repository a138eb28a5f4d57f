import type {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  PolicyResource,
} from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";

export interface Reported {
  readonly message: string;
  readonly level: string;
  readonly urn?: string;
}

/** Stands in for the server's reportViolation: a string at the policy's level, or an object carrying its own level. */
function collector(policyLevel: string, out: Reported[]): ReportViolation {
  return ((message: unknown, urn?: string) => {
    if (typeof message === "object" && message !== null) {
      const v = message as { message: string; enforcementLevel?: string; urn?: string };
      out.push({ message: v.message, level: v.enforcementLevel ?? policyLevel, urn: v.urn });
    } else out.push({ message: String(message ?? ""), level: policyLevel, urn });
  }) as ReportViolation;
}

class NotApplicable extends Error {}

const urnOf = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;

/**
 * Runs a resource policy with args built the way @pulumi/policy's server builds them: props behind
 * unknownCheckingProxy, stackTags as a frozen map, getConfig for this policy's config, notApplicable throwing.
 * An UnknownValueError becomes the server's advisory.
 */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: { type: string; name: string; props: Record<string, unknown>; ignoreChanges?: string[]; protect?: boolean },
  options: {
    config?: Record<string, unknown>;
    stackTags?: Record<string, string>;
    enforcementLevel?: string;
    alreadyCloned?: boolean;
  } = {},
): Promise<Reported[]> {
  const out: Reported[] = [];
  const level = options.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
  const args: ResourceValidationArgs = {
    type: resource.type,
    name: resource.name,
    urn: urnOf(resource.type, resource.name),
    props: unknownCheckingProxy(options.alreadyCloned ? resource.props : structuredClone(resource.props)),
    opts: {
      protect: resource.protect ?? false,
      ignoreChanges: resource.ignoreChanges ?? [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    } as never,
    stackTags: new Map(Object.entries(options.stackTags ?? {})),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource === undefined
      ? []
      : [policy.validateResource];
  for (const validate of validations) {
    try {
      await validate(args, collector(level, out));
    } catch (error) {
      if (error instanceof UnknownValueError)
        out.push({ message: `can't run policy during preview: ${(error as Error).message}`, level: "advisory" });
      else if (!(error instanceof NotApplicable)) throw error;
    }
  }
  return out;
}

export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: { type: string; name: string; props: Record<string, unknown> }[],
  options: { config?: Record<string, unknown>; stackTags?: Record<string, string> } = {},
): Promise<Reported[]> {
  const out: Reported[] = [];
  const policyResources = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: urnOf(r.type, r.name),
    props: unknownCheckingProxy(structuredClone(r.props)),
    opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  })) as unknown as PolicyResource[];
  const args: StackValidationArgs = {
    resources: policyResources,
    stackTags: new Map(Object.entries(options.stackTags ?? {})),
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  await policy.validateStack(args, collector(policy.enforcementLevel ?? "advisory", out));
  return out;
}
