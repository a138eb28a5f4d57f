import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from "ip-num";
import { InputError } from "./errors";
import type { IpFamily } from "./enums";

type CidrRange = IPv4CidrRange | IPv6CidrRange;

export interface Cidr {
  readonly text: string;
  readonly family: IpFamily;
  readonly range: CidrRange;
  readonly prefix: number;
  /** First and last address as numbers, computed by ip-num once, so comparisons are cheap. */
  readonly first: bigint;
  readonly last: bigint;
}

// The same few CIDR strings are parsed over and over (every rule, every planned step); ip-num's parsing is the cost.
// By family, then by text: a hit allocates nothing.
const parsed = new Map<IpFamily | undefined, Map<string, Cidr>>();
let cached = 0;
const PARSE_CACHE_LIMIT = 10_000;

const parsedBefore = (value: unknown, family: IpFamily | undefined): Cidr | undefined =>
  typeof value === "string" ? parsed.get(family)?.get(value) : undefined;

/** Parses a CIDR or throws an InputError naming the field; host bits must be zero, as ARM requires. */
export function parseCidr(field: string, value: unknown, family?: IpFamily): Cidr {
  const hit = parsedBefore(value, family);
  if (hit !== undefined) return hit;
  const cidr = parseCidrUncached(field, value, family);
  if (cached >= PARSE_CACHE_LIMIT) {
    parsed.clear();
    cached = 0;
  }
  let byText = parsed.get(family);
  if (byText === undefined) parsed.set(family, (byText = new Map()));
  byText.set(value as string, cidr);
  cached++;
  return cidr;
}

function parseCidrUncached(field: string, value: unknown, family?: IpFamily): Cidr {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InputError(field, value, "a CIDR such as 10.244.0.0/16");
  }
  const text = value.trim();
  const looksV6 = text.includes(":");
  if (family === "IPv4" && looksV6) throw new InputError(field, value, "an IPv4 CIDR (this field does not take IPv6)");
  if (family === "IPv6" && !looksV6) throw new InputError(field, value, "an IPv6 CIDR (this field does not take IPv4)");
  const [valid, problems] = looksV6 ? Validator.isValidIPv6CidrNotation(text) : Validator.isValidIPv4CidrNotation(text);
  if (!valid) {
    throw new InputError(field, value, `a valid ${looksV6 ? "IPv6" : "IPv4"} CIDR (${problems.join("; ")})`);
  }
  const [aligned] = looksV6 ? Validator.isValidIPv6CidrRange(text) : Validator.isValidIPv4CidrRange(text);
  if (!aligned) {
    throw new InputError(field, value, "a CIDR whose address is the first of its range (host bits zero)");
  }
  const range = looksV6 ? IPv6CidrRange.fromCidr(text) : IPv4CidrRange.fromCidr(text);
  return Object.freeze({
    text,
    family: looksV6 ? "IPv6" : "IPv4",
    range,
    prefix: Number(range.getPrefix().getValue()),
    first: range.getFirst().getValue(),
    last: range.getLast().getValue(),
  });
}

const parsedIps = new Map<string, IPv4 | IPv6>();

/** Parses a plain IP address or throws an InputError naming the field. */
export function parseIp(field: string, value: unknown): IPv4 | IPv6 {
  if (typeof value === "string") {
    const hit = parsedIps.get(value);
    if (hit !== undefined) return hit;
    const text = value.trim();
    const ip = Validator.isValidIPv4String(text)[0]
      ? new IPv4(text)
      : text.includes(":") && Validator.isValidIPv6String(text)[0]
        ? new IPv6(text)
        : undefined;
    if (ip !== undefined) {
      if (parsedIps.size >= PARSE_CACHE_LIMIT) parsedIps.clear();
      parsedIps.set(value, ip);
      return ip;
    }
  }
  throw new InputError(field, value, "an IP address such as 10.0.0.10");
}

export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first === b.first && a.last === b.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** True when `outer` contains every address of `inner`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function containsIp(range: Cidr, ip: IPv4 | IPv6): boolean {
  const ipFamily: IpFamily = ip instanceof IPv4 ? "IPv4" : "IPv6";
  const value = ip.getValue();
  return range.family === ipFamily && range.first <= value && value <= range.last;
}

/** The offset of an address from the start of a range (0 = network address, 1 = first host). */
export function offsetInRange(range: Cidr, ip: IPv4 | IPv6): bigint {
  return ip.getValue() - range.first;
}

/** Parses a CIDR list that is already known to be valid (values from a parsed model). */
export function cidrsOf(texts: readonly string[]): Cidr[] {
  return texts.map((t, i) => parsedBefore(t, undefined) ?? parseCidr(`cidr[${i}]`, t));
}

export const RESERVED_RANGES: readonly Cidr[] = [
  "169.254.0.0/16",
  "172.30.0.0/16",
  "172.31.0.0/16",
  "192.0.2.0/24",
].map((c) => parseCidr("reserved", c));

const PRIVATE_V4: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) =>
  parseCidr("private", c),
);
const PRIVATE_V6 = parseCidr("private", "fc00::/7");

/** RFC 1918, RFC 6598 (IPv4) or unique-local (IPv6). */
export function isPrivateRange(c: Cidr): boolean {
  if (c.family === "IPv6") return containsCidr(PRIVATE_V6, c);
  return PRIVATE_V4.some((p) => containsCidr(p, c));
}
