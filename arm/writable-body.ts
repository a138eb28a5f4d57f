import type { ArmDocument } from "./arm-client";

/**
 * Properties ARM reports but a client may not write, per model of @azure/arm-containerservice (its `readonly` fields),
 * and where they sit in the wire document: `[]` is every element of an array, `*` every value of a map. A test compares
 * each list with the SDK's model, so an SDK bump that adds or drops one shows up there.
 */
export const READ_ONLY_FIELDS: readonly {
  readonly sdkModel: string;
  readonly path: string;
  readonly fields: readonly string[];
}[] = [
  { sdkModel: "ManagedCluster", path: "", fields: ["id", "name", "type", "systemData", "eTag"] },
  {
    sdkModel: "ManagedClusterProperties",
    path: "properties",
    fields: [
      "provisioningState",
      "powerState",
      "maxAgentPools",
      "currentKubernetesVersion",
      "fqdn",
      "privateFQDN",
      "azurePortalFQDN",
      "resourceUID",
    ],
  },
  { sdkModel: "ManagedClusterStatus", path: "properties.status", fields: ["provisioningError"] },
  { sdkModel: "ManagedClusterIdentity", path: "identity", fields: ["principalId", "tenantId"] },
  {
    sdkModel: "ManagedClusterAgentPoolProfile",
    path: "properties.agentPoolProfiles[]",
    fields: ["eTag", "currentOrchestratorVersion", "provisioningState"],
  },
  { sdkModel: "AgentPoolStatus", path: "properties.agentPoolProfiles[].status", fields: ["provisioningError"] },
  { sdkModel: "ManagedClusterAddonProfile", path: "properties.addonProfiles.*", fields: ["identity"] },
  { sdkModel: "ManagedClusterOidcIssuerProfile", path: "properties.oidcIssuerProfile", fields: ["issuerURL"] },
  {
    sdkModel: "ManagedClusterLoadBalancerProfile",
    path: "properties.networkProfile.loadBalancerProfile",
    fields: ["effectiveOutboundIPs"],
  },
  {
    sdkModel: "ManagedClusterNATGatewayProfile",
    path: "properties.networkProfile.natGatewayProfile",
    fields: ["effectiveOutboundIPs"],
  },
  {
    sdkModel: "ManagedClusterIngressProfileWebAppRouting",
    path: "properties.ingressProfile.webAppRouting",
    fields: ["identity"],
  },
  {
    sdkModel: "ManagedClusterPodIdentity",
    path: "properties.podIdentityProfile.userAssignedIdentities[]",
    fields: ["provisioningState", "provisioningInfo"],
  },
];

/** The client id AKS reports for a cluster with a managed identity instead of a service principal. */
const MSI_PLACEHOLDER = "msi";

/**
 * The body of a PUT built from a document as read: every read-only property removed (matched without regard to case,
 * as ARM matches them), `servicePrincipalProfile` dropped unless it is the managed-identity placeholder (ARM never returns
 * the secret, and a profile without it fails validation — `az aks` drops it the same way), and `count` dropped on
 * autoscaled pools (the autoscaler owns it; a stale one is refused). Everything else, known to the SDK or not, is kept.
 */
export function writableBody(document: ArmDocument): ArmDocument {
  const body = structuredClone(document);
  for (const { path, fields } of READ_ONLY_FIELDS) {
    const names = new Set(fields.map((f) => f.toLowerCase()));
    for (const holder of objectsAt(body, path))
      for (const key of Object.keys(holder)) if (names.has(key.toLowerCase())) delete holder[key];
  }
  const [properties] = objectsAt(body, "properties");
  if (properties !== undefined) {
    const principal = properties.servicePrincipalProfile as { clientId?: unknown } | undefined;
    if (principal !== undefined && principal?.clientId !== MSI_PLACEHOLDER) delete properties.servicePrincipalProfile;
    for (const pool of objectsAt(body, "properties.agentPoolProfiles[]"))
      if (pool.enableAutoScaling === true) delete pool.count;
  }
  return body;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The objects a path names in a document ("" is the document itself). */
function objectsAt(document: Json, path: string): Json[] {
  let level: unknown[] = [document];
  for (const segment of path === "" ? [] : path.split(".")) {
    const many = segment.endsWith("[]");
    const name = many ? segment.slice(0, -2) : segment;
    level = level.flatMap((holder) => {
      if (!isObject(holder)) return [];
      if (name === "*") return Object.values(holder);
      const value = holder[name];
      return many ? (Array.isArray(value) ? value : []) : [value];
    });
  }
  return level.filter(isObject);
}
