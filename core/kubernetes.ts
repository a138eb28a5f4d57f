import { InputError } from "./errors";
import { FieldReader } from "./reader";

/** A Kubernetes object a finding points at: `kind namespace/name` (cluster-scoped objects have no namespace). */
export interface KubeObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

interface LabelSelectorRequirement {
  readonly key: string;
  /** In, NotIn, Exists, DoesNotExist. */
  readonly operator: string;
  readonly values?: readonly string[];
}

/** A Kubernetes label selector; an empty one selects everything. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface NetworkPolicyPort {
  readonly protocol?: string;
  /** A number, a named container port, or absent (every port of the protocol). */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface NetworkPolicyRule {
  readonly ports?: readonly NetworkPolicyPort[];
  /** `from` for ingress, `to` for egress; absent or empty means every peer. */
  readonly peers?: readonly NetworkPolicyPeer[];
}

/** A `networking.k8s.io/v1` NetworkPolicy, as much of it as the rules read. */
export interface NetworkPolicyFact {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  readonly policyTypes: readonly ("Ingress" | "Egress")[];
  readonly ingress: readonly NetworkPolicyRule[];
  readonly egress: readonly NetworkPolicyRule[];
}

interface ServicePort {
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: string;
}

export interface ServiceFact {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** `Cluster` or `Local`; Kubernetes treats an unset value as Cluster. */
  readonly externalTrafficPolicy?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export interface PodFact {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly hostNetwork: boolean;
  readonly podIP?: string;
  readonly ports: readonly ContainerPort[];
  /** The controller that owns the pod (ReplicaSet, StatefulSet, DaemonSet, Job…), when there is one. */
  readonly owner?: { readonly kind: string; readonly name: string };
}

export interface NodeFact {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** status.nodeInfo.operatingSystem: linux or windows. */
  readonly operatingSystem?: string;
  /** status.nodeInfo.kernelVersion; on Windows `10.0.<build>.<UBR>`. */
  readonly kernelVersion?: string;
  /** status.nodeInfo.containerRuntimeVersion: `containerd://…` or `docker://…`. */
  readonly containerRuntimeVersion?: string;
  /** status.addresses of type InternalIP. */
  readonly internalIPs: readonly string[];
}

export interface PodDisruptionBudgetFact {
  readonly namespace: string;
  readonly name: string;
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly disruptionsAllowed?: number;
  readonly expectedPods?: number;
  readonly selector?: LabelSelector;
}

/** A kube-system ConfigMap that configures ip-masq-agent: by its name, or projected into the agent's DaemonSet. */
export interface IpMasqConfigMapFact {
  readonly name: string;
  /** The union of `nonMasqueradeCIDRs` over its data entries, as written. */
  readonly nonMasqueradeCIDRs: readonly string[];
}

/** The ConfigMap a person writes for a custom ip-masq-agent configuration. */
const CUSTOM_IP_MASQ_CONFIGMAP = "azure-ip-masq-agent-config";
/** The ConfigMap AKS writes itself: not a custom configuration. */
export const RECONCILED_IP_MASQ_CONFIGMAP = "azure-ip-masq-agent-config-reconciled";

/**
 * The ip-masq-agent ConfigMaps among the names of kube-system's ConfigMaps (`kubectl get cm -o name`): the two AKS
 * names. A name says nothing of the CIDRs: they read as none.
 */
export function ipMasqConfigMapsNamed(names: readonly string[]): IpMasqConfigMapFact[] {
  return names
    .filter((name) => name === CUSTOM_IP_MASQ_CONFIGMAP || name === RECONCILED_IP_MASQ_CONFIGMAP)
    .map((name) => ({ name, nonMasqueradeCIDRs: [] }));
}

export interface DaemonSetFact {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * What was read inside the cluster. A field left undefined was not read (or could not be: see
 * `EvaluationContext.unavailable`); an empty list is a definite "none".
 */
export interface KubernetesFacts {
  /** ip-masq-agent configuration ConfigMaps in kube-system. */
  readonly ipMasqAgentConfigMaps?: readonly IpMasqConfigMapFact[];
  readonly nodes?: readonly NodeFact[];
  readonly networkPolicies?: readonly NetworkPolicyFact[];
  readonly services?: readonly ServiceFact[];
  readonly pods?: readonly PodFact[];
  readonly podDisruptionBudgets?: readonly PodDisruptionBudgetFact[];
  /** Calico's own policy objects (crd.projectcalico.org/v1, projectcalico.org/v3); [] when the groups are not installed. */
  readonly calicoPolicies?: readonly KubeObjectRef[];
  /** DaemonSets in calico-system, tigera-operator and kube-system (where a self-managed engine shows). */
  readonly daemonSets?: readonly DaemonSetFact[];
}

const SHAPE =
  "an object with optional ipMasqAgentConfigMaps, nodes, networkPolicies, services, pods, podDisruptionBudgets, calicoPolicies and daemonSets";

/** Reads in-cluster facts from JSON (a context file's "kubernetes"), validating every field the rules read. */
export function parseKubernetesFacts(input: unknown, field: string, secrets: Set<string>): KubernetesFacts {
  const r = FieldReader.of(input, field, secrets, SHAPE);
  const list = <T>(key: string, expected: string, read: (item: FieldReader) => T): T[] | undefined =>
    r.array(key)?.map((item, i) => read(FieldReader.of(item, `${r.field(key)}[${i}]`, secrets, expected)));
  return {
    ipMasqAgentConfigMaps: list("ipMasqAgentConfigMaps", "a ConfigMap { name, nonMasqueradeCIDRs }", (c) => ({
      name: required(c, "name"),
      nonMasqueradeCIDRs: c.stringArray("nonMasqueradeCIDRs") ?? [],
    })),
    nodes: list("nodes", "a node { name, operatingSystem, kernelVersion, … }", (n) => ({
      name: required(n, "name"),
      labels: labels(n, "labels"),
      operatingSystem: n.string("operatingSystem"),
      kernelVersion: n.string("kernelVersion"),
      containerRuntimeVersion: n.string("containerRuntimeVersion"),
      internalIPs: n.stringArray("internalIPs") ?? [],
    })),
    networkPolicies: list("networkPolicies", "a NetworkPolicy { namespace, name, podSelector, … }", (p) => ({
      namespace: required(p, "namespace"),
      name: required(p, "name"),
      podSelector: readSelector(p, "podSelector") ?? {},
      policyTypes: (p.stringArray("policyTypes") ?? []).map((t, i) => {
        if (t !== "Ingress" && t !== "Egress")
          throw new InputError(`${p.field("policyTypes")}[${i}]`, t, "Ingress or Egress");
        return t;
      }),
      ingress: rules(p, "ingress"),
      egress: rules(p, "egress"),
    })),
    services: list("services", "a Service { namespace, name, type, ports }", (s) => ({
      namespace: required(s, "namespace"),
      name: required(s, "name"),
      type: s.string("type") ?? "ClusterIP",
      externalTrafficPolicy: s.string("externalTrafficPolicy"),
      selector: s.has("selector") ? labels(s, "selector") : undefined,
      ports: readObjects(s, "ports", "a service port { port, targetPort, protocol }", (p) => ({
        port: p.number("port") ?? 0,
        targetPort: numberOrName(p, "targetPort"),
        protocol: p.string("protocol"),
      })),
    })),
    pods: list("pods", "a pod { namespace, name, labels, hostNetwork, ports }", (p) => {
      const owner = p.object("owner");
      return {
        namespace: required(p, "namespace"),
        name: required(p, "name"),
        labels: labels(p, "labels"),
        hostNetwork: p.boolean("hostNetwork") ?? false,
        podIP: p.string("podIP"),
        ports: readObjects(p, "ports", "a container port { name, containerPort, protocol }", (c) => ({
          name: c.string("name"),
          containerPort: c.number("containerPort") ?? 0,
          protocol: c.string("protocol"),
        })),
        owner: owner === undefined ? undefined : { kind: required(owner, "kind"), name: required(owner, "name") },
      };
    }),
    podDisruptionBudgets: list("podDisruptionBudgets", "a PodDisruptionBudget { namespace, name, … }", (b) => ({
      namespace: required(b, "namespace"),
      name: required(b, "name"),
      minAvailable: numberOrName(b, "minAvailable"),
      maxUnavailable: numberOrName(b, "maxUnavailable"),
      disruptionsAllowed: b.number("disruptionsAllowed"),
      expectedPods: b.number("expectedPods"),
      selector: readSelector(b, "selector"),
    })),
    calicoPolicies: list("calicoPolicies", "an object { kind, namespace, name }", (o) => ({
      kind: required(o, "kind"),
      name: required(o, "name"),
      ...(o.string("namespace") ? { namespace: o.string("namespace") } : {}),
    })),
    daemonSets: list("daemonSets", "a DaemonSet { namespace, name, labels }", (d) => ({
      namespace: required(d, "namespace"),
      name: required(d, "name"),
      labels: labels(d, "labels"),
    })),
  };
}

function required(r: FieldReader, key: string): string {
  const v = r.string(key);
  if (v === undefined || v.trim() === "") throw new InputError(r.field(key), v, "a non-empty string");
  return v;
}

function labels(r: FieldReader, key: string): Record<string, string> {
  const obj = r.object(key);
  if (obj === undefined) return {};
  const raw = r.get(key) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(raw).map((k) => [k, obj.string(k) ?? ""]));
}

function numberOrName(r: FieldReader, key: string): number | string | undefined {
  const v = r.get(key);
  if (v === undefined || typeof v === "string") return v;
  return r.number(key);
}

function readObjects<T>(r: FieldReader, key: string, expected: string, read: (item: FieldReader) => T): T[] {
  return (r.array(key) ?? []).map((item, i) =>
    read(FieldReader.of(item, `${r.field(key)}[${i}]`, r.secrets, expected)),
  );
}

function readSelector(r: FieldReader, key: string): LabelSelector | undefined {
  const s = r.object(key);
  if (s === undefined) return undefined;
  const expressions = readObjects(s, "matchExpressions", "a requirement { key, operator, values }", (e) => ({
    key: required(e, "key"),
    operator: required(e, "operator"),
    values: e.stringArray("values"),
  }));
  return {
    ...(s.has("matchLabels") ? { matchLabels: labels(s, "matchLabels") } : {}),
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
  };
}

function rules(r: FieldReader, key: "ingress" | "egress"): NetworkPolicyRule[] {
  const peerKey = key === "ingress" ? "from" : "to";
  return readObjects(r, key, `a rule { ${peerKey}, ports }`, (rule) => ({
    ports: readObjects(rule, "ports", "a port { protocol, port, endPort }", (p) => ({
      protocol: p.string("protocol"),
      port: numberOrName(p, "port"),
      endPort: p.number("endPort"),
    })),
    peers: readObjects(rule, peerKey, "a peer { podSelector, namespaceSelector, ipBlock }", (peer) => {
      const block = peer.object("ipBlock");
      return {
        podSelector: readSelector(peer, "podSelector"),
        namespaceSelector: readSelector(peer, "namespaceSelector"),
        ipBlock:
          block === undefined ? undefined : { cidr: required(block, "cidr"), except: block.stringArray("except") },
      };
    }),
  }));
}

/** True when a label selector selects these labels (Kubernetes semantics: every requirement holds). */
export function selects(selector: LabelSelector, labelsOf: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labelsOf[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labelsOf, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(labelsOf[e.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(labelsOf[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A map selector (a Service's `spec.selector`): every pair must match; an empty map selects nothing. */
export function selectsByMap(
  selector: Readonly<Record<string, string>> | undefined,
  labelsOf: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labelsOf[k] === v);
}

export function describeObject(o: KubeObjectRef): string {
  return o.namespace === undefined ? `${o.kind} ${o.name}` : `${o.kind} ${o.namespace}/${o.name}`;
}

/** A short list of objects for a message: the first few and how many more. */
export function describeObjects(objects: readonly KubeObjectRef[], max = 5): string {
  const shown = objects.slice(0, max).map(describeObject).join(", ");
  return objects.length > max ? `${shown} and ${objects.length - max} more` : shown;
}

const byNamespace = new WeakMap<readonly PodFact[], Map<string, PodFact[]>>();

/** The pods of one namespace, from an index built once per pod list (policies select within their namespace). */
export function podsInNamespace(pods: readonly PodFact[], namespace: string): readonly PodFact[] {
  let index = byNamespace.get(pods);
  if (index === undefined) {
    index = new Map();
    for (const pod of pods) {
      const list = index.get(pod.namespace);
      if (list === undefined) index.set(pod.namespace, [pod]);
      else list.push(pod);
    }
    byNamespace.set(pods, index);
  }
  return index.get(namespace) ?? [];
}
