/** The parts of a subnet's ARM id; undefined when the text is not one. */
export interface SubnetIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vnet: string;
  readonly subnet: string;
}

const SUBNET_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

export function parseSubnetId(id: string): SubnetIdParts | undefined {
  const match = id.trim().match(SUBNET_ID);
  return match ? { subscriptionId: match[1], resourceGroup: match[2], vnet: match[3], subnet: match[4] } : undefined;
}

/** The VNet's ARM id of a subnet id (ARM ids compare case-insensitively). */
export function vnetIdOf(parts: SubnetIdParts): string {
  return `/subscriptions/${parts.subscriptionId}/resourceGroups/${parts.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${parts.vnet}`;
}

/** The last segment of an ARM id: a resource's name. */
export function nameOfId(id: string): string {
  return id.replace(/\/+$/, "").split("/").pop() ?? id;
}

export function sameId(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
