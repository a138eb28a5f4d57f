import { forEachText, isSecretWrapper, wrapSecret } from "../core/errors";

/** Properties as the engine sends them to a provider that accepts secrets, with the secrets taken out of their wrappers. */
export interface Unwrapped {
  readonly props: Record<string, unknown>;
  /** Top-level properties that held a secret anywhere inside. */
  readonly secretKeys: ReadonlySet<string>;
  /** The plain text of every secret value, for redacting messages. */
  readonly secretTexts: ReadonlySet<string>;
}

/** Takes every secret out of its wrapper, remembering which properties held one and what their text is. */
export function unwrapSecrets(props: Record<string, unknown> | undefined): Unwrapped {
  const secretKeys = new Set<string>();
  const secretTexts = new Set<string>();
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    let secret = false;
    plain[key] = unwrap(value, (inner) => {
      secret = true;
      forEachText(inner, (text) => {
        if (text !== "") secretTexts.add(text);
      });
    });
    if (secret) secretKeys.add(key);
  }
  return { props: plain, secretKeys, secretTexts };
}

function unwrap(value: unknown, onSecret: (inner: unknown) => void): unknown {
  if (isSecretWrapper(value)) {
    onSecret(value.value);
    return unwrap(value.value, onSecret);
  }
  if (Array.isArray(value)) return value.map((v) => unwrap(v, onSecret));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v, onSecret)]));
  return value;
}

/** Wraps the named properties again, so the engine keeps them secret in state and in every output. */
export function wrapSecrets(props: Record<string, unknown>, secretKeys: Iterable<string>): Record<string, unknown> {
  const wrapped = { ...props };
  for (const key of secretKeys) if (wrapped[key] !== undefined) wrapped[key] = wrapSecret(wrapped[key]);
  return wrapped;
}
