import type {
  ContainerPort,
  DaemonSetFact,
  IpMasqConfigMapFact,
  KubeObjectRef,
  KubernetesFacts,
  LabelSelector,
  NetworkPolicyFact,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  NodeFact,
  PodDisruptionBudgetFact,
  PodFact,
  ServiceFact,
} from "../core/kubernetes";

/** A Kubernetes object as the API returns it (JSON). */
export type KubeObject = Record<string, unknown>;

const IP_MASQ_DAEMONSET = "azure-ip-masq-agent";
const IP_MASQ_NAMES = /^azure-ip-masq-agent-config/;

// Tolerant accessors: a real cluster holds objects other tools wrote; a field of an unexpected type reads as absent.
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const intOrString = (v: unknown): number | string | undefined => num(v) ?? str(v);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === "string");
const labelsOf = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === "string"));

function meta(o: KubeObject): { namespace: string; name: string; labels: Record<string, string> } {
  const m = obj(o.metadata);
  return { namespace: str(m.namespace) ?? "", name: str(m.name) ?? "", labels: labelsOf(m.labels) };
}

/** An object's spec and status, read tolerantly, beside its metadata. */
function partsOf(o: KubeObject) {
  return { spec: obj(o.spec), status: obj(o.status), metadata: meta(o) };
}

function selectorOf(v: unknown): LabelSelector | undefined {
  if (v === undefined || v === null) return undefined;
  const s = obj(v);
  const expressions = arr(s.matchExpressions).map((e) => {
    const x = obj(e);
    return { key: str(x.key) ?? "", operator: str(x.operator) ?? "", values: strings(x.values) };
  });
  return {
    ...(s.matchLabels !== undefined ? { matchLabels: labelsOf(s.matchLabels) } : {}),
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
  };
}

function portOf(v: unknown): NetworkPolicyPort {
  const p = obj(v);
  // `ports: [{}]` and a port with only a protocol are valid: every port (of that protocol).
  return { protocol: str(p.protocol), port: intOrString(p.port), endPort: num(p.endPort) };
}

function peerOf(v: unknown): NetworkPolicyPeer {
  const p = obj(v);
  const block = p.ipBlock === undefined ? undefined : obj(p.ipBlock);
  return {
    podSelector: selectorOf(p.podSelector),
    namespaceSelector: selectorOf(p.namespaceSelector),
    ipBlock: block === undefined ? undefined : { cidr: str(block.cidr) ?? "", except: strings(block.except) },
  };
}

function rulesOf(v: unknown, peerKey: "from" | "to"): NetworkPolicyRule[] {
  // @kubernetes/client-node's typed model spells an ingress rule's `from` as `_from` (a reserved word in its generator).
  return arr(v).map((r) => ({
    ports: arr(obj(r).ports).map(portOf),
    peers: arr(obj(r)[peerKey] ?? obj(r)[`_${peerKey}`]).map(peerOf),
  }));
}

export function networkPolicyFact(o: KubeObject): NetworkPolicyFact {
  const { spec, metadata } = partsOf(o);
  return {
    ...metadata,
    podSelector: selectorOf(spec.podSelector) ?? {},
    policyTypes: strings(spec.policyTypes).filter((t): t is "Ingress" | "Egress" => t === "Ingress" || t === "Egress"),
    ingress: rulesOf(spec.ingress, "from"),
    egress: rulesOf(spec.egress, "to"),
  };
}

function serviceFact(o: KubeObject): ServiceFact {
  const { spec, metadata } = partsOf(o);
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    type: str(spec.type) ?? "ClusterIP",
    externalTrafficPolicy: str(spec.externalTrafficPolicy),
    selector: spec.selector === undefined ? undefined : labelsOf(spec.selector),
    ports: arr(spec.ports).map((p) => ({
      port: num(obj(p).port) ?? 0,
      targetPort: intOrString(obj(p).targetPort),
      protocol: str(obj(p).protocol),
    })),
  };
}

/** A pod reduced to what the rules read: labels, container ports, hostNetwork, its IP and its controller. */
function podFact(o: KubeObject): PodFact {
  const { spec, status, metadata } = partsOf(o);
  const owner = arr(obj(o.metadata).ownerReferences)
    .map(obj)
    .find((r) => r.controller === true);
  const ports: ContainerPort[] = arr(spec.containers).flatMap((c) =>
    arr(obj(c).ports).map((p) => ({
      name: str(obj(p).name),
      containerPort: num(obj(p).containerPort) ?? 0,
      protocol: str(obj(p).protocol),
    })),
  );
  return {
    ...metadata,
    hostNetwork: spec.hostNetwork === true,
    podIP: str(status.podIP),
    ports,
    owner: owner === undefined ? undefined : { kind: str(owner.kind) ?? "", name: str(owner.name) ?? "" },
  };
}

function nodeFact(o: KubeObject): NodeFact {
  const { status, metadata } = partsOf(o);
  const info = obj(status.nodeInfo);
  return {
    name: metadata.name,
    labels: metadata.labels,
    operatingSystem: str(info.operatingSystem),
    kernelVersion: str(info.kernelVersion),
    containerRuntimeVersion: str(info.containerRuntimeVersion),
    internalIPs: arr(status.addresses)
      .map(obj)
      .filter((a) => a.type === "InternalIP")
      .flatMap((a) => strings([a.address])),
  };
}

