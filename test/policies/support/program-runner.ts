import * as pulumi from "@pulumi/pulumi";
import { urnOf, type EngineResource } from "../../support/policy-server";

const PROJECT = "proj";
const STACK = "dev";

/**
 * Runs a Pulumi program module under the engine's mock runtime (preview) inside a Stack, as the language host runs a
 * program, and returns what it registered as the engine would send it to a policy pack: type, name, URN, inputs and the
 * resource options a policy sees (captured by a stack transformation, since mocks receive no options).
 */
export async function runProgram(load: () => Promise<Record<string, unknown>>): Promise<EngineResource[]> {
  const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
  const options = new Map<string, { ignoreChanges?: string[]; protect?: boolean }>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        // azure-native's `name` output is the Azure resource's name.
        const inputs = args.inputs as Record<string, unknown>;
        return {
          id: `${args.name}-id`,
          state: {
            ...inputs,
            name: inputs.resourceName ?? inputs.agentPoolName ?? inputs.virtualNetworkName ?? args.name,
          },
        };
      },
      call: () => ({}),
    },
    PROJECT,
    STACK,
    true,
  );
  let exported: Record<string, unknown> = {};
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      options.set(`${args.type}::${args.name}`, { ignoreChanges: args.opts.ignoreChanges, protect: args.opts.protect });
      return undefined;
    });
    exported = await load();
  });
  const resources = Object.values(exported).filter((v): v is pulumi.Resource => pulumi.Resource.isInstance(v));
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  return registered
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: urnOf(r.type, r.name, STACK, PROJECT),
      props: r.inputs,
      ...options.get(`${r.type}::${r.name}`),
    }));
}
