import { IpamMode, ipamModeLabel, NetworkDataplane, NetworkPlugin, NetworkPolicy } from "../enums";
import {
  azUpdate,
  clusterLabel,
  dataplaneChanges,
  dataplaneOf,
  hasAddonPolicy,
  ipamChanges,
  isCilium,
  movesToCilium,
  Need,
  pluginOf,
  policyOf,
  poolNames,
  windowsPoolsOf,
} from "./facts";
import { Sources } from "./sources";
import type { Rule } from "./types";

/** Data-plane rules: Azure CNI Powered by Cilium, where it may run and how a cluster gets there. */
export const dataplaneRules: readonly Rule[] = [
  {
    id: "dp-cilium-requires-azure-cni",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "The Cilium data plane requires network plugin azure (never kubenet or BYO CNI)",
    source: Sources.cilium,
    check: ({ desired }) =>
      isCilium(desired) && pluginOf(desired) !== NetworkPlugin.Azure
        ? [
            {
              message: `networkDataplane cilium requires networkPlugin azure, but the plugin is ${pluginOf(desired)}.`,
              fix: 'Set networkProfile.networkPlugin "azure" with networkPluginMode "overlay" (from kubenet: move to overlay first, then --network-dataplane cilium), or keep networkDataplane "azure".',
              field: "networkProfile.networkDataplane",
            },
          ]
        : [],
  },
  {
    id: "dp-cilium-requires-policy-cilium",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "The Cilium data plane requires network policy cilium (the RP fills it only on create)",
    source: Sources.ciliumPolicyRp,
    check: ({ desired, operation }) => {
      if (!isCilium(desired)) return [];
      const policy = policyOf(desired, operation);
      return policy === NetworkPolicy.Cilium
        ? []
        : [
            {
              message: `Cilium data plane requires network policy cilium, but networkPolicy is ${desired.networkPolicy ?? "absent"} (RP error CiliumDataplaneRequiresNetworkPolicyCilium).`,
              fix: `Set networkProfile.networkPolicy "cilium" in the same update: ${azUpdate(desired, "--network-dataplane cilium --network-policy cilium")}.`,
              field: "networkProfile.networkPolicy",
            },
          ];
    },
  },
  {
    id: "dp-policy-cilium-requires-dataplane-cilium",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Network policy cilium exists only on the Cilium data plane",
    source: Sources.networkPolicies,
    check: ({ desired }) =>
      desired.networkPolicy === NetworkPolicy.Cilium && !isCilium(desired)
        ? [
            {
              message:
                "networkPolicy cilium is set, but networkDataplane is azure: the Cilium policy engine runs only with Azure CNI Powered by Cilium.",
              fix: `Set networkProfile.networkDataplane "cilium" as well (${azUpdate(desired, "--network-dataplane cilium --network-policy cilium")}), or choose networkPolicy "none", "azure" or "calico".`,
              field: "networkProfile.networkPolicy",
            },
          ]
        : [],
  },
  {
    id: "dp-cilium-no-windows",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "No Windows pools with the Cilium data plane (inline or separate AgentPool)",
    source: Sources.cilium,
    needs: [Need.poolsWhen((input) => isCilium(input.desired))],
    check: (input) => {
      if (!isCilium(input.desired)) return [];
      const windows = windowsPoolsOf(input);
      return windows.length === 0
        ? []
        : [
            {
              message: `Azure CNI Powered by Cilium is Linux-only, but the cluster has Windows pool(s) ${poolNames(windows)}${windows.some((p) => p.separate) ? " (declared as separate AgentPool resources)" : ""}.`,
              fix: 'Remove the Windows pools (az aks nodepool delete) before moving to Cilium, or keep networkDataplane "azure" while the cluster needs Windows nodes.',
              field: "networkProfile.networkDataplane",
            },
          ];
    },
  },
  {
    id: "dp-cilium-not-from-kubenet",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "kubenet never straight to Cilium: move to Overlay first",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) =>
      current?.ipamMode === IpamMode.Kubenet && isCilium(desired)
        ? [
            {
              message: `${clusterLabel(current)} is on kubenet and cannot switch to the Cilium data plane directly.`,
              fix: `Migrate to Azure CNI Overlay first (${azUpdate(current, "--network-plugin azure --network-plugin-mode overlay")}), then in a separate update ${azUpdate(current, "--network-dataplane cilium --network-policy cilium")}.`,
              field: "networkProfile.networkDataplane",
            },
          ]
        : [],
  },
  {
    id: "dp-ipam-and-dataplane-separate",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "IPAM mode and data plane never change in the same update",
    source: Sources.updateAzureCni,
    check: (input) =>
      ipamChanges(input) && dataplaneChanges(input)
        ? [
            {
              message: `This update changes the IPAM mode (${ipamModeLabel[input.current.ipamMode]} → ${ipamModeLabel[input.desired.ipamMode]}) and the data plane (${dataplaneOf(input.current)} → ${dataplaneOf(input.desired)}) at once; AKS accepts one of them per operation.`,
              fix: "Split it into two updates: the IPAM change (--network-plugin-mode overlay) and the data plane change (--network-dataplane cilium --network-policy cilium), in either order; `aks-netguard plan` prints the sequence.",
              field: "networkProfile.networkDataplane",
            },
          ]
        : [],
  },
  {
    id: "dp-no-revert-from-cilium",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "No way back from Cilium to the azure data plane",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) =>
      current !== undefined && isCilium(current) && !isCilium(desired)
        ? [
            {
              message: `${clusterLabel(current)} runs the Cilium data plane; moving back to networkDataplane ${NetworkDataplane.Azure} is not a supported update.`,
              fix: 'Keep networkProfile.networkDataplane "cilium" and networkPolicy "cilium"; a cluster on the azure data plane has to be created anew.',
              field: "networkProfile.networkDataplane",
            },
          ]
        : [],
  },
  {
    id: "dp-cilium-update-blocked-with-nap",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "No update to Cilium while node auto-provisioning is enabled",
    source: Sources.updateAzureCni,
    needs: [
      Need.nodeProvisioning(
        (input) =>
          movesToCilium(input) &&
          input.current.nodeAutoProvisioning === undefined &&
          input.desired.nodeAutoProvisioning === undefined,
      ),
    ],
    check: (input) =>
      movesToCilium(input) &&
      (input.current.nodeAutoProvisioning === true || input.desired.nodeAutoProvisioning === true)
        ? [
            {
              message: `${clusterLabel(input.current)} has node auto-provisioning enabled; AKS does not update such a cluster to the Cilium data plane.`,
              fix: `Disable node auto-provisioning (nodeProvisioningProfile.mode "Manual"), update to Cilium (${azUpdate(input.current, "--network-dataplane cilium --network-policy cilium")}), then enable it again.`,
              field: "nodeProvisioningProfile.mode",
            },
          ]
        : [],
  },
  {
    id: "dp-cilium-replaces-npm-calico",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "Enabling Cilium uninstalls Azure NPM or Calico; Cilium enforces only after every node is reimaged",
    source: Sources.updateAzureCni,
    check: (input) =>
      movesToCilium(input) && hasAddonPolicy(input.current)
        ? [
            {
              message: `Enabling Cilium uninstalls ${policyOf(input.current) === NetworkPolicy.Azure ? "Azure NPM" : "Calico"} and replaces it with Cilium; policy semantics change (ipBlock cannot select pod or node IPs, hostNetwork pods are not covered) and Cilium enforces only after all nodes are reimaged.`,
              fix: "Review the cluster's NetworkPolicies (kubectl get networkpolicy -A) against Cilium's limitations before the update, and expect no enforcement until the reimage completes.",
              field: "networkProfile.networkPolicy",
            },
          ]
        : [],
  },
  {
    id: "dp-reimage-all-pools",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "IPAM and data-plane migrations reimage every node pool at once",
    source: Sources.updateAzureCni,
    check: (input) =>
      ipamChanges(input) || dataplaneChanges(input)
        ? [
            {
              message:
                "This migration reimages every node pool at the same time; per-pool migration is not supported and disruption is like a node image upgrade.",
              fix: "Schedule a maintenance window and check that PodDisruptionBudgets and replica counts tolerate all pools reimaging together (kubectl get pdb -A) before the update.",
            },
          ]
        : [],
  },
];
