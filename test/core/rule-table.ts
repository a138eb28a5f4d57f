/**
 * For every rule of the catalog: inputs that must trigger it and inputs that must not.
 * `current` absent means a create; an update's `desired` names only what it changes unless it says more.
 */
import type { EvaluationContext } from "../../core";
import {
  AGIC_SUBNET_ID,
  byoCni,
  DUAL_STACK,
  kubenet,
  nodeSubnet,
  overlay,
  overlayCilium,
  NODE_SUBNET_ID,
  POD_SUBNET_ID,
  podSubnet,
  ROUTE_TABLE_ID,
  separatePool,
  subnetId,
  systemPool,
  userPool,
  vnetContext,
  windowsPool,
  type ClusterSpec,
} from "../support/fixtures";
import { KUBE_RULE_TABLE, KUBE_VARIANTS } from "./rule-table-kube";

export interface RuleCase {
  readonly name: string;
  readonly current?: ClusterSpec;
  readonly desired: ClusterSpec;
  readonly context?: EvaluationContext;
}

export interface RuleCases {
  readonly violating: readonly RuleCase[];
  readonly passing: readonly RuleCase[];
  /** For rules with `needs`: inputs that lack a fact the rule needs, so the rule is reported unverified (never passed). */
  readonly unverified?: readonly RuleCase[];
}

