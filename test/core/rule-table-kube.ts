/** Rule-table cases of the in-cluster rules: each fed the facts the reader builds from objects of real shapes. */
import type { EvaluationContext } from "../../core";
import type { KubernetesFacts } from "../../core/kubernetes";
import {
  nodeSubnet,
  overlay,
  systemPool,
  userPool,
  vnetContext,
  windowsPool,
  type ClusterSpec,
} from "../support/fixtures";
import * as k from "../support/kube-fixtures";
import type { RuleCases } from "./rule-table";

const TO_CILIUM: ClusterSpec = { dataplane: "cilium", policy: "cilium" };
const TO_OVERLAY: ClusterSpec = { mode: "overlay", podCidr: "192.168.0.0/16" };
const NPM = overlay({ policy: "azure" });
const NPM_132 = overlay({ policy: "azure", version: "1.32.3" });
const CALICO = overlay({ policy: "calico" });

/** The clean cluster with some facts replaced. */
const read = (over: Partial<KubernetesFacts> = {}, extra: EvaluationContext = {}): EvaluationContext => ({
  kubernetes: { ...k.CLEAN_FACTS, ...over },
  ...extra,
});
const policies = (...objects: Parameters<typeof k.facts>[0]["networkPolicies"] & object) =>
  k.facts({ networkPolicies: objects }).networkPolicies;
const pods = (...objects: Parameters<typeof k.facts>[0]["pods"] & object) => k.facts({ pods: objects }).pods;

