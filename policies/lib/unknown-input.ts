import { isSecretWrapper, isUnknownMarker } from "aks-netguard/core";

/** `a.b[1].c` → ["a", "b", 1, "c"]. */
function segments(path: string): (string | number)[] {
  return path.split(".").flatMap((part) =>
    part
      .split(/[[\]]/)
      .filter((s) => s !== "")
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
  );
}

/**
 * The field an input error names (`<label>.agentPoolProfiles[1].name`), relative to the props, when the value there (or
 * above it) is the engine's unknown marker: the parser read an unknown as unset and found it missing. Such a value is
 * not wrong, only not known yet in this preview. Keys match in any case, as the parser reads them.
 */
export function unknownBehind(props: Record<string, unknown>, field: string, label: string): string | undefined {
  const relative = field.startsWith(`${label}.`) ? field.slice(label.length + 1) : field;
  let value: unknown = props;
  for (const segment of segments(relative)) {
    if (isSecretWrapper(value)) value = value.value;
    if (isUnknownMarker(value)) return relative;
    if (typeof segment === "number") {
      if (!Array.isArray(value)) return undefined;
      value = value[segment];
    } else {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
      const key = Object.keys(value).find((k) => k.toLowerCase() === segment.toLowerCase());
      if (key === undefined) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return isUnknownMarker(isSecretWrapper(value) ? value.value : value) ? relative : undefined;
}
