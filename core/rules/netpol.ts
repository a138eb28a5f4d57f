import { parseIp, type Cidr } from "../cidr";
import {
  describeObjects,
  podsInNamespace,
  selects,
  selectsByMap,
  type KubeObjectRef,
  type KubernetesFacts,
  type NetworkPolicyFact,
  type NetworkPolicyPeer,
  type NetworkPolicyRule,
  type PodFact,
} from "../kubernetes";
import { atLeast } from "../version";
import { calicoRemoved, podCidrsOf, policyBecomesCilium, policyOf, poolsOf } from "./facts";
import { Sources } from "./sources";
import { inClusterRule } from "./in-cluster";
import type { Rule, RuleInput } from "./types";

/** AKS ships Cilium 1.17, the first to honour `endPort`, from Kubernetes 1.32. */
const CILIUM_ENDPORT_K8S = "1.32";
const LOCALDNS_IPS = ["169.254.10.10", "169.254.10.11"];

const ref = (kind: string, o: { namespace: string; name: string }): KubeObjectRef => ({
  kind,
  namespace: o.namespace,
  name: o.name,
});
const policyRef = (p: NetworkPolicyFact) => ref("NetworkPolicy", p);
const accept = (id: string) => `or accept it knowingly: --accept ${id}=<reason> (acceptedFindings in the component)`;

function selectedPods(policy: NetworkPolicyFact, pods: readonly PodFact[]): PodFact[] {
  return podsInNamespace(pods, policy.namespace).filter((p) => selects(policy.podSelector, p.labels));
}

