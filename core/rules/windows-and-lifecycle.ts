import { IdentityType, IpamMode, NetworkPlugin, NetworkPolicy } from "../enums";
import { defaultPlugin } from "../parse";
import { azUpdate, isDualStack, Need, pluginOf, policyOf, poolNames, poolsOf, windowsPoolsOf } from "./facts";
import { Sources } from "./sources";
import type { Rule } from "./types";

/** The day kubenet retires (the fleet audit counts down to it). */
export const KUBENET_RETIREMENT = "2028-03-31";

/** Windows pools, node auto-provisioning, create-time defaults and retirements. */
export const windowsAndLifecycleRules: readonly Rule[] = [
  {
    id: "win-requires-azure-cni",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Windows pools need network plugin azure",
    source: Sources.windowsCniRp,
    needs: [Need.poolsWhen((input) => pluginOf(input.desired) !== NetworkPlugin.Azure)],
    check: (input) => {
      const plugin = pluginOf(input.desired);
      const windows = windowsPoolsOf(input);
      return plugin !== NetworkPlugin.Azure && windows.length > 0
        ? [
            {
              message: `Windows pool(s) ${poolNames(windows)} can only be added to clusters using Azure CNI, but networkPlugin is ${plugin} (RP error AzureCNIOnlyForWindows).`,
              fix: 'Use networkPlugin "azure" (preferably with networkPluginMode "overlay"); from kubenet: az aks update --network-plugin azure --network-plugin-mode overlay, then add the Windows pools.',
              field: "networkProfile.networkPlugin",
            },
          ]
        : [];
    },
  },
  {
    id: "nap-cni-compat",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Node auto-provisioning works with Overlay, Overlay + Cilium or Node Subnet only",
    source: Sources.napNetworking,
    needs: [Need.poolsWhen((input) => input.desired.nodeAutoProvisioning === true)],
    check: (input) => {
      const { desired, operation } = input;
      if (desired.nodeAutoProvisioning !== true) return [];
      const problems: string[] = [];
      if (desired.ipamMode === IpamMode.Kubenet) problems.push("kubenet");
      if (desired.ipamMode === IpamMode.PodSubnet) problems.push("dynamic IP allocation (pod subnets)");
      if (policyOf(desired, operation) === NetworkPolicy.Calico) problems.push("Calico");
      if (isDualStack(desired)) problems.push("IPv6 / dual-stack");
      if (windowsPoolsOf(input).length > 0) problems.push("Windows pools");
      return problems.length === 0
        ? []
        : [
            {
              message: `Node auto-provisioning does not support ${problems.join(", ")}.`,
              fix: 'Use Azure CNI Overlay (optionally with Cilium) without Calico, IPv6 or Windows pools, or set nodeProvisioningProfile.mode "Manual".',
              field: "nodeProvisioningProfile.mode",
            },
          ];
    },
  },
  {
    id: "nap-custom-subnet-needs-uami",
    severity: "warn",
    scope: "both",
    kind: "profile",
    title: "Node auto-provisioning on custom subnets may need a user-assigned identity",
    source: Sources.napCustomSubnetIdentity,
    needs: [
      Need.poolsWhen((input) => input.desired.nodeAutoProvisioning === true),
      Need.identity(
        (input) =>
          input.desired.nodeAutoProvisioning === true &&
          poolsOf(input).some((p) => p.vnetSubnetId !== undefined) &&
          input.desired.identityType === undefined,
      ),
    ],
    check: (input) => {
      const { desired } = input;
      const custom = poolsOf(input).filter((p) => p.vnetSubnetId !== undefined);
      return desired.nodeAutoProvisioning === true &&
        custom.length > 0 &&
        desired.identityType !== undefined &&
        desired.identityType !== IdentityType.UserAssigned
        ? [
            {
              message: `Node auto-provisioning runs on custom subnets (pool(s) ${poolNames(custom)}) with a ${desired.identityType} identity; AKS release notes (pending) and the AKS team say NAP with custom subnets requires a user-assigned identity, though the docs still allow either.`,
              fix: 'Use a user-assigned managed identity (identity.type "UserAssigned"; az aks update --enable-managed-identity --assign-identity <identity-resource-id>) before enabling node auto-provisioning on custom subnets.',
              field: "identity.type",
            },
          ]
        : [];
    },
  },
  {
    id: "kubenet-retirement",
    severity: "warn",
    scope: "both",
    kind: "profile",
    title: `kubenet retires on ${KUBENET_RETIREMENT}`,
    source: Sources.kubenetRetirement,
    check: ({ desired }) =>
      desired.ipamMode === IpamMode.Kubenet
        ? [
            {
              message: `kubenet is retired on ${KUBENET_RETIREMENT}; clusters still on it then lose support.`,
              fix: `Migrate to Azure CNI Overlay: ${azUpdate(desired, "--network-plugin azure --network-plugin-mode overlay")} (uninstall Calico first if it is enabled); aks-netguard plan prints the steps.`,
              field: "networkProfile.networkPlugin",
            },
          ]
        : [],
  },
  {
    id: "default-network-plugin",
    severity: "warn",
    scope: "create",
    kind: "profile",
    title: "Say which IPAM mode you want: an unset plugin depends on the version, azure without a mode is Node Subnet",
    source: Sources.overlay,
    check: ({ desired }) => {
      if (desired.networkPlugin === undefined) {
        const chosen = defaultPlugin(desired.networkPluginMode, desired.kubernetesVersion);
        const what = chosen === NetworkPlugin.Kubenet ? "kubenet" : "Azure CNI Overlay";
        return [
          {
            message: `networkPlugin is not set; AKS picks ${what} for Kubernetes ${desired.kubernetesVersion ?? "(version not set)"} (kubenet below 1.30, Azure CNI Overlay from 1.30).`,
            fix: 'Set networkProfile.networkPlugin "azure" and networkPluginMode "overlay" explicitly (--network-plugin azure --network-plugin-mode overlay).',
            field: "networkProfile.networkPlugin",
          },
        ];
      }
      return desired.ipamMode === IpamMode.NodeSubnet
        ? [
            {
              message:
                'networkPlugin "azure" without networkPluginMode creates an Azure CNI Node Subnet cluster, where every pod takes a VNet IP; you probably meant Azure CNI Overlay.',
              fix: 'Add networkProfile.networkPluginMode "overlay" and a podCidr (--network-plugin-mode overlay --pod-cidr 192.168.0.0/16), unless pods must be routable in the VNet.',
              field: "networkProfile.networkPluginMode",
            },
          ]
        : [];
    },
  },
];
