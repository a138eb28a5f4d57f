/** Resource types the pack inspects, with azure-native's versioned tokens (azure-native:containerservice/v20250901:ManagedCluster). */
const versioned = (module: string, resource: string) =>
  new RegExp(`^azure-native:${module}(/v\\d{8}(preview)?)?:${resource}$`);

const MANAGED_CLUSTER = versioned("containerservice", "ManagedCluster");
const AGENT_POOL = versioned("containerservice", "AgentPool");
export const VIRTUAL_NETWORK = versioned("network", "VirtualNetwork");
export const SUBNET = versioned("network", "Subnet");

export const isManagedCluster = (type: string) => MANAGED_CLUSTER.test(type);
export const isAgentPool = (type: string) => AGENT_POOL.test(type);

/** The types a resource policy applies to, and why it did not apply to another (the engine lists that reason). */
export const CLUSTERS = {
  types: isManagedCluster,
  reason: "applies to azure-native:containerservice:ManagedCluster (every API version)",
} as const;
export const AGENT_POOLS = {
  types: isAgentPool,
  reason: "applies to azure-native:containerservice:AgentPool (every API version)",
} as const;
