import { InputError } from "./errors";

interface MinorVersion {
  readonly major: number;
  readonly minor: number;
}

/** Reads "1.31", "1.31.2" or "v1.31.2" as major.minor; throws an InputError naming the field otherwise. */
export function parseKubernetesVersion(field: string, value: unknown): string {
  if (typeof value !== "string" || !/^v?\d+\.\d+(\.\d+)?$/.test(value.trim())) {
    throw new InputError(field, value, 'a Kubernetes version such as "1.31" or "1.31.2"');
  }
  return value.trim().replace(/^v/, "");
}

export function minorOf(version: string): MinorVersion {
  const [major, minor] = version.split(".").map(Number);
  return { major, minor };
}

/** True when `version` is at least `floor` (both "major.minor[.patch]"); compares major and minor only. */
export function atLeast(version: string, floor: string): boolean {
  const v = minorOf(version);
  const f = minorOf(floor);
  return v.major > f.major || (v.major === f.major && v.minor >= f.minor);
}

/** Compares dotted numeric versions such as Windows builds ("20348.1668"); negative when a < b. */
export function compareDotted(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
