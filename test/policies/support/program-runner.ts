import * as pulumi from "@pulumi/pulumi";
import { urnOf, type EngineResource } from "../../support/policy-server";
import { exportsSettled, stackOptionsRecorder, startMockRuntime } from "../../../preview/mock-runtime";

const PROJECT = "proj";
const STACK = "dev";

/**
 * Runs a Pulumi program module under the engine's mock runtime (preview) inside a Stack, as the language host runs a
 * program, and returns what it registered as the engine would send it to a policy pack: type, name, URN, inputs and the
 * resource options a policy sees (captured by a stack transformation, since mocks receive no options).
 */
export async function runProgram(load: () => Promise<Record<string, unknown>>): Promise<EngineResource[]> {
  const { registrations } = await startMockRuntime({
    project: PROJECT,
    stack: STACK,
    preview: true,
    // azure-native's `name` output is the Azure resource's name, here also a pool's and a VNet's.
    azureNameInputs: ["resourceName", "agentPoolName", "virtualNetworkName"],
    captureWarnings: false,
  });
  const recorder = stackOptionsRecorder();
  let exported: Record<string, unknown> = {};
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation(recorder.transformation);
    exported = await load();
  });
  await exportsSettled(exported, "resources");
  return registrations
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => {
      const passed = recorder.optionsOf(r.type, r.name);
      return {
        type: r.type,
        name: r.name,
        urn: urnOf(r.type, r.name, STACK, PROJECT),
        props: r.inputs,
        ...(passed === undefined ? {} : { ignoreChanges: passed.ignoreChanges, protect: passed.protect }),
      };
    });
}