const TO_CILIUM: ClusterSpec = { dataplane: "cilium", policy: "cilium" };
const TO_OVERLAY_FROM_KUBENET: ClusterSpec = { plugin: "azure", mode: "overlay" };
const TO_OVERLAY_FROM_NODE_SUBNET: ClusterSpec = { mode: "overlay", podCidr: "192.168.0.0/16" };
/** A context where kube-system was inspected and holds only the reconciled ip-masq-agent ConfigMap. */
const inspected: EvaluationContext = { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config-reconciled"] };
const vnet = vnetContext();
const LONG = "v".repeat(64);
const HUB_10_8 = { name: "to-hub", remoteAddressPrefixes: ["10.0.0.0/8"], state: "Connected" };
const cordoned = (extra: Partial<Parameters<typeof systemPool>[0]> = {}) =>
  systemPool({ undrainableNodeBehavior: "Cordon", ...extra });
/** IPv6 pod and service CIDRs added beside the unchanged IPv4 ones. */
const ADD_IPV6: ClusterSpec = { ...DUAL_STACK, serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"] };

export const RULE_TABLE: Record<string, RuleCases> = {
  "ipam-kubenet-overlay-single-put": {
    violating: [
      { name: "create: kubenet with plugin mode overlay", desired: kubenet({ mode: "overlay" }) },
      { name: "update: kubenet sets only the overlay mode", current: kubenet(), desired: { mode: "overlay" } },
    ],
    passing: [
      {
        name: "update: kubenet → azure + overlay in one request",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
      { name: "create: overlay", desired: overlay() },
    ],
  },
  "ovl-no-pod-subnet": {
    violating: [
      {
        name: "create: overlay with an inline pool on a pod subnet",
        desired: overlay({ pools: [systemPool({ podSubnetId: POD_SUBNET_ID })] }),
      },
      {
        name: "create: overlay with a separate AgentPool on a pod subnet",
        desired: overlay(),
        context: { agentPools: [separatePool(userPool({ podSubnetId: POD_SUBNET_ID }))] },
      },
    ],
    passing: [{ name: "create: overlay without pod subnets", desired: overlay({ pools: [systemPool(), userPool()] }) }],
    unverified: [{ name: "create: overlay without any pool", desired: overlay({ pools: [] }) }],
  },
  "ipam-overlay-irreversible": {
    violating: [
      { name: "update: overlay → Node Subnet (mode dropped)", current: overlay(), desired: { plugin: "azure" } },
      { name: "update: overlay → kubenet", current: overlay(), desired: { plugin: "kubenet" } },
    ],
    passing: [
      { name: "update: overlay → overlay + Cilium", current: overlay(), desired: TO_CILIUM },
      {
        name: "update: overlay → overlay + Cilium, the desired cluster stated in full",
        current: overlay(),
        desired: overlayCilium(),
      },
    ],
  },
  "ipam-podsubnet-no-overlay": {
    violating: [
      { name: "update: Pod Subnet → overlay", current: podSubnet(), desired: TO_OVERLAY_FROM_NODE_SUBNET },
      {
        name: "update: Pod Subnet → overlay, the pools' pod subnets dropped as well",
        current: podSubnet(),
        desired: { plugin: "azure", ...TO_OVERLAY_FROM_NODE_SUBNET, pools: [systemPool()] },
      },
    ],
    passing: [{ name: "update: Pod Subnet → Pod Subnet + Cilium", current: podSubnet(), desired: TO_CILIUM }],
  },
  "ipam-byocni-frozen": {
    violating: [
      {
        name: "update: BYO CNI → overlay",
        current: byoCni(),
        desired: { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" },
      },
      { name: "update: Node Subnet → BYO CNI", current: nodeSubnet(), desired: { plugin: "none" } },
    ],
    passing: [{ name: "update: BYO CNI restated", current: byoCni(), desired: { plugin: "none" } }],
  },
  "ipam-kubenet-to-nodesubnet": {
    violating: [
      { name: "update: kubenet → Node Subnet", current: kubenet(), desired: { plugin: "azure" } },
      {
        name: "update: kubenet → Pod Subnet",
        current: kubenet(),
        desired: { plugin: "azure", pools: [systemPool({ podSubnetId: POD_SUBNET_ID })] },
      },
    ],
    passing: [
      { name: "update: kubenet → overlay", current: kubenet(), desired: TO_OVERLAY_FROM_KUBENET, context: inspected },
    ],
  },
  "ipam-overlay-only-target": {
    violating: [
      {
        name: "update: Node Subnet → kubenet",
        current: nodeSubnet(),
        desired: { plugin: "kubenet", podCidr: "10.244.0.0/16" },
      },
      {
        name: "update: Node Subnet → Pod Subnet",
        current: nodeSubnet(),
        desired: { pools: [systemPool({ podSubnetId: POD_SUBNET_ID })] },
      },
      { name: "update: Pod Subnet → Node Subnet", current: podSubnet(), desired: { pools: [systemPool()] } },
    ],
    passing: [
      {
        name: "update: Node Subnet → overlay",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
  },
  "ipam-podsubnet-mode-immutable": {
    violating: [
      {
        name: "update: pod subnet removed from an existing pool",
        current: podSubnet(),
        desired: { pools: [systemPool()] },
      },
      {
        name: "update: dynamic → static block on an existing pool",
        current: podSubnet(),
        desired: { pools: [systemPool({ podSubnetId: POD_SUBNET_ID, podIpAllocationMode: "StaticBlock" })] },
      },
    ],
    passing: [
      {
        name: "update: pools restated",
        current: podSubnet(),
        desired: { pools: [systemPool({ podSubnetId: POD_SUBNET_ID, podIpAllocationMode: "DynamicIndividual" })] },
      },
      {
        name: "update: allocation mode in another case",
        current: podSubnet(),
        desired: {
          pools: [systemPool({ podSubnetId: POD_SUBNET_ID.toLowerCase(), podIpAllocationMode: "dynamicindividual" })],
        },
      },
    ],
  },
  "dp-cilium-requires-azure-cni": {
    violating: [
      { name: "create: kubenet + Cilium", desired: kubenet({ dataplane: "cilium", policy: "cilium" }) },
      { name: "create: BYO CNI + Cilium", desired: byoCni({ dataplane: "cilium" }) },
      {
        name: "create: plugin unset on 1.29 (kubenet) + Cilium",
        desired: overlay({ plugin: undefined, mode: undefined, version: "1.29.9", ...TO_CILIUM }),
      },
    ],
    passing: [
      { name: "create: overlay + Cilium", desired: overlayCilium() },
      { name: "create: Node Subnet + Cilium", desired: nodeSubnet(TO_CILIUM) },
      {
        name: "create: plugin unset on 1.31 (overlay) + Cilium",
        desired: overlay({ plugin: undefined, mode: undefined, ...TO_CILIUM }),
      },
    ],
  },
  "dp-cilium-requires-policy-cilium": {
    violating: [
      { name: "update: to Cilium with the policy absent", current: overlay(), desired: { dataplane: "cilium" } },
      {
        name: "update: to Cilium with policy none",
        current: overlay(),
        desired: { dataplane: "cilium", policy: "none" },
      },
      { name: "create: Cilium with Calico", desired: overlay({ dataplane: "cilium", policy: "calico" }) },
      { name: "create: Cilium with policy none", desired: overlay({ dataplane: "cilium", policy: "none" }) },
    ],
    passing: [
      {
        name: "create: Cilium with the policy absent (the RP fills cilium)",
        desired: overlay({ dataplane: "cilium" }),
      },
      { name: "update: to Cilium with policy cilium", current: overlay(), desired: TO_CILIUM },
    ],
  },
  "dp-policy-cilium-requires-dataplane-cilium": {
    violating: [
      { name: "create: policy cilium on the azure data plane", desired: overlay({ policy: "cilium" }) },
      { name: "update: policy cilium without the data plane", current: overlay(), desired: { policy: "cilium" } },
    ],
    passing: [{ name: "create: policy cilium on Cilium", desired: overlayCilium() }],
  },
  "dp-cilium-no-windows": {
    violating: [
      {
        name: "create: Cilium with an inline Windows pool",
        desired: overlayCilium({ pools: [systemPool(), windowsPool()] }),
      },
      {
        name: "create: Cilium with a separate Windows AgentPool",
        desired: overlayCilium(),
        context: { agentPools: [separatePool(windowsPool())] },
      },
      {
        name: "update: overlay with a Windows pool → Cilium",
        current: overlay({ pools: [systemPool(), windowsPool()] }),
        desired: TO_CILIUM,
      },
    ],
    passing: [
      {
        name: "create: Windows pool on the azure data plane",
        desired: overlay({ pools: [systemPool(), windowsPool()] }),
      },
      {
        name: "create: Cilium with a separate Linux AgentPool",
        desired: overlayCilium(),
        context: { agentPools: [separatePool(userPool())] },
      },
    ],
    unverified: [{ name: "create: Cilium without any pool", desired: overlayCilium({ pools: [] }) }],
  },
  "dp-cilium-not-from-kubenet": {
    violating: [
      {
        name: "update: kubenet → overlay + Cilium at once",
        current: kubenet(),
        desired: { ...TO_OVERLAY_FROM_KUBENET, ...TO_CILIUM },
      },
      {
        name: "update: kubenet → overlay + Cilium at once, the desired cluster stated in full",
        current: kubenet(),
        desired: overlayCilium({ podCidr: "10.244.0.0/16" }),
      },
      { name: "update: kubenet → kubenet + Cilium", current: kubenet(), desired: TO_CILIUM },
    ],
    passing: [{ name: "update: overlay → Cilium", current: overlay(), desired: TO_CILIUM }],
  },
  "dp-ipam-and-dataplane-separate": {
    violating: [
      {
        name: "update: Node Subnet → overlay + Cilium at once",
        current: nodeSubnet(),
        desired: { ...TO_OVERLAY_FROM_NODE_SUBNET, ...TO_CILIUM },
      },
    ],
    passing: [
      { name: "update: Node Subnet → Node Subnet + Cilium", current: nodeSubnet(), desired: TO_CILIUM },
      {
        name: "update: Node Subnet + Cilium → overlay + Cilium",
        current: nodeSubnet(TO_CILIUM),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
  },
  "dp-no-revert-from-cilium": {
    violating: [
      {
        name: "update: Cilium → azure data plane",
        current: overlayCilium(),
        desired: { dataplane: "azure", policy: "none" },
      },
    ],
    passing: [{ name: "update: Cilium restated", current: overlayCilium(), desired: { dataplane: "cilium" } }],
  },
  "dp-cilium-update-blocked-with-nap": {
    violating: [{ name: "update: NAP cluster → Cilium", current: overlay({ nap: true }), desired: TO_CILIUM }],
    passing: [
      { name: "update: NAP off → Cilium", current: overlay({ nap: false }), desired: TO_CILIUM },
      { name: "create: NAP cluster with Cilium", desired: overlayCilium({ nap: true }) },
    ],
    unverified: [
      { name: "update: → Cilium, the node provisioning mode unknown", current: overlay(), desired: TO_CILIUM },
    ],
  },
  "dp-cilium-replaces-npm-calico": {
    violating: [
      { name: "update: overlay + NPM → Cilium", current: overlay({ policy: "azure" }), desired: TO_CILIUM },
      { name: "update: Node Subnet + Calico → Cilium", current: nodeSubnet({ policy: "calico" }), desired: TO_CILIUM },
    ],
    passing: [
      { name: "update: overlay without a policy → Cilium", current: overlay({ policy: "none" }), desired: TO_CILIUM },
    ],
  },
  "dp-reimage-all-pools": {
    violating: [
      { name: "update: data plane change", current: overlay(), desired: TO_CILIUM },
      { name: "update: IPAM change", current: kubenet(), desired: TO_OVERLAY_FROM_KUBENET, context: inspected },
    ],
    passing: [
      { name: "update: network policy only", current: overlay({ policy: "none" }), desired: { policy: "calico" } },
    ],
  },
  "np-kubenet-calico-only": {
    violating: [
      { name: "create: kubenet + Azure NPM", desired: kubenet({ policy: "azure" }) },
      {
        name: "update: kubenet installs Azure NPM",
        current: kubenet({ policy: "none" }),
        desired: { policy: "azure" },
      },
    ],
    passing: [{ name: "create: kubenet + Calico", desired: kubenet({ policy: "calico" }) }],
  },
  "np-dualstack-no-npm-calico": {
    violating: [
      { name: "create: dual-stack + Calico", desired: overlay({ ...DUAL_STACK, policy: "calico" }) },
      { name: "create: dual-stack + Azure NPM", desired: overlay({ ...DUAL_STACK, policy: "azure" }) },
    ],
    passing: [{ name: "create: dual-stack + Cilium", desired: overlayCilium(DUAL_STACK) }],
  },
  "np-byocni-none": {
    violating: [{ name: "create: BYO CNI + Calico", desired: byoCni({ policy: "calico" }) }],
    passing: [
      { name: "create: BYO CNI without a policy", desired: byoCni() },
      { name: "create: BYO CNI with policy none", desired: byoCni({ policy: "none" }) },
    ],
  },
  "np-npm-retirement": {
    violating: [{ name: "create: overlay + Azure NPM", desired: overlay({ policy: "azure" }) }],
    passing: [{ name: "create: overlay + Calico", desired: overlay({ policy: "calico" }) }],
  },
  "np-npm-windows-onboarding": {
    violating: [
      {
        name: "create: Windows pool with NPM (support ended on 2026-09-30)",
        desired: overlay({ policy: "azure", pools: [systemPool(), windowsPool()] }),
      },
      {
        name: "create: Windows pool with NPM, whatever date the context says",
        desired: overlay({ policy: "azure", pools: [systemPool(), windowsPool()] }),
        context: { now: new Date("2026-09-01T00:00:00Z") },
      },
      {
        name: "update: separate Windows AgentPool added to an NPM cluster",
        current: overlay({ policy: "azure" }),
        desired: { policy: "azure" },
        context: { agentPools: [separatePool(windowsPool())] },
      },
    ],
    passing: [
      {
        name: "create: Windows pool without NPM",
        desired: overlay({ policy: "none", pools: [systemPool(), windowsPool()] }),
      },
      {
        name: "update: an existing Windows pool is kept",
        current: overlay({ policy: "azure", pools: [systemPool(), windowsPool()] }),
        desired: { policy: "azure" },
      },
    ],
    unverified: [{ name: "create: NPM without any pool", desired: overlay({ policy: "azure", pools: [] }) }],
  },
  "np-change-via-none": {
    violating: [
      {
        name: "update: Azure NPM → Calico directly",
        current: overlay({ policy: "azure" }),
        desired: { policy: "calico" },
      },
      {
        name: "update: Calico → Azure NPM directly",
        current: nodeSubnet({ policy: "calico" }),
        desired: { policy: "azure" },
      },
    ],
    passing: [{ name: "update: Azure NPM → none", current: overlay({ policy: "azure" }), desired: { policy: "none" } }],
  },
  "np-install-uninstall-k8s-floor": {
    violating: [
      {
        name: "update: uninstall Calico on 1.29",
        current: kubenet({ policy: "calico", version: "1.29.9" }),
        desired: { policy: "none" },
      },
      {
        name: "update: install Azure NPM on 1.29",
        current: overlay({ policy: "none", version: "1.29.9" }),
        desired: { policy: "azure" },
      },
    ],
    passing: [
      {
        name: "update: uninstall Calico on 1.30",
        current: kubenet({ policy: "calico", version: "1.30.1" }),
        desired: { policy: "none" },
      },
      { name: "create: Calico on 1.29", desired: kubenet({ policy: "calico", version: "1.29.9" }) },
    ],
    unverified: [
      {
        name: "update: uninstall Calico, the version unknown",
        current: kubenet({ policy: "calico", version: undefined }),
        desired: { policy: "none" },
      },
    ],
  },
  "np-cilium-swap-k8s-floor": {
    violating: [
      {
        name: "update: Azure NPM → Cilium on 1.29",
        current: overlay({ policy: "azure", version: "1.29.9" }),
        desired: TO_CILIUM,
      },
    ],
    passing: [
      {
        name: "update: Azure NPM → Cilium on 1.30",
        current: overlay({ policy: "azure", version: "1.30.0" }),
        desired: TO_CILIUM,
      },
    ],
    unverified: [
      {
        name: "update: NPM → Cilium, the version unknown",
        current: overlay({ policy: "azure", version: undefined }),
        desired: TO_CILIUM,
      },
    ],
  },
  "ovl-k8s-floor": {
    violating: [
      {
        name: "update: Node Subnet on 1.26 → overlay",
        current: nodeSubnet({ version: "1.26.3" }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: Node Subnet on 1.27 → overlay",
        current: nodeSubnet({ version: "1.27.0" }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      { name: "create: overlay on 1.25 (no floor on create)", desired: overlay({ version: "1.25.6" }) },
    ],
    unverified: [
      {
        name: "update: Node Subnet → overlay, the version unknown",
        current: nodeSubnet({ version: undefined }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
  },
  "ovl-no-npm-calico": {
    violating: [
      {
        name: "update: Node Subnet + NPM → overlay",
        current: nodeSubnet({ policy: "azure" }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: kubenet + Calico → overlay",
        current: kubenet({ policy: "calico" }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
      {
        name: "update: Node Subnet → overlay installing Calico at once",
        current: nodeSubnet({ policy: "none" }),
        desired: { ...TO_OVERLAY_FROM_NODE_SUBNET, policy: "calico" },
        context: inspected,
      },
      {
        name: "update: Node Subnet → overlay installing Azure NPM at once",
        current: nodeSubnet(),
        desired: { ...TO_OVERLAY_FROM_NODE_SUBNET, policy: "azure" },
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: Node Subnet + Cilium → overlay (policy cilium stays)",
        current: nodeSubnet(TO_CILIUM),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: Node Subnet without a policy → overlay",
        current: nodeSubnet({ policy: "none" }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: kubenet without a policy → overlay",
        current: kubenet({ policy: "none" }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
  },
  "ovl-no-windows-docker": {
    violating: [
      {
        name: "update: Node Subnet with a Docker-era Windows pool → overlay",
        current: nodeSubnet({
          pools: [systemPool(), windowsPool({ orchestratorVersion: "1.22.6", nodeImageVersion: undefined })],
        }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: a Windows pool whose node image is a Docker-era Windows Server 2019 image → overlay",
        current: nodeSubnet({
          pools: [
            systemPool(),
            windowsPool({
              osSku: "Windows2019",
              orchestratorVersion: undefined,
              nodeImageVersion: "AKSWindows-2019-17763.1577.201111",
            }),
          ],
        }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: a containerd node image wins over an old orchestrator version → overlay",
        current: nodeSubnet({
          pools: [
            systemPool(),
            windowsPool({
              osSku: "Windows2019",
              orchestratorVersion: "1.22.6",
              nodeImageVersion: "AKSWindows-2019-containerd-17763.5576.240304",
            }),
          ],
        }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: Node Subnet with a containerd Windows pool → overlay",
        current: nodeSubnet({ pools: [systemPool(), windowsPool()] }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    unverified: [
      {
        name: "update: Node Subnet → overlay, no pool known",
        current: nodeSubnet({ pools: [] }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
  },
  "ovl-windows-build": {
    violating: [
      {
        name: "update: Windows build 20348.1607 → overlay",
        current: nodeSubnet({
          pools: [systemPool(), windowsPool({ nodeImageVersion: "AKSWindows-2022-containerd-20348.1607.230310" })],
        }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: Windows Server 2019 node image (build 17763) → overlay",
        current: nodeSubnet({
          pools: [
            systemPool(),
            windowsPool({ osSku: "Windows2019", nodeImageVersion: "AKSWindows-2019-containerd-17763.5576.240304" }),
          ],
        }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: Windows build unknown → overlay",
        current: nodeSubnet({ pools: [systemPool(), windowsPool({ nodeImageVersion: undefined })] }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: Windows build 20348.1668 → overlay",
        current: nodeSubnet({
          pools: [systemPool(), windowsPool({ nodeImageVersion: "AKSWindows-2022-containerd-20348.1668.230418" })],
        }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    unverified: [
      {
        name: "update: Node Subnet → overlay, no pool known",
        current: nodeSubnet({ pools: [] }),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
  },
  "ovl-custom-ip-masq-agent": {
    violating: [
      {
        name: "update: custom ip-masq-agent ConfigMap present",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config", "azure-ip-masq-agent-config-reconciled"] },
      },
    ],
    passing: [
      {
        name: "update: only the reconciled ConfigMap",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    unverified: [
      { name: "update: kube-system not inspected", current: nodeSubnet(), desired: TO_OVERLAY_FROM_NODE_SUBNET },
    ],
  },
  "ovl-kubenet-needs-uami": {
    violating: [
      {
        name: "update: kubenet on a BYO subnet with a system-assigned identity → overlay",
        current: kubenet({ identity: "SystemAssigned" }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: kubenet with a user-assigned identity → overlay",
        current: kubenet({ identity: "UserAssigned" }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
      {
        name: "update: kubenet on a managed VNet with a system-assigned identity → overlay",
        current: kubenet({ identity: "SystemAssigned", pools: [systemPool({ vnetSubnetId: undefined })] }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
    unverified: [
      {
        name: "update: kubenet on a BYO subnet → overlay, the identity unknown",
        current: kubenet({ identity: undefined }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
      {
        name: "update: kubenet → overlay, no pool known",
        current: kubenet({ identity: "SystemAssigned", pools: [] }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
  },
  "ovl-kubenet-route-table-side-effects": {
    violating: [
      { name: "update: kubenet → overlay", current: kubenet(), desired: TO_OVERLAY_FROM_KUBENET, context: inspected },
    ],
    passing: [
      {
        name: "update: Node Subnet → overlay",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
  },
  "ovl-kubenet-route-table-shared": {
    violating: [
      {
        name: "update: kubenet → overlay, the route table also on the AGIC subnet",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: { ...inspected, routeTables: [{ id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID, AGIC_SUBNET_ID] }] },
      },
      {
        name: "update: kubenet → overlay, a separate pool's subnet counts as used but a VM subnet does not",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: {
          ...inspected,
          agentPools: [separatePool(userPool({ vnetSubnetId: POD_SUBNET_ID }))],
          routeTables: [
            { id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID, POD_SUBNET_ID, subnetId("rg-net", "vnet-aks", "vms")] },
          ],
        },
      },
    ],
    passing: [
      {
        name: "update: kubenet → overlay, the route table only on node subnets (ids in another case)",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: { ...inspected, routeTables: [{ id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID.toUpperCase()] }] },
      },
      {
        name: "update: Node Subnet → overlay with a shared route table (no kubenet routes to remove)",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: { ...inspected, routeTables: [{ id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID, AGIC_SUBNET_ID] }] },
      },
    ],
    unverified: [
      {
        name: "update: kubenet → overlay, the route tables could not be read",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: { ...inspected, unavailable: { routeTables: "AuthorizationFailed" } },
      },
    ],
  },
  "ovl-podcidr-from-nodesubnet": {
    violating: [
      {
        name: "update: Node Subnet → overlay without a pod CIDR",
        current: nodeSubnet(),
        desired: { mode: "overlay" },
        context: inspected,
      },
      {
        name: "update: Node Subnet carrying a meaningless 10.244.0.0/16 → overlay without a pod CIDR",
        current: nodeSubnet({ podCidr: "10.244.0.0/16" }),
        desired: { mode: "overlay" },
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: Node Subnet → overlay with a pod CIDR",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
      {
        name: "update: kubenet → overlay keeps the kubenet pod CIDR",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
  },
  "ovl-kubenet-dualstack-ipv6-blip": {
    violating: [
      {
        name: "update: dual-stack kubenet → overlay",
        current: kubenet({ ...DUAL_STACK, podCidr: undefined, serviceCidr: undefined, policy: "none" }),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
    passing: [
      {
        name: "update: single-stack kubenet → overlay",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: inspected,
      },
    ],
  },
  "ovl-irreversible-notice": {
    violating: [
      {
        name: "update: Node Subnet → overlay",
        current: nodeSubnet(),
        desired: TO_OVERLAY_FROM_NODE_SUBNET,
        context: inspected,
      },
    ],
    passing: [{ name: "update: overlay → Cilium", current: overlay(), desired: TO_CILIUM }],
  },
  "ovl-platform-limits": {
    violating: [
      {
        name: "create: overlay with an availability-set pool",
        desired: overlay({ pools: [systemPool({ type: "AvailabilitySet" })] }),
      },
      {
        name: "create: overlay with DCsv2 VMs",
        desired: overlay({ pools: [systemPool({ vmSize: "Standard_DC4s_v2" })] }),
      },
      {
        name: "create: overlay on a VNet whose name exceeds 63 characters",
        desired: overlay({ pools: [systemPool({ vnetSubnetId: subnetId("rg-net", LONG, "snet-nodes") })] }),
      },
    ],
    passing: [
      { name: "create: overlay on scale sets with short names", desired: overlay() },
      {
        name: "create: Node Subnet with an availability-set pool",
        desired: nodeSubnet({ pools: [systemPool({ type: "AvailabilitySet" })] }),
      },
      {
        name: "create: overlay on a VNet name of exactly 63 characters",
        desired: overlay({ pools: [systemPool({ vnetSubnetId: subnetId("rg-net", "v".repeat(63), "snet-nodes") })] }),
      },
    ],
    unverified: [{ name: "create: overlay without any pool", desired: overlay({ pools: [] }) }],
  },
  "cidr-pod-vs-subnets": {
    violating: [
      {
        name: "create: overlay pod CIDR equal to the VNet, over the node subnet",
        desired: overlay({ podCidr: "10.240.0.0/16" }),
        context: vnet,
      },
      {
        name: "create: overlay pod CIDR 10.0.0.0/8 containing the subnets",
        desired: overlay({ podCidr: "10.0.0.0/8", serviceCidr: "192.168.0.0/16", dnsServiceIp: "192.168.0.10" }),
        context: vnet,
      },
      {
        name: "update: Node Subnet → overlay with a pod CIDR inside the pod subnet",
        current: nodeSubnet(),
        desired: { mode: "overlay", podCidr: "10.240.16.0/24" },
        context: vnet,
      },
    ],
    passing: [
      { name: "create: pod CIDR adjacent to the VNet", desired: overlay({ podCidr: "10.241.0.0/16" }), context: vnet },
      {
        name: "create: pod CIDR just after the node subnet, inside the VNet",
        desired: overlay({ podCidr: "10.240.4.0/22" }),
        context: vnet,
      },
    ],
    unverified: [{ name: "create: overlay, the VNet not given", desired: overlay() }],
  },
  "cidr-pod-vs-vnet-space": {
    violating: [
      {
        name: "create: pod CIDR in an unused part of the VNet",
        desired: overlay({ podCidr: "10.240.128.0/17" }),
        context: vnet,
      },
    ],
    passing: [
      { name: "create: pod CIDR adjacent to the VNet", desired: overlay({ podCidr: "10.241.0.0/16" }), context: vnet },
      { name: "create: pod CIDR just before the VNet", desired: overlay({ podCidr: "10.239.0.0/16" }), context: vnet },
    ],
    unverified: [{ name: "create: overlay, the VNet not given", desired: overlay() }],
  },
  "cidr-pod-vs-peerings": {
    violating: [
      {
        name: "create: overlay pod CIDR 10.244.0.0/16 inside a peered 10.0.0.0/8",
        desired: overlay({ podCidr: "10.244.0.0/16" }),
        context: { peerings: [HUB_10_8] },
      },
      {
        name: "update: kubenet (10.244.0.0/16) → overlay with a peered 10.0.0.0/8",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: { ...inspected, peerings: [HUB_10_8] },
      },
      {
        name: "create: the remote VNet grew into the pod CIDR and the peering has not synced yet",
        desired: overlay(),
        context: {
          peerings: [
            {
              name: "to-spoke",
              remoteAddressPrefixes: ["172.16.0.0/16"],
              remoteVirtualNetworkAddressPrefixes: ["172.16.0.0/16", "192.168.128.0/17"],
            },
          ],
        },
      },
      {
        name: "create: dual-stack, the IPv6 pod CIDR inside a peered IPv6 range",
        desired: overlay(DUAL_STACK),
        context: { peerings: [{ name: "v6-hub", remoteAddressPrefixes: ["fd12:3456:789a::/48"] }] },
      },
    ],
    passing: [
      {
        name: "create: overlay 192.168.0.0/16 next to a peered 10.0.0.0/8",
        desired: overlay(),
        context: { peerings: [HUB_10_8] },
      },
      {
        name: "update: overlay → Cilium keeps its pod CIDR (judged when it was set)",
        current: overlay({ podCidr: "10.244.0.0/16" }),
        desired: TO_CILIUM,
        context: { ...inspected, peerings: [HUB_10_8] },
      },
      {
        name: "create: the overlap is with a Disconnected peering (warned by its own rule)",
        desired: overlay({ podCidr: "10.244.0.0/16" }),
        context: { peerings: [{ ...HUB_10_8, state: "Disconnected" }] },
      },
    ],
    unverified: [
      {
        name: "create: overlay, the VNet's peerings could not be read",
        desired: overlay(),
        context: { unavailable: { peerings: "AuthorizationFailed" } },
      },
    ],
  },
  "cidr-pod-vs-peerings-disconnected": {
    violating: [
      {
        name: "create: pod CIDR inside a Disconnected peering's 10.0.0.0/8",
        desired: overlay({ podCidr: "10.244.0.0/16" }),
        context: { peerings: [{ ...HUB_10_8, state: "Disconnected" }] },
      },
    ],
    passing: [
      {
        name: "create: pod CIDR outside a Disconnected peering",
        desired: overlay(),
        context: { peerings: [{ ...HUB_10_8, state: "Disconnected" }] },
      },
    ],
  },
  "cidr-pod-vs-service": {
    violating: [
      { name: "create: pod CIDR /8 containing the service CIDR", desired: overlay({ podCidr: "10.0.0.0/8" }) },
      {
        name: "create: dual-stack, the IPv6 ranges overlap",
        desired: overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16", "fd12:3456:789a:1::/64"] }),
      },
    ],
    passing: [
      { name: "create: pod CIDR adjacent to the service CIDR", desired: overlay({ podCidr: "10.1.0.0/16" }) },
      { name: "create: dual-stack, family by family apart", desired: overlayCilium(DUAL_STACK) },
    ],
  },
  "cidr-service-vs-subnets": {
    violating: [
      {
        name: "create: service CIDR over the node subnet",
        desired: nodeSubnet({ serviceCidr: "10.240.0.0/16", dnsServiceIp: "10.240.0.10" }),
        context: vnet,
      },
      {
        name: "create: the default 10.0.0.0/16 service CIDR over a 10.0.0.0/24 subnet (subnets known, VNet not)",
        desired: overlay(),
        context: { subnets: [{ name: "snet-nodes", addressPrefixes: ["10.0.0.0/24"] }] },
      },
    ],
    passing: [{ name: "create: service CIDR outside the VNet", desired: nodeSubnet(), context: vnet }],
    unverified: [{ name: "create: overlay, the VNet not given", desired: overlay() }],
  },
  "cidr-service-size": {
    violating: [
      { name: "create: IPv4 service CIDR /11", desired: overlay({ serviceCidr: "10.0.0.0/11" }) },
      {
        name: "create: IPv6 service CIDR /107",
        desired: overlayCilium({ ...DUAL_STACK, serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/107"] }),
      },
    ],
    passing: [
      { name: "create: IPv4 /13", desired: overlay({ serviceCidr: "10.0.0.0/13" }) },
      { name: "create: IPv6 /108", desired: overlayCilium(DUAL_STACK) },
      {
        name: "update: an existing /11 is not judged again",
        current: overlay({ serviceCidr: "10.0.0.0/11" }),
        desired: TO_CILIUM,
      },
    ],
  },
  "cidr-service-size-boundary": {
    violating: [{ name: "create: IPv4 service CIDR exactly /12", desired: overlay({ serviceCidr: "10.0.0.0/12" }) }],
    passing: [{ name: "create: IPv4 service CIDR /13", desired: overlay({ serviceCidr: "10.0.0.0/13" }) }],
  },
  "cidr-reserved-ranges": {
    violating: [
      {
        name: "create: pod CIDR 172.16.0.0/12 contains 172.30/16 and 172.31/16",
        desired: overlay({ podCidr: "172.16.0.0/12" }),
      },
      {
        name: "create: service CIDR in 169.254.0.0/16",
        desired: overlay({ serviceCidr: "169.254.0.0/16", dnsServiceIp: "169.254.0.10" }),
      },
      {
        name: "create: VNet address space in 192.0.2.0/24",
        desired: overlay(),
        context: { vnetAddressSpaces: ["192.0.2.0/24"] },
      },
      {
        name: "update: overlay migration to 172.31.0.0/16",
        current: nodeSubnet(),
        desired: { mode: "overlay", podCidr: "172.31.0.0/16" },
        context: inspected,
      },
      {
        name: "update: overlay pod CIDR grown into 169.254.0.0/16",
        current: overlay({ podCidr: "169.254.0.0/17" }),
        desired: { podCidr: "169.254.0.0/16" },
      },
    ],
    passing: [
      { name: "create: 192.168.0.0/16 pods, 10.0.0.0/16 services", desired: overlay() },
      { name: "create: pod CIDR adjacent to 172.30.0.0/16", desired: overlay({ podCidr: "172.29.0.0/16" }) },
      {
        name: "update: an existing, unchanged 172.16.0.0/12 pod CIDR",
        current: overlay({ podCidr: "172.16.0.0/12" }),
        desired: TO_CILIUM,
      },
    ],
    unverified: [{ name: "create: overlay, the VNet not given", desired: overlay() }],
  },
  "cidr-reserved-ranges-existing": {
    violating: [
      {
        name: "update: existing 172.16.0.0/12 pod CIDR left alone",
        current: overlay({ podCidr: "172.16.0.0/12" }),
        desired: TO_CILIUM,
      },
      {
        name: "update: existing 172.30.0.0/16 pod CIDR left alone",
        current: overlay({ podCidr: "172.30.0.0/16" }),
        desired: TO_CILIUM,
      },
    ],
    passing: [{ name: "update: existing 192.168.0.0/16 pod CIDR", current: overlay(), desired: TO_CILIUM }],
  },
  "cidr-dns-service-ip": {
    violating: [
      { name: "create: DNS IP outside the service CIDR", desired: overlay({ dnsServiceIp: "10.1.0.10" }) },
      { name: "create: DNS IP is the first address", desired: overlay({ dnsServiceIp: "10.0.0.1" }) },
      { name: "create: DNS IP is the network address", desired: overlay({ dnsServiceIp: "10.0.0.0" }) },
    ],
    passing: [
      { name: "create: DNS IP .10", desired: overlay() },
      { name: "create: DNS IP .2", desired: overlay({ dnsServiceIp: "10.0.0.2" }) },
    ],
  },
  "cidr-overlay-capacity": {
    violating: [
      {
        name: "create: /22 pod CIDR (4 nodes) for pools up to 13 nodes",
        desired: overlay({ podCidr: "192.168.0.0/22", pools: [systemPool(), userPool()] }),
      },
      { name: "create: /24 pod CIDR (1 node) for 3 nodes", desired: overlay({ podCidr: "192.168.0.0/24" }) },
    ],
    passing: [
      {
        name: "create: /22 pod CIDR (4 nodes) for exactly 4 nodes",
        desired: overlay({ podCidr: "192.168.0.0/22", pools: [systemPool(), userPool({ maxCount: 1, count: 1 })] }),
      },
      { name: "create: /16 pod CIDR", desired: overlay({ pools: [systemPool(), userPool()] }) },
    ],
    unverified: [{ name: "create: overlay without any pool", desired: overlay({ pools: [] }) }],
  },
  "cidr-dualstack-shape": {
    violating: [
      { name: "create: IPv6-only", desired: overlayCilium({ ipFamilies: ["IPv6"] }) },
      {
        name: "create: IPv6-only with no CIDRs set",
        desired: overlay({ ipFamilies: ["IPv6"], podCidr: undefined, serviceCidr: undefined, dnsServiceIp: undefined }),
      },
      {
        name: "create: pod CIDRs IPv6 first, families not declared",
        desired: overlayCilium({ podCidr: undefined, podCidrs: ["fd12:3456:789a::/64", "192.168.0.0/16"] }),
      },
      {
        name: "create: IPv4 + IPv6 families with IPv4 pod CIDRs only",
        desired: overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16"] }),
      },
      {
        name: "create: families in the wrong order",
        desired: overlayCilium({ ...DUAL_STACK, ipFamilies: ["IPv6", "IPv4"] }),
      },
    ],
    passing: [
      { name: "create: dual-stack", desired: overlayCilium(DUAL_STACK) },
      { name: "create: IPv4 declared", desired: overlay({ ipFamilies: ["IPv4"] }) },
    ],
  },
  "cidr-pod-private": {
    violating: [
      { name: "create: public IPv4 pod CIDR", desired: overlay({ podCidr: "20.0.0.0/16" }) },
      {
        name: "create: global IPv6 pod CIDR",
        desired: overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16", "2001:db8::/64"] }),
      },
    ],
    passing: [
      { name: "create: RFC 6598 pod CIDR", desired: overlay({ podCidr: "100.64.0.0/16" }) },
      { name: "create: IPv6 ULA pod CIDR", desired: overlayCilium(DUAL_STACK) },
    ],
  },
  "cidr-overlay-podcidr-expand-only": {
    violating: [
      {
        name: "update: shrink /16 → /17",
        current: overlay({ podCidr: "10.244.0.0/16" }),
        desired: { podCidr: "10.244.0.0/17" },
      },
      {
        name: "update: move to another range",
        current: overlay({ podCidr: "10.244.0.0/16" }),
        desired: { podCidr: "10.100.0.0/16" },
      },
      {
        name: "update: grow with a Windows pool",
        current: overlay({ podCidr: "10.244.0.0/16", pools: [systemPool(), windowsPool()] }),
        desired: { podCidr: "10.244.0.0/15" },
      },
      {
        name: "update: dual-stack pod CIDRs change",
        current: overlayCilium(DUAL_STACK),
        desired: { podCidrs: ["192.168.0.0/15", "fd12:3456:789a::/64"] },
      },
    ],
    passing: [
      {
        name: "update: IPv6 pod and service CIDRs added beside the unchanged IPv4 ones",
        current: overlayCilium(),
        desired: ADD_IPV6,
      },
      {
        name: "update: grow /16 → /15 with the same start",
        current: overlay({ podCidr: "10.244.0.0/16" }),
        desired: { podCidr: "10.244.0.0/15" },
      },
      {
        name: "update: pod CIDR restated",
        current: overlay({ podCidr: "10.244.0.0/16" }),
        desired: { podCidr: "10.244.0.0/16" },
      },
    ],
    unverified: [
      {
        name: "update: overlay pod CIDR expanded, no pool known",
        current: overlay({ pools: [] }),
        desired: { podCidr: "192.168.0.0/15" },
      },
    ],
  },
  "cidr-kubenet-podcidr-frozen": {
    violating: [
      { name: "update: kubenet pod CIDR changed in place", current: kubenet(), desired: { podCidr: "10.245.0.0/16" } },
    ],
    passing: [
      {
        name: "update: a new pod CIDR with the overlay migration",
        current: kubenet(),
        desired: { ...TO_OVERLAY_FROM_KUBENET, podCidr: "192.168.0.0/16" },
        context: inspected,
      },
    ],
  },
  "cidr-service-dns-immutable": {
    violating: [
      {
        name: "update: service CIDR and DNS IP changed",
        current: overlay(),
        desired: { serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" },
      },
      { name: "update: DNS IP changed", current: overlay(), desired: { dnsServiceIp: "10.0.0.11" } },
    ],
    passing: [
      {
        name: "update: IPv6 pod and service CIDRs added beside the unchanged IPv4 ones",
        current: overlayCilium(),
        desired: ADD_IPV6,
      },
      {
        name: "update: both restated",
        current: overlay(),
        desired: { serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10", ...TO_CILIUM },
      },
    ],
  },
  "cidr-ipv6-removal": {
    violating: [
      {
        name: "update: dual-stack → IPv4 only",
        current: overlayCilium(DUAL_STACK),
        desired: { ipFamilies: ["IPv4"], podCidrs: ["192.168.0.0/16"], serviceCidrs: ["10.0.0.0/16"] },
      },
      {
        name: "update: dual-stack keeps ipFamilies but drops the IPv6 pod CIDR",
        current: overlayCilium(DUAL_STACK),
        desired: { ...DUAL_STACK, podCidrs: ["192.168.0.0/16"] },
      },
    ],
    passing: [
      {
        name: "update: dual-stack restated",
        current: overlayCilium(DUAL_STACK),
        desired: { ...DUAL_STACK, dataplane: "cilium" },
      },
      { name: "update: IPv6 added", current: overlayCilium(), desired: ADD_IPV6 },
    ],
  },
  "cidr-ipv6-addition": {
    violating: [
      { name: "update: IPv4 overlay + Cilium → dual-stack", current: overlayCilium(), desired: ADD_IPV6 },
      {
        name: "update: IPv4 Node Subnet → dual-stack",
        current: nodeSubnet(),
        desired: { ipFamilies: ["IPv4", "IPv6"] },
      },
    ],
    passing: [
      {
        name: "update: IPv4 restated",
        current: overlayCilium(),
        desired: { ipFamilies: ["IPv4"], dataplane: "cilium" },
      },
      {
        name: "update: dual-stack restated",
        current: overlayCilium(DUAL_STACK),
        desired: { ...DUAL_STACK, dataplane: "cilium" },
      },
    ],
  },
  "win-requires-azure-cni": {
    violating: [
      { name: "create: kubenet with a Windows pool", desired: kubenet({ pools: [systemPool(), windowsPool()] }) },
      { name: "create: BYO CNI with a Windows pool", desired: byoCni({ pools: [systemPool(), windowsPool()] }) },
      {
        name: "update: kubenet gets a separate Windows AgentPool",
        current: kubenet(),
        desired: { plugin: "kubenet" },
        context: { agentPools: [separatePool(windowsPool())] },
      },
    ],
    passing: [
      {
        name: "create: Node Subnet with a Windows pool",
        desired: nodeSubnet({ pools: [systemPool(), windowsPool()] }),
      },
      { name: "create: overlay with a Windows pool", desired: overlay({ pools: [systemPool(), windowsPool()] }) },
    ],
    unverified: [{ name: "create: kubenet without any pool", desired: kubenet({ pools: [] }) }],
  },
  "nap-cni-compat": {
    violating: [
      { name: "create: NAP on kubenet", desired: kubenet({ nap: true }) },
      { name: "create: NAP with Calico", desired: overlay({ nap: true, policy: "calico" }) },
      {
        name: "create: NAP with a Windows pool",
        desired: overlay({ nap: true, pools: [systemPool(), windowsPool()] }),
      },
      { name: "create: NAP with dynamic IP allocation", desired: podSubnet({ nap: true }) },
      { name: "create: NAP on dual-stack", desired: overlayCilium({ nap: true, ...DUAL_STACK }) },
    ],
    passing: [
      { name: "create: NAP on overlay + Cilium", desired: overlayCilium({ nap: true }) },
      { name: "create: NAP on Node Subnet", desired: nodeSubnet({ nap: true }) },
      { name: "create: kubenet without NAP", desired: kubenet({ nap: false }) },
    ],
    unverified: [{ name: "create: NAP without any pool", desired: overlay({ nap: true, pools: [] }) }],
  },
  "nap-custom-subnet-needs-uami": {
    violating: [
      {
        name: "create: NAP on a BYO subnet with a system-assigned identity",
        desired: overlay({ nap: true, identity: "SystemAssigned" }),
      },
      {
        name: "update: NAP turned on for a BYO-subnet cluster with a system-assigned identity",
        current: overlay({ identity: "SystemAssigned" }),
        desired: overlay({ identity: "SystemAssigned", nap: true }),
      },
    ],
    passing: [
      { name: "create: NAP on a BYO subnet with a user-assigned identity", desired: overlay({ nap: true }) },
      {
        name: "create: NAP without custom subnets",
        desired: overlay({ nap: true, identity: "SystemAssigned", pools: [systemPool({ vnetSubnetId: undefined })] }),
      },
    ],
    unverified: [
      { name: "create: NAP without any pool", desired: overlay({ nap: true, pools: [] }) },
      {
        name: "create: NAP on a BYO subnet, the identity unknown",
        desired: overlay({ nap: true, identity: undefined }),
      },
    ],
  },
  "kubenet-retirement": {
    violating: [
      { name: "create: kubenet", desired: kubenet() },
      { name: "update: a kubenet cluster stays kubenet", current: kubenet(), desired: { policy: "none" } },
    ],
    passing: [{ name: "create: overlay", desired: overlay() }],
  },
  "default-network-plugin": {
    violating: [
      { name: "create: plugin unset on 1.29 (kubenet)", desired: kubenet({ plugin: undefined, version: "1.29.9" }) },
      { name: "create: plugin unset on 1.31 (overlay)", desired: overlay({ plugin: undefined, mode: undefined }) },
      { name: "create: azure without a mode (Node Subnet)", desired: nodeSubnet() },
    ],
    passing: [
      { name: "create: azure + overlay", desired: overlay() },
      { name: "create: kubenet named explicitly", desired: kubenet() },
    ],
  },
  "upgrade-undrainable-cordon": {
    violating: [
      {
        name: "update: overlay → Cilium with a pool that cordons undrainable nodes",
        current: overlay({ pools: [cordoned()] }),
        desired: TO_CILIUM,
        context: inspected,
      },
      {
        name: "update: kubenet → overlay with a separate pool that cordons",
        current: kubenet(),
        desired: TO_OVERLAY_FROM_KUBENET,
        context: { ...inspected, agentPools: [separatePool(userPool({ undrainableNodeBehavior: "cordon" }))] },
      },
    ],
    passing: [
      {
        name: "update: overlay → Cilium with pools that Schedule",
        current: overlay({ pools: [systemPool({ undrainableNodeBehavior: "Schedule" })] }),
        desired: TO_CILIUM,
        context: inspected,
      },
      {
        name: "update: a Cordon pool and no network migration",
        current: overlay({ pools: [cordoned()] }),
        desired: { version: "1.32.0" },
        context: inspected,
      },
    ],
  },
};

// The in-cluster rules, and the in-cluster cases of rules that also read the cluster object or the context file. Each
// in-cluster rule's first violating change, judged without reading the cluster, is its unverified case.
for (const [id, cases] of Object.entries(KUBE_RULE_TABLE)) {
  const first = cases.violating[0];
  RULE_TABLE[id] = {
    ...cases,
    unverified: cases.unverified ?? [
      { name: `${first.name}, the cluster not read`, current: first.current, desired: first.desired },
    ],
  };
}
for (const [id, extra] of Object.entries(KUBE_VARIANTS)) {
  const cases = RULE_TABLE[id];
  if (cases === undefined) throw new Error(`the in-cluster variants name ${id}, which the rule table does not have`);
  RULE_TABLE[id] = {
    ...cases,
    violating: [...cases.violating, ...extra.violating],
    passing: [...cases.passing, ...extra.passing],
  };
}
