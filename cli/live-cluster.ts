import type { ClusterNetwork, EvaluationContext } from "../core";
import type { FactsRecord } from "../arm/live-facts";
import { stringFlag, type OptionTable, type OptionValues } from "./command";
import { UsageError, type CliIO } from "./io";

/** `--subscription --resource-group --name [--arm-endpoint]`: the live cluster instead of a --current file. */
export interface LiveFlags {
  readonly subscription?: string;
  readonly resourceGroup?: string;
  readonly name?: string;
  readonly armEndpoint?: string;
}

export interface LiveCase {
  readonly current: ClusterNetwork;
  readonly context: EvaluationContext;
  readonly facts: FactsRecord;
  /** The cluster user's kubeconfig from ARM (listClusterUserCredential), for reading the cluster's insides. */
  readonly fetchKubeconfig: () => Promise<string>;
}

/** The flags that name the live cluster, for check, plan and baseline. */
export const LIVE_OPTIONS: OptionTable = {
  subscription: {
    type: "string",
    value: "<id>",
    description: "the live cluster's subscription id (read-only, instead of --current)",
  },
  "resource-group": { type: "string", value: "<rg>", description: "the live cluster's resource group" },
  name: { type: "string", value: "<cluster>", description: "the live cluster's name" },
  "arm-endpoint": {
    type: "string",
    value: "<url>",
    description: "ARM endpoint for sovereign clouds (default AKS_NETGUARD_ARM_ENDPOINT or the public cloud)",
  },
};

export function liveFlagsOf(values: OptionValues): LiveFlags {
  return {
    subscription: stringFlag(values, "subscription"),
    resourceGroup: stringFlag(values, "resource-group"),
    name: stringFlag(values, "name"),
    armEndpoint: stringFlag(values, "arm-endpoint"),
  };
}

export function wantsLive(flags: LiveFlags): boolean {
  return flags.subscription !== undefined || flags.resourceGroup !== undefined;
}

/**
 * Reads the cluster and the network it lives in from Azure (read-only; apply's credentials and endpoint rules). The
 * Azure SDK loads only when a command asks for the live cluster.
 */
export async function readLiveCase(flags: LiveFlags, io: CliIO, command: string): Promise<LiveCase> {
  const missing = (["subscription", "resourceGroup", "name"] as const).filter((k) => flags[k] === undefined);
  if (missing.length > 0) {
    const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(
      `${missing.map(flag).join(", ")} missing: the live cluster needs --subscription <id> --resource-group <rg> --name <cluster> (aks-netguard ${command} --help).`,
    );
  }
  const [{ armEndpointFrom, credentialFrom }, { gatherLiveFacts }, { listClusterUserKubeconfig }, { isRestError }] =
    await Promise.all([
      import("../arm/credentials"),
      import("../arm/live-facts"),
      import("../arm/cluster-credential"),
      import("@azure/core-rest-pipeline"),
    ]);
  let endpoint: string;
  try {
    endpoint = armEndpointFrom(flags.armEndpoint, io.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const cluster = {
    subscriptionId: flags.subscription ?? "",
    resourceGroup: flags.resourceGroup ?? "",
    name: flags.name ?? "",
  };
  const credential = credentialFrom(io.env);
  try {
    const live = await gatherLiveFacts({
      cluster,
      credential,
      endpoint,
      retry: { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 },
    });
    return {
      current: live.cluster,
      context: live.context,
      facts: live.facts,
      fetchKubeconfig: () => listClusterUserKubeconfig({ cluster, credential, endpoint }),
    };
  } catch (error) {
    if (!isRestError(error)) throw error;
    throw new UsageError(
      `cannot read cluster ${cluster.name} in resource group ${cluster.resourceGroup} (subscription ${cluster.subscriptionId}) at ${endpoint}: ${error.code ?? `HTTP${error.statusCode ?? ""}`}: ${error.message}`,
    );
  }
}

/** `--json`'s "facts": what was read and what was not, with ARM's code. */
export function factsToJson(facts: FactsRecord): Record<string, unknown> {
  return {
    read: facts.read,
    unread: facts.unread.map((u) => ({ id: u.id, fact: u.fact, code: u.code })),
  };
}
