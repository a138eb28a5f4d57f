/**
 * Managed-cluster rows in Azure Resource Graph's shape (`resources` table: id, name, type, tenantId, kind, location,
 * resourceGroup, subscriptionId, managedBy, sku, plan, properties, tags, identity, zones, extendedLocation), with
 * `properties` as a real `az aks show` / ARM GET of API 2026-06-01 has it — including the many fields the audit never
 * reads — one preset per network setup the audit must tell apart.
 */
export type RowKind =
  | "kubenet"
  | "kubenet-calico"
  | "nodesubnet-npm"
  | "podsubnet"
  | "overlay"
  | "overlay-cilium"
  | "windows-npm"
  | "byo-cni"
  | "nap";

export const ROW_KINDS: readonly RowKind[] = [
  "kubenet",
  "kubenet-calico",
  "nodesubnet-npm",
  "podsubnet",
  "overlay",
  "overlay-cilium",
  "windows-npm",
  "byo-cni",
  "nap",
];

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/** A stable subscription id for index i (uuid-shaped). */
export function subscriptionAt(i: number): string {
  return `${String(i).padStart(8, "0")}-aaaa-4bbb-8ccc-${String(i).padStart(12, "0")}`;
}

interface NetworkSetup {
  readonly networkProfile: Record<string, unknown>;
  readonly pools: Record<string, unknown>[];
  readonly nodeProvisioningProfile?: Record<string, unknown>;
}

