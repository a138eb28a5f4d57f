/** Bad input: names the field, shows the value and says what is accepted. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${field}: ${describeValue(value)} is not valid; expected ${expected}.`);
    this.name = "InputError";
  }
}

/** Replaces every secret's plain text in a message; longest first so a secret inside another is not half-shown. */
export function redact(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  return [...secrets].sort((a, b) => b.length - a.length).reduce((t, s) => t.split(s).join("[secret]"), text);
}

/**
 * Runs a read of engine values; an InputError it throws comes out with every secret's text replaced, in the message
 * and in the value it carries, because validation runs on values already unwrapped from their secret wrappers.
 */
export function withSecretsRedacted<T>(secrets: ReadonlySet<string>, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError) || secrets.size === 0) throw error;
    const list = [...secrets];
    const leaks = (text: string) => list.some((s) => text.includes(s));
    let valueLeaks = false;
    forEachText(error.value, (text) => (valueLeaks ||= leaks(text)));
    if (!leaks(error.message) && !valueLeaks) throw error;
    const redacted = new InputError(
      redact(error.field, list),
      valueLeaks ? "[secret]" : error.value,
      redact(error.expected, list),
    );
    redacted.message = redact(error.message, list);
    throw redacted;
  }
}

/** Calls `visit` with every string and number inside a JSON-like value; iterative, so any depth is safe. */
export function forEachText(value: unknown, visit: (text: string) => void): void {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === "string") visit(v);
    else if (typeof v === "number") visit(String(v));
    else if (typeof v === "object" && v !== null && !seen.has(v)) {
      seen.add(v);
      for (const child of Array.isArray(v) ? v : Object.values(v)) pending.push(child);
    }
  }
}

/** The engine's wire encoding of a secret: `{ [SIGNATURE_KEY]: SECRET_SIGNATURE, value }`. */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
/** The engine's marker for a value not known until apply, and the typed sentinels @pulumi/policy deserializes it to. */
const UNKNOWN_MARKERS = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isSecretWrapper(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/** A value in the engine's secret encoding (what a provider that accepts secrets must answer for a secret output). */
export function wrapSecret(value: unknown): Record<string, unknown> {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

export function isUnknownMarker(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_MARKERS.has(value);
}

/** A short, safe rendering of a value for messages: secrets are never shown, long text is cut. */
export function describeValue(value: unknown): string {
  if (isSecretWrapper(value)) return "[secret]";
  if (isUnknownMarker(value)) return "[unknown until apply]";
  if (value === undefined) return "undefined";
  if (typeof value === "string")
    return printable(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return "an object";
}

/**
 * Text from outside (files, ARM answers) made safe for a terminal: control characters other than newline and tab — C0,
 * DEL, C1 (an ESC or CSI would let input drive the terminal) and bidirectional overrides — are shown as \u escapes.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
