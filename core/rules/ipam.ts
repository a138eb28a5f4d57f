import { IpamMode, ipamModeLabel, NetworkPlugin, NetworkPluginMode } from "../enums";
import { azUpdate, clusterLabel, poolNames, poolsOf } from "./facts";
import { Sources } from "./sources";
import type { Rule } from "./types";

/** IPAM-mode rules: what a network plugin and plugin mode may be, and the one migration AKS does in place. */
export const ipamRules: readonly Rule[] = [
  {
    id: "ipam-kubenet-overlay-single-put",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Overlay plugin mode requires network plugin azure (kubenet → overlay sets both in one update)",
    source: Sources.overlayWithKubenetRp,
    check: ({ desired }) =>
      desired.networkPluginMode === NetworkPluginMode.Overlay &&
      desired.networkPlugin !== undefined &&
      desired.networkPlugin !== NetworkPlugin.Azure
        ? [
            {
              message: `networkPluginMode overlay is not supported with networkPlugin ${desired.networkPlugin} (RP error UnsupportedNetworkPluginModeWithNetworkPlugin).`,
              fix: `Set networkProfile.networkPlugin to "azure" together with networkPluginMode "overlay": ${azUpdate(desired, "--network-plugin azure --network-plugin-mode overlay")}.`,
              field: "networkProfile.networkPlugin",
            },
          ]
        : [],
  },
  {
    id: "ipam-overlay-irreversible",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "Overlay is irreversible: an overlay cluster stays overlay",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) =>
      current?.ipamMode === IpamMode.Overlay && desired.ipamMode !== IpamMode.Overlay
        ? [
            {
              message: `${clusterLabel(current)} is on Azure CNI Overlay and cannot move back to ${ipamModeLabel[desired.ipamMode]}: the overlay migration is one-way.`,
              fix: 'Keep networkProfile.networkPlugin "azure" and networkPluginMode "overlay"; to leave overlay, create a new cluster and move workloads.',
              field: "networkProfile.networkPluginMode",
            },
          ]
        : [],
  },
  {
    id: "ipam-podsubnet-no-overlay",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "Azure CNI Pod Subnet (dynamic IP allocation) cannot migrate to Overlay",
    source: Sources.podSubnetToOverlay,
    check: ({ current, desired }) =>
      current?.ipamMode === IpamMode.PodSubnet && desired.ipamMode === IpamMode.Overlay
        ? [
            {
              message: `${clusterLabel(current)} uses dynamic IP allocation (pools with podSubnetID: ${poolNames(current.nodePools.filter((p) => p.podSubnetId))}); AKS cannot migrate it to Azure CNI Overlay in place.`,
              fix: "Create a new Azure CNI Overlay cluster and move workloads, or stay on Pod Subnet (optionally with the Cilium data plane: --network-dataplane cilium --network-policy cilium).",
              field: "networkProfile.networkPluginMode",
            },
          ]
        : [],
  },
  {
    id: "ipam-byocni-frozen",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "BYO CNI (networkPlugin none) cannot change to or from another plugin",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) => {
      if (current === undefined) return [];
      const fromByo = current.ipamMode === IpamMode.ByoCni;
      const toByo = desired.ipamMode === IpamMode.ByoCni;
      if (fromByo === toByo) return [];
      return [
        {
          message: fromByo
            ? `${clusterLabel(current)} runs BYO CNI (networkPlugin none); AKS has no in-place path from it to ${ipamModeLabel[desired.ipamMode]}.`
            : `${clusterLabel(current)} cannot switch to BYO CNI (networkPlugin none) in place.`,
          fix: `Keep networkProfile.networkPlugin "${current.networkPlugin ?? "as it is"}"; changing to or from BYO CNI needs a new cluster.`,
          field: "networkProfile.networkPlugin",
        },
      ];
    },
  },
  {
    id: "ipam-kubenet-to-nodesubnet",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "kubenet moves only to Azure CNI Overlay, never to Node Subnet or Pod Subnet",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) =>
      current?.ipamMode === IpamMode.Kubenet &&
      (desired.ipamMode === IpamMode.NodeSubnet || desired.ipamMode === IpamMode.PodSubnet)
        ? [
            {
              message: `${clusterLabel(current)} is on kubenet; AKS migrates kubenet only to Azure CNI Overlay, not to ${ipamModeLabel[desired.ipamMode]}.`,
              fix: `Set networkProfile.networkPluginMode "overlay" with networkPlugin "azure": ${azUpdate(current, "--network-plugin azure --network-plugin-mode overlay")}.`,
              field: "networkProfile.networkPluginMode",
            },
          ]
        : [],
  },
  {
    id: "ipam-overlay-only-target",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "The only in-place IPAM migration is to Overlay, from kubenet or Node Subnet",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) => {
      if (current === undefined || current.ipamMode === desired.ipamMode) return [];
      const handledElsewhere =
        current.ipamMode === IpamMode.Overlay ||
        current.ipamMode === IpamMode.ByoCni ||
        desired.ipamMode === IpamMode.ByoCni ||
        (current.ipamMode === IpamMode.PodSubnet && desired.ipamMode === IpamMode.Overlay) ||
        (current.ipamMode === IpamMode.Kubenet && desired.ipamMode !== IpamMode.Kubenet);
      const supported = desired.ipamMode === IpamMode.Overlay && current.ipamMode === IpamMode.NodeSubnet;
      if (handledElsewhere || supported) return [];
      return [
        {
          message: `${clusterLabel(current)} cannot change from ${ipamModeLabel[current.ipamMode]} to ${ipamModeLabel[desired.ipamMode]} in place; AKS supports only kubenet or Node Subnet → Azure CNI Overlay.`,
          fix: `Keep the IPAM mode (networkPlugin, networkPluginMode and the pools' podSubnetID as they are), or move to Overlay where allowed: ${azUpdate(current, "--network-plugin-mode overlay --pod-cidr <cidr>")}.`,
          field: "networkProfile.networkPlugin",
        },
      ];
    },
  },
  {
    id: "ipam-podsubnet-mode-immutable",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "A pool's podSubnetID and pod IP allocation mode cannot change in place",
    source: Sources.staticBlock,
    check: (input) => {
      if (input.current === undefined) return [];
      const before = new Map(input.current.nodePools.map((p) => [p.name.toLowerCase(), p]));
      const changed = poolsOf(input).filter((p) => {
        const old = before.get(p.name.toLowerCase());
        if (old === undefined) return false;
        const mode = (s?: string) => (s ?? "").toLowerCase();
        return (
          (old.podSubnetId ?? "").toLowerCase() !== (p.podSubnetId ?? "").toLowerCase() ||
          (p.podIpAllocationMode !== undefined && mode(old.podIpAllocationMode) !== mode(p.podIpAllocationMode))
        );
      });
      return changed.length === 0
        ? []
        : [
            {
              message: `Pool(s) ${poolNames(changed)} change podSubnetID or podIPAllocationMode; an existing pool's pod subnet and allocation mode are fixed.`,
              fix: "Keep agentPoolProfiles[].podSubnetID and podIPAllocationMode of existing pools as they are; add a new pool with the new subnet (az aks nodepool add --pod-subnet-id …) and delete the old one.",
              field: "agentPoolProfiles[].podSubnetID",
            },
          ];
    },
  },
];
