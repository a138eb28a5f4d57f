import { IpamMode, NetworkPolicy } from "../enums";
import { atLeast } from "../version";
import {
  azUpdate,
  clusterLabel,
  isDualStack,
  isUpdate,
  KubernetesFloor,
  movesToCilium,
  Need,
  hasAddonPolicy,
  isAddonPolicy,
  policyOf,
  poolNames,
  windowsPoolsOf,
} from "./facts";
import type { ClusterNetwork } from "../model";
import { Sources } from "./sources";
import type { Rule } from "./types";

export const NPM_WINDOWS_CUTOFF = new Date("2026-09-30T00:00:00Z");
/** The day Azure NPM retires on Linux nodes (the fleet audit counts down to it). */
export const NPM_LINUX_RETIREMENT = "2028-09-30";

/** The update installs Azure NPM or Calico on a cluster without an engine, or uninstalls it. */
function installsOrUninstalls(current: ClusterNetwork, desired: ClusterNetwork): boolean {
  const from = policyOf(current);
  const to = policyOf(desired);
  return (from === NetworkPolicy.None && isAddonPolicy(to)) || (isAddonPolicy(from) && to === NetworkPolicy.None);
}

/** Network-policy engine rules: which engine goes with which plugin, and how engines change. */
export const networkPolicyRules: readonly Rule[] = [
  {
    id: "np-kubenet-calico-only",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "kubenet supports only Calico as a network policy engine",
    source: Sources.networkPolicies,
    check: ({ desired, operation }) => {
      const policy = policyOf(desired, operation);
      return desired.ipamMode === IpamMode.Kubenet &&
        (policy === NetworkPolicy.Azure || policy === NetworkPolicy.Cilium)
        ? [
            {
              message: `networkPolicy ${policy} needs Azure CNI; on kubenet the only supported engine is Calico.`,
              fix: 'Set networkProfile.networkPolicy "calico" or "none" on kubenet, or migrate to Azure CNI Overlay first (--network-plugin azure --network-plugin-mode overlay).',
              field: "networkProfile.networkPolicy",
            },
          ]
        : [];
    },
  },
  {
    id: "np-dualstack-no-npm-calico",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Dual-stack clusters support neither Azure NPM nor Calico",
    source: Sources.overlay,
    check: ({ desired, operation }) =>
      isDualStack(desired) && isAddonPolicy(policyOf(desired, operation))
        ? [
            {
              message: `networkPolicy ${policyOf(desired, operation)} is not supported on a dual-stack (IPv4 + IPv6) cluster.`,
              fix: 'Set networkProfile.networkPolicy "none", or use the Cilium data plane, which supports dual-stack: networkProfile.networkDataplane "cilium" with networkPolicy "cilium" (--network-dataplane cilium --network-policy cilium).',
              field: "networkProfile.networkPolicy",
            },
          ]
        : [],
  },
  {
    id: "np-byocni-none",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "BYO CNI (networkPlugin none) takes no network policy",
    source: Sources.networkPolicies,
    check: ({ desired, operation }) =>
      desired.ipamMode === IpamMode.ByoCni && policyOf(desired, operation) !== NetworkPolicy.None
        ? [
            {
              message: `networkPlugin none (BYO CNI) does not allow networkPolicy ${policyOf(desired, operation)}; AKS installs no policy engine there.`,
              fix: 'Remove networkProfile.networkPolicy (or set "none") and install the policy engine with your own CNI.',
              field: "networkProfile.networkPolicy",
            },
          ]
        : [],
  },
  {
    id: "np-npm-retirement",
    severity: "warn",
    scope: "both",
    kind: "profile",
    title: `Azure NPM retires on Linux on ${NPM_LINUX_RETIREMENT}; on Windows it retired on 2026-09-30`,
    source: Sources.networkPolicies,
    check: ({ desired, operation }) =>
      policyOf(desired, operation) === NetworkPolicy.Azure
        ? [
            {
              message: `Azure Network Policy Manager retired on Windows nodes on 2026-09-30 (no new Windows pools with it) and retires on Linux nodes on ${NPM_LINUX_RETIREMENT}.`,
              fix: `Plan the move to Cilium network policy: ${azUpdate(desired, "--network-dataplane cilium --network-policy cilium")} (Azure CNI clusters without Windows pools).`,
              field: "networkProfile.networkPolicy",
            },
          ]
        : [],
  },
  {
    id: "np-npm-windows-onboarding",
    severity: "block",
    scope: "both",
    kind: "transition",
    curable: false,
    title: "No new Windows pools with Azure NPM (support ended on 2026-09-30)",
    source: Sources.networkPolicies,
    needs: [Need.poolsWhen((input) => policyOf(input.desired, input.operation) === NetworkPolicy.Azure)],
    check: (input) => {
      if (policyOf(input.desired, input.operation) !== NetworkPolicy.Azure) return [];
      const existing = new Set((input.current?.nodePools ?? []).map((p) => p.name.toLowerCase()));
      const added = windowsPoolsOf(input).filter((p) => !existing.has(p.name.toLowerCase()));
      return added.length === 0
        ? []
        : [
            {
              message: `Azure NPM has not supported new Windows node pools since 2026-09-30, but pool(s) ${poolNames(added)} would be added with networkPolicy azure.`,
              fix: 'Leave the new Windows pools out, or add them to a cluster whose networkProfile.networkPolicy is "none" or "calico" (--network-policy none, then the new engine in a later update).',
              field: "networkProfile.networkPolicy",
            },
          ];
    },
  },
  {
    id: "np-change-via-none",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "Azure NPM ↔ Calico goes through none (two updates)",
    source: Sources.networkPolicies,
    check: ({ current, desired }) => {
      if (current === undefined) return [];
      const from = policyOf(current);
      const to = policyOf(desired);
      return isAddonPolicy(from) && isAddonPolicy(to) && from !== to
        ? [
            {
              message: `The network policy engine cannot switch from ${from} to ${to} directly.`,
              fix: `Uninstall first (${azUpdate(current, "--network-policy none")}), then install the new engine in a second update (${azUpdate(current, `--network-policy ${to}`)}).`,
              field: "networkProfile.networkPolicy",
            },
          ]
        : [];
    },
  },
  {
    id: "np-install-uninstall-k8s-floor",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "Installing or uninstalling Azure NPM or Calico needs Kubernetes 1.30 or later",
    source: Sources.policyK8sFloorRelease,
    needs: [
      Need.kubernetesVersion(
        (input) =>
          isUpdate(input) &&
          input.current.kubernetesVersion === undefined &&
          installsOrUninstalls(input.current, input.desired),
      ),
    ],
    check: ({ current, desired }) => {
      if (
        current === undefined ||
        current.kubernetesVersion === undefined ||
        atLeast(current.kubernetesVersion, KubernetesFloor.addonPolicyChange)
      )
        return [];
      const from = policyOf(current);
      const to = policyOf(desired);
      return installsOrUninstalls(current, desired)
        ? [
            {
              message: `${clusterLabel(current)} runs Kubernetes ${current.kubernetesVersion}; AKS rejects installing or uninstalling Azure NPM or Calico below 1.30 (${from} → ${to}).`,
              fix: `Upgrade the cluster first (az aks upgrade --kubernetes-version 1.30 or later; kubernetesVersion), then change networkProfile.networkPolicy.`,
              field: "kubernetesVersion",
            },
          ]
        : [];
    },
  },
  {
    id: "np-cilium-swap-k8s-floor",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "Replacing NPM or Calico by Cilium below Kubernetes 1.30 may be rejected",
    source: Sources.policyK8sFloorRelease,
    needs: [
      Need.kubernetesVersion(
        (input) =>
          movesToCilium(input) && hasAddonPolicy(input.current) && input.current.kubernetesVersion === undefined,
      ),
    ],
    check: (input) => {
      const current = input.current;
      if (!movesToCilium(input) || current === undefined || !hasAddonPolicy(current)) return [];
      if (
        current.kubernetesVersion === undefined ||
        atLeast(current.kubernetesVersion, KubernetesFloor.addonPolicyChange)
      )
        return [];
      return [
        {
          message: `Switching to Cilium uninstalls ${policyOf(current)} on Kubernetes ${current.kubernetesVersion}; AKS rejects NPM/Calico uninstalls below 1.30 and may reject this one too.`,
          fix: "Upgrade to Kubernetes 1.30 or later before the Cilium update (az aks upgrade; kubernetesVersion).",
          field: "kubernetesVersion",
        },
      ];
    },
  },
];
