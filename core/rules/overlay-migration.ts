import { nameOfId, parseSubnetId } from "../azure-ids";
import { IdentityType, IpamMode, NetworkPluginMode } from "../enums";
import { atLeast, compareDotted } from "../version";
import {
  azUpdate,
  clusterLabel,
  isDualStack,
  KubernetesFloor,
  movesToOverlay,
  isAddonPolicy,
  Need,
  policyOf,
  poolNames,
  poolsOf,
  windowsPoolsOf,
} from "./facts";
import {
  describeObjects,
  RECONCILED_IP_MASQ_CONFIGMAP,
  type IpMasqConfigMapFact,
  type KubeObjectRef,
  type NodeFact,
} from "../kubernetes";
import { Sources } from "./sources";
import type { Rule, RuleInput, UpdateInput } from "./types";

const OVERLAY_K8S_FLOOR = KubernetesFloor.overlayMigration;
const WINDOWS_SNAT_FIXED_BUILD = "20348.1668";
const SNAT_FIXED: readonly [number, number] = [20348, 1668];

function windowsNodes(input: RuleInput): readonly NodeFact[] | undefined {
  return input.context.kubernetes?.nodes?.filter(
    (n) => n.operatingSystem?.toLowerCase() === "windows" || n.labels["kubernetes.io/os"] === "windows",
  );
}

