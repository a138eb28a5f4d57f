/**
 * Canonical values of the network-profile enums, as ARM spells them.
 * Named `as const` objects so the component schema can infer them as enums.
 */
export const NetworkPlugin = { Azure: "azure", Kubenet: "kubenet", None: "none" } as const;
export type NetworkPlugin = (typeof NetworkPlugin)[keyof typeof NetworkPlugin];

export const NetworkPluginMode = { Overlay: "overlay" } as const;
export type NetworkPluginMode = (typeof NetworkPluginMode)[keyof typeof NetworkPluginMode];

export const NetworkDataplane = { Azure: "azure", Cilium: "cilium" } as const;
export type NetworkDataplane = (typeof NetworkDataplane)[keyof typeof NetworkDataplane];

export const NetworkPolicy = { None: "none", Azure: "azure", Calico: "calico", Cilium: "cilium" } as const;
export type NetworkPolicy = (typeof NetworkPolicy)[keyof typeof NetworkPolicy];

export const IpFamily = { IPv4: "IPv4", IPv6: "IPv6" } as const;
export type IpFamily = (typeof IpFamily)[keyof typeof IpFamily];

export const OsType = { Linux: "Linux", Windows: "Windows" } as const;
export type OsType = (typeof OsType)[keyof typeof OsType];

export const AgentPoolMode = { System: "System", User: "User", Gateway: "Gateway" } as const;
export type AgentPoolMode = (typeof AgentPoolMode)[keyof typeof AgentPoolMode];

export const OutboundType = {
  LoadBalancer: "loadBalancer",
  UserDefinedRouting: "userDefinedRouting",
  ManagedNATGateway: "managedNATGateway",
  ManagedNATGatewayV2: "managedNATGatewayV2",
  UserAssignedNATGateway: "userAssignedNATGateway",
  None: "none",
  Block: "block",
} as const;
export type OutboundType = (typeof OutboundType)[keyof typeof OutboundType];

export const IdentityType = { SystemAssigned: "SystemAssigned", UserAssigned: "UserAssigned", None: "None" } as const;
export type IdentityType = (typeof IdentityType)[keyof typeof IdentityType];

/** The five IPAM modes of the rule catalog, derived from plugin, plugin mode and the pools' pod subnets. */
export const IpamMode = {
  Kubenet: "kubenet",
  NodeSubnet: "azure-cni-node-subnet",
  PodSubnet: "azure-cni-pod-subnet",
  Overlay: "azure-cni-overlay",
  ByoCni: "byo-cni",
} as const;
export type IpamMode = (typeof IpamMode)[keyof typeof IpamMode];

export const ipamModeLabel: Record<IpamMode, string> = {
  [IpamMode.Kubenet]: "kubenet",
  [IpamMode.NodeSubnet]: "Azure CNI Node Subnet",
  [IpamMode.PodSubnet]: "Azure CNI Pod Subnet (dynamic IP allocation)",
  [IpamMode.Overlay]: "Azure CNI Overlay",
  [IpamMode.ByoCni]: "BYO CNI",
};

/** Looks a value up case-insensitively among an enum's canonical values. */
export function canonicalEnumValue<T extends string>(values: Record<string, T>, raw: string): T | undefined {
  const wanted = raw.trim().toLowerCase();
  return Object.values(values).find((v) => v.toLowerCase() === wanted);
}
