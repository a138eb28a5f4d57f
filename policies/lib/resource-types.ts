/** Resource types the pack inspects, with azure-native's versioned tokens (azure-native:containerservice/v20250901:ManagedCluster). */
const versioned = (module: string, resource: string) =>
  new RegExp(`^azure-native:${module}(/v\\d{8}(preview)?)?:${resource}$`);

export const MANAGED_CLUSTER = versioned("containerservice", "ManagedCluster");
export const AGENT_POOL = versioned("containerservice", "AgentPool");
export const VIRTUAL_NETWORK = versioned("network", "VirtualNetwork");
export const SUBNET = versioned("network", "Subnet");

export const isManagedCluster = (type: string) => MANAGED_CLUSTER.test(type);
export const isAgentPool = (type: string) => AGENT_POOL.test(type);

/** Why a policy did not apply to a resource (the engine lists it among the policies that did not apply). */
export const APPLIES_TO_CLUSTERS = "applies to azure-native:containerservice:ManagedCluster (every API version)";
export const APPLIES_TO_AGENT_POOLS = "applies to azure-native:containerservice:AgentPool (every API version)";
