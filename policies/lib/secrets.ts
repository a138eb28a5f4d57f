import * as deserialize from "@pulumi/policy/deserialize";
import { SECRET_SIG, SECRET_SIG_KEY } from "./engine-constants";

const MAX_REMEMBERED = 10_000;

/** Plain text of every secret value this pack process has been sent. */
const secretTexts = new Set<string>();

/** Walks every request's props (10,000 resources in a large AnalyzeStack): plain loops, no per-object entry arrays. */
function collect(value: unknown, inSecret: boolean): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collect(value[i], inSecret);
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const isSecret = inSecret || record[SECRET_SIG_KEY] === SECRET_SIG;
    for (const k in record) if (k !== SECRET_SIG_KEY && Object.hasOwn(record, k)) collect(record[k], isSecret);
  } else if (inSecret && (typeof value === "string" || typeof value === "number") && String(value) !== "") {
    rememberSecretText(String(value));
  }
}

/**
 * Remembers a secret's text, most recent last. At the limit the oldest is forgotten, never the newest: the secrets of
 * the request being analyzed are always remembered (a long preview once stopped redacting after 10,000 secrets).
 */
export function rememberSecretText(text: string): void {
  const known = secretTexts.delete(text);
  secretTexts.add(text);
  if (!known) longestFirst = undefined;
  if (secretTexts.size > MAX_REMEMBERED) {
    secretTexts.delete(secretTexts.values().next().value as string);
    longestFirst = undefined;
  }
}

/** The remembered secrets, longest first, sorted again only when the set of secrets changes (not on every message). */
let longestFirst: string[] | undefined;

let installed = false;
let requests = 0;
const requestOfProps = new WeakMap<object, number>();

/**
 * The request a props object was deserialized from: the same for every policy run on one resource, so they can share
 * one evaluation without comparing the props. Undefined for props the server did not deserialize (unit tests).
 */
export function requestIdOf(props: object): number | undefined {
  return requestOfProps.get(props);
}

type Struct = { toJavaScript(): unknown };
type Deserialize = (struct: Struct, proxySecrets: boolean) => unknown;

/**
 * @pulumi/policy's server unwraps secrets before a policy sees the props, so a policy cannot tell a secret from a plain
 * value. This records the plain text of secrets as the server deserializes each request, so every message can be
 * redacted; and a property the server cannot deserialize reaches the policies raw instead of failing the RPC.
 *
 * The server deserializes one request's props again for every policy (65 times per Analyze; once per stack policy and
 * resource in AnalyzeStack). The props of one request are decoded once here and the same object is handed to every
 * policy, each behind the server's own fresh unknown-checking proxy. No policy of this pack writes to its props.
 */
export function watchSecrets(): void {
  if (installed) return;
  installed = true;
  const module = deserialize as unknown as { deserializeProperties: Deserialize };
  const original = module.deserializeProperties;
  const decoded = new WeakMap<object, unknown>();
  module.deserializeProperties = (struct, proxySecrets) => {
    if (struct === null || typeof struct !== "object") return original(struct, proxySecrets);
    if (!proxySecrets && decoded.has(struct)) return decoded.get(struct);
    const props = decodeOnce(original, struct, proxySecrets);
    if (typeof props === "object" && props !== null) requestOfProps.set(props, ++requests);
    if (!proxySecrets) decoded.set(struct, props);
    return props;
  };
}

function decodeOnce(original: Deserialize, struct: Struct, proxySecrets: boolean): unknown {
  let plain: unknown;
  try {
    plain = struct.toJavaScript();
  } catch {
    return {}; // not even protobuf can read it: the policies see no props rather than the RPC failing
  }
  try {
    collect(plain, false);
  } catch {
    // too deep to walk: the server's own deserializer decides
  }
  try {
    return original({ toJavaScript: () => plain }, proxySecrets);
  } catch {
    return typeof plain === "object" && plain !== null ? plain : {};
  }
}

/** Replaces the plain text of every secret seen with [secret], longest first. */
export function redactSecrets(message: string): string {
  if (secretTexts.size === 0) return message;
  longestFirst ??= [...secretTexts].sort((a, b) => b.length - a.length);
  let out = message;
  for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join("[secret]");
  return out;
}
