import { forEachText, InputError, isSecretWrapper, isUnknownMarker } from "./errors";
import { canonicalEnumValue } from "./enums";

/** A value the engine has not computed yet (preview); callers decide whether that is fatal. */
export class UnknownValueError extends Error {
  constructor(readonly field: string) {
    super(`${field} is not known until apply`);
    this.name = "UnknownValueError";
  }
}

/**
 * Reads fields of a JSON-like object case-insensitively (ARM, az and azure-native spell keys differently),
 * unwrapping engine secrets and remembering their plain text so messages can redact them.
 */
export class FieldReader {
  private readonly keys: Map<string, string>;

  constructor(
    private readonly obj: Record<string, unknown>,
    readonly path: string,
    readonly secrets: Set<string>,
    /** When given, unknown values are recorded here and read as unset instead of throwing. */
    readonly unknowns?: string[],
  ) {
    this.keys = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
  }

  static of(value: unknown, path: string, secrets: Set<string>, expected: string, unknowns?: string[]): FieldReader {
    const plain = unwrap(value, path, secrets, unknowns);
    if (typeof plain !== "object" || plain === null || Array.isArray(plain))
      throw new InputError(path, value, expected);
    return new FieldReader(plain as Record<string, unknown>, path, secrets, unknowns);
  }

  field(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    const v = this.raw(key);
    return v !== undefined && v !== null;
  }

  raw(key: string): unknown {
    const actual = this.keys.get(key.toLowerCase());
    return actual === undefined ? undefined : this.obj[actual];
  }

  get(key: string): unknown {
    const v = unwrap(this.raw(key), this.field(key), this.secrets, this.unknowns);
    return v === null ? undefined : v;
  }

  string(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw new InputError(this.field(key), v, "a string");
    return v;
  }

  number(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw new InputError(this.field(key), v, "a non-negative number");
    return v;
  }

  boolean(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw new InputError(this.field(key), v, "true or false");
    return v;
  }

  enumValue<T extends string>(key: string, values: Record<string, T>): T | undefined {
    const v = this.string(key);
    if (v === undefined || v.trim() === "") return undefined;
    const canonical = canonicalEnumValue(values, v);
    if (canonical === undefined) {
      throw new InputError(this.field(key), v, `one of ${Object.values(values).join(", ")} (any case)`);
    }
    return canonical;
  }

  object(key: string): FieldReader | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    return FieldReader.of(v, this.field(key), this.secrets, "an object", this.unknowns);
  }

  array(key: string): unknown[] | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw new InputError(this.field(key), v, "an array");
    return v
      .map((item, i) => unwrap(item, `${this.field(key)}[${i}]`, this.secrets, this.unknowns))
      .filter((item) => item !== undefined);
  }

  stringArray(key: string): string[] | undefined {
    const items = this.array(key);
    return items?.map((item, i) => {
      if (typeof item !== "string") throw new InputError(`${this.field(key)}[${i}]`, item, "a string");
      return item;
    });
  }
}

// Loops, not recursion: input may nest secrets or values arbitrarily deep.
function unwrap(value: unknown, field: string, secrets: Set<string>, unknowns?: string[]): unknown {
  let inner = value;
  let secret = false;
  while (isSecretWrapper(inner)) {
    inner = inner.value;
    secret = true;
  }
  if (isUnknownMarker(inner)) {
    if (unknowns === undefined) throw new UnknownValueError(field);
    unknowns.push(field);
    return undefined;
  }
  if (secret) forEachText(inner, (text) => text !== "" && secrets.add(text));
  return inner;
}
