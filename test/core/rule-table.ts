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

/** A create case; its name says what the case is after "create: ". */
const create = (name: string, desired: ClusterSpec, context?: EvaluationContext): RuleCase => ({
  name: `create: ${name}`,
  desired,
  ...(context === undefined ? {} : { context }),
});
/** An update case from `current`; its name says what the case is after "update: ". */
const update = (name: string, current: ClusterSpec, desired: ClusterSpec, context?: EvaluationContext): RuleCase => ({
  name: `update: ${name}`,
  current,
  desired,
  ...(context === undefined ? {} : { context }),
});

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
      create("kubenet with plugin mode overlay", kubenet({ mode: "overlay" })),
      update("kubenet sets only the overlay mode", kubenet(), { mode: "overlay" }),
    ],
    passing: [
      update("kubenet → azure + overlay in one request", kubenet(), TO_OVERLAY_FROM_KUBENET, inspected),
      create("overlay", overlay()),
    ],
  },
  "ovl-no-pod-subnet": {
    violating: [
      create(
        "overlay with an inline pool on a pod subnet",
        overlay({ pools: [systemPool({ podSubnetId: POD_SUBNET_ID })] }),
      ),
      create("overlay with a separate AgentPool on a pod subnet", overlay(), {
        agentPools: [separatePool(userPool({ podSubnetId: POD_SUBNET_ID }))],
      }),
    ],
    passing: [create("overlay without pod subnets", overlay({ pools: [systemPool(), userPool()] }))],
    unverified: [create("overlay without any pool", overlay({ pools: [] }))],
  },
  "ipam-overlay-irreversible": {
    violating: [
      update("overlay → Node Subnet (mode dropped)", overlay(), { plugin: "azure" }),
      update("overlay → kubenet", overlay(), { plugin: "kubenet" }),
    ],
    passing: [
      update("overlay → overlay + Cilium", overlay(), TO_CILIUM),
      update("overlay → overlay + Cilium, the desired cluster stated in full", overlay(), overlayCilium()),
    ],
  },
  "ipam-podsubnet-no-overlay": {
    violating: [
      update("Pod Subnet → overlay", podSubnet(), TO_OVERLAY_FROM_NODE_SUBNET),
      update("Pod Subnet → overlay, the pools' pod subnets dropped as well", podSubnet(), {
        plugin: "azure",
        ...TO_OVERLAY_FROM_NODE_SUBNET,
        pools: [systemPool()],
      }),
    ],
    passing: [update("Pod Subnet → Pod Subnet + Cilium", podSubnet(), TO_CILIUM)],
  },
  "ipam-byocni-frozen": {
    violating: [
      update("BYO CNI → overlay", byoCni(), { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" }),
      update("Node Subnet → BYO CNI", nodeSubnet(), { plugin: "none" }),
    ],
    passing: [update("BYO CNI restated", byoCni(), { plugin: "none" })],
  },
  "ipam-kubenet-to-nodesubnet": {
    violating: [
      update("kubenet → Node Subnet", kubenet(), { plugin: "azure" }),
      update("kubenet → Pod Subnet", kubenet(), {
        plugin: "azure",
        pools: [systemPool({ podSubnetId: POD_SUBNET_ID })],
      }),
    ],
    passing: [update("kubenet → overlay", kubenet(), TO_OVERLAY_FROM_KUBENET, inspected)],
  },
  "ipam-overlay-only-target": {
    violating: [
      update("Node Subnet → kubenet", nodeSubnet(), { plugin: "kubenet", podCidr: "10.244.0.0/16" }),
      update("Node Subnet → Pod Subnet", nodeSubnet(), { pools: [systemPool({ podSubnetId: POD_SUBNET_ID })] }),
      update("Pod Subnet → Node Subnet", podSubnet(), { pools: [systemPool()] }),
    ],
    passing: [update("Node Subnet → overlay", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET, inspected)],
  },
  "ipam-podsubnet-mode-immutable": {
    violating: [
      update("pod subnet removed from an existing pool", podSubnet(), { pools: [systemPool()] }),
      update("dynamic → static block on an existing pool", podSubnet(), {
        pools: [systemPool({ podSubnetId: POD_SUBNET_ID, podIpAllocationMode: "StaticBlock" })],
      }),
    ],
    passing: [
      update("pools restated", podSubnet(), {
        pools: [systemPool({ podSubnetId: POD_SUBNET_ID, podIpAllocationMode: "DynamicIndividual" })],
      }),
      update("allocation mode in another case", podSubnet(), {
        pools: [systemPool({ podSubnetId: POD_SUBNET_ID.toLowerCase(), podIpAllocationMode: "dynamicindividual" })],
      }),
    ],
  },
  "dp-cilium-requires-azure-cni": {
    violating: [
      create("kubenet + Cilium", kubenet({ dataplane: "cilium", policy: "cilium" })),
      create("BYO CNI + Cilium", byoCni({ dataplane: "cilium" })),
      create(
        "plugin unset on 1.29 (kubenet) + Cilium",
        overlay({ plugin: undefined, mode: undefined, version: "1.29.9", ...TO_CILIUM }),
      ),
    ],
    passing: [
      create("overlay + Cilium", overlayCilium()),
      create("Node Subnet + Cilium", nodeSubnet(TO_CILIUM)),
      create("plugin unset on 1.31 (overlay) + Cilium", overlay({ plugin: undefined, mode: undefined, ...TO_CILIUM })),
    ],
  },
  "dp-cilium-requires-policy-cilium": {
    violating: [
      update("to Cilium with the policy absent", overlay(), { dataplane: "cilium" }),
      update("to Cilium with policy none", overlay(), { dataplane: "cilium", policy: "none" }),
      create("Cilium with Calico", overlay({ dataplane: "cilium", policy: "calico" })),
      create("Cilium with policy none", overlay({ dataplane: "cilium", policy: "none" })),
    ],
    passing: [
      create("Cilium with the policy absent (the RP fills cilium)", overlay({ dataplane: "cilium" })),
      update("to Cilium with policy cilium", overlay(), TO_CILIUM),
    ],
  },
  "dp-policy-cilium-requires-dataplane-cilium": {
    violating: [
      create("policy cilium on the azure data plane", overlay({ policy: "cilium" })),
      update("policy cilium without the data plane", overlay(), { policy: "cilium" }),
    ],
    passing: [create("policy cilium on Cilium", overlayCilium())],
  },
  "dp-cilium-no-windows": {
    violating: [
      create("Cilium with an inline Windows pool", overlayCilium({ pools: [systemPool(), windowsPool()] })),
      create("Cilium with a separate Windows AgentPool", overlayCilium(), {
        agentPools: [separatePool(windowsPool())],
      }),
      update("overlay with a Windows pool → Cilium", overlay({ pools: [systemPool(), windowsPool()] }), TO_CILIUM),
    ],
    passing: [
      create("Windows pool on the azure data plane", overlay({ pools: [systemPool(), windowsPool()] })),
      create("Cilium with a separate Linux AgentPool", overlayCilium(), { agentPools: [separatePool(userPool())] }),
    ],
    unverified: [create("Cilium without any pool", overlayCilium({ pools: [] }))],
  },
  "dp-cilium-not-from-kubenet": {
    violating: [
      update("kubenet → overlay + Cilium at once", kubenet(), { ...TO_OVERLAY_FROM_KUBENET, ...TO_CILIUM }),
      update(
        "kubenet → overlay + Cilium at once, the desired cluster stated in full",
        kubenet(),
        overlayCilium({ podCidr: "10.244.0.0/16" }),
      ),
      update("kubenet → kubenet + Cilium", kubenet(), TO_CILIUM),
    ],
    passing: [update("overlay → Cilium", overlay(), TO_CILIUM)],
  },
  "dp-ipam-and-dataplane-separate": {
    violating: [
      update("Node Subnet → overlay + Cilium at once", nodeSubnet(), { ...TO_OVERLAY_FROM_NODE_SUBNET, ...TO_CILIUM }),
    ],
    passing: [
      update("Node Subnet → Node Subnet + Cilium", nodeSubnet(), TO_CILIUM),
      update("Node Subnet + Cilium → overlay + Cilium", nodeSubnet(TO_CILIUM), TO_OVERLAY_FROM_NODE_SUBNET, inspected),
    ],
  },
  "dp-no-revert-from-cilium": {
    violating: [update("Cilium → azure data plane", overlayCilium(), { dataplane: "azure", policy: "none" })],
    passing: [update("Cilium restated", overlayCilium(), { dataplane: "cilium" })],
  },
  "dp-cilium-update-blocked-with-nap": {
    violating: [update("NAP cluster → Cilium", overlay({ nap: true }), TO_CILIUM)],
    passing: [
      update("NAP off → Cilium", overlay({ nap: false }), TO_CILIUM),
      create("NAP cluster with Cilium", overlayCilium({ nap: true })),
    ],
    unverified: [update("→ Cilium, the node provisioning mode unknown", overlay(), TO_CILIUM)],
  },
  "dp-cilium-replaces-npm-calico": {
    violating: [
      update("overlay + NPM → Cilium", overlay({ policy: "azure" }), TO_CILIUM),
      update("Node Subnet + Calico → Cilium", nodeSubnet({ policy: "calico" }), TO_CILIUM),
    ],
    passing: [update("overlay without a policy → Cilium", overlay({ policy: "none" }), TO_CILIUM)],
  },
  "dp-reimage-all-pools": {
    violating: [
      update("data plane change", overlay(), TO_CILIUM),
      update("IPAM change", kubenet(), TO_OVERLAY_FROM_KUBENET, inspected),
    ],
    passing: [update("network policy only", overlay({ policy: "none" }), { policy: "calico" })],
  },
  "np-kubenet-calico-only": {
    violating: [
      create("kubenet + Azure NPM", kubenet({ policy: "azure" })),
      update("kubenet installs Azure NPM", kubenet({ policy: "none" }), { policy: "azure" }),
    ],
    passing: [create("kubenet + Calico", kubenet({ policy: "calico" }))],
  },
  "np-dualstack-no-npm-calico": {
    violating: [
      create("dual-stack + Calico", overlay({ ...DUAL_STACK, policy: "calico" })),
      create("dual-stack + Azure NPM", overlay({ ...DUAL_STACK, policy: "azure" })),
    ],
    passing: [create("dual-stack + Cilium", overlayCilium(DUAL_STACK))],
  },
  "np-byocni-none": {
    violating: [create("BYO CNI + Calico", byoCni({ policy: "calico" }))],
    passing: [
      create("BYO CNI without a policy", byoCni()),
      create("BYO CNI with policy none", byoCni({ policy: "none" })),
    ],
  },
  "np-npm-retirement": {
    violating: [create("overlay + Azure NPM", overlay({ policy: "azure" }))],
    passing: [create("overlay + Calico", overlay({ policy: "calico" }))],
  },
  "np-npm-windows-onboarding": {
    violating: [
      create(
        "Windows pool with NPM (support ended on 2026-09-30)",
        overlay({ policy: "azure", pools: [systemPool(), windowsPool()] }),
      ),
      create(
        "Windows pool with NPM, whatever date the context says",
        overlay({ policy: "azure", pools: [systemPool(), windowsPool()] }),
        { now: new Date("2026-09-01T00:00:00Z") },
      ),
      update(
        "separate Windows AgentPool added to an NPM cluster",
        overlay({ policy: "azure" }),
        { policy: "azure" },
        { agentPools: [separatePool(windowsPool())] },
      ),
    ],
    passing: [
      create("Windows pool without NPM", overlay({ policy: "none", pools: [systemPool(), windowsPool()] })),
      update("an existing Windows pool is kept", overlay({ policy: "azure", pools: [systemPool(), windowsPool()] }), {
        policy: "azure",
      }),
    ],
    unverified: [create("NPM without any pool", overlay({ policy: "azure", pools: [] }))],
  },
  "np-change-via-none": {
    violating: [
      update("Azure NPM → Calico directly", overlay({ policy: "azure" }), { policy: "calico" }),
      update("Calico → Azure NPM directly", nodeSubnet({ policy: "calico" }), { policy: "azure" }),
    ],
    passing: [update("Azure NPM → none", overlay({ policy: "azure" }), { policy: "none" })],
  },
  "np-install-uninstall-k8s-floor": {
    violating: [
      update("uninstall Calico on 1.29", kubenet({ policy: "calico", version: "1.29.9" }), { policy: "none" }),
      update("install Azure NPM on 1.29", overlay({ policy: "none", version: "1.29.9" }), { policy: "azure" }),
    ],
    passing: [
      update("uninstall Calico on 1.30", kubenet({ policy: "calico", version: "1.30.1" }), { policy: "none" }),
      create("Calico on 1.29", kubenet({ policy: "calico", version: "1.29.9" })),
    ],
    unverified: [
      update("uninstall Calico, the version unknown", kubenet({ policy: "calico", version: undefined }), {
        policy: "none",
      }),
    ],
  },
  "np-cilium-swap-k8s-floor": {
    violating: [update("Azure NPM → Cilium on 1.29", overlay({ policy: "azure", version: "1.29.9" }), TO_CILIUM)],
    passing: [update("Azure NPM → Cilium on 1.30", overlay({ policy: "azure", version: "1.30.0" }), TO_CILIUM)],
    unverified: [
      update("NPM → Cilium, the version unknown", overlay({ policy: "azure", version: undefined }), TO_CILIUM),
    ],
  },
  "ovl-k8s-floor": {
    violating: [
      update(
        "Node Subnet on 1.26 → overlay",
        nodeSubnet({ version: "1.26.3" }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
    ],
    passing: [
      update(
        "Node Subnet on 1.27 → overlay",
        nodeSubnet({ version: "1.27.0" }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      create("overlay on 1.25 (no floor on create)", overlay({ version: "1.25.6" })),
    ],
    unverified: [
      update(
        "Node Subnet → overlay, the version unknown",
        nodeSubnet({ version: undefined }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
    ],
  },
  "ovl-no-npm-calico": {
    violating: [
      update("Node Subnet + NPM → overlay", nodeSubnet({ policy: "azure" }), TO_OVERLAY_FROM_NODE_SUBNET, inspected),
      update("kubenet + Calico → overlay", kubenet({ policy: "calico" }), TO_OVERLAY_FROM_KUBENET, inspected),
      update(
        "Node Subnet → overlay installing Calico at once",
        nodeSubnet({ policy: "none" }),
        { ...TO_OVERLAY_FROM_NODE_SUBNET, policy: "calico" },
        inspected,
      ),
      update(
        "Node Subnet → overlay installing Azure NPM at once",
        nodeSubnet(),
        { ...TO_OVERLAY_FROM_NODE_SUBNET, policy: "azure" },
        inspected,
      ),
    ],
    passing: [
      update(
        "Node Subnet + Cilium → overlay (policy cilium stays)",
        nodeSubnet(TO_CILIUM),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      update(
        "Node Subnet without a policy → overlay",
        nodeSubnet({ policy: "none" }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      update("kubenet without a policy → overlay", kubenet({ policy: "none" }), TO_OVERLAY_FROM_KUBENET, inspected),
    ],
  },
  "ovl-no-windows-docker": {
    violating: [
      update(
        "Node Subnet with a Docker-era Windows pool → overlay",
        nodeSubnet({
          pools: [systemPool(), windowsPool({ orchestratorVersion: "1.22.6", nodeImageVersion: undefined })],
        }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      update(
        "a Windows pool whose node image is a Docker-era Windows Server 2019 image → overlay",
        nodeSubnet({
          pools: [
            systemPool(),
            windowsPool({
              osSku: "Windows2019",
              orchestratorVersion: undefined,
              nodeImageVersion: "AKSWindows-2019-17763.1577.201111",
            }),
          ],
        }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
    ],
    passing: [
      update(
        "a containerd node image wins over an old orchestrator version → overlay",
        nodeSubnet({
          pools: [
            systemPool(),
            windowsPool({
              osSku: "Windows2019",
              orchestratorVersion: "1.22.6",
              nodeImageVersion: "AKSWindows-2019-containerd-17763.5576.240304",
            }),
          ],
        }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      update(
        "Node Subnet with a containerd Windows pool → overlay",
        nodeSubnet({ pools: [systemPool(), windowsPool()] }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
    ],
    unverified: [
      update("Node Subnet → overlay, no pool known", nodeSubnet({ pools: [] }), TO_OVERLAY_FROM_NODE_SUBNET, inspected),
    ],
  },
  "ovl-windows-build": {
    violating: [
      update(
        "Windows build 20348.1607 → overlay",
        nodeSubnet({
          pools: [systemPool(), windowsPool({ nodeImageVersion: "AKSWindows-2022-containerd-20348.1607.230310" })],
        }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      update(
        "Windows Server 2019 node image (build 17763) → overlay",
        nodeSubnet({
          pools: [
            systemPool(),
            windowsPool({ osSku: "Windows2019", nodeImageVersion: "AKSWindows-2019-containerd-17763.5576.240304" }),
          ],
        }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
      update(
        "Windows build unknown → overlay",
        nodeSubnet({ pools: [systemPool(), windowsPool({ nodeImageVersion: undefined })] }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
    ],
    passing: [
      update(
        "Windows build 20348.1668 → overlay",
        nodeSubnet({
          pools: [systemPool(), windowsPool({ nodeImageVersion: "AKSWindows-2022-containerd-20348.1668.230418" })],
        }),
        TO_OVERLAY_FROM_NODE_SUBNET,
        inspected,
      ),
    ],
    unverified: [
      update("Node Subnet → overlay, no pool known", nodeSubnet({ pools: [] }), TO_OVERLAY_FROM_NODE_SUBNET, inspected),
    ],
  },
  "ovl-custom-ip-masq-agent": {
    violating: [
      update("custom ip-masq-agent ConfigMap present", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET, {
        ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config", "azure-ip-masq-agent-config-reconciled"],
      }),
    ],
    passing: [update("only the reconciled ConfigMap", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET, inspected)],
    unverified: [update("kube-system not inspected", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET)],
  },
  "ovl-kubenet-needs-uami": {
    violating: [
      update(
        "kubenet on a BYO subnet with a system-assigned identity → overlay",
        kubenet({ identity: "SystemAssigned" }),
        TO_OVERLAY_FROM_KUBENET,
        inspected,
      ),
    ],
    passing: [
      update(
        "kubenet with a user-assigned identity → overlay",
        kubenet({ identity: "UserAssigned" }),
        TO_OVERLAY_FROM_KUBENET,
        inspected,
      ),
      update(
        "kubenet on a managed VNet with a system-assigned identity → overlay",
        kubenet({ identity: "SystemAssigned", pools: [systemPool({ vnetSubnetId: undefined })] }),
        TO_OVERLAY_FROM_KUBENET,
        inspected,
      ),
    ],
    unverified: [
      update(
        "kubenet on a BYO subnet → overlay, the identity unknown",
        kubenet({ identity: undefined }),
        TO_OVERLAY_FROM_KUBENET,
        inspected,
      ),
      update(
        "kubenet → overlay, no pool known",
        kubenet({ identity: "SystemAssigned", pools: [] }),
        TO_OVERLAY_FROM_KUBENET,
        inspected,
      ),
    ],
  },
  "ovl-kubenet-route-table-side-effects": {
    violating: [update("kubenet → overlay", kubenet(), TO_OVERLAY_FROM_KUBENET, inspected)],
    passing: [update("Node Subnet → overlay", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET, inspected)],
  },
  "ovl-kubenet-route-table-shared": {
    violating: [
      update("kubenet → overlay, the route table also on the AGIC subnet", kubenet(), TO_OVERLAY_FROM_KUBENET, {
        ...inspected,
        routeTables: [{ id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID, AGIC_SUBNET_ID] }],
      }),
      update(
        "kubenet → overlay, a separate pool's subnet counts as used but a VM subnet does not",
        kubenet(),
        TO_OVERLAY_FROM_KUBENET,
        {
          ...inspected,
          agentPools: [separatePool(userPool({ vnetSubnetId: POD_SUBNET_ID }))],
          routeTables: [
            { id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID, POD_SUBNET_ID, subnetId("rg-net", "vnet-aks", "vms")] },
          ],
        },
      ),
    ],
    passing: [
      update(
        "kubenet → overlay, the route table only on node subnets (ids in another case)",
        kubenet(),
        TO_OVERLAY_FROM_KUBENET,
        { ...inspected, routeTables: [{ id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID.toUpperCase()] }] },
      ),
      update(
        "Node Subnet → overlay with a shared route table (no kubenet routes to remove)",
        nodeSubnet(),
        TO_OVERLAY_FROM_NODE_SUBNET,
        { ...inspected, routeTables: [{ id: ROUTE_TABLE_ID, subnetIds: [NODE_SUBNET_ID, AGIC_SUBNET_ID] }] },
      ),
    ],
    unverified: [
      update("kubenet → overlay, the route tables could not be read", kubenet(), TO_OVERLAY_FROM_KUBENET, {
        ...inspected,
        unavailable: { routeTables: "AuthorizationFailed" },
      }),
    ],
  },
  "ovl-podcidr-from-nodesubnet": {
    violating: [
      update("Node Subnet → overlay without a pod CIDR", nodeSubnet(), { mode: "overlay" }, inspected),
      update(
        "Node Subnet carrying a meaningless 10.244.0.0/16 → overlay without a pod CIDR",
        nodeSubnet({ podCidr: "10.244.0.0/16" }),
        { mode: "overlay" },
        inspected,
      ),
    ],
    passing: [
      update("Node Subnet → overlay with a pod CIDR", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET, inspected),
      update("kubenet → overlay keeps the kubenet pod CIDR", kubenet(), TO_OVERLAY_FROM_KUBENET, inspected),
    ],
  },
  "ovl-kubenet-dualstack-ipv6-blip": {
    violating: [
      update(
        "dual-stack kubenet → overlay",
        kubenet({ ...DUAL_STACK, podCidr: undefined, serviceCidr: undefined, policy: "none" }),
        TO_OVERLAY_FROM_KUBENET,
        inspected,
      ),
    ],
    passing: [update("single-stack kubenet → overlay", kubenet(), TO_OVERLAY_FROM_KUBENET, inspected)],
  },
  "ovl-irreversible-notice": {
    violating: [update("Node Subnet → overlay", nodeSubnet(), TO_OVERLAY_FROM_NODE_SUBNET, inspected)],
    passing: [update("overlay → Cilium", overlay(), TO_CILIUM)],
  },
  "ovl-platform-limits": {
    violating: [
      create("overlay with an availability-set pool", overlay({ pools: [systemPool({ type: "AvailabilitySet" })] })),
      create("overlay with DCsv2 VMs", overlay({ pools: [systemPool({ vmSize: "Standard_DC4s_v2" })] })),
      create(
        "overlay on a VNet whose name exceeds 63 characters",
        overlay({ pools: [systemPool({ vnetSubnetId: subnetId("rg-net", LONG, "snet-nodes") })] }),
      ),
    ],
    passing: [
      create("overlay on scale sets with short names", overlay()),
      create(
        "Node Subnet with an availability-set pool",
        nodeSubnet({ pools: [systemPool({ type: "AvailabilitySet" })] }),
      ),
      create(
        "overlay on a VNet name of exactly 63 characters",
        overlay({ pools: [systemPool({ vnetSubnetId: subnetId("rg-net", "v".repeat(63), "snet-nodes") })] }),
      ),
    ],
    unverified: [create("overlay without any pool", overlay({ pools: [] }))],
  },
  "cidr-pod-vs-subnets": {
    violating: [
      create("overlay pod CIDR equal to the VNet, over the node subnet", overlay({ podCidr: "10.240.0.0/16" }), vnet),
      create(
        "overlay pod CIDR 10.0.0.0/8 containing the subnets",
        overlay({ podCidr: "10.0.0.0/8", serviceCidr: "192.168.0.0/16", dnsServiceIp: "192.168.0.10" }),
        vnet,
      ),
      update(
        "Node Subnet → overlay with a pod CIDR inside the pod subnet",
        nodeSubnet(),
        { mode: "overlay", podCidr: "10.240.16.0/24" },
        vnet,
      ),
    ],
    passing: [
      create("pod CIDR adjacent to the VNet", overlay({ podCidr: "10.241.0.0/16" }), vnet),
      create("pod CIDR just after the node subnet, inside the VNet", overlay({ podCidr: "10.240.4.0/22" }), vnet),
    ],
    unverified: [create("overlay, the VNet not given", overlay())],
  },
  "cidr-pod-vs-vnet-space": {
    violating: [create("pod CIDR in an unused part of the VNet", overlay({ podCidr: "10.240.128.0/17" }), vnet)],
    passing: [
      create("pod CIDR adjacent to the VNet", overlay({ podCidr: "10.241.0.0/16" }), vnet),
      create("pod CIDR just before the VNet", overlay({ podCidr: "10.239.0.0/16" }), vnet),
    ],
    unverified: [create("overlay, the VNet not given", overlay())],
  },
  "cidr-pod-vs-peerings": {
    violating: [
      create("overlay pod CIDR 10.244.0.0/16 inside a peered 10.0.0.0/8", overlay({ podCidr: "10.244.0.0/16" }), {
        peerings: [HUB_10_8],
      }),
      update("kubenet (10.244.0.0/16) → overlay with a peered 10.0.0.0/8", kubenet(), TO_OVERLAY_FROM_KUBENET, {
        ...inspected,
        peerings: [HUB_10_8],
      }),
      create("the remote VNet grew into the pod CIDR and the peering has not synced yet", overlay(), {
        peerings: [
          {
            name: "to-spoke",
            remoteAddressPrefixes: ["172.16.0.0/16"],
            remoteVirtualNetworkAddressPrefixes: ["172.16.0.0/16", "192.168.128.0/17"],
          },
        ],
      }),
      create("dual-stack, the IPv6 pod CIDR inside a peered IPv6 range", overlay(DUAL_STACK), {
        peerings: [{ name: "v6-hub", remoteAddressPrefixes: ["fd12:3456:789a::/48"] }],
      }),
    ],
    passing: [
      create("overlay 192.168.0.0/16 next to a peered 10.0.0.0/8", overlay(), { peerings: [HUB_10_8] }),
      update(
        "overlay → Cilium keeps its pod CIDR (judged when it was set)",
        overlay({ podCidr: "10.244.0.0/16" }),
        TO_CILIUM,
        { ...inspected, peerings: [HUB_10_8] },
      ),
      create(
        "the overlap is with a Disconnected peering (warned by its own rule)",
        overlay({ podCidr: "10.244.0.0/16" }),
        { peerings: [{ ...HUB_10_8, state: "Disconnected" }] },
      ),
    ],
    unverified: [
      create("overlay, the VNet's peerings could not be read", overlay(), {
        unavailable: { peerings: "AuthorizationFailed" },
      }),
    ],
  },
  "cidr-pod-vs-peerings-disconnected": {
    violating: [
      create("pod CIDR inside a Disconnected peering's 10.0.0.0/8", overlay({ podCidr: "10.244.0.0/16" }), {
        peerings: [{ ...HUB_10_8, state: "Disconnected" }],
      }),
    ],
    passing: [
      create("pod CIDR outside a Disconnected peering", overlay(), {
        peerings: [{ ...HUB_10_8, state: "Disconnected" }],
      }),
    ],
  },
  "cidr-pod-vs-service": {
    violating: [
      create("pod CIDR /8 containing the service CIDR", overlay({ podCidr: "10.0.0.0/8" })),
      create(
        "dual-stack, the IPv6 ranges overlap",
        overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16", "fd12:3456:789a:1::/64"] }),
      ),
    ],
    passing: [
      create("pod CIDR adjacent to the service CIDR", overlay({ podCidr: "10.1.0.0/16" })),
      create("dual-stack, family by family apart", overlayCilium(DUAL_STACK)),
    ],
  },
  "cidr-service-vs-subnets": {
    violating: [
      create(
        "service CIDR over the node subnet",
        nodeSubnet({ serviceCidr: "10.240.0.0/16", dnsServiceIp: "10.240.0.10" }),
        vnet,
      ),
      create("the default 10.0.0.0/16 service CIDR over a 10.0.0.0/24 subnet (subnets known, VNet not)", overlay(), {
        subnets: [{ name: "snet-nodes", addressPrefixes: ["10.0.0.0/24"] }],
      }),
    ],
    passing: [create("service CIDR outside the VNet", nodeSubnet(), vnet)],
    unverified: [create("overlay, the VNet not given", overlay())],
  },
  "cidr-service-size": {
    violating: [
      create("IPv4 service CIDR /11", overlay({ serviceCidr: "10.0.0.0/11" })),
      create(
        "IPv6 service CIDR /107",
        overlayCilium({ ...DUAL_STACK, serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/107"] }),
      ),
    ],
    passing: [
      create("IPv4 /13", overlay({ serviceCidr: "10.0.0.0/13" })),
      create("IPv6 /108", overlayCilium(DUAL_STACK)),
      update("an existing /11 is not judged again", overlay({ serviceCidr: "10.0.0.0/11" }), TO_CILIUM),
    ],
  },
  "cidr-service-size-boundary": {
    violating: [create("IPv4 service CIDR exactly /12", overlay({ serviceCidr: "10.0.0.0/12" }))],
    passing: [create("IPv4 service CIDR /13", overlay({ serviceCidr: "10.0.0.0/13" }))],
  },
  "cidr-reserved-ranges": {
    violating: [
      create("pod CIDR 172.16.0.0/12 contains 172.30/16 and 172.31/16", overlay({ podCidr: "172.16.0.0/12" })),
      create(
        "service CIDR in 169.254.0.0/16",
        overlay({ serviceCidr: "169.254.0.0/16", dnsServiceIp: "169.254.0.10" }),
      ),
      create("VNet address space in 192.0.2.0/24", overlay(), { vnetAddressSpaces: ["192.0.2.0/24"] }),
      update(
        "overlay migration to 172.31.0.0/16",
        nodeSubnet(),
        { mode: "overlay", podCidr: "172.31.0.0/16" },
        inspected,
      ),
      update("overlay pod CIDR grown into 169.254.0.0/16", overlay({ podCidr: "169.254.0.0/17" }), {
        podCidr: "169.254.0.0/16",
      }),
    ],
    passing: [
      create("192.168.0.0/16 pods, 10.0.0.0/16 services", overlay()),
      create("pod CIDR adjacent to 172.30.0.0/16", overlay({ podCidr: "172.29.0.0/16" })),
      update("an existing, unchanged 172.16.0.0/12 pod CIDR", overlay({ podCidr: "172.16.0.0/12" }), TO_CILIUM),
    ],
    unverified: [create("overlay, the VNet not given", overlay())],
  },
  "cidr-reserved-ranges-existing": {
    violating: [
      update("existing 172.16.0.0/12 pod CIDR left alone", overlay({ podCidr: "172.16.0.0/12" }), TO_CILIUM),
      update("existing 172.30.0.0/16 pod CIDR left alone", overlay({ podCidr: "172.30.0.0/16" }), TO_CILIUM),
    ],
    passing: [update("existing 192.168.0.0/16 pod CIDR", overlay(), TO_CILIUM)],
  },
  "cidr-dns-service-ip": {
    violating: [
      create("DNS IP outside the service CIDR", overlay({ dnsServiceIp: "10.1.0.10" })),
      create("DNS IP is the first address", overlay({ dnsServiceIp: "10.0.0.1" })),
      create("DNS IP is the network address", overlay({ dnsServiceIp: "10.0.0.0" })),
    ],
    passing: [create("DNS IP .10", overlay()), create("DNS IP .2", overlay({ dnsServiceIp: "10.0.0.2" }))],
  },
  "cidr-overlay-capacity": {
    violating: [
      create(
        "/22 pod CIDR (4 nodes) for pools up to 13 nodes",
        overlay({ podCidr: "192.168.0.0/22", pools: [systemPool(), userPool()] }),
      ),
      create("/24 pod CIDR (1 node) for 3 nodes", overlay({ podCidr: "192.168.0.0/24" })),
    ],
    passing: [
      create(
        "/22 pod CIDR (4 nodes) for exactly 4 nodes",
        overlay({ podCidr: "192.168.0.0/22", pools: [systemPool(), userPool({ maxCount: 1, count: 1 })] }),
      ),
      create("/16 pod CIDR", overlay({ pools: [systemPool(), userPool()] })),
    ],
    unverified: [create("overlay without any pool", overlay({ pools: [] }))],
  },
  "cidr-dualstack-shape": {
    violating: [
      create("IPv6-only", overlayCilium({ ipFamilies: ["IPv6"] })),
      create(
        "IPv6-only with no CIDRs set",
        overlay({ ipFamilies: ["IPv6"], podCidr: undefined, serviceCidr: undefined, dnsServiceIp: undefined }),
      ),
      create(
        "pod CIDRs IPv6 first, families not declared",
        overlayCilium({ podCidr: undefined, podCidrs: ["fd12:3456:789a::/64", "192.168.0.0/16"] }),
      ),
      create(
        "IPv4 + IPv6 families with IPv4 pod CIDRs only",
        overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16"] }),
      ),
      create("families in the wrong order", overlayCilium({ ...DUAL_STACK, ipFamilies: ["IPv6", "IPv4"] })),
    ],
    passing: [
      create("dual-stack", overlayCilium(DUAL_STACK)),
      create("IPv4 declared", overlay({ ipFamilies: ["IPv4"] })),
    ],
  },
  "cidr-pod-private": {
    violating: [
      create("public IPv4 pod CIDR", overlay({ podCidr: "20.0.0.0/16" })),
      create("global IPv6 pod CIDR", overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16", "2001:db8::/64"] })),
    ],
    passing: [
      create("RFC 6598 pod CIDR", overlay({ podCidr: "100.64.0.0/16" })),
      create("IPv6 ULA pod CIDR", overlayCilium(DUAL_STACK)),
    ],
  },
  "cidr-overlay-podcidr-expand-only": {
    violating: [
      update("shrink /16 → /17", overlay({ podCidr: "10.244.0.0/16" }), { podCidr: "10.244.0.0/17" }),
      update("move to another range", overlay({ podCidr: "10.244.0.0/16" }), { podCidr: "10.100.0.0/16" }),
      update("grow with a Windows pool", overlay({ podCidr: "10.244.0.0/16", pools: [systemPool(), windowsPool()] }), {
        podCidr: "10.244.0.0/15",
      }),
      update("dual-stack pod CIDRs change", overlayCilium(DUAL_STACK), {
        podCidrs: ["192.168.0.0/15", "fd12:3456:789a::/64"],
      }),
    ],
    passing: [
      update("IPv6 pod and service CIDRs added beside the unchanged IPv4 ones", overlayCilium(), ADD_IPV6),
      update("grow /16 → /15 with the same start", overlay({ podCidr: "10.244.0.0/16" }), { podCidr: "10.244.0.0/15" }),
      update("pod CIDR restated", overlay({ podCidr: "10.244.0.0/16" }), { podCidr: "10.244.0.0/16" }),
    ],
    unverified: [
      update("overlay pod CIDR expanded, no pool known", overlay({ pools: [] }), { podCidr: "192.168.0.0/15" }),
    ],
  },
  "cidr-kubenet-podcidr-frozen": {
    violating: [update("kubenet pod CIDR changed in place", kubenet(), { podCidr: "10.245.0.0/16" })],
    passing: [
      update(
        "a new pod CIDR with the overlay migration",
        kubenet(),
        { ...TO_OVERLAY_FROM_KUBENET, podCidr: "192.168.0.0/16" },
        inspected,
      ),
    ],
  },
  "cidr-service-dns-immutable": {
    violating: [
      update("service CIDR and DNS IP changed", overlay(), { serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" }),
      update("DNS IP changed", overlay(), { dnsServiceIp: "10.0.0.11" }),
    ],
    passing: [
      update("IPv6 pod and service CIDRs added beside the unchanged IPv4 ones", overlayCilium(), ADD_IPV6),
      update("both restated", overlay(), { serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10", ...TO_CILIUM }),
    ],
  },
  "cidr-ipv6-removal": {
    violating: [
      update("dual-stack → IPv4 only", overlayCilium(DUAL_STACK), {
        ipFamilies: ["IPv4"],
        podCidrs: ["192.168.0.0/16"],
        serviceCidrs: ["10.0.0.0/16"],
      }),
      update("dual-stack keeps ipFamilies but drops the IPv6 pod CIDR", overlayCilium(DUAL_STACK), {
        ...DUAL_STACK,
        podCidrs: ["192.168.0.0/16"],
      }),
    ],
    passing: [
      update("dual-stack restated", overlayCilium(DUAL_STACK), { ...DUAL_STACK, dataplane: "cilium" }),
      update("IPv6 added", overlayCilium(), ADD_IPV6),
    ],
  },
  "cidr-ipv6-addition": {
    violating: [
      update("IPv4 overlay + Cilium → dual-stack", overlayCilium(), ADD_IPV6),
      update("IPv4 Node Subnet → dual-stack", nodeSubnet(), { ipFamilies: ["IPv4", "IPv6"] }),
    ],
    passing: [
      update("IPv4 restated", overlayCilium(), { ipFamilies: ["IPv4"], dataplane: "cilium" }),
      update("dual-stack restated", overlayCilium(DUAL_STACK), { ...DUAL_STACK, dataplane: "cilium" }),
    ],
  },
  "win-requires-azure-cni": {
    violating: [
      create("kubenet with a Windows pool", kubenet({ pools: [systemPool(), windowsPool()] })),
      create("BYO CNI with a Windows pool", byoCni({ pools: [systemPool(), windowsPool()] })),
      update(
        "kubenet gets a separate Windows AgentPool",
        kubenet(),
        { plugin: "kubenet" },
        { agentPools: [separatePool(windowsPool())] },
      ),
    ],
    passing: [
      create("Node Subnet with a Windows pool", nodeSubnet({ pools: [systemPool(), windowsPool()] })),
      create("overlay with a Windows pool", overlay({ pools: [systemPool(), windowsPool()] })),
    ],
    unverified: [create("kubenet without any pool", kubenet({ pools: [] }))],
  },
  "nap-cni-compat": {
    violating: [
      create("NAP on kubenet", kubenet({ nap: true })),
      create("NAP with Calico", overlay({ nap: true, policy: "calico" })),
      create("NAP with a Windows pool", overlay({ nap: true, pools: [systemPool(), windowsPool()] })),
      create("NAP with dynamic IP allocation", podSubnet({ nap: true })),
      create("NAP on dual-stack", overlayCilium({ nap: true, ...DUAL_STACK })),
    ],
    passing: [
      create("NAP on overlay + Cilium", overlayCilium({ nap: true })),
      create("NAP on Node Subnet", nodeSubnet({ nap: true })),
      create("kubenet without NAP", kubenet({ nap: false })),
    ],
    unverified: [create("NAP without any pool", overlay({ nap: true, pools: [] }))],
  },
  "nap-custom-subnet-needs-uami": {
    violating: [
      create("NAP on a BYO subnet with a system-assigned identity", overlay({ nap: true, identity: "SystemAssigned" })),
      update(
        "NAP turned on for a BYO-subnet cluster with a system-assigned identity",
        overlay({ identity: "SystemAssigned" }),
        overlay({ identity: "SystemAssigned", nap: true }),
      ),
    ],
    passing: [
      create("NAP on a BYO subnet with a user-assigned identity", overlay({ nap: true })),
      create(
        "NAP without custom subnets",
        overlay({ nap: true, identity: "SystemAssigned", pools: [systemPool({ vnetSubnetId: undefined })] }),
      ),
    ],
    unverified: [
      create("NAP without any pool", overlay({ nap: true, pools: [] })),
      create("NAP on a BYO subnet, the identity unknown", overlay({ nap: true, identity: undefined })),
    ],
  },
  "kubenet-retirement": {
    violating: [create("kubenet", kubenet()), update("a kubenet cluster stays kubenet", kubenet(), { policy: "none" })],
    passing: [create("overlay", overlay())],
  },
  "default-network-plugin": {
    violating: [
      create("plugin unset on 1.29 (kubenet)", kubenet({ plugin: undefined, version: "1.29.9" })),
      create("plugin unset on 1.31 (overlay)", overlay({ plugin: undefined, mode: undefined })),
      create("azure without a mode (Node Subnet)", nodeSubnet()),
    ],
    passing: [create("azure + overlay", overlay()), create("kubenet named explicitly", kubenet())],
  },
  "upgrade-undrainable-cordon": {
    violating: [
      update(
        "overlay → Cilium with a pool that cordons undrainable nodes",
        overlay({ pools: [cordoned()] }),
        TO_CILIUM,
        inspected,
      ),
      update("kubenet → overlay with a separate pool that cordons", kubenet(), TO_OVERLAY_FROM_KUBENET, {
        ...inspected,
        agentPools: [separatePool(userPool({ undrainableNodeBehavior: "cordon" }))],
      }),
    ],
    passing: [
      update(
        "overlay → Cilium with pools that Schedule",
        overlay({ pools: [systemPool({ undrainableNodeBehavior: "Schedule" })] }),
        TO_CILIUM,
        inspected,
      ),
      update(
        "a Cordon pool and no network migration",
        overlay({ pools: [cordoned()] }),
        { version: "1.32.0" },
        inspected,
      ),
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