function pdbFact(o: KubeObject): PodDisruptionBudgetFact {
  const { spec, status, metadata } = partsOf(o);
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    minAvailable: intOrString(spec.minAvailable),
    maxUnavailable: intOrString(spec.maxUnavailable),
    disruptionsAllowed: num(status.disruptionsAllowed),
    expectedPods: num(status.expectedPods),
    selector: selectorOf(spec.selector),
  };
}

function daemonSetFact(o: KubeObject): DaemonSetFact {
  return meta(o);
}

export function objectRef(o: KubeObject, kind?: string): KubeObjectRef {
  const { namespace, name } = meta(o);
  return { kind: kind ?? str(o.kind) ?? "", name, ...(namespace !== "" ? { namespace } : {}) };
}

/** The ConfigMaps the azure-ip-masq-agent DaemonSet mounts (projected or plain volumes). */
function ipMasqConfigMapNames(daemonSet: KubeObject | undefined): string[] {
  const volumes = arr(obj(obj(obj(obj(daemonSet).spec).template).spec).volumes).map(obj);
  return volumes.flatMap((v) => [
    ...strings([obj(v.configMap).name]),
    ...arr(obj(v.projected).sources).flatMap((s) => strings([obj(obj(s).configMap).name])),
  ]);
}

/**
 * kube-system's ip-masq-agent configuration: every ConfigMap named azure-ip-masq-agent-config* and every ConfigMap the
 * agent's DaemonSet projects, with the union of `nonMasqueradeCIDRs` over its data entries (YAML or JSON, any key).
 */
function ipMasqConfigMaps(configMaps: readonly KubeObject[], daemonSet?: KubeObject): IpMasqConfigMapFact[] {
  const mounted = new Set(ipMasqConfigMapNames(daemonSet));
  return configMaps
    .filter((c) => IP_MASQ_NAMES.test(meta(c).name) || mounted.has(meta(c).name))
    .map((c) => ({
      name: meta(c).name,
      nonMasqueradeCIDRs: [...new Set(Object.values(labelsOf(c.data)).flatMap(nonMasqueradeCidrsIn))],
    }));
}

/** The nonMasqueradeCIDRs of one config file, in YAML (`- 10.0.0.0/8` lines or a flow list) or JSON. */
export function nonMasqueradeCidrsIn(text: string): string[] {
  try {
    return strings(obj(JSON.parse(text)).nonMasqueradeCIDRs);
  } catch {
    // Not JSON: read the YAML key by hand (the agent's format is flat).
  }
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^\s*nonMasqueradeCIDRs\s*:/.test(l));
  if (at < 0) return [];
  const inline = lines[at].replace(/^\s*nonMasqueradeCIDRs\s*:/, "").trim();
  if (inline.startsWith("["))
    return inline
      .replace(/^\[|\].*$/g, "")
      .split(",")
      .map(unquote)
      .filter((s) => s !== "");
  const cidrs: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const m = line.match(/^\s*-\s*(.+?)\s*(#.*)?$/);
    if (m) cidrs.push(unquote(m[1]));
    else if (line.trim() !== "" && !line.trim().startsWith("#")) break;
  }
  return cidrs;
}

const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, "");

export const IP_MASQ_AGENT_DAEMONSET = IP_MASQ_DAEMONSET;

/** The objects a read of the cluster returned, by what they tell (a field left out was not read). */
export interface KubeObjects {
  readonly configMaps?: readonly KubeObject[];
  readonly ipMasqDaemonSet?: KubeObject;
  readonly nodes?: readonly KubeObject[];
  readonly networkPolicies?: readonly KubeObject[];
  readonly services?: readonly KubeObject[];
  readonly pods?: readonly KubeObject[];
  readonly pdbs?: readonly KubeObject[];
  readonly calicoPolicies?: readonly KubeObjectRef[];
  readonly daemonSets?: readonly KubeObject[];
}

/** The core's in-cluster facts from the objects read: a fact for each field given, none for one left out. */
export function kubernetesFactsOf(o: KubeObjects): KubernetesFacts {
  return {
    ...(o.configMaps ? { ipMasqAgentConfigMaps: ipMasqConfigMaps(o.configMaps, o.ipMasqDaemonSet) } : {}),
    ...(o.nodes ? { nodes: o.nodes.map(nodeFact) } : {}),
    ...(o.networkPolicies ? { networkPolicies: o.networkPolicies.map(networkPolicyFact) } : {}),
    ...(o.services ? { services: o.services.map(serviceFact) } : {}),
    ...(o.pods ? { pods: o.pods.map(podFact) } : {}),
    ...(o.pdbs ? { podDisruptionBudgets: o.pdbs.map(pdbFact) } : {}),
    ...(o.calicoPolicies ? { calicoPolicies: o.calicoPolicies } : {}),
    ...(o.daemonSets ? { daemonSets: o.daemonSets.map(daemonSetFact) } : {}),
  };
}