/** `10.0.<build>.<UBR>` → [build, UBR]; undefined when the kernel version does not read so. */
function windowsBuildOfNode(node: NodeFact): readonly [number, number] | undefined {
  const m = node.kernelVersion?.trim().match(/^\d+\.\d+\.(\d+)\.(\d+)/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const nodeRef = (n: NodeFact): KubeObjectRef => ({ kind: "Node", name: n.name });

/** The ip-masq-agent ConfigMaps that make a custom configuration: all but the reconciled one AKS writes. */
function customIpMasqConfigMaps(input: RuleInput): readonly IpMasqConfigMapFact[] | undefined {
  return input.context.kubernetes?.ipMasqAgentConfigMaps?.filter((c) => c.name !== RECONCILED_IP_MASQ_CONFIGMAP);
}
/** The longest subnet, VNet or resource-group name of a BYO subnet Azure CNI Overlay accepts. */
export const MAX_NAME = 63;

const fromKubenetToOverlay = (input: RuleInput): input is UpdateInput =>
  movesToOverlay(input) && input.current.ipamMode === IpamMode.Kubenet;

/** Preconditions and side effects of the kubenet / Node Subnet → Azure CNI Overlay migration. */
export const overlayMigrationRules: readonly Rule[] = [
  {
    id: "ovl-k8s-floor",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: `The overlay migration needs Kubernetes ${OVERLAY_K8S_FLOOR} or later (updates only)`,
    source: Sources.updateAzureCni,
    needs: [Need.kubernetesVersion((input) => movesToOverlay(input) && input.current.kubernetesVersion === undefined)],
    check: (input) => {
      const version = input.current?.kubernetesVersion;
      return movesToOverlay(input) && version !== undefined && !atLeast(version, OVERLAY_K8S_FLOOR)
        ? [
            {
              message: `${clusterLabel(input.current)} runs Kubernetes ${version}; migrating to Azure CNI Overlay needs ${OVERLAY_K8S_FLOOR} or later.`,
              fix: `Upgrade first (az aks upgrade --kubernetes-version ${OVERLAY_K8S_FLOOR} or later; kubernetesVersion), then migrate.`,
              field: "kubernetesVersion",
            },
          ]
        : [];
    },
  },
  {
    id: "ovl-no-npm-calico",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "No Azure NPM or Calico during the overlay migration (uninstall first; Cilium policy may stay)",
    source: Sources.overlayNetpolRp,
    check: (input) => {
      if (!movesToOverlay(input)) return [];
      const from = policyOf(input.current);
      const to = policyOf(input.desired);
      const enabled = [from, to].find(isAddonPolicy);
      if (enabled === undefined) return [];
      return [
        {
          message: `${clusterLabel(input.current)} would move to Azure CNI Overlay with network policy ${enabled} enabled; AKS rejects it ("Cannot update cluster to Azure CNI Overlay while using network policies").`,
          fix:
            from === enabled
              ? `Uninstall the engine in an earlier update (${azUpdate(input.current, "--network-policy none")}), migrate, then reinstall or move to Cilium.`
              : `Migrate with networkPolicy "none", then install ${enabled} in a later update (${azUpdate(input.current, `--network-policy ${enabled}`)}).`,
          field: "networkProfile.networkPolicy",
        },
      ];
    },
  },
  {
    id: "ovl-no-windows-docker",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "No Windows pools on the Docker runtime during the overlay migration",
    source: Sources.updateAzureCni,
    needs: [Need.poolsWhen((input) => movesToOverlay(input))],
    check: (input) => {
      if (!movesToOverlay(input)) return [];
      const docker = windowsPoolsOf(input).filter((p) => p.windowsContainerRuntime === "docker");
      const dockerNodes = (windowsNodes(input) ?? []).filter((n) =>
        /^docker:\/\//i.test(n.containerRuntimeVersion ?? ""),
      );
      if (docker.length === 0 && dockerNodes.length === 0) return [];
      const what = [
        ...(docker.length > 0 ? [`Windows pool(s) ${poolNames(docker)}`] : []),
        ...(dockerNodes.length > 0 ? [`Windows node(s) ${describeObjects(dockerNodes.map(nodeRef))}`] : []),
      ].join(" and ");
      return [
        {
          message: `${what} run the Docker container runtime, which the overlay migration does not support.`,
          fix: "Move those pools to containerd before migrating: az aks nodepool upgrade --kubernetes-version 1.23 or later, or add new Windows pools (az aks nodepool add --os-type Windows) and delete the old ones.",
          field: "agentPoolProfiles[].osType",
          ...(dockerNodes.length > 0 ? { objects: dockerNodes.map(nodeRef) } : {}),
        },
      ];
    },
  },
  {
    id: "ovl-windows-build",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: `Windows builds below ${WINDOWS_SNAT_FIXED_BUILD} mis-SNAT host-network pod traffic on overlay`,
    source: Sources.updateAzureCni,
    needs: [Need.poolsWhen((input) => movesToOverlay(input))],
    check: (input) => {
      if (!movesToOverlay(input)) return [];
      const nodes = windowsNodes(input);
      if (nodes !== undefined) {
        // The nodes say exactly which build each runs: compare (build, UBR) as a pair.
        const old = nodes.filter((n) => {
          const b = windowsBuildOfNode(n);
          return b === undefined || b[0] < SNAT_FIXED[0] || (b[0] === SNAT_FIXED[0] && b[1] < SNAT_FIXED[1]);
        });
        if (old.length === 0) return [];
        return [
          {
            message: `Windows node(s) ${old
              .slice(0, 5)
              .map((n) => `${n.name} (kernel ${n.kernelVersion ?? "unknown"})`)
              .join(
                ", ",
              )}${old.length > 5 ? ` and ${old.length - 5} more` : ""} run an OS build below ${WINDOWS_SNAT_FIXED_BUILD}, which SNATs host-network pod traffic wrongly after the migration.`,
            fix: `Upgrade the Windows node images to build ${WINDOWS_SNAT_FIXED_BUILD} or later (az aks nodepool upgrade --node-image-only; Windows Server 2019 pools need new Windows Server 2022 pools, az aks nodepool add --os-sku Windows2022) before migrating.`,
            field: "agentPoolProfiles[].osSKU",
            objects: old.map(nodeRef),
          },
        ];
      }
      const windows = windowsPoolsOf(input);
      const old = windows.filter(
        (p) => p.windowsOsBuild === undefined || compareDotted(p.windowsOsBuild, WINDOWS_SNAT_FIXED_BUILD) < 0,
      );
      return old.length === 0
        ? []
        : [
            {
              message: `Windows pool(s) ${old.map((p) => `${p.name} (build ${p.windowsOsBuild ?? "unknown"})`).join(", ")} may be below OS build ${WINDOWS_SNAT_FIXED_BUILD}, which SNATs host-network pod traffic wrongly after the migration.`,
              fix: `Upgrade the Windows node images to build ${WINDOWS_SNAT_FIXED_BUILD} or later (az aks nodepool upgrade --node-image-only) before migrating.`,
              field: "agentPoolProfiles[].osSKU",
            },
          ];
    },
  },
  {
    id: "ovl-custom-ip-masq-agent",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "A custom azure-ip-masq-agent-config ConfigMap blocks the overlay migration",
    source: Sources.ipMasqRelease,
    needs: [Need.ipMasqAgent((input) => movesToOverlay(input) && customIpMasqConfigMaps(input) === undefined)],
    check: (input) => {
      const custom = movesToOverlay(input) ? (customIpMasqConfigMaps(input) ?? []) : [];
      if (custom.length === 0) return [];
      const cidrs = [...new Set(custom.flatMap((c) => c.nonMasqueradeCIDRs))];
      const objects = custom.map((c) => ({ kind: "ConfigMap", namespace: "kube-system", name: c.name }));
      return [
        {
          message: `kube-system holds a custom ip-masq-agent configuration (${describeObjects(objects)}); AKS rejects the overlay migration while it is present.${cidrs.length > 0 ? ` Its nonMasqueradeCIDRs ${cidrs.join(", ")} lose connectivity to pods: overlay pod IPs are reachable only from the nodes.` : ""}`,
          fix: `Delete it if it is a leftover (kubectl -n kube-system delete configmap ${custom[0].name}); if its ranges need to reach pods unmasqueraded, give them another path (expose the pods through a Service or ingress) before migrating.`,
          objects,
        },
      ];
    },
  },
  {
    id: "ovl-kubenet-needs-uami",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: true,
    title: "kubenet → overlay on a BYO subnet needs a user-assigned managed identity to detach the route table",
    source: Sources.updateAzureCni,
    needs: [
      Need.poolsWhen((input) => fromKubenetToOverlay(input)),
      Need.identity(
        (input) =>
          fromKubenetToOverlay(input) &&
          input.current.nodePools.some((p) => p.vnetSubnetId !== undefined) &&
          (input.desired.identityType ?? input.current.identityType) === undefined,
      ),
    ],
    check: (input) => {
      const current = input.current;
      if (!movesToOverlay(input) || current?.ipamMode !== IpamMode.Kubenet) return [];
      const byoSubnet = current.nodePools.some((p) => p.vnetSubnetId !== undefined);
      const identity = input.desired.identityType ?? current.identityType;
      return byoSubnet && identity !== undefined && identity !== IdentityType.UserAssigned
        ? [
            {
              message: `${clusterLabel(current)} uses a ${identity} identity on a BYO subnet; removing the kubenet route table during the overlay migration needs a user-assigned managed identity.`,
              fix: 'Switch the cluster to a user-assigned managed identity first (az aks update --enable-managed-identity --assign-identity <identity-resource-id>; identity.type "UserAssigned"), then migrate.',
              field: "identity.type",
            },
          ]
        : [];
    },
  },
  {
    id: "ovl-kubenet-route-table-side-effects",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "kubenet → overlay deletes the kubenet pod routes (or the managed route table)",
    source: Sources.updateAzureCni,
    check: (input) => {
      const current = input.current;
      if (!movesToOverlay(input) || current?.ipamMode !== IpamMode.Kubenet) return [];
      const identity = input.desired.identityType ?? current.identityType;
      const uamiNote =
        identity === IdentityType.UserAssigned
          ? ""
          : " The current doc asks for a user-assigned managed identity to detach the route table.";
      return [
        {
          message: `The migration deletes the pod routes from a customer route table, or deletes the AKS-managed route table; anything else that shares it loses those routes.${uamiNote}`,
          fix: "Check which subnets use the kubenet route table (az network route-table show --query subnets) and move any other subnet, such as an Application Gateway ingress subnet, to its own route table before migrating.",
        },
      ];
    },
  },
  {
    id: "ovl-kubenet-route-table-shared",
    severity: "block",
    curable: false,
    scope: "update",
    kind: "transition",
    title: "kubenet → overlay: the cluster's route table must not be associated with a subnet no node pool uses",
    source: Sources.routeTableSharedRp,
    needs: [
      {
        fact: "routeTables",
        needs:
          "the route tables of the pools' subnets with their subnets[] (aks-netguard check --subscription … --resource-group … --name … reads them; or routeTables in the context)",
        missing: (input) =>
          kubenetToOverlay(input) &&
          poolSubnetIds(input).size > 0 &&
          (input.context.routeTables === undefined || input.context.unavailable.routeTables !== undefined),
      },
    ],
    check: (input) => {
      if (!kubenetToOverlay(input) || input.context.routeTables === undefined) return [];
      const used = poolSubnetIds(input);
      return input.context.routeTables.flatMap((table) => {
        const others = table.subnetIds.filter((id) => !used.has(id.toLowerCase()));
        if (others.length === 0) return [];
        const commands = others.map((id) => {
          const parts = parseSubnetId(id);
          return parts
            ? `az network vnet subnet update --resource-group ${parts.resourceGroup} --vnet-name ${parts.vnet} --name ${parts.subnet} --route-table ""`
            : `az network vnet subnet update --ids ${id} --route-table ""`;
        });
        return [
          {
            message: `The route table ${nameOfId(table.id)} on the cluster's node subnet is also associated with subnet(s) ${others.map(nameOfId).join(", ")}, which no node pool uses (e.g. an Application Gateway Ingress Controller subnet, or VMs reaching pods); the overlay migration fails while another subnet shares the kubenet route table.`,
            fix: `Detach the route table from those subnets before migrating (${commands.join("; ")}) and give them their own route table if they need other routes. Afterwards their hosts have no routes to pod IPs: overlay pod IPs are reachable only from the cluster's nodes, so reach workloads through a Service, an internal load balancer or the ingress instead.`,
            field: "agentPoolProfiles[].vnetSubnetID",
          },
        ];
      });
    },
  },
  {
    id: "ovl-podcidr-from-nodesubnet",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "Node Subnet → overlay needs an explicit pod CIDR",
    source: Sources.updateAzureCni,
    check: (input) =>
      movesToOverlay(input) && input.current.ipamMode === IpamMode.NodeSubnet && input.desired.podCidrs.length === 0
        ? [
            {
              message: `${clusterLabel(input.current)} moves from Node Subnet to Azure CNI Overlay without a pod CIDR; pods need a new overlay range that does not overlap the VNet or the service CIDR.`,
              fix: `Set networkProfile.podCidr to a private range outside the VNet and the service CIDR: ${azUpdate(input.current, "--network-plugin-mode overlay --pod-cidr 192.168.0.0/16")}.`,
              field: "networkProfile.podCidr",
            },
          ]
        : [],
  },
  {
    id: "ovl-kubenet-dualstack-ipv6-blip",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "Dual-stack kubenet loses IPv6 traffic while the overlay migration runs",
    source: Sources.kubenetDualStackBlip,
    check: (input) =>
      movesToOverlay(input) && input.current.ipamMode === IpamMode.Kubenet && isDualStack(input.current)
        ? [
            {
              message: "This dual-stack kubenet cluster loses IPv6 pod traffic while the overlay migration runs.",
              fix: "Run the overlay step (az aks update --network-plugin azure --network-plugin-mode overlay) in a window where an IPv6 interruption is acceptable.",
            },
          ]
        : [],
  },
  {
    id: "ovl-irreversible-notice",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "The overlay migration cannot be undone",
    source: Sources.updateAzureCni,
    check: (input) =>
      movesToOverlay(input)
        ? [
            {
              message:
                "Moving to Azure CNI Overlay is irreversible: the cluster can never return to kubenet or Node Subnet.",
              fix: "Before running az aks update --network-plugin-mode overlay, confirm that nothing outside the cluster needs routable pod IPs (overlay pod IPs are reachable only from the nodes).",
            },
          ]
        : [],
  },
  {
    id: "ovl-no-pod-subnet",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Overlay clusters take pod IPs from the pod CIDR: no pool may set podSubnetID",
    source: Sources.overlayConcepts,
    needs: [Need.poolsWhen((input) => input.desired.networkPluginMode === NetworkPluginMode.Overlay)],
    check: (input) => {
      if (input.desired.networkPluginMode !== NetworkPluginMode.Overlay) return [];
      const withPodSubnet = poolsOf(input).filter((p) => p.podSubnetId !== undefined);
      return withPodSubnet.length === 0
        ? []
        : [
            {
              message: `Azure CNI Overlay does not use pod subnets, but pool(s) ${poolNames(withPodSubnet)} set podSubnetID.`,
              fix: "Remove podSubnetID from those pools (pods get IPs from networkProfile.podCidr), or keep the cluster on Azure CNI Pod Subnet without networkPluginMode.",
              field: "agentPoolProfiles[].podSubnetID",
            },
          ];
    },
  },
  {
    id: "ovl-platform-limits",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "Overlay: no availability-set pools, no DCsv2 VMs, BYO subnet/VNet/resource-group names ≤ 63 characters",
    source: Sources.overlayConcepts,
    needs: [Need.poolsWhen((input) => input.desired.ipamMode === IpamMode.Overlay)],
    check: (input) => {
      if (input.desired.ipamMode !== IpamMode.Overlay) return [];
      const pools = poolsOf(input);
      const problems: string[] = [];
      const availabilitySets = pools.filter((p) => p.availabilitySet);
      if (availabilitySets.length > 0) problems.push(`pool(s) ${poolNames(availabilitySets)} use availability sets`);
      const dcsv2 = pools.filter((p) => p.vmSize !== undefined && /^standard_dc\d+s_v2$/i.test(p.vmSize));
      if (dcsv2.length > 0) problems.push(`pool(s) ${poolNames(dcsv2)} use DCsv2-series VMs`);
      for (const pool of pools) {
        const long = longNamesIn(pool.vnetSubnetId);
        if (long.length > 0)
          problems.push(`pool ${pool.name}'s subnet ID has names over ${MAX_NAME} characters (${long.join(", ")})`);
      }
      return problems.length === 0
        ? []
        : [
            {
              message: `Azure CNI Overlay does not support this: ${problems.join("; ")}.`,
              fix: `${availabilitySets.length > 0 ? "Move the availability-set pools to Virtual Machines node pools first (az aks update --migrate-vmas-to-vms; AKS migrates them automatically from 2026-09-30), and use" : "Use"} pools with agentPoolProfiles[].type VirtualMachineScaleSets and a supported vmSize, on a subnet (vnetSubnetID) whose subnet, VNet and resource-group names are at most 63 characters.`,
              field: "agentPoolProfiles",
            },
          ];
    },
  },
];

function kubenetToOverlay(input: RuleInput): boolean {
  return movesToOverlay(input) && input.current?.ipamMode === IpamMode.Kubenet;
}

/** The node subnets of the cluster's pools (current and desired, inline and separate), lower-cased ARM ids. */
function poolSubnetIds(input: RuleInput): Set<string> {
  return new Set(
    [...poolsOf(input, "current"), ...poolsOf(input)].flatMap((p) =>
      p.vnetSubnetId === undefined ? [] : [p.vnetSubnetId.toLowerCase()],
    ),
  );
}

function longNamesIn(subnetId: string | undefined): string[] {
  if (subnetId === undefined) return [];
  const parts = subnetId.match(/resourceGroups\/([^/]+)\/.*virtualNetworks\/([^/]+)\/subnets\/([^/]+)/i);
  if (!parts) return [];
  const labels = ["resource group", "VNet", "subnet"];
  return parts
    .slice(1)
    .flatMap((name, i) => (name.length > MAX_NAME ? [`${labels[i]} ${name.slice(0, 20)}… (${name.length})`] : []));
}
