import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";
import { redact } from "../core/errors";
import { AKS_CLUSTER_TYPE as AKS_CLUSTER, NETWORK_MIGRATION_TYPE as NETWORK_MIGRATION } from "../core/component-shape";
import { unwrapSecrets, wrapSecrets, type Unwrapped } from "./secrets";
import type { PackageSchema } from "./schema";

/** Outputs computed from the inputs: secret when any input was. */
const DERIVED_OUTPUTS = ["applied", "remainingSteps", "nextStep", "nextProfile", "notChecked"];
/** What a state written by the old dynamic resource carries that the provider no longer reads. */
const DYNAMIC_PROVIDER_KEY = "__provider";

type Props = Record<string, unknown>;

/** The resource type in a URN (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`). */
function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/**
 * aks-netguard's provider plugin: Construct of the AksCluster component and CRUD of its NetworkMigration custom
 * resource, in one process. A thin adapter: the component code (components/) and the migration logic (arm/) do the
 * work; this unwraps the secrets the engine sends, dispatches by type and wraps the secrets again. The modules behind
 * it load on first use, so GetSchema answers without loading Azure's SDKs.
 */
export class AksNetguardProvider implements Provider {
  private schemaObject?: PackageSchema;

  constructor(
    readonly version: string,
    private readonly schemaText: () => string,
  ) {}

  async getSchema(): Promise<string> {
    return this.schemaText();
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<ConstructResult> {
    if (type !== AKS_CLUSTER)
      throw new Error(`unknown component type ${type}; this provider constructs ${AKS_CLUSTER}`);
    const component = this.parsedSchema().resources[AKS_CLUSTER];
    // A program in another language may leave out what its SDK would have demanded; say which, not a TypeError.
    const missing = (component?.requiredInputs ?? []).filter((key) => inputs[key] === undefined);
    if (missing.length > 0) {
      const list = missing.map((key) => `"${key}"`).join(", ");
      throw plainError(
        `AksCluster "${name}": ${list} ${missing.length > 1 ? "are" : "is"} required and not given; set ${missing.length > 1 ? "them" : "it"} as in the schema's AksCluster inputs`,
      );
    }
    const { AksCluster } = await import("../components/aks-cluster");
    const cluster = new AksCluster(name, inputs as unknown as ConstructorParameters<typeof AksCluster>[1], options);
    const outputs = Object.keys(component?.properties ?? {});
    const state = Object.fromEntries(outputs.map((key) => [key, (cluster as unknown as Props)[key]]));
    return { urn: cluster.urn, state };
  }

  async check(urn: string, olds: Props, news: Props) {
    const [old, next] = [this.plain(urn, olds), this.plain(urn, news)];
    const secrets = union(old, next);
    const result = await withRedaction(secrets, async () => (await migration()).check(old.props, next.props));
    return {
      inputs: wrapSecrets(result.inputs as Props, secretOutputs(next.secretKeys)),
      failures: (result.failures ?? []).map((f) => ({ property: f.property, reason: redact(f.reason, [...secrets]) })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props) {
    const [old, next] = [this.plain(urn, olds), this.plain(urn, news)];
    return withRedaction(union(old, next), async () => (await migration()).diff(id, old.props, next.props));
  }

  async create(urn: string, inputs: Props) {
    const next = this.plain(urn, inputs);
    const created = await withRedaction(next.secretTexts, async () => (await migration()).create(next.props));
    return { id: created.id, outs: wrapSecrets(created.outs as Props, secretOutputs(next.secretKeys)) };
  }

  async update(id: string, urn: string, olds: Props, news: Props) {
    const [old, next] = [this.plain(urn, olds), this.plain(urn, news)];
    const updated = await withRedaction(union(old, next), async () =>
      (await migration()).update(id, old.props, next.props),
    );
    return { outs: wrapSecrets((updated.outs ?? {}) as Props, secretOutputs(next.secretKeys)) };
  }

  async read(id: string, urn: string, props?: Props) {
    const state = this.plain(urn, props);
    const read = await (await migration()).read(id, state.props);
    return { id: read.id ?? id, props: wrapSecrets((read.props ?? {}) as Props, secretOutputs(state.secretKeys)) };
  }

  async delete(id: string, urn: string, props: Props) {
    const state = this.plain(urn, props);
    await (await migration()).delete(id, state.props);
  }

  private parsedSchema(): PackageSchema {
    this.schemaObject ??= JSON.parse(this.schemaText()) as PackageSchema;
    return this.schemaObject;
  }

  /** The properties of a NetworkMigration with its secrets unwrapped and the old dynamic provider's text left out. */
  private plain(urn: string, props: Props | undefined): Unwrapped {
    const type = typeOfUrn(urn);
    if (type !== NETWORK_MIGRATION)
      throw new Error(`unknown resource type ${type}; this provider manages ${NETWORK_MIGRATION}`);
    const rest = { ...props };
    delete rest[DYNAMIC_PROVIDER_KEY];
    return unwrapSecrets(rest);
  }
}

async function migration() {
  return (await import("../arm/network-migration-provider")).networkMigrationProvider;
}

function union(a: Unwrapped, b: Unwrapped): Set<string> {
  return new Set([...a.secretTexts, ...b.secretTexts]);
}

function secretOutputs(secretInputs: ReadonlySet<string>): string[] {
  return secretInputs.size === 0 ? [] : [...secretInputs, ...DERIVED_OUTPUTS];
}

/**
 * Runs a call whose error the engine shows the user: a secret's text never appears in it, and it carries no stack
 * trace (the provider server prints a failed Diff's stack; a message that names the field and the fix is enough).
 */
async function withRedaction<T>(secrets: ReadonlySet<string>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw plainError(redact(error instanceof Error ? error.message : String(error), [...secrets]));
  }
}

/** An error whose stack is its message: the provider server relays the stack, and the message says all. */
function plainError(message: string): Error {
  const plain = new Error(message);
  plain.stack = message;
  return plain;
}
