import * as pulumi from "@pulumi/pulumi";

/**
 * Resolves inputs for the rules core while keeping their secrecy: every value of a secret Output is handed over in the
 * engine's secret encoding, which the core unwraps and keeps out of every message. (`Output.apply` alone hands over
 * plain values, and a refusal would print a secret pod CIDR or subnet id.) Secrecy is marked on each text or number,
 * so the structure the core reads stays as written.
 */
export function resolveMarkingSecrets(inputs: unknown): pulumi.Output<unknown> {
  return pulumi.output(markOutputs(inputs));
}

function markOutputs(value: unknown): unknown {
  if (pulumi.Output.isInstance(value)) {
    return pulumi
      .all([value, pulumi.isSecret(value)])
      .apply(([resolved, secret]) => (secret ? markLeaves(resolved) : markOutputs(resolved)));
  }
  if (Array.isArray(value)) return value.map(markOutputs);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, markOutputs(child)]));
  return value;
}

function markLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markLeaves);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, markLeaves(child)]));
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