export const KUBE_RULE_TABLE: Record<string, RuleCases> = {
  "netpol-calico-unenforced": {
    violating: [
      {
        name: "update: Calico → none with a GlobalNetworkPolicy and a Calico NetworkPolicy",
        current: CALICO,
        desired: { policy: "none" },
        context: read({
          calicoPolicies: k.facts({ calico: [k.GLOBAL_NETWORK_POLICY, k.CALICO_NETWORK_POLICY] }).calicoPolicies,
        }),
      },
    ],
    passing: [
      {
        name: "update: Calico → none, Calico's CRD groups not installed",
        current: CALICO,
        desired: { policy: "none" },
        context: read(),
      },
      {
        name: "update: NPM → Cilium (no Calico to uninstall)",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ calicoPolicies: k.facts({ calico: [k.GLOBAL_NETWORK_POLICY] }).calicoPolicies }),
      },
    ],
  },
  "netpol-cilium-endport": {
    violating: [
      {
        name: "update: NPM → Cilium on 1.31 with an endPort policy",
        current: NPM,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.ENDPORT_POLICY) }),
      },
    ],
    passing: [
      {
        name: "update: NPM → Cilium on 1.32 (Cilium 1.17) with an endPort policy",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.ENDPORT_POLICY) }),
      },
      { name: "update: NPM → Cilium on 1.31 without endPort", current: NPM, desired: TO_CILIUM, context: read() },
    ],
  },
  "netpol-cilium-ipblock-cluster-ips": {
    violating: [
      {
        name: "update: NPM → Cilium, egress ipBlock covers the pod CIDR",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.IPBLOCK_POD_CIDR) }),
      },
      {
        name: "update: NPM → Cilium on Node Subnet, ipBlock covers a node IP",
        current: nodeSubnet({ policy: "azure", version: "1.32.3" }),
        desired: TO_CILIUM,
        context: read({
          networkPolicies: policies(
            k.networkPolicy("to-nodes", "shop", {
              podSelector: {},
              policyTypes: ["Egress"],
              egress: [{ to: [{ ipBlock: { cidr: "10.240.0.0/24", except: ["10.240.0.128/25"] } }] }],
            }),
          ),
        }),
      },
      {
        name: "update: NPM → Cilium on Node Subnet, ipBlock covers part of the node subnet where no node has an address yet",
        current: nodeSubnet({ policy: "azure", version: "1.32.3" }),
        desired: TO_CILIUM,
        context: read(
          {
            networkPolicies: policies(
              k.networkPolicy("to-spare-nodes", "shop", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "10.240.3.0/24" } }] }],
              }),
            ),
          },
          vnetContext(),
        ),
      },
    ],
    passing: [
      {
        name: "update: NPM → Cilium on Node Subnet, the VNet read and the node subnet excepted from the ipBlock",
        current: nodeSubnet({ policy: "azure", version: "1.32.3" }),
        desired: TO_CILIUM,
        context: read(
          {
            networkPolicies: policies(
              k.networkPolicy("to-vnet", "shop", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "10.240.0.0/16", except: ["10.240.0.0/21"] } }] }],
              }),
            ),
          },
          vnetContext(),
        ),
      },
      {
        name: "update: NPM → Cilium, ipBlock outside the pod CIDR and the nodes",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.IPBLOCK_OUTSIDE) }),
      },
      {
        name: "update: NPM → Cilium, the node range is excepted",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          networkPolicies: policies(
            k.networkPolicy("to-vnet", "shop", {
              podSelector: {},
              policyTypes: ["Egress"],
              egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.240.0.0/16"] } }] }],
            }),
          ),
        }),
      },
    ],
  },
  "netpol-cilium-named-port-conflict": {
    violating: [
      {
        name: 'update: NPM → Cilium, "http" is 8080 on web and 9090 on api (matchExpressions)',
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.NAMED_PORT_CONFLICT), pods: pods(k.WEB, k.WEB_2, k.API) }),
      },
    ],
    passing: [
      {
        name: 'update: NPM → Cilium, "http" names 8080 on every pod it selects',
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          networkPolicies: policies(k.NAMED_PORT_ONE_NUMBER, k.EMPTY_PORT),
          pods: pods(k.WEB, k.WEB_2, k.API),
        }),
      },
    ],
  },
  "netpol-cilium-egress-own-node": {
    violating: [
      {
        name: "update: NPM → Cilium, egress restricted for running pods",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.IPBLOCK_OUTSIDE) }),
      },
    ],
    passing: [
      {
        name: "update: NPM → Cilium, egress allowed to everything (an empty egress rule)",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          networkPolicies: policies(
            k.networkPolicy("allow-all-egress", "shop", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] }),
          ),
          pods: pods(k.API, k.WEB, k.WEB_2),
        }),
      },
      {
        name: "update: NPM → Cilium, the egress policy selects no running pod",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.IPBLOCK_OUTSIDE), pods: pods(k.API) }),
      },
    ],
  },
  "netpol-cilium-external-traffic": {
    violating: [
      {
        name: "update: NPM → Cilium, LoadBalancer (Cluster) to pods an internal-only policy guards",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          services: k.facts({ services: [k.LB_CLUSTER] }).services,
          networkPolicies: policies(k.INGRESS_FROM_WEB_ONLY),
        }),
      },
    ],
    passing: [
      {
        name: "update: NPM → Cilium, externalTrafficPolicy Local",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          services: k.facts({ services: [k.LB_LOCAL] }).services,
          networkPolicies: policies(k.INGRESS_FROM_WEB_ONLY),
        }),
      },
      {
        name: "update: NPM → Cilium, the policy opens the named target port to everyone",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          services: k.facts({ services: [k.LB_CLUSTER] }).services,
          networkPolicies: policies(k.INGRESS_OPEN_8080),
        }),
      },
    ],
  },
  "netpol-cilium-host-network": {
    violating: [
      {
        name: "update: NPM → Cilium, a policy's matchExpressions select a hostNetwork pod",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({
          networkPolicies: policies(k.SELECTS_HOST_AGENT),
          pods: pods(k.WEB, k.WEB_2, k.API, k.HOST_AGENT),
        }),
      },
    ],
    passing: [
      {
        name: "update: NPM → Cilium, no policy selects the hostNetwork pod",
        current: NPM_132,
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.NAMED_PORT_ONE_NUMBER), pods: pods(k.WEB, k.WEB_2, k.HOST_AGENT) }),
      },
    ],
  },
  "netpol-localdns-egress": {
    violating: [
      {
        name: "update: NPM → Cilium, LocalDNS pools, DNS egress only to kube-dns",
        current: overlay({ policy: "azure", version: "1.32.3", pools: [systemPool({ localDnsMode: "Required" })] }),
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.DNS_ONLY_TO_KUBE_DNS) }),
      },
    ],
    passing: [
      {
        name: "update: NPM → Cilium, LocalDNS pools, DNS egress to 169.254.10.0/24",
        current: overlay({ policy: "azure", version: "1.32.3", pools: [systemPool({ localDnsMode: "Required" })] }),
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.DNS_TO_LOCALDNS) }),
      },
      {
        name: "update: NPM → Cilium, LocalDNS disabled",
        current: overlay({ policy: "azure", version: "1.32.3", pools: [systemPool({ localDnsMode: "Disabled" })] }),
        desired: TO_CILIUM,
        context: read({ networkPolicies: policies(k.DNS_ONLY_TO_KUBE_DNS) }),
      },
    ],
  },
  "kube-pdb-unsatisfiable": {
    violating: [
      {
        name: "update: overlay migration with a PDB maxUnavailable 0",
        current: nodeSubnet(),
        desired: TO_OVERLAY,
        context: read({ podDisruptionBudgets: k.facts({ pdbs: [k.PDB_MAX_UNAVAILABLE_0] }).podDisruptionBudgets }),
      },
    ],
    passing: [
      {
        name: "update: overlay migration with a PDB that allows one disruption",
        current: nodeSubnet(),
        desired: TO_OVERLAY,
        context: read(),
      },
      {
        name: "update: a policy-only change reimages nothing",
        current: overlay({ policy: "none" }),
        desired: { policy: "calico" },
        context: read({ podDisruptionBudgets: k.facts({ pdbs: [k.PDB_MAX_UNAVAILABLE_0] }).podDisruptionBudgets }),
      },
    ],
  },
  "kube-pdb-blocks-drain": {
    violating: [
      {
        name: "update: Cilium migration with a PDB that allows no disruption",
        current: overlay(),
        desired: TO_CILIUM,
        context: read({ podDisruptionBudgets: k.facts({ pdbs: [k.PDB_NO_DISRUPTION] }).podDisruptionBudgets }),
      },
    ],
    passing: [
      { name: "update: Cilium migration with a healthy PDB", current: overlay(), desired: TO_CILIUM, context: read() },
    ],
  },
  "kube-single-replica": {
    violating: [
      {
        name: "update: overlay migration with a one-pod ReplicaSet",
        current: nodeSubnet(),
        desired: TO_OVERLAY,
        context: read({ pods: pods(k.WEB, k.WEB_2, k.API) }),
      },
    ],
    passing: [
      {
        name: "update: overlay migration, two replicas, a DaemonSet pod does not count",
        current: nodeSubnet(),
        desired: TO_OVERLAY,
        context: read({ pods: pods(k.WEB, k.WEB_2, k.HOST_AGENT) }),
      },
    ],
  },
  "kube-self-managed-engine": {
    violating: [
      {
        name: "update: networkPolicy none in ARM, calico-node runs in calico-system, → Cilium",
        current: overlay({ policy: "none" }),
        desired: TO_CILIUM,
        context: read({ daemonSets: k.facts({ daemonSets: [k.KUBE_PROXY, k.CALICO_NODE] }).daemonSets }),
      },
    ],
    passing: [
      {
        name: "update: managed Calico → none (calico-node is AKS's own)",
        current: overlay({ policy: "calico" }),
        desired: { policy: "none" },
        context: read({ daemonSets: k.facts({ daemonSets: [k.CALICO_NODE] }).daemonSets }),
      },
      {
        name: "update: none → Cilium, no engine running",
        current: overlay({ policy: "none" }),
        desired: TO_CILIUM,
        context: read(),
      },
    ],
  },
};