function policyTypesOf(p: NetworkPolicyFact): readonly string[] {
  if (p.policyTypes.length > 0) return p.policyTypes;
  // Kubernetes' default: Ingress always, Egress when the policy has egress rules.
  return p.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Egress is restricted: the policy isolates egress and no rule allows every destination on every port. */
function restrictsEgress(p: NetworkPolicyFact): boolean {
  if (!policyTypesOf(p).includes("Egress")) return false;
  return !p.egress.some((r) => (r.peers ?? []).length === 0 && (r.ports ?? []).length === 0);
}

interface Range {
  readonly v6: boolean;
  readonly first: bigint;
  readonly last: bigint;
}

/** A CIDR as Kubernetes accepts it (host bits allowed); undefined when it is not one. */
function rangeOf(text: string): Range | undefined {
  const [address, prefixText] = text.trim().split("/");
  let ip;
  try {
    ip = parseIp("ipBlock.cidr", address);
  } catch {
    return undefined;
  }
  const v6 = address.includes(":");
  const bits = v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = (ip.getValue() / size) * size;
  return { v6, first, last: first + size - 1n };
}

function inRange(r: Range, ipText: string): boolean {
  const other = rangeOf(ipText);
  return other !== undefined && other.v6 === r.v6 && r.first <= other.first && other.first <= r.last;
}

function overlapsRange(a: Range, b: Range): boolean {
  return a.v6 === b.v6 && a.first <= b.last && b.first <= a.last;
}

interface Address {
  readonly v6: boolean;
  readonly value: bigint;
  readonly label: string;
}
const addressCache = new WeakMap<object, { pods: Address[]; nodes: Address[] }>();

/** Pod and node IPs parsed once per set of facts. */
function addressesOf(k8s: KubernetesFacts): { pods: Address[]; nodes: Address[] } {
  const hit = addressCache.get(k8s);
  if (hit !== undefined) return hit;
  const parse = (ip: string, label: string): Address[] => {
    const r = rangeOf(ip);
    return r === undefined ? [] : [{ v6: r.v6, value: r.first, label }];
  };
  const result = {
    pods: (k8s.pods ?? []).flatMap((p) =>
      !p.hostNetwork && p.podIP !== undefined ? parse(p.podIP, `${p.namespace}/${p.name} ${p.podIP}`) : [],
    ),
    nodes: (k8s.nodes ?? []).flatMap((n) => n.internalIPs.flatMap((ip) => parse(ip, n.name))),
  };
  addressCache.set(k8s, result);
  return result;
}

const inside = (r: Range, a: Address) => r.v6 === a.v6 && r.first <= a.value && a.value <= r.last;

const coverageCache = new WeakMap<RuleInput, Map<string, string[]>>();

/** What of the cluster's own addresses (pod CIDR, node and pod subnets, pod IPs, node IPs) an ipBlock covers, outside its `except`. */
function clusterAddressesIn(peer: NetworkPolicyPeer, input: RuleInput): string[] {
  const block = peer.ipBlock;
  if (block === undefined) return [];
  // Policies repeat the same few CIDRs: each distinct ipBlock is judged once per evaluation.
  const key = `${block.cidr}|${(block.except ?? []).join(",")}`;
  let cache = coverageCache.get(input);
  if (cache === undefined) coverageCache.set(input, (cache = new Map()));
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = coverageOf(block, input);
  cache.set(key, result);
  return result;
}

function coverageOf(block: NonNullable<NetworkPolicyPeer["ipBlock"]>, input: RuleInput): string[] {
  const range = rangeOf(block.cidr);
  if (range === undefined) return [];
  const excepts = (block.except ?? []).map(rangeOf).filter((r): r is Range => r !== undefined);
  const kept = (a: Address) => inside(range, a) && !excepts.some((e) => inside(e, a));
  const k8s = input.context.kubernetes;
  const hits: string[] = [];
  const podCidrs = new Set(
    [...podCidrsOf(input.desired), ...(input.current ? podCidrsOf(input.current) : [])].map((c) => c.text),
  );
  const coveredOutsideExcepts = (r: Range | undefined): r is Range =>
    r !== undefined && overlapsRange(range, r) && !excepts.some((e) => e.first <= r.first && r.last <= e.last);
  for (const cidr of podCidrs) if (coveredOutsideExcepts(rangeOf(cidr))) hits.push(`the pod CIDR ${cidr}`);
  for (const subnet of clusterSubnetsOf(input))
    if (subnet.cidrs.some((c) => coveredOutsideExcepts(rangeOf(c.text))))
      hits.push(`the ${subnet.role} subnet ${subnet.name} (${subnet.cidrs.map((c) => c.text).join(", ")})`);
  if (k8s === undefined) return hits;
  const addresses = addressesOf(k8s);
  const nodes = [...new Set(addresses.nodes.filter(kept).map((a) => a.label))];
  if (nodes.length > 0) hits.push(`node IPs (${nodes.slice(0, 3).join(", ")}${nodes.length > 3 ? ", …" : ""})`);
  const pods = addresses.pods.filter(kept);
  if (pods.length > 0) hits.push(`${pods.length} pod IP(s) (e.g. ${pods[0].label})`);
  return hits;
}

/** The VNet subnets the cluster's pools put their nodes and pods in, as the context read them (none when it did not). */
function clusterSubnetsOf(input: RuleInput): { role: "node" | "pod"; name: string; cidrs: readonly Cidr[] }[] {
  const pools = [...poolsOf(input), ...poolsOf(input, "current")];
  const nameOf = (id: string | undefined) => id?.split("/subnets/")[1]?.toLowerCase();
  const roleOf = (name: string): "node" | "pod" | undefined =>
    pools.some((p) => nameOf(p.vnetSubnetId) === name)
      ? "node"
      : pools.some((p) => nameOf(p.podSubnetId) === name)
        ? "pod"
        : undefined;
  return input.context.subnets.flatMap((s) => {
    const role = roleOf(s.name.toLowerCase());
    return role === undefined ? [] : [{ role, name: s.name, cidrs: s.cidrs }];
  });
}

/** The pods a peer of a rule can mean: ingress ports name the selected pods' ports, egress ports the peers'. */
function podsOfPeers(rule: NetworkPolicyRule, policy: NetworkPolicyFact, pods: readonly PodFact[]): PodFact[] {
  const peers = rule.peers ?? [];
  if (peers.length === 0) return [...pods];
  return pods.filter((pod) =>
    peers.some((peer) => {
      if (peer.ipBlock !== undefined) return false;
      const inNamespace =
        peer.namespaceSelector === undefined
          ? pod.namespace === policy.namespace
          : selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": pod.namespace });
      const namespaceKnown = peer.namespaceSelector === undefined || onlyNamesNamespaces(peer);
      return (
        (inNamespace || !namespaceKnown) && (peer.podSelector === undefined || selects(peer.podSelector, pod.labels))
      );
    }),
  );
}

/** A namespace selector we can decide from the namespace name alone (kubernetes.io/metadata.name), or an empty one. */
function onlyNamesNamespaces(peer: NetworkPolicyPeer): boolean {
  const s = peer.namespaceSelector ?? {};
  const keys = [...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)];
  return keys.every((k) => k === "kubernetes.io/metadata.name");
}

