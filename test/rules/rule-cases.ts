import type { EvaluationContext } from "../../core";
import { clusters, POD_SUBNET_ID, SUBNET_ID, WINDOWS_POOL, type ClusterDesc } from "../support/clusters";

export interface RuleCase {
  readonly name: string;
  /** Absent: a create. */
  readonly current?: ClusterDesc;
  readonly desired: ClusterDesc;
  readonly context?: EvaluationContext;
}

export interface RuleCases {
  readonly violating: readonly RuleCase[];
  readonly passing: readonly RuleCase[];
}

const { kubenet, nodeSubnet, podSubnet, overlay, overlayCilium, byoCni } = clusters;
const LINUX_SYSTEM = { name: "system", mode: "System" as const, count: 3 };
const vnet: EvaluationContext = { vnetAddressSpaces: ["10.240.0.0/16"], subnets: [{ name: "nodes", addressPrefixes: ["10.240.0.0/22"] }] };
const checkedConfigMaps: EvaluationContext = { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config-reconciled"] };

/** For every rule: inputs that must trigger it and inputs that must not. */
export const RULE_CASES: Record<string, RuleCases> = {
  "ipam-kubenet-overlay-single-put": {
    violating: [
      { name: "kubenet with overlay mode on create", desired: kubenet({ mode: "overlay" }) },
      { name: "update that sets only the mode on kubenet", current: kubenet(), desired: { mode: "overlay" } },
    ],
    passing: [{ name: "kubenet → azure + overlay in one update", current: kubenet({ identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay" } }],
  },
  "ovl-no-pod-subnet": {
    violating: [{ name: "overlay with a pod subnet", desired: overlay({ pools: [{ ...LINUX_SYSTEM, podSubnetId: POD_SUBNET_ID }] }) }],
    passing: [{ name: "overlay without pod subnets", desired: overlay() }],
  },
  "ipam-overlay-irreversible": {
    violating: [
      { name: "overlay → Node Subnet", current: overlay(), desired: { plugin: "azure" } },
      { name: "overlay → kubenet", current: overlay(), desired: { plugin: "kubenet" } },
    ],
    passing: [{ name: "overlay stays overlay", current: overlay(), desired: overlayCilium() }],
  },
  "ipam-podsubnet-no-overlay": {
    violating: [{ name: "Pod Subnet → overlay", current: podSubnet(), desired: { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }] } }],
    passing: [{ name: "Pod Subnet → Cilium data plane", current: podSubnet(), desired: { dataplane: "cilium", policy: "cilium" } }],
  },
  "ipam-byocni-frozen": {
    violating: [
      { name: "BYO CNI → overlay", current: byoCni(), desired: { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" } },
      { name: "Node Subnet → BYO CNI", current: nodeSubnet(), desired: { plugin: "none" } },
    ],
    passing: [{ name: "BYO CNI stays BYO CNI", current: byoCni(), desired: { plugin: "none" } }],
  },
  "ipam-kubenet-to-nodesubnet": {
    violating: [{ name: "kubenet → Node Subnet", current: kubenet(), desired: { plugin: "azure" } }],
    passing: [{ name: "kubenet → overlay", current: kubenet({ identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay" } }],
  },
  "ipam-overlay-only-target": {
    violating: [{ name: "Node Subnet → kubenet", current: nodeSubnet(), desired: { plugin: "kubenet", podCidr: "10.244.0.0/16" } }],
    passing: [{ name: "Node Subnet → overlay", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
  },
  "ipam-podsubnet-mode-immutable": {
    violating: [{ name: "pod subnet removed from an existing pool", current: podSubnet(), desired: { pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }] } }],
    passing: [{ name: "pools unchanged", current: podSubnet(), desired: { pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID, podSubnetId: POD_SUBNET_ID }] } }],
  },
  "dp-cilium-requires-azure-cni": {
    violating: [
      { name: "kubenet + Cilium on create", desired: kubenet({ dataplane: "cilium", policy: "cilium" }) },
      { name: "BYO CNI + Cilium on create", desired: byoCni({ dataplane: "cilium" }) },
    ],
    passing: [{ name: "overlay + Cilium", desired: overlayCilium() }],
  },
  "dp-cilium-requires-policy-cilium": {
    violating: [
      { name: "update to Cilium without the policy", current: overlay(), desired: { dataplane: "cilium" } },
      { name: "Cilium with Calico on create", desired: overlay({ dataplane: "cilium", policy: "calico" }) },
    ],
    passing: [
      { name: "create with Cilium and no policy (the RP fills cilium)", desired: overlay({ dataplane: "cilium" }) },
      { name: "update to Cilium with policy cilium", current: overlay(), desired: { dataplane: "cilium", policy: "cilium" } },
    ],
  },
  "dp-policy-cilium-requires-dataplane-cilium": {
    violating: [{ name: "policy cilium on the azure data plane", desired: overlay({ policy: "cilium" }) }],
    passing: [{ name: "policy cilium on Cilium", desired: overlayCilium() }],
  },
  "dp-cilium-no-windows": {
    violating: [
      { name: "Cilium with an inline Windows pool", desired: overlayCilium({ pools: [LINUX_SYSTEM, WINDOWS_POOL] }) },
      {
        name: "Cilium with a Windows pool as a separate AgentPool",
        desired: overlayCilium(),
        context: { agentPools: [{ name: "win1", osType: "Windows", separate: true, availabilitySet: false }] },
      },
    ],
    passing: [{ name: "Windows pool on the azure data plane", desired: overlay({ pools: [LINUX_SYSTEM, WINDOWS_POOL] }) }],
  },
  "dp-cilium-not-from-kubenet": {
    violating: [{ name: "kubenet → overlay + Cilium at once", current: kubenet(), desired: overlayCilium({ podCidr: "10.244.0.0/16" }) }],
    passing: [{ name: "overlay → Cilium", current: overlay(), desired: { dataplane: "cilium", policy: "cilium" } }],
  },
  "dp-ipam-and-dataplane-separate": {
    violating: [{ name: "Node Subnet → overlay + Cilium at once", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16", dataplane: "cilium", policy: "cilium" } }],
    passing: [
      { name: "Node Subnet → Node Subnet + Cilium", current: nodeSubnet(), desired: { dataplane: "cilium", policy: "cilium" } },
      { name: "Node Subnet + Cilium → overlay + Cilium", current: nodeSubnet({ dataplane: "cilium", policy: "cilium" }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } },
    ],
  },
  "dp-no-revert-from-cilium": {
    violating: [{ name: "Cilium → azure data plane", current: overlayCilium(), desired: { dataplane: "azure", policy: "none" } }],
    passing: [{ name: "Cilium stays", current: overlayCilium(), desired: { dataplane: "cilium" } }],
  },
  "dp-cilium-update-blocked-with-nap": {
    violating: [{ name: "NAP cluster → Cilium", current: overlay({ nap: true }), desired: { dataplane: "cilium", policy: "cilium" } }],
    passing: [
      { name: "NAP disabled → Cilium", current: overlay({ nap: false }), desired: { dataplane: "cilium", policy: "cilium" } },
      { name: "new NAP cluster with Cilium", desired: overlayCilium({ nap: true }) },
    ],
  },
  "dp-cilium-replaces-npm-calico": {
    violating: [{ name: "overlay + NPM → Cilium", current: overlay({ policy: "azure" }), desired: { dataplane: "cilium", policy: "cilium" } }],
    passing: [{ name: "overlay without policy → Cilium", current: overlay({ policy: "none" }), desired: { dataplane: "cilium", policy: "cilium" } }],
  },
  "dp-reimage-all-pools": {
    violating: [{ name: "data plane change", current: overlay(), desired: { dataplane: "cilium", policy: "cilium" } }],
    passing: [{ name: "no IPAM or data plane change", current: overlay(), desired: { policy: "calico" } }],
  },
  "np-kubenet-calico-only": {
    violating: [{ name: "kubenet + Azure NPM", desired: kubenet({ policy: "azure" }) }],
    passing: [{ name: "kubenet + Calico", desired: kubenet({ policy: "calico" }) }],
  },
  "np-dualstack-no-npm-calico": {
    violating: [{ name: "dual-stack + Calico", desired: overlay({ policy: "calico", podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"], ipFamilies: ["IPv4", "IPv6"] }) }],
    passing: [{ name: "dual-stack + Cilium", desired: overlayCilium({ podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"], ipFamilies: ["IPv4", "IPv6"] }) }],
  },
  "np-byocni-none": {
    violating: [{ name: "BYO CNI + Calico", desired: byoCni({ policy: "calico" }) }],
    passing: [{ name: "BYO CNI without policy", desired: byoCni() }],
  },
  "np-npm-retirement": {
    violating: [{ name: "overlay + NPM", desired: overlay({ policy: "azure" }) }],
    passing: [{ name: "overlay + Calico", desired: overlay({ policy: "calico" }) }],
  },
  "np-npm-windows-onboarding": {
    violating: [{ name: "new Windows pool with NPM after 2026-09-30", desired: overlay({ policy: "azure", pools: [LINUX_SYSTEM, WINDOWS_POOL] }), context: { now: new Date("2026-11-23") } }],
    passing: [
      { name: "before the cut-off", desired: overlay({ policy: "azure", pools: [LINUX_SYSTEM, WINDOWS_POOL] }), context: { now: new Date("2026-09-01") } },
      { name: "existing Windows pool kept", current: overlay({ policy: "azure", pools: [LINUX_SYSTEM, WINDOWS_POOL] }), desired: {}, context: { now: new Date("2026-11-23") } },
    ],
  },
  "np-change-via-none": {
    violating: [{ name: "NPM → Calico directly", current: overlay({ policy: "azure" }), desired: { policy: "calico" } }],
    passing: [{ name: "NPM → none", current: overlay({ policy: "azure" }), desired: { policy: "none" } }],
  },
  "np-install-uninstall-k8s-floor": {
    violating: [{ name: "uninstall Calico on 1.29", current: kubenet({ policy: "calico", version: "1.29.9" }), desired: { policy: "none" } }],
    passing: [{ name: "uninstall Calico on 1.30", current: kubenet({ policy: "calico", version: "1.30.1" }), desired: { policy: "none" } }],
  },
  "np-cilium-swap-k8s-floor": {
    violating: [{ name: "NPM → Cilium on 1.29", current: overlay({ policy: "azure", version: "1.29.9" }), desired: { dataplane: "cilium", policy: "cilium" } }],
    passing: [{ name: "NPM → Cilium on 1.31", current: overlay({ policy: "azure" }), desired: { dataplane: "cilium", policy: "cilium" } }],
  },
  "ovl-k8s-floor": {
    violating: [{ name: "Node Subnet on 1.26 → overlay", current: nodeSubnet({ version: "1.26.6" }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
    passing: [
      { name: "Node Subnet on 1.27 → overlay", current: nodeSubnet({ version: "1.27.3" }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } },
      { name: "a new overlay cluster on 1.26 (no floor on create)", desired: overlay({ version: "1.26.6" }) },
    ],
  },
  "ovl-no-npm-calico": {
    violating: [
      { name: "kubenet + Calico → overlay", current: kubenet({ policy: "calico" }), desired: { plugin: "azure", mode: "overlay" } },
      { name: "Node Subnet → overlay + NPM", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16", policy: "azure" } },
    ],
    passing: [
      { name: "Node Subnet + Cilium → overlay + Cilium", current: nodeSubnet({ dataplane: "cilium", policy: "cilium" }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } },
      { name: "kubenet without policy → overlay", current: kubenet({ policy: "none" }), desired: { plugin: "azure", mode: "overlay" } },
    ],
  },
  "ovl-no-windows-docker": {
    violating: [{ name: "Windows pool on Docker", current: nodeSubnet({ pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }, { name: "win1", os: "Windows", orchestratorVersion: "1.22.6", vnetSubnetId: SUBNET_ID }] }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
    passing: [{ name: "Windows pool on containerd", current: nodeSubnet({ pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }, { name: "win1", os: "Windows", orchestratorVersion: "1.31.2", vnetSubnetId: SUBNET_ID }] }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
  },
  "ovl-windows-build": {
    violating: [{ name: "Windows build 20348.1600", current: nodeSubnet({ pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }, { ...WINDOWS_POOL, nodeImageVersion: "AKSWindows-2022-containerd-20348.1600.230601", vnetSubnetId: SUBNET_ID }] }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
    passing: [{ name: "Windows build 20348.2227", current: nodeSubnet({ pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }, { ...WINDOWS_POOL, vnetSubnetId: SUBNET_ID }] }), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
  },
  "ovl-custom-ip-masq-agent": {
    violating: [{ name: "custom ConfigMap present", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" }, context: { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config", "azure-ip-masq-agent-config-reconciled"] } }],
    passing: [{ name: "only the reconciled ConfigMap", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" }, context: checkedConfigMaps }],
  },
  "ovl-ip-masq-agent-unverified": {
    violating: [{ name: "ConfigMaps not inspected", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
    passing: [{ name: "ConfigMaps inspected", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" }, context: checkedConfigMaps }],
  },
  "ovl-kubenet-needs-uami": {
    violating: [{ name: "system-assigned identity on a BYO subnet", current: kubenet({ identity: "SystemAssigned", pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }] }), desired: { plugin: "azure", mode: "overlay" } }],
    passing: [
      { name: "user-assigned identity on a BYO subnet", current: kubenet({ identity: "UserAssigned", pools: [{ ...LINUX_SYSTEM, vnetSubnetId: SUBNET_ID }] }), desired: { plugin: "azure", mode: "overlay" } },
      { name: "system-assigned identity on a managed VNet", current: kubenet({ identity: "SystemAssigned" }), desired: { plugin: "azure", mode: "overlay" } },
    ],
  },
  "ovl-kubenet-route-table-side-effects": {
    violating: [{ name: "kubenet → overlay", current: kubenet({ identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay" } }],
    passing: [{ name: "Node Subnet → overlay (no route table)", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
  },
  "ovl-podcidr-from-nodesubnet": {
    violating: [
      { name: "Node Subnet → overlay without a pod CIDR", current: nodeSubnet(), desired: { mode: "overlay" } },
      { name: "the azure-native default pod CIDR of a Node Subnet state is not an overlay pod CIDR", current: nodeSubnet({ podCidr: "10.244.0.0/16" }), desired: { plugin: "azure", mode: "overlay" } },
    ],
    passing: [
      { name: "Node Subnet → overlay with --pod-cidr", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } },
      { name: "kubenet → overlay keeps its pod CIDR", current: kubenet({ identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay" } },
    ],
  },
  "ovl-kubenet-dualstack-ipv6-blip": {
    violating: [{ name: "dual-stack kubenet → overlay", current: kubenet({ podCidrs: ["10.244.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"], identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay" } }],
    passing: [{ name: "IPv4 kubenet → overlay", current: kubenet({ identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay" } }],
  },
  "ovl-irreversible-notice": {
    violating: [{ name: "any move to overlay", current: nodeSubnet(), desired: { mode: "overlay", podCidr: "192.168.0.0/16" } }],
    passing: [{ name: "already overlay", current: overlay(), desired: { dataplane: "cilium", policy: "cilium" } }],
  },
  "ovl-platform-limits": {
    violating: [
      { name: "availability-set pool on overlay", desired: overlay({ pools: [{ ...LINUX_SYSTEM, type: "AvailabilitySet" }] }) },
      { name: "DCsv2 VMs on overlay", desired: overlay({ pools: [{ ...LINUX_SYSTEM, vmSize: "Standard_DC2s_v2" }] }) },
      { name: "a 64-character VNet name", desired: overlay({ pools: [{ ...LINUX_SYSTEM, vnetSubnetId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${"v".repeat(64)}/subnets/s` }] }) },
    ],
    passing: [{ name: "scale-set pools with short names", desired: overlay({ pools: [{ ...LINUX_SYSTEM, type: "VirtualMachineScaleSets", vnetSubnetId: SUBNET_ID }] }) }],
  },
  "cidr-pod-vs-subnets": {
    violating: [{ name: "pod CIDR over the node subnet", desired: overlay({ podCidr: "10.240.0.0/16" }), context: vnet }],
    passing: [{ name: "pod CIDR adjacent to the subnet", desired: overlay({ podCidr: "10.241.0.0/16" }), context: { subnets: [{ name: "nodes", addressPrefixes: ["10.240.0.0/16"] }] } }],
  },
  "cidr-pod-vs-vnet-space": {
    violating: [{ name: "pod CIDR inside the VNet space but off its subnets", desired: overlay({ podCidr: "10.240.128.0/17" }), context: vnet }],
    passing: [{ name: "pod CIDR outside the VNet", desired: overlay(), context: vnet }],
  },
  "cidr-pod-vs-service": {
    violating: [{ name: "pod CIDR contains the service CIDR", desired: overlay({ podCidr: "10.0.0.0/8" }) }],
    passing: [{ name: "disjoint", desired: overlay() }],
  },
  "cidr-service-vs-subnets": {
    violating: [{ name: "default service CIDR over a 10.0.0.0/24 subnet", desired: overlay(), context: { subnets: [{ name: "nodes", addressPrefixes: ["10.0.0.0/24"] }] } }],
    passing: [{ name: "service CIDR clear of subnets", desired: overlay(), context: vnet }],
  },
  "cidr-service-size": {
    violating: [
      { name: "IPv4 /11", desired: overlay({ serviceCidr: "10.0.0.0/11", dnsIp: "10.0.0.10" }) },
      { name: "IPv6 /100", desired: overlayCilium({ podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/100"], ipFamilies: ["IPv4", "IPv6"] }) },
    ],
    passing: [{ name: "IPv4 /16 and IPv6 /108", desired: overlayCilium({ podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"], ipFamilies: ["IPv4", "IPv6"] }) }],
  },
  "cidr-service-size-boundary": {
    violating: [{ name: "IPv4 /12", desired: overlay({ serviceCidr: "10.0.0.0/12", dnsIp: "10.0.0.10" }) }],
    passing: [{ name: "IPv4 /13", desired: overlay({ serviceCidr: "10.0.0.0/13", dnsIp: "10.0.0.10" }) }],
  },
  "cidr-reserved-ranges": {
    violating: [
      { name: "172.16.0.0/12 pod CIDR contains 172.30/16 and 172.31/16", desired: overlay({ podCidr: "172.16.0.0/12" }) },
      { name: "pod CIDR changed into 169.254.0.0/16", current: overlay({ podCidr: "169.254.0.0/17" }), desired: { podCidr: "169.254.0.0/16" } },
    ],
    passing: [
      { name: "192.168.0.0/16", desired: overlay() },
      { name: "existing reserved value left alone", current: overlay({ podCidr: "172.30.0.0/16" }), desired: { dataplane: "cilium", policy: "cilium" } },
    ],
  },
  "cidr-reserved-ranges-existing": {
    violating: [{ name: "existing 172.30.0.0/16 pod CIDR", current: overlay({ podCidr: "172.30.0.0/16" }), desired: { dataplane: "cilium", policy: "cilium" } }],
    passing: [{ name: "existing private range", current: overlay(), desired: { dataplane: "cilium", policy: "cilium" } }],
  },
  "cidr-dns-service-ip": {
    violating: [
      { name: "outside the service CIDR", desired: overlay({ dnsIp: "10.1.0.10" }) },
      { name: "the first address", desired: overlay({ dnsIp: "10.0.0.1" }) },
      { name: "the network address", desired: overlay({ dnsIp: "10.0.0.0" }) },
    ],
    passing: [{ name: "the .10 address", desired: overlay() }],
  },
  "cidr-overlay-capacity": {
    violating: [{ name: "/24 pod CIDR for 3 nodes", desired: overlay({ podCidr: "192.168.0.0/24" }) }],
    passing: [{ name: "/22 pod CIDR for 4 nodes", desired: overlay({ podCidr: "192.168.0.0/22", pools: [{ ...LINUX_SYSTEM, count: 2, maxCount: 4 }] }) }],
  },
  "cidr-dualstack-shape": {
    violating: [
      { name: "IPv6 only", desired: overlay({ ipFamilies: ["IPv6"], podCidr: undefined, serviceCidr: undefined, dnsIp: undefined }) },
      { name: "families in the wrong order", desired: overlayCilium({ ipFamilies: ["IPv6", "IPv4"], podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"] }) },
    ],
    passing: [{ name: "IPv4 then IPv6", desired: overlayCilium({ ipFamilies: ["IPv4", "IPv6"], podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"] }) }],
  },
  "cidr-pod-private": {
    violating: [{ name: "a public pod CIDR", desired: overlay({ podCidr: "20.0.0.0/16" }) }],
    passing: [{ name: "RFC 6598 range", desired: overlay({ podCidr: "100.64.0.0/16" }) }],
  },
  "cidr-overlay-podcidr-expand-only": {
    violating: [
      { name: "moved to another range", current: overlay(), desired: { podCidr: "100.64.0.0/16" } },
      { name: "shrunk", current: overlay(), desired: { podCidr: "192.168.0.0/17" } },
      { name: "expanded with a Windows pool", current: overlay({ pools: [LINUX_SYSTEM, WINDOWS_POOL] }), desired: { podCidr: "192.168.0.0/15" } },
    ],
    passing: [{ name: "expanded, same start", current: overlay({ podCidr: "192.168.0.0/17" }), desired: { podCidr: "192.168.0.0/16" } }],
  },
  "cidr-kubenet-podcidr-frozen": {
    violating: [{ name: "kubenet pod CIDR changed", current: kubenet(), desired: { podCidr: "10.245.0.0/16" } }],
    passing: [{ name: "changed with the overlay migration", current: kubenet({ identity: "UserAssigned" }), desired: { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" } }],
  },
  "cidr-service-dns-immutable": {
    violating: [
      { name: "service CIDR changed", current: overlay(), desired: { serviceCidr: "10.1.0.0/16", dnsIp: "10.1.0.10" } },
      { name: "DNS IP changed", current: overlay(), desired: { dnsIp: "10.0.0.11" } },
    ],
    passing: [{ name: "same values", current: overlay(), desired: { serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10" } }],
  },
  "cidr-ip-families-change": {
    violating: [{ name: "IPv4 → dual-stack", current: overlayCilium(), desired: { ipFamilies: ["IPv4", "IPv6"], podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"] } }],
    passing: [{ name: "families unchanged", current: overlayCilium(), desired: { ipFamilies: ["IPv4"] } }],
  },
  "win-requires-azure-cni": {
    violating: [{ name: "kubenet with a Windows pool", desired: kubenet({ pools: [LINUX_SYSTEM, WINDOWS_POOL] }) }],
    passing: [{ name: "overlay with a Windows pool", desired: overlay({ pools: [LINUX_SYSTEM, WINDOWS_POOL] }) }],
  },
  "nap-cni-compat": {
    violating: [{ name: "NAP on kubenet", desired: kubenet({ nap: true }) }],
    passing: [{ name: "NAP on overlay + Cilium", desired: overlayCilium({ nap: true }) }],
  },
  "kubenet-retirement": {
    violating: [{ name: "a kubenet cluster", desired: kubenet() }],
    passing: [{ name: "an overlay cluster", desired: overlay() }],
  },
  "default-network-plugin": {
    violating: [
      { name: "plugin unset", desired: { version: "1.31.2", serviceCidr: "10.0.0.0/16", dnsIp: "10.0.0.10" } },
      { name: "azure without a mode (Node Subnet)", desired: nodeSubnet() },
    ],
    passing: [{ name: "explicit overlay", desired: overlay() }],
  },
};