/** In-cluster variants of existing rules: the same ids, judged from what the cluster showed. */
export const KUBE_VARIANTS: Record<string, RuleCases> = {
  "ovl-custom-ip-masq-agent": {
    violating: [
      {
        name: "update: the ConfigMap read from kube-system, with its nonMasqueradeCIDRs",
        current: nodeSubnet(),
        desired: TO_OVERLAY,
        context: read({
          ipMasqAgentConfigMaps: k.facts({ configMaps: [k.IP_MASQ_RECONCILED, k.IP_MASQ_CUSTOM] })
            .ipMasqAgentConfigMaps,
        }),
      },
    ],
    passing: [
      {
        name: "update: kube-system read, only the reconciled ConfigMap",
        current: nodeSubnet(),
        desired: TO_OVERLAY,
        context: read(),
      },
    ],
  },
  "ovl-windows-build": {
    violating: [
      {
        name: "update: Windows nodes on 17763 and 20348.1607 → overlay (nodes named)",
        current: nodeSubnet({ pools: [systemPool(), windowsPool()] }),
        desired: TO_OVERLAY,
        context: read({ nodes: k.facts({ nodes: [k.LINUX_NODE, k.WINDOWS_17763, k.WINDOWS_20348_1607] }).nodes }),
      },
    ],
    passing: [
      {
        name: "update: Windows node on 20348.2340 → overlay, whatever the pool's image says",
        current: nodeSubnet({ pools: [systemPool(), windowsPool({ nodeImageVersion: undefined })] }),
        desired: TO_OVERLAY,
        context: read(),
      },
    ],
  },
  "ovl-no-windows-docker": {
    violating: [
      {
        name: "update: a Windows node reports docker:// → overlay",
        current: nodeSubnet({ pools: [systemPool(), windowsPool()] }),
        desired: TO_OVERLAY,
        context: read({ nodes: k.facts({ nodes: [k.LINUX_NODE, k.WINDOWS_DOCKER] }).nodes }),
      },
    ],
    passing: [
      {
        name: "update: Windows nodes on containerd → overlay",
        current: nodeSubnet({ pools: [systemPool(), windowsPool(), userPool()] }),
        desired: TO_OVERLAY,
        context: read(),
      },
    ],
  },
};
