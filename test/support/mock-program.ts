import * as pulumi from "@pulumi/pulumi";
import type { AnalyzedResource } from "../../preview/policy-client";

export const PROJECT = "proj";
export const STACK = "dev";

/** Runs a Pulumi program module under the engine's mock runtime and returns what it registered, as the analyzer sees it. */
export async function runUnderMocks(
  load: () => Promise<Record<string, unknown>>,
  call: (token: string, args: Record<string, unknown>) => Record<string, unknown> = () => ({}),
): Promise<AnalyzedResource[]> {
  const captured: AnalyzedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured.push({
          type: args.type,
          name: args.name,
          urn: `urn:pulumi:${STACK}::${PROJECT}::${args.type}::${args.name}`,
          props: args.inputs as Record<string, unknown>,
        });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => call(args.token, args.inputs as Record<string, unknown>),
    },
    PROJECT,
    STACK,
    true,
  );
  const programExports = await load();
  const resources = Object.values(programExports).filter((v): v is pulumi.Resource => pulumi.Resource.isInstance(v));
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  return captured;
}
