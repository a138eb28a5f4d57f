import { readFileSync } from "node:fs";
import type { KubeConfig } from "@kubernetes/client-node";
import { InputError } from "../core/errors";

/** Where a kubeconfig comes from: a file (--kubeconfig), or the text ARM's listClusterUserCredential returned. */
export interface KubeconfigSource {
  readonly file?: string;
  readonly text?: string;
  /** A context of that kubeconfig (--kube-context); its current context otherwise. */
  readonly context?: string;
}

/**
 * Loads a kubeconfig as @kubernetes/client-node does, so every authentication it supports works: bearer tokens, client
 * certificates, and exec plugins (kubelogin for Entra ID clusters). A file that cannot be read or a context it does not
 * have is bad input, named in one line.
 */
export async function loadKubeconfig(source: KubeconfigSource): Promise<KubeConfig> {
  const { KubeConfig: Config } = await import("@kubernetes/client-node");
  const config = new Config();
  let text = source.text;
  if (text === undefined && source.file !== undefined) {
    try {
      text = readFileSync(source.file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        "--kubeconfig",
        source.file,
        `a readable kubeconfig file (${code === "ENOENT" ? "no such file" : String(code ?? error)})`,
      );
    }
  }
  if (text === undefined) throw new InputError("--kubeconfig", undefined, "a kubeconfig file");
  try {
    config.loadFromString(text);
  } catch (error) {
    throw new InputError(
      source.file === undefined ? "kubeconfig" : "--kubeconfig",
      source.file ?? "(from ARM)",
      `a kubeconfig in YAML or JSON (${(error as Error).message.split("\n")[0]})`,
    );
  }
  if (source.context !== undefined) {
    const names = config.getContexts().map((c) => c.name);
    if (!names.includes(source.context))
      throw new InputError(
        "--kube-context",
        source.context,
        `a context of the kubeconfig (${names.join(", ") || "it has none"})`,
      );
    config.setCurrentContext(source.context);
  }
  if (config.getCurrentCluster() === null)
    throw new InputError(
      "--kube-context",
      config.getCurrentContext(),
      "a context whose cluster the kubeconfig defines",
    );
  return config;
}