/** Named ports of a policy that name different numbers on the pods they can refer to. */
function conflictingNamedPorts(policy: NetworkPolicyFact, pods: readonly PodFact[]): string[] {
  const conflicts: string[] = [];
  const check = (rules: readonly NetworkPolicyRule[], candidates: (r: NetworkPolicyRule) => PodFact[]) => {
    for (const rule of rules) {
      for (const port of rule.ports ?? []) {
        if (typeof port.port !== "string") continue;
        const numbers = new Set<number>();
        for (const pod of candidates(rule))
          for (const c of pod.ports)
            if (c.name === port.port && (c.protocol ?? "TCP") === (port.protocol ?? "TCP"))
              numbers.add(c.containerPort);
        if (numbers.size > 1) conflicts.push(`"${port.port}" → ${[...numbers].sort((a, b) => a - b).join(", ")}`);
      }
    }
  };
  const selected = selectedPods(policy, pods);
  check(policy.ingress, () => selected);
  check(policy.egress, (r) => podsOfPeers(r, policy, pods));
  return [...new Set(conflicts)];
}

function allowsDnsTo(rule: NetworkPolicyRule, ip: string): boolean {
  const ports = rule.ports ?? [];
  const port53 =
    ports.length === 0 ||
    ports.some(
      (p) =>
        p.port === undefined ||
        p.port === 53 ||
        (typeof p.port === "number" && p.endPort !== undefined && p.port <= 53 && 53 <= p.endPort),
    );
  if (!port53) return false;
  const peers = rule.peers ?? [];
  if (peers.length === 0) return true;
  return peers.some((peer) => {
    const r = peer.ipBlock === undefined ? undefined : rangeOf(peer.ipBlock.cidr);
    return (
      r !== undefined &&
      inRange(r, ip) &&
      !(peer.ipBlock?.except ?? []).some((e) => {
        const x = rangeOf(e);
        return x !== undefined && inRange(x, ip);
      })
    );
  });
}

const NETWORK_POLICIES = ["networkPolicies", "networkPolicies", "the cluster's NetworkPolicies"] as const;
const PODS = ["pods", "pods", "the cluster's pods"] as const;

/** A rule on NetworkPolicies that Cilium enforces differently from Azure NPM or Calico: acceptable, on an update. */
const ciliumPolicyRule = (spec: Omit<Parameters<typeof inClusterRule>[0], "when" | "acceptable">) =>
  inClusterRule({ ...spec, acceptable: true, when: policyBecomesCilium });

