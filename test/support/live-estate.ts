import { routeTableId, vnetId, type PeeringSpec, type VnetSpec } from "./arm-network";
import { armCluster, type FakeArm } from "./arm-server";

/** A hub/spoke estate: the cluster in one subscription, its spoke VNet in another subscription and resource group. */
export const APP_SUB = "00000000-0000-0000-0000-0000000000a1";
const NET_SUB = "00000000-0000-0000-0000-0000000000b2";
export const CLUSTER_RG = "rg-aks";
export const CLUSTER_NAME = "aks-payments";
const NET_RG = "rg-spoke-net";
const VNET = "vnet-spoke";
export const VNET_ID = vnetId(NET_SUB, NET_RG, VNET);
export const ROUTE_TABLE = routeTableId(NET_SUB, NET_RG, "rt-aks-kubenet");
export const SYSTEM_SUBNET = `${VNET_ID}/subnets/snet-system`;
export const APPS_SUBNET = `${VNET_ID}/subnets/snet-apps`;
export const AGIC_SUBNET = `${VNET_ID}/subnets/ingress-appgateway-subnet`;
export const HUB_PEERING: PeeringSpec = {
  name: "spoke-to-hub",
  remoteVnetId: vnetId("00000000-0000-0000-0000-0000000000c3", "rg-hub", "vnet-hub"),
  remoteAddressPrefixes: ["10.0.0.0/8"],
};

export interface EstateOptions {
  /** kubenet (default) or an overlay cluster. */
  readonly plugin?: "kubenet" | "overlay";
  readonly identity?: string;
  /** The AGIC subnet shares the kubenet route table. */
  readonly sharedRouteTable?: boolean;
  readonly peerings?: readonly PeeringSpec[];
  readonly podCidr?: string;
  readonly networkPolicy?: string;
  /** The third pool is a Windows pool (on an overlay cluster; Windows needs Azure CNI) instead of a Linux one. */
  readonly windows?: boolean;
}

/**
 * A cluster with three pools on two subnets of one VNet (a BYO subnet each for system and apps pools, the Windows pool
 * on the apps subnet), a route table on both node subnets, and optionally the same route table on the AGIC subnet.
 */
export function seedEstate(arm: FakeArm, options: EstateOptions = {}): void {
  const overlay = options.plugin === "overlay";
  arm.put(
    APP_SUB,
    CLUSTER_RG,
    CLUSTER_NAME,
    armCluster({
      subscription: APP_SUB,
      resourceGroup: CLUSTER_RG,
      name: CLUSTER_NAME,
      identity: options.identity,
      networkProfile: overlay
        ? { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: options.podCidr ?? "192.168.0.0/16" }
        : {
            networkPlugin: "kubenet",
            podCidr: options.podCidr ?? "10.244.0.0/16",
            ...(options.networkPolicy ? { networkPolicy: options.networkPolicy } : {}),
          },
      pools: [
        pool("system", "System", SYSTEM_SUBNET),
        pool("apps", "User", APPS_SUBNET, { upgradeSettings: { maxSurge: "33%", undrainableNodeBehavior: "Cordon" } }),
        options.windows
          ? pool("win1", "User", APPS_SUBNET, {
              osType: "Windows",
              osSKU: "Windows2022",
              nodeImageVersion: "AKSWindows-2022-containerd-20348.1607.230310",
            })
          : pool("batch", "User", APPS_SUBNET, { vmSize: "Standard_F8s_v2" }),
      ],
    }),
  );
  arm.network.addVnet(estateVnet(options));
}

/** The spoke VNet of the estate (re-added with other options to change it between two reads). */
export function estateVnet(options: EstateOptions = {}): VnetSpec {
  return {
    subscription: NET_SUB,
    resourceGroup: NET_RG,
    name: VNET,
    addressPrefixes: ["10.240.0.0/16", "fd00:db8:deca::/48"],
    subnets: [
      { name: "snet-system", addressPrefix: "10.240.0.0/22", routeTable: ROUTE_TABLE },
      { name: "snet-apps", addressPrefixes: ["10.240.4.0/22", "fd00:db8:deca:1::/64"], routeTable: ROUTE_TABLE },
      {
        name: "ingress-appgateway-subnet",
        addressPrefix: "10.240.8.0/24",
        ...(options.sharedRouteTable ? { routeTable: ROUTE_TABLE } : {}),
      },
    ],
    peerings: options.peerings,
  };
}

function pool(
  name: string,
  mode: string,
  subnet: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    mode,
    osType: "Linux",
    osSKU: "AzureLinux",
    vmSize: "Standard_D4ds_v5",
    count: 3,
    type: "VirtualMachineScaleSets",
    orchestratorVersion: "1.31.2",
    vnetSubnetID: subnet,
    ...extra,
  };
}
