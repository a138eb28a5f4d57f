import * as pulumi from "@pulumi/pulumi";

export interface Captured {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
}

export interface CapturedOptions {
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.CustomResourceOptions;
}

/**
 * Sets the engine's mock runtime: records every registered resource, answers getManagedCluster with `live` (or
 * ResourceNotFound when it is undefined) and lets a test give dynamic resources a prior state (preview of an update).
 */
export async function mockEngine(options: { live?: Record<string, unknown>; state?: (type: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined; preview?: boolean } = {}) {
  const resources: Captured[] = [];
  const invokes: { token: string; args: Record<string, unknown> }[] = [];
  const warnings: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown>, custom: args.custom ?? true });
        const extra = options.state?.(args.type, args.inputs as Record<string, unknown>) ?? {};
        return { id: `${args.name}-id`, state: { ...args.inputs, name: (args.inputs as Record<string, unknown>).resourceName ?? args.name, ...extra } };
      },
      call: (args) => {
        invokes.push({ token: args.token, args: args.inputs as Record<string, unknown> });
        if (args.token === "azure-native:containerservice:getManagedCluster") {
          if (options.live === undefined) {
            // As the engine relays a provider's invoke failure: a gRPC error whose details carry ARM's answer.
            const details = `Code="ResourceNotFound" Message="The Resource 'Microsoft.ContainerService/managedClusters/${String((args.inputs as Record<string, unknown>).resourceName)}' under resource group '${String((args.inputs as Record<string, unknown>).resourceGroupName)}' was not found."`;
            throw Object.assign(new Error(details), { code: 2, details });
          }
          return options.live;
        }
        return {};
      },
    },
    "proj",
    "dev",
    options.preview ?? true,
  );
  const originalWarn = pulumi.log.warn;
  (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string) => {
    warnings.push(message);
  };
  const restore = () => ((pulumi.log as { warn: typeof pulumi.log.warn }).warn = originalWarn);
  return { resources, invokes, warnings, restore };
}

/** Records each resource's options as the component passes them, through a component-level transformation. */
export function optionsRecorder() {
  const seen: CapturedOptions[] = [];
  const transformation: pulumi.ResourceTransformation = (args) => {
    seen.push({ type: args.type, name: args.name, opts: args.opts as pulumi.CustomResourceOptions });
    return undefined;
  };
  return { seen, transformation };
}

export function settle<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    (output as unknown as { promise(): Promise<T> }).promise().then(resolve, reject);
  });
}

/** Waits until every registration the program started has been answered. */
export function drain(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
