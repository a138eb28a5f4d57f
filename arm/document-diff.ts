/** At most this many paths are named; the rest are counted. */
const MAX_NAMED = 8;

/**
 * The paths where two documents differ, for naming another actor's change: `tags.owner`,
 * `properties.agentPoolProfiles[apps].count`. Arrays of named objects (pools) are matched by name, other arrays compared
 * whole. Paths only, never values: a value may be a secret.
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  const paths: string[] = [];
  const pending: [string, unknown, unknown][] = [["", before, after]];
  while (pending.length > 0) {
    const [path, a, b] = pending.pop() as [string, unknown, unknown];
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
        pending.push([path === "" ? key : `${path}.${key}`, a[key], b[key]]);
    } else if (namedArray(a) && namedArray(b)) {
      const byName = (list: Record<string, unknown>[]) => new Map(list.map((item) => [String(item.name), item]));
      const [left, right] = [byName(a), byName(b)];
      for (const name of new Set([...left.keys(), ...right.keys()]))
        pending.push([`${path}[${name}]`, left.get(name), right.get(name)]);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) paths.push(path);
  }
  paths.sort();
  return paths.length > MAX_NAMED ? [...paths.slice(0, MAX_NAMED), `${paths.length - MAX_NAMED} more`] : paths;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function namedArray(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) && typeof item.name === "string")
  );
}
