import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";

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
  const resources: RecordedResource[] = [];
  const warnings: string[] = [];
  const options = new Map<string, { protect: boolean; ignoreChanges: string[]; parent?: string }>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        const seen = options.get(`${args.type}::${args.name}`);
        const urn = `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`;
        resources.push({
          type: args.type,
          name: args.name,
          urn,
          custom: args.custom ?? true,
          props: inputs,
          protect: seen?.protect ?? false,
          ignoreChanges: seen?.ignoreChanges ?? [],
          parent: seen?.parent,
        });
        const prior = state.resourceState?.[args.name] ?? {};
        return { id: `${args.name}-id`, state: { ...inputs, name: inputs.resourceName ?? args.name, ...prior } };
      },
      call: (args) => {
        if (args.token !== "azure-native:containerservice:getManagedCluster") return {};
        const name = String((args.inputs as Record<string, unknown>).resourceName);
        const live = state.liveClusters?.[name];
        if (live !== undefined) return live;
        // As the engine relays a provider's failed invoke: a gRPC error whose details carry ARM's answer.
        const details = `Code="ResourceNotFound" Message="The Resource 'Microsoft.ContainerService/managedClusters/${name}' was not found."`;
        throw Object.assign(new Error(details), { code: 2, details });
      },
    },
    project,
    stack,
    true,
  );
  (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string) => {
    warnings.push(message);
  };
  const record: pulumi.ResourceTransformation = (args) => {
    options.set(`${args.type}::${args.name}`, {
      protect: args.opts.protect === true,
      ignoreChanges: [...((args.opts as pulumi.CustomResourceOptions).ignoreChanges ?? [])],
      parent: parentUrn(args.opts.parent, project, stack),
    });
    return undefined;
  };
  let error: string | undefined;
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(record);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is a path known only at run time
      const program = require(programPath) as Record<string, unknown>;
      const outputs = Object.values(program).filter((v): v is pulumi.Output<unknown> => pulumi.Output.isInstance(v));
      await Promise.all(outputs.map((o) => new Promise((resolve) => o.apply((v) => resolve(v)))));
      return program;
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.off("unhandledRejection", onRejection);
  if (error === undefined && failures.length > 0)
    error = failures.map((f) => (f instanceof Error ? f.message : String(f))).join("\n");
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
