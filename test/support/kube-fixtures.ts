/**
 * Kubernetes objects in the shapes the API returns them, for the loopback kube-apiserver and the rule table: Calico's
 * GlobalNetworkPolicy, NetworkPolicies with endPort, ipBlock inside and outside the pod CIDR, one port name on two
 * numbers, matchExpressions, an empty port entry, Windows nodes on builds 17763 / 20348.1607 / 20348.2340, PDBs.
 */
import type { KubernetesFacts } from "../../core/kubernetes";
import { kubernetesFactsOf, objectRef, type KubeObject } from "../../kube/facts";

const metadata = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  uid: `uid-${namespace ?? "cluster"}-${name}`,
  resourceVersion: "1001",
  ...extra,
});

function node(name: string, os: "linux" | "windows", kernelVersion: string, runtime: string, ip: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: metadata(name, undefined, {
      labels: { "kubernetes.io/os": os, "kubernetes.azure.com/agentpool": name.split("-")[1] ?? "pool" },
    }),
    status: {
      addresses: [
        { type: "InternalIP", address: ip },
        { type: "Hostname", address: name },
      ],
      nodeInfo: {
        operatingSystem: os,
        kernelVersion,
        containerRuntimeVersion: runtime,
        osImage: os === "windows" ? "Windows Server 2022 Datacenter" : "Ubuntu 22.04.5 LTS",
        kubeletVersion: "v1.31.2",
      },
    },
  };
}

export const LINUX_NODE = node(
  "aks-system-12345678-vmss000000",
  "linux",
  "5.15.0-1079-azure",
  "containerd://1.7.25-1",
  "10.240.0.4",
);
export const WINDOWS_17763 = node(
  "akswin1000000",
  "windows",
  "10.0.17763.6532",
  "containerd://1.6.35+azure",
  "10.240.0.10",
);
export const WINDOWS_20348_1607 = node(
  "akswin2000000",
  "windows",
  "10.0.20348.1607",
  "containerd://1.6.21+azure",
  "10.240.0.11",
);
export const WINDOWS_20348_2340 = node(
  "akswin2000001",
  "windows",
  "10.0.20348.2340",
  "containerd://1.7.20+azure",
  "10.240.0.12",
);
export const WINDOWS_DOCKER = node("akswin3000000", "windows", "10.0.20348.2340", "docker://20.10.24", "10.240.0.13");

export function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  options: {
    ip?: string;
    hostNetwork?: boolean;
    ports?: { name?: string; containerPort: number; protocol?: string }[];
    owner?: [string, string];
  } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: metadata(name, namespace, {
      labels,
      ...(options.owner
        ? {
            ownerReferences: [
              { apiVersion: "apps/v1", kind: options.owner[0], name: options.owner[1], uid: "u", controller: true },
            ],
          }
        : {}),
    }),
    spec: {
      ...(options.hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: "main", image: "example.invalid/app:1", ports: options.ports ?? [] }],
    },
    status: { phase: "Running", podIP: options.ip },
  };
}

export function networkPolicy(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: metadata(name, namespace), spec };
}

export function service(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: metadata(name, namespace), spec };
}

export function pdb(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): KubeObject {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: metadata(name, namespace), spec, status };
}

export function configMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: metadata(name, "kube-system"), data };
}

export function daemonSet(
  name: string,
  namespace: string,
  labels: Record<string, string> = {},
  volumes: unknown[] = [],
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: metadata(name, namespace, { labels }),
    spec: { template: { spec: { volumes } } },
  };
}

export const GLOBAL_NETWORK_POLICY: KubeObject = {
  apiVersion: "crd.projectcalico.org/v1",
  kind: "GlobalNetworkPolicy",
  metadata: metadata("deny-payments-egress"),
  spec: {
    order: 100,
    selector: "projectcalico.org/namespace == 'payments'",
    types: ["Egress"],
    egress: [{ action: "Deny", destination: { nets: ["0.0.0.0/0"] } }],
  },
};
export const CALICO_NETWORK_POLICY: KubeObject = {
  apiVersion: "crd.projectcalico.org/v1",
  kind: "NetworkPolicy",
  metadata: metadata("default.allow-web", "shop"),
  spec: { order: 10, selector: "app == 'web'", types: ["Ingress"], ingress: [{ action: "Allow" }] },
};

/** Pods of the shop namespace: web (named port "http" on 8080), api (named port "http" on 9090), a hostNetwork agent. */
export const WEB = pod(
  "web-7d9c-abcde",
  "shop",
  { app: "web", tier: "front" },
  {
    ip: "192.168.1.10",
    ports: [{ name: "http", containerPort: 8080 }],
    owner: ["ReplicaSet", "web-7d9c"],
  },
);
export const WEB_2 = pod(
  "web-7d9c-fghij",
  "shop",
  { app: "web", tier: "front" },
  {
    ip: "192.168.1.11",
    ports: [{ name: "http", containerPort: 8080 }],
    owner: ["ReplicaSet", "web-7d9c"],
  },
);
export const API = pod(
  "api-5f4b-klmno",
  "shop",
  { app: "api", tier: "back" },
  {
    ip: "192.168.2.20",
    ports: [{ name: "http", containerPort: 9090 }],
    owner: ["ReplicaSet", "api-5f4b"],
  },
);
export const HOST_AGENT = pod(
  "node-agent-xyz12",
  "shop",
  { app: "agent", tier: "back" },
  {
    ip: "10.240.0.4",
    hostNetwork: true,
    owner: ["DaemonSet", "node-agent"],
  },
);

