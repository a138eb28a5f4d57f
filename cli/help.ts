import { optionsOf, type CommandSpec } from "./command";

const COMMON_EXIT_CODES = [
  "0  allowed (warnings allowed)",
  "1  blocked",
  "2  bad input (a file, a flag or a value), printed as one line naming it",
];

const column = (left: string, right: string, width: number) => `  ${left.padEnd(width)}  ${right}`;

/** `aks-netguard <command> --help`: what it does, its flags, examples and exit codes, from the command's table. */
export function commandHelp(spec: CommandSpec): string {
  const flags = Object.entries(optionsOf(spec)).map(([name, o]) => {
    const left = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "<value>"}` : ""}`;
    return [left, `${o.description}${o.multiple ? " (repeatable)" : ""}`] as const;
  });
  const width = Math.max(...flags.map(([left]) => left.length));
  return [
    `aks-netguard ${spec.name} — ${spec.summary}`,
    "",
    "Usage:",
    // A line that starts with spaces continues the one above it, under the command's name.
    ...spec.usage.map((u) =>
      u.startsWith(" ") ? `  ${" ".repeat("aks-netguard ".length)}${u}` : `  aks-netguard ${u}`,
    ),
    "",
    spec.description,
    "",
    "Flags:",
    ...flags.map(([left, right]) => column(left, right, width)),
    "",
    "Examples:",
    ...spec.examples.map((e) => `  ${e}`),
    "",
    "Exit codes:",
    ...(spec.exitCodes ?? COMMON_EXIT_CODES).map((c) => `  ${c}`),
  ].join("\n");
}

/** `aks-netguard help`: every command with its summary. */
export function generalHelp(specs: readonly CommandSpec[], version: string): string {
  const width = Math.max(...specs.map((s) => s.name.length));
  return [
    `aks-netguard ${version} — preflight and in-place migration of AKS clusters to Azure CNI Overlay and Cilium`,
    "",
    "Usage: aks-netguard <command> [flags]",
    "",
    "Commands:",
    ...specs.map((s) => column(s.name, s.summary, width)),
    "",
    "Clusters may be ARM JSON, `az aks show -o json` output, azure-native ManagedCluster args, or a networkProfile.",
    "Run aks-netguard help <command> (or aks-netguard <command> --help) for its flags, examples and exit codes.",
    "aks-netguard --version prints the version.",
  ].join("\n");
}
