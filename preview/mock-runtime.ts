import * as pulumi from "@pulumi/pulumi";

/**
 * The one home for running a Pulumi program under the engine's mock runtime: `npm start`'s program host and the
 * component and policy specs set the mocks here, and differ only in the options they pass.
 */

export const GET_MANAGED_CLUSTER = "azure-native:containerservice:getManagedCluster";

/** One registration as the engine received it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
}

/** One invoke, with the provider it ran on (`urn::id`; undefined for the default provider). */
export interface Invoke {
  readonly token: string;
  readonly args: Record<string, unknown>;
  readonly provider?: string;
}

/** What a registration hands back beyond its inputs: its id and outputs from the stack's state. */
interface StoredOutputs {
  readonly id?: string;
  readonly outputs?: Record<string, unknown>;
}

export interface MockRuntimeOptions {
  readonly project: string;
  readonly stack: string;
  /** A preview or an update. */
  readonly preview: boolean;
  /**
   * The inputs azure-native's `name` output is read from, first one set wins (the Azure resource's name); none present:
   * the Pulumi name.
   */
  readonly azureNameInputs: readonly string[];
  /**
   * How getManagedCluster is answered from the recorded current cluster: `current` gives the cluster for the lookup's
   * arguments (it may throw the lookup's failure), `missing` the error the lookup fails with when there is none.
   * Absent: getManagedCluster answers `{}` like any other unanswered invoke.
   */
  readonly cluster?: {
    readonly current: (args: Record<string, unknown>) => Record<string, unknown> | undefined;
    readonly missing: (args: Record<string, unknown>) => Error;
  };
  /** Answers to other invokes by token; a thrown error is the invoke's failure. */
  readonly answers?: Record<string, (args: Record<string, unknown>, provider?: string) => Record<string, unknown>>;
  /** The provider's Check, before the registration is answered: it may fail it, and gives the checked inputs. */
  readonly check?: (registration: Registration) => Promise<Record<string, unknown>>;
  /** Whether this preview creates the resource: its registration then hands back only its inputs, with no id. */
  readonly creating?: (type: string) => boolean;
  /** The resource's id and outputs in the stack's state (default id: `<name>-id`). */
  readonly stored?: (registration: Registration, inputs: Record<string, unknown>) => StoredOutputs | undefined;
  /** Collect the warnings the program logs instead of printing them. */
  readonly captureWarnings: boolean;
}

export interface MockRuntime {
  readonly registrations: Registration[];
  readonly invokes: Invoke[];
  readonly warnings: string[];
  /** Puts back the SDK's own warning log. */
  readonly restore: () => void;
}

/** Sets the engine's mock runtime: records every registration and invoke, and answers them as the options say. */
export async function startMockRuntime(options: MockRuntimeOptions): Promise<MockRuntime> {
  const registrations: Registration[] = [];
  const invokes: Invoke[] = [];
  const warnings: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const registration: Registration = {
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          custom: args.custom ?? true,
        };
        registrations.push(registration);
        const inputs = options.check === undefined ? registration.inputs : await options.check(registration);
        if (options.preview && options.creating?.(args.type) === true) return { id: undefined, state: { ...inputs } };
        const stored = options.stored?.(registration, inputs);
        const azureName = options.azureNameInputs.map((key) => inputs[key]).find((v) => v !== undefined && v !== null);
        return {
          id: stored?.id ?? `${args.name}-id`,
          state: { ...inputs, name: azureName ?? args.name, ...stored?.outputs },
        };
      },
      call: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        invokes.push({ token: args.token, args: inputs, provider: args.provider });
        const answer = options.answers?.[args.token];
        if (answer !== undefined) return answer(inputs, args.provider);
        if (args.token !== GET_MANAGED_CLUSTER || options.cluster === undefined) return {};
        const current = options.cluster.current(inputs);
        if (current === undefined) throw options.cluster.missing(inputs);
        return current;
      },
    },
    options.project,
    options.stack,
    options.preview,
  );
  const originalWarn = pulumi.log.warn;
  if (options.captureWarnings)
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string) => {
      warnings.push(message);
    };
  const restore = () => ((pulumi.log as { warn: typeof pulumi.log.warn }).warn = originalWarn);
  return { registrations, invokes, warnings, restore };
}

/** The resource options a policy sees, as the program passed them (mocks receive no options). */
export interface PassedOptions {
  readonly protect?: boolean;
  readonly ignoreChanges?: string[];
  readonly parent?: pulumi.Resource;
}

/** Records each resource's options by `type::name` through a stack transformation. */
export function stackOptionsRecorder() {
  const seen = new Map<string, PassedOptions>();
  const transformation: pulumi.ResourceTransformation = (args) => {
    seen.set(`${args.type}::${args.name}`, {
      protect: args.opts.protect,
      ignoreChanges: (args.opts as pulumi.CustomResourceOptions).ignoreChanges,
      parent: args.opts.parent,
    });
    return undefined;
  };
  const optionsOf = (type: string, name: string) => seen.get(`${type}::${name}`);
  return { transformation, optionsOf };
}

/**
 * Waits until the program's exports are known: the values of its exported Outputs, or the URNs of its exported
 * Resources (each runner waits on what it reads).
 */
export function exportsSettled(exports: Record<string, unknown>, on: "outputs" | "resources"): Promise<unknown[]> {
  const values = Object.values(exports);
  const pending: pulumi.Output<unknown>[] =
    on === "outputs"
      ? values.filter((v): v is pulumi.Output<unknown> => pulumi.Output.isInstance(v))
      : values.filter((v): v is pulumi.Resource => pulumi.Resource.isInstance(v)).map((r) => r.urn);
  return Promise.all(pending.map((o) => new Promise((resolve) => o.apply(resolve))));
}

/** Waits until every registration the program started has been answered. */
export function drain(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
