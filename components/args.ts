import type * as pulumi from "@pulumi/pulumi";
import type {
  AgentPoolMode,
  NetworkDataplane,
  NetworkPlugin,
  NetworkPolicy,
  OsType,
  OutboundType,
} from "../core/enums";

/** How far one `pulumi up` may move the network profile. */
export const MigrationMode = {
  /** Refuse targets more than one supported operation away (the plan says which steps). */
  SingleStep: "single-step",
  /** Apply the next supported operation on each `pulumi up`; `migrationPlan` shows the rest. */
  Stepwise: "stepwise",
} as const;
export type MigrationMode = (typeof MigrationMode)[keyof typeof MigrationMode];

/** The cluster's network profile, in the vocabulary of `az aks update`. */
export interface AksClusterNetworkArgs {
  /** Network plugin: `azure` (Azure CNI) or `kubenet` (retires 2028-03-31) or `none` (BYO CNI). */
  plugin: pulumi.Input<NetworkPlugin>;
  /**
   * `overlay` (NetworkPluginMode.Overlay) for Azure CNI Overlay; leave unset with plugin `azure` for Node Subnet.
   * Irreversible once set. A string, not the enum type: an enum of one value is a literal, which the schema cannot name;
   * any other value is refused with the accepted one.
   */
  pluginMode?: pulumi.Input<string>;
  /** `cilium` for Azure CNI Powered by Cilium (needs policy `cilium`, no Windows pools); default `azure`. */
  dataplane?: pulumi.Input<NetworkDataplane>;
  /** Network policy engine: `none`, `azure` (NPM), `calico` or `cilium`. */
  policy?: pulumi.Input<NetworkPolicy>;
  /** Pod CIDR for overlay and kubenet (e.g. 192.168.0.0/16); required when moving from Node Subnet to overlay. */
  podCidr?: pulumi.Input<string>;
  /** Service CIDR; set at create, cannot change afterwards. */
  serviceCidr?: pulumi.Input<string>;
  /** DNS service IP inside the service CIDR (not its first address); set at create, cannot change afterwards. */
  dnsServiceIp?: pulumi.Input<string>;
  /** Subnet for the nodes of every pool that does not name its own. */
  vnetSubnetId?: pulumi.Input<string>;
  /**
   * Outbound type, e.g. `loadBalancer` (default) or `userDefinedRouting`. Set at create: azure-native would replace the
   * cluster to change it, so later changes here are ignored (change it with `az aks update --outbound-type`).
   */
  outboundType?: pulumi.Input<OutboundType>;
}

/** A node pool. The first `System` pool is created inline with the cluster; every other pool is a separate AgentPool. */
export interface AksNodePoolArgs {
  /** Pool name (Linux up to 12 characters, Windows up to 6). */
  name: string;
  /** `System` or `User` (default `User`). */
  mode?: AgentPoolMode;
  /** `Linux` (default) or `Windows`; Windows pools need plugin `azure` and rule out Cilium. */
  osType?: OsType;
  /** OS SKU, e.g. `AzureLinux`, `Ubuntu`, `Windows2022`. */
  osSku?: pulumi.Input<string>;
  /** VM size, e.g. `Standard_D4ds_v5`. */
  vmSize: pulumi.Input<string>;
  /** Node count (the initial count when autoscaling). */
  count?: pulumi.Input<number>;
  /** With maxCount, enables the cluster autoscaler. */
  minCount?: pulumi.Input<number>;
  /** Upper bound of the autoscaler; sizes the overlay pod CIDR check (a /24 per node). */
  maxCount?: pulumi.Input<number>;
  /** Node subnet; defaults to network.vnetSubnetId. */
  vnetSubnetId?: pulumi.Input<string>;
  /** Pod subnet (Azure CNI Pod Subnet only; not with overlay). */
  podSubnetId?: pulumi.Input<string>;
}

/** A raw azure-native ManagedCluster in this stack, by its Pulumi identity. */
export interface AksClusterAdoptedResource {
  /** Its Pulumi resource name (the first argument of `new ManagedCluster(...)`). */
  name: string;
  /** Its parent's URN (e.g. `platform.urn`); unset: it had none (it sat at the stack's root). */
  parent?: pulumi.Input<string>;
}

/**
 * An existing cluster to bring under the component without replacing it. Give one of the two; the network profile the
 * component declares is judged against the live cluster as on any update, and adoption itself changes no field.
 */
export interface AksClusterAdoption {
  /**
   * A raw azure-native ManagedCluster already in this stack: the child takes its identity (an alias), so the engine
   * moves it under the component instead of deleting and re-creating it.
   */
  fromResource?: AksClusterAdoptedResource;
  /**
   * The ARM id of a cluster in no stack, imported on the next `pulumi up`
   * (`/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>`).
   * Remove it once imported, as for any Pulumi import.
   */
  importId?: string;
}

/** The arguments of an AksCluster: the cluster, its network profile and its node pools. */
export interface AksClusterArgs {
  /** Resource group of the cluster. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region; defaults to the resource group's. */
  location?: pulumi.Input<string>;
  /** The cluster's Azure name; defaults to the component's name. */
  clusterName?: pulumi.Input<string>;
  /** Kubernetes version, e.g. "1.31". */
  kubernetesVersion?: pulumi.Input<string>;
  /** DNS prefix; defaults to the cluster name. Cannot change after create. */
  dnsPrefix?: pulumi.Input<string>;
  /**
   * ARM ids of user-assigned managed identities for the cluster; unset: a system-assigned identity. Moving kubenet to
   * overlay on your own subnet needs a user-assigned identity.
   */
  userAssignedIdentityIds?: pulumi.Input<string>[];
  /** The network profile the cluster should have. Changes are applied in place, one supported step at a time. */
  network: AksClusterNetworkArgs;
  /** Node pools; at least one with mode `System`. */
  nodePools: AksNodePoolArgs[];
  /** `single-step` (default) refuses targets several steps away; `stepwise` applies one step per `pulumi up`. */
  migration?: pulumi.Input<MigrationMode>;
  /** ARM endpoint for the in-place steps (sovereign clouds); defaults to AKS_NETGUARD_ARM_ENDPOINT or the public cloud. */
  armEndpoint?: pulumi.Input<string>;
  /** Protect the cluster from deletion (default true), so a stray replacement can never delete it. */
  protect?: boolean;
  /**
   * Findings accepted knowingly, by rule id, each with the reason (echoed), e.g.
   * `{ "netpol-calico-unenforced": "Cilium equivalents in place" }`. Only rules marked acceptable.
   */
  acceptedFindings?: Record<string, string>;
  /**
   * Look inside the cluster (NetworkPolicies, PDBs, nodes, ip-masq-agent, Calico's policies) with the cluster user's
   * credential from ARM, in preview and right before each in-place step (default true).
   */
  inspectCluster?: boolean;
  /** Adopt an existing cluster (from this stack, or by ARM id) instead of creating one. See README “Adopting a cluster”. */
  adopt?: AksClusterAdoption;
}
