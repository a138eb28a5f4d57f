import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { drain, exportsSettled, stackOptionsRecorder, startMockRuntime } from "./mock-runtime";

/** What one example program registered, as the engine would have sent it to the analyzers. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent?: string;
  readonly custom: boolean;
  readonly props: Record<string, unknown>;
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
}

export interface ProgramRun {
  readonly resources: RecordedResource[];
  readonly warnings: string[];
  readonly error?: string;
}

export interface RecordedState {
  /** What getManagedCluster answers, by Azure cluster name; absent: the cluster does not exist yet. */
  readonly liveClusters?: Record<string, Record<string, unknown>>;
  /** Prior state of resources by Pulumi name (e.g. a NetworkMigration's last applied profile). */
  readonly resourceState?: Record<string, Record<string, unknown>>;
}

/**
 * Runs a Pulumi program under the engine's mock runtime with a recorded current state: the live cluster answers the
 * program's getManagedCluster calls, and every registration is recorded with its options.
 */
async function runProgram(
  programPath: string,
  state: RecordedState,
  project: string,
  stack: string,
): Promise<ProgramRun> {
  const { registrations, warnings } = await startMockRuntime({
    project,
    stack,
    preview: true,
    azureNameInputs: ["resourceName"],
    cluster: {
      current: (args) => state.liveClusters?.[String(args.resourceName)],
      // As the engine relays a provider's failed invoke: a gRPC error whose details carry ARM's answer.
      missing: (args) => {
        const details = `Code="ResourceNotFound" Message="The Resource 'Microsoft.ContainerService/managedClusters/${String(args.resourceName)}' was not found."`;
        return Object.assign(new Error(details), { code: 2, details });
      },
    },
    stored: ({ name }) => ({ outputs: state.resourceState?.[name] ?? {} }),
    captureWarnings: true,
  });
  const recorder = stackOptionsRecorder();
  let error: string | undefined;
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(recorder.transformation);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is a path known only at run time
      const program = require(programPath) as Record<string, unknown>;
      await exportsSettled(program, "outputs");
      return program;
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await drain(100);
  process.off("unhandledRejection", onRejection);
  if (error === undefined && failures.length > 0)
    error = failures.map((f) => (f instanceof Error ? f.message : String(f))).join("\n");
  const resources = registrations.map((r): RecordedResource => {
    const passed = recorder.optionsOf(r.type, r.name);
    return {
      type: r.type,
      name: r.name,
      urn: `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`,
      custom: r.custom,
      props: r.inputs,
      protect: passed?.protect === true,
      ignoreChanges: [...(passed?.ignoreChanges ?? [])],
      parent: parentUrn(passed?.parent, project, stack),
    };
  });
  return { resources, warnings, error };
}

/** The parent's URN, from the type and name every Resource keeps (stack children have the stack as parent). */
function parentUrn(parent: pulumi.Resource | undefined, project: string, stack: string): string | undefined {
  const internal = parent as unknown as { __pulumiType?: string; __name?: string } | undefined;
  if (
    internal?.__pulumiType === undefined ||
    internal.__name === undefined ||
    internal.__pulumiType === "pulumi:pulumi:Stack"
  )
    return undefined;
  return `urn:pulumi:${stack}::${project}::${internal.__pulumiType}::${internal.__name}`;
}

// As a child process: `node program-host.js <program> <state.json> <project> <stack>` prints the run as JSON.
if (require.main === module) {
  const [program, statePath, project, stack] = process.argv.slice(2);
  const state = statePath ? (JSON.parse(readFileSync(statePath, "utf8")) as RecordedState) : {};
  runProgram(program, state, project ?? "example", stack ?? "dev").then(
    (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
    (error) => {
      process.stdout.write(`${JSON.stringify({ resources: [], warnings: [], error: String(error) })}\n`);
    },
  );
}