export const ENDPORT_POLICY = networkPolicy("allow-range", "shop", {
  podSelector: { matchLabels: { app: "web" } },
  policyTypes: ["Ingress"],
  ingress: [{ ports: [{ protocol: "TCP", port: 32000, endPort: 32768 }] }],
});
export const IPBLOCK_POD_CIDR = networkPolicy("egress-to-pods-by-cidr", "shop", {
  podSelector: { matchLabels: { app: "web" } },
  policyTypes: ["Egress"],
  egress: [{ to: [{ ipBlock: { cidr: "192.168.0.0/16" } }], ports: [{ protocol: "TCP", port: 9090 }] }],
});
export const IPBLOCK_OUTSIDE = networkPolicy("egress-to-partner", "shop", {
  podSelector: { matchLabels: { app: "web" } },
  policyTypes: ["Egress"],
  egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }] }],
});
/** Selects web and api by matchExpressions; its named port "http" means 8080 on one and 9090 on the other. */
export const NAMED_PORT_CONFLICT = networkPolicy("allow-http", "shop", {
  podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] },
  policyTypes: ["Ingress"],
  ingress: [{ ports: [{ protocol: "TCP", port: "http" }] }],
});
export const NAMED_PORT_ONE_NUMBER = networkPolicy("allow-web-http", "shop", {
  podSelector: { matchLabels: { app: "web" } },
  policyTypes: ["Ingress"],
  ingress: [{ ports: [{ port: "http" }] }],
});
/** An empty port entry (`ports: [{}]`) — valid, and what crashed NPM once. */
export const EMPTY_PORT = networkPolicy("empty-port", "shop", {
  podSelector: { matchLabels: { app: "api" } },
  policyTypes: ["Ingress", "Egress"],
  ingress: [{ ports: [{}] }],
  egress: [{ ports: [{}] }],
});
export const SELECTS_HOST_AGENT = networkPolicy("lock-back-tier", "shop", {
  podSelector: {
    matchExpressions: [
      { key: "tier", operator: "Exists" },
      { key: "app", operator: "NotIn", values: ["web"] },
    ],
  },
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
});
export const INGRESS_FROM_WEB_ONLY = networkPolicy("web-ingress-internal", "shop", {
  podSelector: { matchLabels: { app: "web" } },
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } }] }],
});
export const INGRESS_OPEN_8080 = networkPolicy("web-ingress-open", "shop", {
  podSelector: { matchLabels: { app: "web" } },
  policyTypes: ["Ingress"],
  ingress: [{ ports: [{ protocol: "TCP", port: 8080 }] }],
});
export const DNS_ONLY_TO_KUBE_DNS = networkPolicy("egress-dns", "shop", {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [
    {
      to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
      ports: [{ protocol: "UDP", port: 53 }],
    },
  ],
});
export const DNS_TO_LOCALDNS = networkPolicy("egress-dns-localdns", "shop", {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [
    {
      to: [{ ipBlock: { cidr: "169.254.10.0/24" } }],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    },
  ],
});

export const LB_CLUSTER = service("web", "shop", {
  type: "LoadBalancer",
  externalTrafficPolicy: "Cluster",
  selector: { app: "web" },
  ports: [{ port: 80, targetPort: "http", protocol: "TCP" }],
});
export const LB_LOCAL = service("web", "shop", {
  type: "LoadBalancer",
  externalTrafficPolicy: "Local",
  selector: { app: "web" },
  ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
});

export const PDB_MAX_UNAVAILABLE_0 = pdb(
  "web",
  "shop",
  { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } },
  {
    disruptionsAllowed: 0,
    currentHealthy: 2,
    desiredHealthy: 2,
    expectedPods: 2,
  },
);
export const PDB_NO_DISRUPTION = pdb(
  "api",
  "shop",
  { minAvailable: 1, selector: { matchLabels: { app: "api" } } },
  {
    disruptionsAllowed: 0,
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 1,
  },
);
export const PDB_HEALTHY = pdb(
  "web",
  "shop",
  { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } },
  {
    disruptionsAllowed: 1,
    currentHealthy: 2,
    desiredHealthy: 1,
    expectedPods: 2,
  },
);

export const IP_MASQ_RECONCILED = configMap("azure-ip-masq-agent-config-reconciled", {
  "ip-masq-agent-reconciled": "nonMasqueradeCIDRs:\n  - 10.240.0.0/16\nmasqLinkLocal: true\n",
});
export const IP_MASQ_CUSTOM = configMap("azure-ip-masq-agent-config", {
  "ip-masq-agent": "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n  - 172.16.0.0/12 # on-premises\nmasqLinkLocal: false\n",
});

export const CALICO_NODE = daemonSet("calico-node", "calico-system", { "k8s-app": "calico-node" });
export const KUBE_PROXY = daemonSet("kube-proxy", "kube-system", { component: "kube-proxy" });

/** In-cluster facts from raw objects, as the reader builds them (kube/facts.ts); Calico's objects by their kind. */
export function facts(
  objects: Omit<Parameters<typeof kubernetesFactsOf>[0], "calicoPolicies" | "ipMasqDaemonSet"> & {
    calico?: KubeObject[];
  },
): KubernetesFacts {
  const { calico, ...rest } = objects;
  return kubernetesFactsOf({ ...rest, ...(calico ? { calicoPolicies: calico.map((o) => objectRef(o)) } : {}) });
}

/** Everything read, nothing in the way: the clean cluster every in-cluster rule passes on. */
export const CLEAN_FACTS: KubernetesFacts = facts({
  configMaps: [IP_MASQ_RECONCILED],
  nodes: [LINUX_NODE, WINDOWS_20348_2340],
  networkPolicies: [NAMED_PORT_ONE_NUMBER, INGRESS_OPEN_8080],
  services: [LB_LOCAL],
  pods: [WEB, WEB_2],
  pdbs: [PDB_HEALTHY],
  calico: [],
  daemonSets: [KUBE_PROXY],
});
