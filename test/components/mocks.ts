import * as pulumi from "@pulumi/pulumi";
import {
  drain,
  GET_MANAGED_CLUSTER,
  startMockRuntime,
  type Invoke,
  type Registration,
} from "../../preview/mock-runtime";

interface CapturedOptions {
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.CustomResourceOptions;
}

/** An ARM error answer to the getManagedCluster lookup. */
export interface ArmFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface MockEngineOptions {
  /** What getManagedCluster returns (the invoke's result); absent: ARM answers 404 ResourceNotFound. */
  live?: Record<string, unknown>;
  /** Answer the lookup with this ARM error instead. */
  lookupFailure?: ArmFailure;
  /** Outputs the resource has in the stack's state (e.g. a migration's `applied`; `id`, its id), by type and inputs. */
  state?: (type: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
  /**
   * Resources of these types are being created by this preview: as the engine does, their registration hands back only
   * their inputs, so output-only properties (an azure-native resource's `name`, `id`s) are unknown.
   */
  creating?: readonly string[];
  /** A preview (default) or an update. */
  preview?: boolean;
  /**
   * Answers to other invokes by token (azure-native's network and pool lookups), given the provider the invoke ran on
   * (`urn::id`, undefined for the default provider); a thrown error is the invoke's failure.
   */
  answers?: Record<string, (args: Record<string, unknown>, provider?: string) => Record<string, unknown>>;
  /**
   * The provider's Check by resource type, as the engine calls it before it registers the resource: its failures fail
   * the registration with the engine's text, and the checked inputs are the resource's (in a preview, its outputs).
   */
  check?: Record<string, (inputs: Record<string, unknown>) => Promise<CheckResult>>;
}

interface CheckResult {
  readonly inputs: Record<string, unknown>;
  readonly failures?: readonly { readonly property: string; readonly reason: string }[];
}

export { GET_MANAGED_CLUSTER, drain };

/**
 * The text the SDK's invoke rejects with when azure-native's lookup fails: the engine wraps the provider's error
 * ("invocation of … returned an error: …"), and the provider wraps its HTTP client's response error
 * ("request failed <id>: …", azcore's layout with the ARM code and body).
 */
export function engineInvokeError(token: string, resourceId: string, failure: ArmFailure): Error {
  const rule = "-".repeat(80);
  const body = JSON.stringify({ error: { code: failure.code, message: failure.message } }, null, 2);
  const azcore = [
    `GET https://management.azure.com${resourceId}?api-version=2025-09-01`,
    rule,
    `RESPONSE ${failure.status}: ${failure.status} ${statusText(failure.status)}`,
    `ERROR CODE: ${failure.code}`,
    rule,
    body,
    rule,
  ].join("\n");
  const details = `invocation of ${token} returned an error: request failed ${resourceId}: ${azcore}`;
  // As gRPC-js hands a failed call to the SDK's callback: status 2 (UNKNOWN) with the engine's text in `details`.
  return Object.assign(new Error(`2 UNKNOWN: ${details}`), { code: 2, details });
}

function statusText(status: number): string {
  return (
    (
      { 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error" } as Record<
        number,
        string
      >
    )[status] ?? "Error"
  );
}

const clusterIdOf = (inputs: Record<string, unknown>) =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${String(inputs.resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${String(inputs.resourceName)}`;

/**
 * Sets the engine's mock runtime: records every registered resource and invoke, answers getManagedCluster as
 * azure-native does (the live cluster, a 404 ResourceNotFound, or the given ARM failure), lets a test give resources
 * outputs from the stack's state, and collects the warnings the program logs.
 */
export async function mockEngine(options: MockEngineOptions = {}) {
  const runtime = await startMockRuntime({
    project: "proj",
    stack: "dev",
    preview: options.preview ?? true,
    azureNameInputs: ["resourceName"],
    cluster: {
      current: (inputs) => {
        if (options.lookupFailure !== undefined)
          throw engineInvokeError(GET_MANAGED_CLUSTER, clusterIdOf(inputs), options.lookupFailure);
        return options.live;
      },
      missing: (inputs) =>
        engineInvokeError(GET_MANAGED_CLUSTER, clusterIdOf(inputs), {
          status: 404,
          code: "ResourceNotFound",
          message: `The Resource 'Microsoft.ContainerService/managedClusters/${String(inputs.resourceName)}' under resource group '${String(inputs.resourceGroupName)}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        }),
    },
    answers: options.answers,
    check: async ({ type, name, inputs }) => {
      const check = options.check?.[type];
      if (check === undefined) return inputs;
      const checked = await check(inputs);
      if ((checked.failures ?? []).length > 0)
        throw new Error(
          `${type} resource '${name}': ${(checked.failures ?? []).map((f) => `property ${f.property} has a problem: ${f.reason}`).join("; ")}`,
        );
      return checked.inputs;
    },
    creating: (type) => options.creating?.includes(type) === true,
    stored: ({ type }, inputs) => {
      const extra = options.state?.(type, inputs) ?? {};
      return { id: typeof extra.id === "string" ? extra.id : undefined, outputs: extra };
    },
    captureWarnings: true,
  });
  const { warnings, restore } = runtime;
  const resources: Registration[] = runtime.registrations;
  /** Each invoke with the provider it ran on. */
  const invokes: Invoke[] = runtime.invokes;
  const find = (type: string) => resources.filter((r) => r.type === type);
  return { resources, invokes, warnings, restore, find };
}

/** Records each resource's options as the component passes them, through a component-level transformation. */
export function optionsRecorder() {
  const seen: CapturedOptions[] = [];
  const transformation: pulumi.ResourceTransformation = (args) => {
    seen.push({ type: args.type, name: args.name, opts: args.opts as pulumi.CustomResourceOptions });
    return undefined;
  };
  const optionsOf = (type: string) => seen.find((s) => s.type === type)?.opts;
  return { seen, transformation, optionsOf };
}

/** The value of an output, rejecting when it failed; `undefined` when the engine does not know it (a preview). */
export function settle<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Whether the engine knows the output's value (false for values a preview cannot know yet). */
export function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}
