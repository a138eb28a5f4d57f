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
  constructor(
    private readonly obj: Record<string, unknown>,
    readonly path: string,
    readonly secrets: Set<string>,
    /** When given, unknown values are recorded here and read as unset instead of throwing. */
    readonly unknowns?: string[],
  ) {}

  static of(value: unknown, path: string, secrets: Set<string>, expected: string, unknowns?: string[]): FieldReader {
    const unwrapped = unwrap(value, secrets);
    const plain = unwrapped === UNKNOWN ? unknownAt(path, unknowns) : unwrapped;
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

  /**
   * The key as spelled, else the first key equal to it in any case. No per-object index: a pack reads the props of
   * every resource of a 10,000-resource stack once, and objects have a dozen keys.
   */
  raw(key: string): unknown {
    const obj = this.obj;
    if (Object.hasOwn(obj, key)) return obj[key];
    const wanted = lowerCase(key);
    // Keys are named in ASCII, and no character lowers to ASCII of another length: a key of another length never matches.
    for (const k in obj)
      if (k.length === wanted.length && lowerCase(k) === wanted && Object.hasOwn(obj, k)) return obj[k];
    return undefined;
  }

  get(key: string): unknown {
    const unwrapped = unwrap(this.raw(key), this.secrets);
    const v = unwrapped === UNKNOWN ? unknownAt(this.field(key), this.unknowns) : unwrapped;
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
    const items: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const item = unwrap(v[i], this.secrets);
      if (item === UNKNOWN) unknownAt(`${this.field(key)}[${i}]`, this.unknowns);
      else if (item !== undefined) items.push(item);
    }
    return items;
  }

  stringArray(key: string): string[] | undefined {
    const items = this.array(key);
    return items?.map((item, i) => {
      if (typeof item !== "string") throw new InputError(`${this.field(key)}[${i}]`, item, "a string");
      return item;
    });
  }
}

/** Field names by lower case, kept once each: the same few dozen names are compared for every object read. */
const lowered = new Map<string, string>();
const MAX_LOWERED = 10_000;

function lowerCase(key: string): string {
  let lower = lowered.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowered.size < MAX_LOWERED) lowered.set(key, lower);
  }
  return lower;
}

/** What `unwrap` returns for the engine's unknown marker: the caller names the field (only then is its path built). */
const UNKNOWN: unique symbol = Symbol("unknown value");

/** An unknown value read as unset and listed in `unknowns`, or, without that list, an UnknownValueError. */
function unknownAt(field: string, unknowns: string[] | undefined): undefined {
  if (unknowns === undefined) throw new UnknownValueError(field);
  unknowns.push(field);
  return undefined;
}

// Loops, not recursion: input may nest secrets or values arbitrarily deep.
function unwrap(value: unknown, secrets: Set<string>): unknown {
  let inner = value;
  let secret = false;
  while (isSecretWrapper(inner)) {
    inner = inner.value;
    secret = true;
  }
  if (isUnknownMarker(inner)) return UNKNOWN;
  if (secret) forEachText(inner, (text) => text !== "" && secrets.add(text));
  return inner;
}