const subnet = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}-net/providers/Microsoft.Network/virtualNetworks/vnet-${rg}/subnets/${name}`;

function linuxPool(
  name: string,
  mode: "System" | "User",
  sub: string,
  rg: string,
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    count: 3,
    vmSize: "Standard_D4ds_v5",
    osDiskSizeGB: 128,
    osDiskType: "Ephemeral",
    kubeletDiskType: "OS",
    vnetSubnetID: subnet(sub, rg, "snet-nodes"),
    maxPods: 110,
    type: "VirtualMachineScaleSets",
    availabilityZones: ["1", "2", "3"],
    maxCount: 10,
    minCount: 3,
    enableAutoScaling: true,
    scaleDownMode: "Delete",
    provisioningState: "Succeeded",
    powerState: { code: "Running" },
    orchestratorVersion: "1.31.2",
    currentOrchestratorVersion: "1.31.2",
    enableNodePublicIP: false,
    nodeLabels: {},
    mode,
    enableEncryptionAtHost: false,
    enableUltraSSD: false,
    osType: "Linux",
    osSKU: "AzureLinux",
    nodeImageVersion: "AKSAzureLinux-V2gen2-202511.10.0",
    upgradeSettings: { maxSurge: "10%", maxUnavailable: "0" },
    enableFIPS: false,
    networkProfile: {},
    securityProfile: { enableVTPM: false, enableSecureBoot: false },
    ...extra,
  };
}

function windowsPool(sub: string, rg: string) {
  return linuxPool("win22", "User", sub, rg, {
    osType: "Windows",
    osSKU: "Windows2022",
    maxPods: 30,
    nodeImageVersion: "AKSWindows-2022-containerd-20348.2849.241113",
  });
}

function setup(kind: RowKind, sub: string, rg: string): NetworkSetup {
  const base = {
    loadBalancerSku: "standard",
    loadBalancerProfile: {
      managedOutboundIPs: { count: 1 },
      effectiveOutboundIPs: [],
      backendPoolType: "nodeIPConfiguration",
    },
    serviceCidr: "10.0.0.0/16",
    dnsServiceIP: "10.0.0.10",
    outboundType: "loadBalancer",
    serviceCidrs: ["10.0.0.0/16"],
    ipFamilies: ["IPv4"],
  };
  const system = linuxPool("system", "System", sub, rg);
  const apps = linuxPool("apps", "User", sub, rg);
  switch (kind) {
    case "kubenet":
      return {
        networkProfile: { ...base, networkPlugin: "kubenet", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] },
        pools: [system, apps],
      };
    case "kubenet-calico":
      return {
        networkProfile: {
          ...base,
          networkPlugin: "kubenet",
          networkPolicy: "calico",
          podCidr: "10.244.0.0/16",
          podCidrs: ["10.244.0.0/16"],
        },
        pools: [system, apps],
      };
    case "nodesubnet-npm":
      return { networkProfile: { ...base, networkPlugin: "azure", networkPolicy: "azure" }, pools: [system, apps] };
    case "podsubnet":
      return {
        networkProfile: { ...base, networkPlugin: "azure" },
        pools: [system, apps].map((p) => ({
          ...p,
          podSubnetID: subnet(sub, rg, "snet-pods"),
          podIPAllocationMode: "DynamicIndividual",
        })),
      };
    case "overlay":
      return {
        networkProfile: {
          ...base,
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          podCidr: "192.168.0.0/16",
          podCidrs: ["192.168.0.0/16"],
        },
        pools: [system, apps],
      };
    case "overlay-cilium":
      return {
        networkProfile: {
          ...base,
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkDataplane: "cilium",
          networkPolicy: "cilium",
          podCidr: "192.168.0.0/16",
          podCidrs: ["192.168.0.0/16"],
        },
        pools: [system, apps],
      };
    case "windows-npm":
      return {
        networkProfile: { ...base, networkPlugin: "azure", networkPolicy: "azure" },
        pools: [system, windowsPool(sub, rg)],
      };
    case "byo-cni":
      return {
        networkProfile: { ...base, networkPlugin: "none", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] },
        pools: [system],
      };
    case "nap":
      return {
        networkProfile: {
          ...base,
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          podCidr: "192.168.0.0/16",
          podCidrs: ["192.168.0.0/16"],
        },
        pools: [system],
        nodeProvisioningProfile: { mode: "Auto", defaultNodePools: "Auto" },
      };
  }
}

/** One cluster row as Resource Graph returns it (resourceGroup lowercased, as the service does). */
export function graphRow(kind: RowKind, sub: string, index: number): Record<string, unknown> {
  const rg = `rg-${kind}-${index}`;
  const name = `aks-${kind}-${index}`;
  const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
  const network = setup(kind, sub, rg);
  return {
    id,
    name,
    type: "microsoft.containerservice/managedclusters",
    tenantId: TENANT,
    kind: "",
    location: "westeurope",
    resourceGroup: rg.toLowerCase(),
    subscriptionId: sub,
    managedBy: "",
    sku: { name: "Base", tier: "Standard" },
    plan: null,
    properties: {
      provisioningState: "Succeeded",
      powerState: { code: "Running" },
      kubernetesVersion: "1.31",
      currentKubernetesVersion: "1.31.2",
      dnsPrefix: `${name}-dns`,
      fqdn: `${name}-dns-abcd1234.hcp.westeurope.azmk8s.io`,
      azurePortalFQDN: `${name}-dns-abcd1234.portal.hcp.westeurope.azmk8s.io`,
      agentPoolProfiles: network.pools,
      linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "ssh-rsa AAAAB3NzaC1yc2E" }] } },
      servicePrincipalProfile: { clientId: "msi" },
      addonProfiles: {
        azureKeyvaultSecretsProvider: { enabled: false, config: null },
        azurepolicy: { enabled: true, config: null },
        omsagent: { enabled: false, config: null },
      },
      nodeResourceGroup: `MC_${rg}_${name}_westeurope`,
      enableRBAC: true,
      supportPlan: "KubernetesOfficial",
      networkProfile: network.networkProfile,
      maxAgentPools: 100,
      identityProfile: {
        kubeletidentity: {
          resourceId: `/subscriptions/${sub}/resourcegroups/MC_${rg}_${name}_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
          clientId: "00000000-1111-2222-3333-444444444444",
          objectId: "55555555-6666-7777-8888-999999999999",
        },
      },
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      disableLocalAccounts: false,
      securityProfile: { imageCleaner: { enabled: true, intervalHours: 168 } },
      storageProfile: {
        diskCSIDriver: { enabled: true },
        fileCSIDriver: { enabled: true },
        snapshotController: { enabled: true },
      },
      oidcIssuerProfile: { enabled: true, issuerURL: `https://westeurope.oic.prod-aks.azure.com/${TENANT}/${index}/` },
      workloadAutoScalerProfile: {},
      metricsProfile: { costAnalysis: { enabled: false } },
      ...(network.nodeProvisioningProfile
        ? { nodeProvisioningProfile: network.nodeProvisioningProfile }
        : { nodeProvisioningProfile: { mode: "Manual", defaultNodePools: "Auto" } }),
      bootstrapProfile: { artifactSource: "Direct" },
      resourceUID: `6751c7f${index}`,
    },
    tags: { env: index % 2 === 0 ? "prod" : "dev" },
    identity: {
      type: "UserAssigned",
      userAssignedIdentities: {
        [`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${name}`]:
          {
            principalId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            clientId: "ffffffff-0000-1111-2222-333333333333",
          },
      },
    },
    zones: null,
    extendedLocation: null,
  };
}

/** An estate: `clusters` rows spread round-robin over `subscriptions` subscriptions, every kind represented. */
export function estate(clusters: number, subscriptions: number): Record<string, unknown>[] {
  return Array.from({ length: clusters }, (_, i) =>
    graphRow(ROW_KINDS[i % ROW_KINDS.length], subscriptionAt(i % subscriptions), i),
  );
}
