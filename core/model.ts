import type * as Enums from "./enums";

/** Which of the accepted input shapes a cluster was read from. */
export type InputShape = "arm" | "az" | "pulumi" | "network-profile";

export interface NodePool {
  readonly name: string;
  readonly mode?: Enums.AgentPoolMode;
  readonly osType: Enums.OsType;
  readonly osSku?: string;
  readonly vmSize?: string;
  readonly vnetSubnetId?: string;
  readonly podSubnetId?: string;
  readonly podIpAllocationMode?: string;
  /** `containerd` or `docker`, where known (ARM has no field; very old Windows pools ran Docker). */
  readonly windowsContainerRuntime?: string;
  /** The Windows OS build (e.g. `20348.2227`), read from the node image version where it shows. */
  readonly windowsOsBuild?: string;
  /** upgradeSettings.undrainableNodeBehavior (`Schedule` or `Cordon`), where known. */
  readonly undrainableNodeBehavior?: string;
  /** upgradeSettings.drainTimeoutInMinutes, where known (AKS's default is 30). */
  readonly drainTimeoutInMinutes?: number;
  readonly availabilitySet: boolean;
  /** The pool's LocalDNS mode (`localDNSProfile.mode`: Required, Preferred, Disabled), where set. */
  readonly localDnsMode?: string;
  /** The most nodes the pool can have: `maxCount` with the autoscaler, else `count`. */
  readonly maxNodes?: number;
  /** Declared as a separate AgentPool resource rather than inline in the cluster. */
  readonly separate: boolean;
}

/**
 * The network-relevant state of an AKS cluster, normalized from any input shape.
 * Enum values are canonical; `undefined` means the field was not set (never a filled-in default).
 */
export interface ClusterNetwork {
  readonly shape: InputShape;
  readonly name?: string;
  readonly resourceGroup?: string;
  readonly kubernetesVersion?: string;
  readonly networkPlugin?: Enums.NetworkPlugin;
  readonly networkPluginMode?: Enums.NetworkPluginMode;
  readonly networkDataplane?: Enums.NetworkDataplane;
  readonly networkPolicy?: Enums.NetworkPolicy;
  /** Pod CIDRs that mean something for this IPAM mode (kubenet, overlay, BYO CNI), family-ordered. */
  readonly podCidrs: readonly string[];
  /** Pod CIDRs that were present but mean nothing for the IPAM mode (e.g. azure-native's default on Node Subnet). */
  readonly ignoredPodCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly dnsServiceIp?: string;
  /** As declared; empty when the input said nothing (see `familiesOf` for the effective list). */
  readonly ipFamilies: readonly Enums.IpFamily[];
  readonly outboundType?: Enums.OutboundType;
  readonly identityType?: Enums.IdentityType;
  /** Node auto-provisioning (nodeProvisioningProfile.mode Auto); undefined when the input did not say. */
  readonly nodeAutoProvisioning?: boolean;
  readonly nodePools: readonly NodePool[];
  readonly ipamMode: Enums.IpamMode;
  /** Plain text of values that arrived as engine secrets; messages redact it. */
  readonly secretValues?: readonly string[];
  /** Fields whose value the engine does not know yet (preview), when parsed with unknowns "collect". */
  readonly unknownFields?: readonly string[];
}