/** Kubernetes NetworkPolicies that change meaning, or stop being enforced, when Cilium or none replaces NPM or Calico. */
export const netpolRules: readonly Rule[] = [
  inClusterRule({
    id: "netpol-calico-unenforced",
    severity: "block",
    curable: false,
    acceptable: true,
    title:
      "Calico's own policies (GlobalNetworkPolicy, projectcalico.org NetworkPolicy) stop being enforced when Calico is uninstalled",
    source: Sources.networkPolicies,
    when: calicoRemoved,
    reads: [["calicoPolicies", "calicoPolicies", "Calico's policy objects"]],
    check: (input, k8s) => {
      const objects = k8s.calicoPolicies ?? [];
      if (objects.length === 0) return [];
      const to = policyOf(input.desired);
      return [
        {
          message: `Uninstalling Calico (networkPolicy calico → ${to}) leaves ${objects.length} Calico policy object(s) in the API that nothing enforces any more: ${describeObjects(objects)}. Only networking.k8s.io/v1 NetworkPolicies carry over.`,
          fix: `Rewrite each as a networking.k8s.io/v1 NetworkPolicy (or a CiliumNetworkPolicy once on Cilium) and apply it (kubectl apply -f), then delete the Calico object (kubectl delete globalnetworkpolicies.crd.projectcalico.org <name>), ${accept("netpol-calico-unenforced")}.`,
          field: "networkProfile.networkPolicy",
          objects,
        },
      ];
    },
  }),
  ciliumPolicyRule({
    id: "netpol-cilium-endport",
    severity: "block",
    curable: false,
    title: `Cilium below 1.17 (AKS below Kubernetes ${CILIUM_ENDPORT_K8S}) ignores NetworkPolicy endPort`,
    source: Sources.npmToCilium,
    reads: [NETWORK_POLICIES],
    alsoNeeds: [
      {
        fact: "kubernetesVersion",
        needs: "kubernetesVersion of the cluster (Cilium honours endPort from AKS 1.32)",
        missing: (input) => policyBecomesCilium(input) && input.desired.kubernetesVersion === undefined,
      },
    ],
    check: (input, k8s) => {
      const version = input.desired.kubernetesVersion;
      if (version === undefined || atLeast(version, CILIUM_ENDPORT_K8S)) return [];
      const hits = (k8s.networkPolicies ?? []).filter((p) =>
        [...p.ingress, ...p.egress].some((r) => (r.ports ?? []).some((port) => port.endPort !== undefined)),
      );
      if (hits.length === 0) return [];
      return [
        {
          message: `On Kubernetes ${version} AKS runs Cilium below 1.17, which does not honour endPort: ${describeObjects(hits.map(policyRef))} would allow only the first port of each range.`,
          fix: `Upgrade to Kubernetes ${CILIUM_ENDPORT_K8S} or later first (az aks upgrade --kubernetes-version ${CILIUM_ENDPORT_K8S}; kubernetesVersion), or list the ports singly instead of endPort (kubectl edit networkpolicy), ${accept("netpol-cilium-endport")}.`,
          field: "kubernetesVersion",
          objects: hits.map(policyRef),
        },
      ];
    },
  }),
  ciliumPolicyRule({
    id: "netpol-cilium-ipblock-cluster-ips",
    severity: "block",
    curable: false,
    title: "Cilium ignores ipBlock rules for pod and node IPs: traffic they allow today is dropped",
    source: Sources.npmToCilium,
    reads: [
      NETWORK_POLICIES,
      ["pods", "pods", "the cluster's pods (their IPs)"],
      ["kubeNodes", "nodes", "the cluster's nodes (their IPs)"],
    ],
    check: (input, k8s) => {
      const details: string[] = [];
      const objects: KubeObjectRef[] = [];
      for (const policy of k8s.networkPolicies ?? []) {
        const covered = [...policy.ingress, ...policy.egress].flatMap((r) =>
          (r.peers ?? []).flatMap((peer) => {
            const hits = clusterAddressesIn(peer, input);
            return hits.length > 0 ? [`ipBlock ${peer.ipBlock?.cidr} covers ${hits.join(", ")}`] : [];
          }),
        );
        if (covered.length > 0) {
          objects.push(policyRef(policy));
          details.push(`${policy.namespace}/${policy.name}: ${[...new Set(covered)].join("; ")}`);
        }
      }
      if (objects.length === 0) return [];
      return [
        {
          message: `Cilium does not match pod or node IPs by ipBlock, so these rules stop allowing that traffic: ${details.slice(0, 5).join(" | ")}${details.length > 5 ? ` | and ${details.length - 5} more` : ""}.`,
          fix: `For pods, add a podSelector/namespaceSelector peer to the same rule (kubectl edit networkpolicy); for nodes, add a CiliumNetworkPolicy with toEntities host and remote-node after the migration, ${accept("netpol-cilium-ipblock-cluster-ips")}.`,
          objects,
        },
      ];
    },
  }),
  ciliumPolicyRule({
    id: "netpol-cilium-named-port-conflict",
    severity: "block",
    curable: false,
    title: "A named port in a policy that means different port numbers on different pods is enforced wrongly by Cilium",
    source: Sources.npmToCilium,
    reads: [NETWORK_POLICIES, ["pods", "pods", "the cluster's pods (their container ports)"]],
    check: (_input, k8s) => {
      const pods = k8s.pods ?? [];
      const hits = (k8s.networkPolicies ?? []).flatMap((p) => {
        const conflicts = conflictingNamedPorts(p, pods);
        return conflicts.length > 0 ? [{ policy: p, conflicts }] : [];
      });
      if (hits.length === 0) return [];
      return [
        {
          message: `Named ports that map to different numbers on the pods they refer to: ${hits
            .slice(0, 5)
            .map((h) => `${h.policy.namespace}/${h.policy.name} (${h.conflicts.join("; ")})`)
            .join(", ")}; Cilium may enforce these rules on the wrong ports.`,
          fix: `Replace those named ports by their numbers in the policies (kubectl edit networkpolicy), or give each number its own port name in the pods, ${accept("netpol-cilium-named-port-conflict")}.`,
          objects: hits.map((h) => policyRef(h.policy)),
        },
      ];
    },
  }),
  ciliumPolicyRule({
    id: "netpol-cilium-egress-own-node",
    severity: "warn",
    title: "Under Cilium, egress-restricting policies also block traffic to the pod's own node",
    source: Sources.npmToCilium,
    reads: [NETWORK_POLICIES, PODS],
    check: (_input, k8s) => {
      const pods = (k8s.pods ?? []).filter((p) => !p.hostNetwork);
      const hits = (k8s.networkPolicies ?? []).filter((p) => restrictsEgress(p) && selectedPods(p, pods).length > 0);
      if (hits.length === 0) return [];
      return [
        {
          message: `${hits.length} policy(ies) restrict egress of running pods (${describeObjects(hits.map(policyRef))}); Azure NPM let those pods reach their own node's IP, Cilium blocks it unless allowed.`,
          fix: `Where pods talk to their node (node-local agents, hostPort services), add a CiliumNetworkPolicy allowing toEntities host after the migration (kubectl apply -f), ${accept("netpol-cilium-egress-own-node")}.`,
          objects: hits.map(policyRef),
        },
      ];
    },
  }),
  ciliumPolicyRule({
    id: "netpol-cilium-external-traffic",
    severity: "warn",
    title:
      "Under Cilium, LoadBalancer/NodePort traffic with externalTrafficPolicy Cluster becomes subject to ingress policy",
    source: Sources.npmToCilium,
    reads: [NETWORK_POLICIES, ["services", "services", "the cluster's Services"], PODS],
    check: (_input, k8s) => {
      const pods = k8s.pods ?? [];
      const ingressPolicies = new Map<string, NetworkPolicyFact[]>();
      for (const p of k8s.networkPolicies ?? []) {
        if (!policyTypesOf(p).includes("Ingress")) continue;
        const list = ingressPolicies.get(p.namespace);
        if (list === undefined) ingressPolicies.set(p.namespace, [p]);
        else list.push(p);
      }
      const objects: KubeObjectRef[] = [];
      const details: string[] = [];
      for (const service of k8s.services ?? []) {
        if (service.type !== "LoadBalancer" && service.type !== "NodePort") continue;
        if ((service.externalTrafficPolicy ?? "Cluster") !== "Cluster") continue;
        const backends = pods.filter(
          (p) => p.namespace === service.namespace && selectsByMap(service.selector, p.labels),
        );
        const restricting = (ingressPolicies.get(service.namespace) ?? []).filter((policy) => {
          const selected = backends.filter(
            (p) => p.namespace === policy.namespace && selects(policy.podSelector, p.labels),
          );
          if (selected.length === 0) return false;
          return !service.ports.every((sp) =>
            opensToAll(policy, sp.targetPort ?? sp.port, sp.protocol ?? "TCP", selected),
          );
        });
        if (restricting.length === 0) continue;
        objects.push(ref("Service", service), ...restricting.map(policyRef));
        details.push(`Service ${service.namespace}/${service.name} (${restricting.map((p) => p.name).join(", ")})`);
      }
      if (objects.length === 0) return [];
      return [
        {
          message: `External traffic to ${details.slice(0, 5).join(", ")}${details.length > 5 ? ` and ${details.length - 5} more` : ""} bypasses ingress policy under Azure NPM (externalTrafficPolicy Cluster); Cilium enforces those policies on it and drops what they do not allow.`,
          fix: `Allow the expected external sources in those policies' ingress rules (kubectl edit networkpolicy), or set the Service's spec.externalTrafficPolicy Local (kubectl patch service), ${accept("netpol-cilium-external-traffic")}.`,
          objects,
        },
      ];
    },
  }),
  ciliumPolicyRule({
    id: "netpol-cilium-host-network",
    severity: "warn",
    title: "Cilium applies no policy to hostNetwork pods that a NetworkPolicy selects",
    source: Sources.cilium,
    reads: [NETWORK_POLICIES, PODS],
    check: (_input, k8s) => {
      const host = (k8s.pods ?? []).filter((p) => p.hostNetwork);
      const objects: KubeObjectRef[] = [];
      for (const policy of k8s.networkPolicies ?? [])
        for (const pod of selectedPods(policy, host)) objects.push(ref("Pod", pod), policyRef(policy));
      if (objects.length === 0) return [];
      const unique = [...new Map(objects.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o])).values()];
      return [
        {
          message: `hostNetwork pods selected by NetworkPolicies are not policed under Cilium: ${describeObjects(unique.filter((o) => o.kind === "Pod"))} (by ${describeObjects(unique.filter((o) => o.kind === "NetworkPolicy"))}).`,
          fix: `Run those workloads without spec.hostNetwork if they must be policed, or protect them with a CiliumClusterwideNetworkPolicy host policy after the migration (kubectl apply -f), ${accept("netpol-cilium-host-network")}.`,
          objects: unique,
        },
      ];
    },
  }),
  inClusterRule({
    id: "netpol-localdns-egress",
    severity: "warn",
    acceptable: true,
    title: "With LocalDNS under Cilium, egress policies must allow DNS to 169.254.10.10/11",
    source: Sources.localDns,
    when: (input) => policyBecomesCilium(input) && usesLocalDns(input),
    reads: [NETWORK_POLICIES],
    check: (_input, k8s) => {
      const hits = (k8s.networkPolicies ?? []).filter(
        (p) => restrictsEgress(p) && !LOCALDNS_IPS.every((ip) => p.egress.some((r) => allowsDnsTo(r, ip))),
      );
      if (hits.length === 0) return [];
      return [
        {
          message: `Pools use LocalDNS, and ${describeObjects(hits.map(policyRef))} restrict egress without allowing DNS (port 53) to the LocalDNS addresses ${LOCALDNS_IPS.join(" and ")}; under Cilium their pods cannot resolve names.`,
          fix: `Add an egress rule with ipBlock 169.254.10.0/24 on UDP and TCP port 53 to each (kubectl edit networkpolicy), ${accept("netpol-localdns-egress")}.`,
          objects: hits.map(policyRef),
        },
      ];
    },
  }),
];

function usesLocalDns(input: RuleInput): boolean {
  return poolsOf(input).some((p) => p.localDnsMode !== undefined && p.localDnsMode.toLowerCase() !== "disabled");
}

/** The policy has an ingress rule open to every source on this port of these pods. */
function opensToAll(
  policy: NetworkPolicyFact,
  target: number | string,
  protocol: string,
  pods: readonly PodFact[],
): boolean {
  const numbers = new Set<number>();
  if (typeof target === "number") numbers.add(target);
  else for (const p of pods) for (const c of p.ports) if (c.name === target) numbers.add(c.containerPort);
  return policy.ingress.some((rule) => {
    if ((rule.peers ?? []).length > 0) return false;
    const ports = rule.ports ?? [];
    if (ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? "TCP") !== protocol) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === "string") return p.port === target;
      const end = p.endPort ?? p.port;
      return numbers.size > 0 && [...numbers].every((n) => p.port !== undefined && (p.port as number) <= n && n <= end);
    });
  });
}
