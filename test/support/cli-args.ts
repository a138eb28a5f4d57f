/** A live cluster as the CLI's flags name it. */
export interface LiveCluster {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/** `--subscription <id> --resource-group <group> --name <name>`: the flags that name a live cluster. */
export function liveFlags(cluster: LiveCluster): string[] {
  return ["--subscription", cluster.subscription, "--resource-group", cluster.resourceGroup, "--name", cluster.name];
}

/** `aks-netguard apply` of a live cluster toward a target file, then `extra`. */
export function applyArgs(cluster: LiveCluster, target: string, ...extra: string[]): string[] {
  return ["apply", ...liveFlags(cluster), "--target", target, ...extra];
}

/** The CLI's environment against a loopback ARM: the throwaway CA's file, the token, the endpoint, then `extra`. */
export function loopbackArmEnv(
  arm: { readonly caFile: string; readonly token: string; readonly endpoint: string },
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    NODE_EXTRA_CA_CERTS: arm.caFile,
    AKS_NETGUARD_ARM_TOKEN: arm.token,
    AKS_NETGUARD_ARM_ENDPOINT: arm.endpoint,
    ...extra,
  };
}

/** Files that name a change by flag: the cluster as it is, where it goes, and what the cluster around it holds. */
export interface ChangeFiles {
  readonly current: string;
  readonly context?: string;
}

const contextFlag = (files: ChangeFiles): string[] => (files.context === undefined ? [] : ["--context", files.context]);

/** `aks-netguard check --current <file> --desired <file> [--context <file>]`, then `extra`. */
export function checkArgs(files: ChangeFiles & { readonly desired: string }, ...extra: string[]): string[] {
  return ["check", "--current", files.current, "--desired", files.desired, ...contextFlag(files), ...extra];
}

/** `aks-netguard plan --current <file> --target <file> [--context <file>]`, then `extra`. */
export function planArgs(files: ChangeFiles & { readonly target: string }, ...extra: string[]): string[] {
  return ["plan", "--current", files.current, "--target", files.target, ...contextFlag(files), ...extra];
}
