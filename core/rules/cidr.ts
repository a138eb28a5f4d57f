import {
  cidrsOf,
  containsCidr,
  containsIp,
  isPrivateRange,
  offsetInRange,
  overlaps,
  parseIp,
  RESERVED_RANGES,
  type Cidr,
} from "../cidr";
import { IpamMode, ipamModeLabel, IpFamily } from "../enums";
import type { ClusterNetwork } from "../model";
import {
  addsIpv6,
  byoVnetOrUnknown,
  clusterLabel,
  comparableCidrs,
  familiesOf,
  movesToOverlay,
  Need,
  podCidrsOf,
  poolsOf,
  poolsUnknown,
  removesIpv6,
  sameTexts,
  serviceCidrsOf,
  windowsPoolsOf,
} from "./facts";
import { Sources } from "./sources";
import type { ResolvedPeering } from "../context";
import type { Rule, RuleInput, Violation } from "./types";

const list = (cidrs: readonly Cidr[]) => cidrs.map((c) => c.text).join(", ");

function subnetOverlaps(input: RuleInput, cidrs: readonly Cidr[]): string[] {
  const hits: string[] = [];
  for (const cidr of cidrs) {
    for (const subnet of input.context.subnets) {
      const hit = subnet.cidrs.filter((s) => overlaps(cidr, s));
      if (hit.length > 0) hits.push(`${cidr.text} overlaps subnet ${subnet.name} (${list(hit)})`);
    }
  }
  return hits;
}

/** The CIDR fields that changed in this update (all of them on create). */
function changedCidrFields(input: RuleInput): { field: string; cidrs: Cidr[] }[] {
  const { desired, current } = input;
  const fields: { field: string; cidrs: Cidr[]; before?: readonly string[]; after: readonly string[] }[] = [
    { field: "networkProfile.podCidr", cidrs: podCidrsOf(desired), before: current?.podCidrs, after: desired.podCidrs },
    {
      field: "networkProfile.serviceCidr",
      cidrs: serviceCidrsOf(desired),
      before: current?.serviceCidrs,
      after: desired.serviceCidrs,
    },
  ];
  return fields.filter((f) => input.operation === "create" || f.before === undefined || !sameTexts(f.before, f.after));
}

function reservedHits(cidrs: readonly Cidr[]): string[] {
  return cidrs.flatMap((c) => {
    const hit = RESERVED_RANGES.filter((r) => overlaps(c, r));
    return hit.length > 0 ? [`${c.text} overlaps reserved ${list(hit)}`] : [];
  });
}

function podCidrChanged(current: ClusterNetwork, desired: ClusterNetwork): boolean {
  const after = comparableCidrs(current, desired, desired.podCidrs);
  return after.length > 0 && current.podCidrs.length > 0 && !sameTexts(current.podCidrs, after);
}

/** A reader tried and could not read the VNet (e.g. AuthorizationFailed): what it did read is partial. */
const vnetUnread = (input: RuleInput, cidrs: readonly unknown[]) =>
  input.context.unavailable.vnet !== undefined && cidrs.length > 0;

/**
 * A block when the desired pod or service CIDRs overlap a subnet of the VNet. The subnets are needed when those CIDRs
 * are set and a BYO (or unknown) VNet's subnets are not known.
 */
function cidrVsSubnetsRule(rule: {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly cidrs: "podCidrs" | "serviceCidrs";
  readonly violation: (hits: string) => Violation;
}): Rule {
  const texts = (input: RuleInput) => input.desired[rule.cidrs];
  return {
    id: rule.id,
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: rule.title,
    source: rule.source,
    needs: [
      Need.subnets(
        (input) =>
          (texts(input).length > 0 && input.context.subnets.length === 0 && byoVnetOrUnknown(input)) ||
          vnetUnread(input, texts(input)),
      ),
    ],
    check: (input) => {
      const hits = subnetOverlaps(input, cidrsOf(texts(input)));
      return hits.length === 0 ? [] : [rule.violation(hits.join("; "))];
    },
  };
}

/** The pod CIDR is judged against the peerings on create, on the overlay migration and when it changes. */
function podCidrJudged(input: RuleInput): boolean {
  if (podCidrsOf(input.desired).length === 0) return false;
  if (input.operation === "create" || input.current === undefined) return true;
  return movesToOverlay(input) || podCidrChanged(input.current, input.desired);
}

const isDisconnected = (p: ResolvedPeering) => p.state?.toLowerCase() === "disconnected";

function peeringOverlaps(input: RuleInput, which: (p: ResolvedPeering) => boolean): string[] {
  const pods = podCidrsOf(input.desired);
  return (input.context.peerings ?? []).filter(which).flatMap((peering) => {
    const peered = peering.cidrs.filter((c) => pods.some((p) => overlaps(p, c)));
    const drift = peering.driftCidrs.filter((c) => pods.some((p) => overlaps(p, c)));
    if (peered.length === 0 && drift.length === 0) return [];
    const parts = [
      ...(peered.length > 0 ? [`peered ${list(peered)}`] : []),
      ...(drift.length > 0 ? [`${list(drift)} in the remote VNet, not yet synced to the peering`] : []),
    ];
    return [`peering ${peering.name} (${parts.join("; ")})`];
  });
}

const PEERING_FIX =
  'Choose networkProfile.podCidr (--pod-cidr) outside every peered address space (az network vnet peering list --query "[].remoteAddressSpace"), e.g. 100.64.0.0/16 or 192.168.0.0/16, and outside ExpressRoute and VPN ranges.';

/** CIDR rules: overlaps, reserved ranges, sizes, the DNS service IP, dual-stack shape, and what may change. */
export const cidrRules: readonly Rule[] = [
  cidrVsSubnetsRule({
    id: "cidr-pod-vs-subnets",
    title: "The pod CIDR must not overlap a subnet of the cluster's VNet",
    source: Sources.podCidrOverlapRp,
    cidrs: "podCidrs",
    violation: (hits) => ({
      message: `The pod CIDR overlaps the VNet: ${hits} (RP error NetworkProfileCIDROverlapVNET).`,
      fix: "Choose networkProfile.podCidr (--pod-cidr) from a private range that no subnet of the VNet uses, e.g. 192.168.0.0/16 or 100.64.0.0/16.",
      field: "networkProfile.podCidr",
    }),
  }),
  {
    id: "cidr-pod-vs-vnet-space",
    severity: "warn",
    scope: "both",
    kind: "profile",
    title: "A pod CIDR inside the VNet address space breaks traffic to those VNet addresses",
    source: Sources.updateAzureCni,
    needs: [
      Need.vnetAddressSpaces(
        (input) =>
          (input.desired.podCidrs.length > 0 &&
            input.context.vnetAddressSpaces.length === 0 &&
            byoVnetOrUnknown(input)) ||
          vnetUnread(input, input.desired.podCidrs),
      ),
    ],
    check: (input) => {
      const pods = podCidrsOf(input.desired);
      const hits = pods.flatMap((p) =>
        input.context.vnetAddressSpaces.filter((v) => overlaps(p, v)).map((v) => `${p.text} overlaps ${v.text}`),
      );
      return hits.length === 0
        ? []
        : [
            {
              message: `The pod CIDR overlaps the VNet address space (${hits.join("; ")}); the RP checks only subnets, but traffic to VNet addresses in that range will not leave the cluster correctly.`,
              fix: "Pick networkProfile.podCidr (--pod-cidr) outside every VNet address space, peered network and on-premises range.",
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  {
    id: "cidr-pod-vs-peerings",
    severity: "block",
    curable: false,
    scope: "both",
    kind: "transition",
    title: "The pod CIDR must not overlap a peered VNet's address space (create, overlay migration, new pod CIDR)",
    source: Sources.overlayConcepts,
    needs: [
      {
        fact: "peerings",
        needs:
          "the peerings of the cluster's VNet (aks-netguard check --subscription … --resource-group … --name … reads them; or peerings in the context)",
        missing: (input) => podCidrJudged(input) && input.context.unavailable.peerings !== undefined,
      },
    ],
    check: (input) => {
      if (!podCidrJudged(input)) return [];
      const hits = peeringOverlaps(input, (p) => !isDisconnected(p));
      return hits.length === 0
        ? []
        : [
            {
              message: `The pod CIDR ${list(podCidrsOf(input.desired))} overlaps a network peered with the cluster's VNet: ${hits.join("; ")}. Overlay pod CIDRs must not overlap directly connected networks; traffic to those addresses would stay inside the cluster.`,
              fix: PEERING_FIX,
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  {
    id: "cidr-pod-vs-peerings-disconnected",
    severity: "warn",
    scope: "both",
    kind: "transition",
    title: "The pod CIDR overlaps the address space of a Disconnected peering (it breaks when the peering is restored)",
    source: Sources.overlayConcepts,
    check: (input) => {
      if (!podCidrJudged(input)) return [];
      const hits = peeringOverlaps(input, isDisconnected);
      return hits.length === 0
        ? []
        : [
            {
              message: `The pod CIDR ${list(podCidrsOf(input.desired))} overlaps the address space of a Disconnected peering: ${hits.join("; ")}. Nothing routes there today; once the peering is reconnected, traffic to those addresses stays inside the cluster.`,
              fix: `${PEERING_FIX} Or delete the peering if it will not come back (az network vnet peering delete).`,
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  {
    id: "cidr-pod-vs-service",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "The pod CIDR must not overlap the service CIDR",
    source: Sources.overlayConcepts,
    check: ({ desired }) => {
      const services = serviceCidrsOf(desired);
      const hits = podCidrsOf(desired).flatMap((p) =>
        services.filter((s) => overlaps(p, s)).map((s) => `${p.text} overlaps ${s.text}`),
      );
      return hits.length === 0
        ? []
        : [
            {
              message: `The pod CIDR overlaps the service CIDR: ${hits.join("; ")}.`,
              fix: "Choose networkProfile.podCidr (--pod-cidr) that does not overlap networkProfile.serviceCidr (service CIDRs cannot change after create).",
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  cidrVsSubnetsRule({
    id: "cidr-service-vs-subnets",
    title: "The service CIDR must not overlap a subnet of the cluster's VNet",
    source: Sources.serviceCidrOverlapRp,
    cidrs: "serviceCidrs",
    violation: (hits) => ({
      message: `The service CIDR conflicts with the VNet: ${hits} (RP error ServiceCidrOverlapExistingSubnetsCidr).`,
      fix: "Set networkProfile.serviceCidr (--service-cidr, create only) to a range outside the VNet, with dnsServiceIP inside it.",
      field: "networkProfile.serviceCidr",
    }),
  }),
  {
    id: "cidr-service-size",
    severity: "block",
    scope: "create",
    kind: "profile",
    curable: false,
    title: "The service CIDR must be smaller than /12 (IPv6: no larger than /108)",
    source: Sources.ipPlanning,
    check: ({ desired }) => {
      const tooBig = serviceCidrsOf(desired).filter((c) =>
        c.family === IpFamily.IPv4 ? c.prefix < 12 : c.prefix < 108,
      );
      return tooBig.length === 0
        ? []
        : [
            {
              message: `The service CIDR ${list(tooBig)} is too large: IPv4 service ranges must be smaller than /12 and IPv6 ranges no larger than /108.`,
              fix: "Use a smaller networkProfile.serviceCidr (--service-cidr), e.g. 10.0.0.0/16, and an IPv6 /108.",
              field: "networkProfile.serviceCidr",
            },
          ];
    },
  },
  {
    id: "cidr-service-size-boundary",
    severity: "warn",
    scope: "create",
    kind: "profile",
    title: "A /12 IPv4 service CIDR is at the documented limit",
    source: Sources.ipPlanning,
    check: ({ desired }) => {
      const boundary = serviceCidrsOf(desired).filter((c) => c.family === IpFamily.IPv4 && c.prefix === 12);
      return boundary.length === 0
        ? []
        : [
            {
              message: `The service CIDR ${list(boundary)} is exactly /12; the docs require smaller than /12 and the RP's treatment of /12 is not documented.`,
              fix: "Use /13 or smaller for networkProfile.serviceCidr (--service-cidr).",
              field: "networkProfile.serviceCidr",
            },
          ];
    },
  },
  {
    id: "cidr-reserved-ranges",
    severity: "block",
    scope: "both",
    kind: "transition",
    curable: false,
    title: "No pod, service or VNet range may overlap 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24",
    source: Sources.cniOverview,
    needs: [
      Need.vnetAddressSpaces(
        (input) =>
          input.operation === "create" && input.context.vnetAddressSpaces.length === 0 && byoVnetOrUnknown(input),
      ),
    ],
    check: (input) => {
      const changed = changedCidrFields(input);
      const hits = changed.flatMap((f) => reservedHits(f.cidrs).map((h) => `${f.field} ${h}`));
      if (input.operation === "create")
        hits.push(...reservedHits(input.context.vnetAddressSpaces).map((h) => `VNet ${h}`));
      return hits.length === 0
        ? []
        : [
            {
              message: `A cluster range overlaps an AKS-reserved range: ${hits.join("; ")}.`,
              fix: "Choose ranges outside 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 (a 172.16.0.0/12 range contains two of them), e.g. --pod-cidr 192.168.0.0/16.",
              field: changed[0]?.field,
            },
          ];
    },
  },
  {
    id: "cidr-reserved-ranges-existing",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "An existing, unchanged range overlaps a reserved range",
    source: Sources.reservedRangesRelease,
    check: (input) => {
      const changedFields = new Set(changedCidrFields(input).map((f) => f.field));
      const unchanged = [
        { field: "networkProfile.podCidr", cidrs: podCidrsOf(input.desired) },
        { field: "networkProfile.serviceCidr", cidrs: serviceCidrsOf(input.desired) },
      ].filter((f) => !changedFields.has(f.field));
      const hits = unchanged.flatMap((f) => reservedHits(f.cidrs).map((h) => `${f.field} ${h}`));
      return hits.length === 0
        ? []
        : [
            {
              message: `An existing range overlaps an AKS-reserved range: ${hits.join("; ")}. AKS leaves the cluster alone until the field changes.`,
              fix: "Leave networkProfile.podCidr/serviceCidr unchanged for now; any change to them is rejected unless the new range avoids 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24.",
            },
          ];
    },
  },
  {
    id: "cidr-dns-service-ip",
    severity: "block",
    scope: "create",
    kind: "profile",
    curable: false,
    title: "dnsServiceIP lies inside the service CIDR and is neither its network nor its first address",
    source: Sources.dnsIpRp,
    check: ({ desired }) => {
      if (desired.dnsServiceIp === undefined || desired.serviceCidrs.length === 0) return [];
      const ip = parseIp("networkProfile.dnsServiceIP", desired.dnsServiceIp);
      const range = serviceCidrsOf(desired).find((c) => containsIp(c, ip));
      if (range === undefined) {
        return [
          {
            message: `dnsServiceIP ${desired.dnsServiceIp} is not inside the service CIDR ${desired.serviceCidrs.join(", ")}.`,
            fix: "Set networkProfile.dnsServiceIP (--dns-service-ip) to an address inside networkProfile.serviceCidr, e.g. the .10 address.",
            field: "networkProfile.dnsServiceIP",
          },
        ];
      }
      const offset = offsetInRange(range, ip);
      return offset <= 1n
        ? [
            {
              message: `dnsServiceIP ${desired.dnsServiceIp} is the ${offset === 0n ? "network address" : "first address (used by the kubernetes service)"} of ${range.text}.`,
              fix: "Set networkProfile.dnsServiceIP (--dns-service-ip) to another address of the service CIDR, e.g. the .10 address.",
              field: "networkProfile.dnsServiceIP",
            },
          ]
        : [];
    },
  },
  {
    id: "cidr-overlay-capacity",
    severity: "block",
    scope: "both",
    kind: "profile",
    curable: false,
    title: "An overlay pod CIDR must hold a /24 for every node the pools can have",
    source: Sources.overlayConcepts,
    needs: [
      Need.nodePools(
        (input) =>
          input.desired.ipamMode === IpamMode.Overlay &&
          podCidrsOf(input.desired).some((c) => c.family === IpFamily.IPv4) &&
          (poolsUnknown(input) || poolsOf(input).some((p) => p.maxNodes === undefined)),
      ),
    ],
    check: (input) => {
      if (input.desired.ipamMode !== IpamMode.Overlay) return [];
      const v4 = podCidrsOf(input.desired).find((c) => c.family === IpFamily.IPv4);
      const pools = poolsOf(input);
      if (v4 === undefined || pools.length === 0 || pools.some((p) => p.maxNodes === undefined)) return [];
      const nodes = pools.reduce((n, p) => n + (p.maxNodes ?? 0), 0);
      const blocks = v4.prefix > 24 ? 0 : 2 ** (24 - v4.prefix);
      return nodes <= blocks
        ? []
        : [
            {
              message: `The pod CIDR ${v4.text} holds ${blocks} node /24 blocks, but the pools can grow to ${nodes} nodes (RP error InsufficientSubnetSize).`,
              fix: `Use a larger networkProfile.podCidr (--pod-cidr, e.g. a /${Math.max(8, 24 - Math.ceil(Math.log2(nodes)))}) or lower the pools' maxCount/count.`,
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  {
    id: "cidr-dualstack-shape",
    severity: "block",
    scope: "create",
    kind: "profile",
    curable: false,
    title: "ipFamilies is [IPv4] or [IPv4, IPv6], and pod and service CIDRs match it in count and order",
    source: Sources.dualStack,
    check: ({ desired }) => {
      const families = familiesOf(desired);
      const problems: string[] = [];
      const valid =
        (families.length === 1 && families[0] === IpFamily.IPv4) ||
        (families.length === 2 && families[0] === IpFamily.IPv4 && families[1] === IpFamily.IPv6);
      if (!valid) problems.push(`ipFamilies [${families.join(", ")}] is not [IPv4] or [IPv4, IPv6]`);
      for (const [name, cidrs] of [
        ["podCidrs", podCidrsOf(desired)],
        ["serviceCidrs", serviceCidrsOf(desired)],
      ] as const) {
        if (cidrs.length === 0) continue;
        const got = cidrs.map((c) => c.family).join(", ");
        if (got !== families.join(", "))
          problems.push(`${name} families [${got}] do not match ipFamilies [${families.join(", ")}]`);
      }
      return problems.length === 0
        ? []
        : [
            {
              message: `The dual-stack settings do not fit together: ${problems.join("; ")}.`,
              fix: 'Use ipFamilies ["IPv4"] or ["IPv4", "IPv6"] with podCidrs and serviceCidrs listing one CIDR per family in the same order (--ip-families ipv4,ipv6 --pod-cidrs … --service-cidrs …).',
              field: "networkProfile.ipFamilies",
            },
          ];
    },
  },
  {
    id: "cidr-pod-private",
    severity: "warn",
    scope: "both",
    kind: "profile",
    title: "The pod CIDR should be a private range (RFC 1918 / RFC 6598 / IPv6 ULA)",
    source: Sources.overlayConcepts,
    check: ({ desired }) => {
      const pub = podCidrsOf(desired).filter((c) => !isPrivateRange(c));
      return pub.length === 0
        ? []
        : [
            {
              message: `The pod CIDR ${list(pub)} is not a private range; public pod ranges are outside AKS support.`,
              fix: "Use an RFC 1918 or RFC 6598 range for networkProfile.podCidr (--pod-cidr), e.g. 192.168.0.0/16 or 100.64.0.0/16.",
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  {
    id: "cidr-overlay-podcidr-expand-only",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "An overlay pod CIDR may only grow: same start, shorter prefix, IPv4, Linux-only clusters",
    source: Sources.podCidrExpand,
    needs: [
      Need.poolsWhen(
        (input) =>
          input.current?.ipamMode === IpamMode.Overlay &&
          input.desired.ipamMode === IpamMode.Overlay &&
          podCidrChanged(input.current, input.desired),
      ),
    ],
    check: (input) => {
      const { current, desired } = input;
      if (
        current?.ipamMode !== IpamMode.Overlay ||
        desired.ipamMode !== IpamMode.Overlay ||
        !podCidrChanged(current, desired)
      )
        return [];
      const before = podCidrsOf(current);
      const after = podCidrsOf(desired);
      const problems: string[] = [];
      if (
        before.length !== 1 ||
        after.length !== 1 ||
        before[0].family !== IpFamily.IPv4 ||
        after[0].family !== IpFamily.IPv4
      ) {
        problems.push("only a single IPv4 pod CIDR can be expanded");
      } else if (!(
        after[0].prefix < before[0].prefix &&
        containsCidr(after[0], before[0]) &&
        after[0].range.getFirst().getValue() === before[0].range.getFirst().getValue()
      )) {
        problems.push(`${after[0].text} is not an expansion of ${before[0].text} (same start address, shorter prefix)`);
      }
      const windows = windowsPoolsOf(input);
      if (windows.length > 0) problems.push(`the cluster has Windows pools (${windows.map((p) => p.name).join(", ")})`);
      return problems.length === 0
        ? []
        : [
            {
              message: `${clusterLabel(current)}'s overlay pod CIDR cannot change from ${current.podCidrs.join(", ")} to ${desired.podCidrs.join(", ")}: ${problems.join("; ")}.`,
              fix: `Keep networkProfile.podCidr ${current.podCidrs.join(", ")}, or expand it to a larger range with the same start (e.g. ${before[0] ? `${before[0].text.split("/")[0]}/${Math.max(1, before[0].prefix - 1)}` : "a shorter prefix"}) on a Linux-only cluster: az aks update --pod-cidr <larger-range>.`,
              field: "networkProfile.podCidr",
            },
          ];
    },
  },
  {
    id: "cidr-kubenet-podcidr-frozen",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "A kubenet pod CIDR changes only as part of the overlay migration",
    source: Sources.updateAzureCni,
    check: ({ current, desired }) =>
      current?.ipamMode === IpamMode.Kubenet &&
      desired.ipamMode === IpamMode.Kubenet &&
      podCidrChanged(current, desired)
        ? [
            {
              message: `${clusterLabel(current)} is on kubenet; its pod CIDR cannot change from ${current.podCidrs.join(", ")} to ${desired.podCidrs.join(", ")} in place.`,
              fix: `Keep networkProfile.podCidr ${current.podCidrs.join(", ")}, or give the new range with the overlay migration: az aks update --network-plugin azure --network-plugin-mode overlay --pod-cidr ${desired.podCidrs[0]}.`,
              field: "networkProfile.podCidr",
            },
          ]
        : [],
  },
  {
    id: "cidr-service-dns-immutable",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "Service CIDR and DNS service IP cannot change after create",
    source: Sources.legacyCni,
    check: ({ current, desired }) => {
      if (current === undefined) return [];
      const changes: string[] = [];
      const services = comparableCidrs(current, desired, desired.serviceCidrs);
      if (current.serviceCidrs.length > 0 && services.length > 0 && !sameTexts(current.serviceCidrs, services)) {
        changes.push(`serviceCidr ${current.serviceCidrs.join(", ")} → ${desired.serviceCidrs.join(", ")}`);
      }
      if (
        current.dnsServiceIp !== undefined &&
        desired.dnsServiceIp !== undefined &&
        current.dnsServiceIp !== desired.dnsServiceIp
      ) {
        changes.push(`dnsServiceIP ${current.dnsServiceIp} → ${desired.dnsServiceIp}`);
      }
      return changes.length === 0
        ? []
        : [
            {
              message: `This update changes ${changes.join(" and ")}; AKS cannot change the service range or the DNS service IP of an existing cluster.`,
              fix: `Keep networkProfile.serviceCidr ${current.serviceCidrs.join(", ")} and dnsServiceIP ${current.dnsServiceIp ?? "as they are"}; on Kubernetes 1.33+ extend service ranges with the in-cluster ServiceCIDR object instead.`,
              field: "networkProfile.serviceCidr",
            },
          ];
    },
  },
  {
    id: "cidr-ipv6-removal",
    severity: "block",
    scope: "update",
    kind: "transition",
    curable: false,
    title: "IPv6 cannot be removed from a dual-stack cluster (rejected since AKS release 2026-09-04)",
    source: Sources.ipv6RemovalRelease,
    check: ({ current, desired }) =>
      current !== undefined && removesIpv6(current, desired)
        ? [
            {
              message: `This update removes IPv6 from dual-stack ${clusterLabel(current)} (ipFamilies [${familiesOf(current).join(", ")}] → [${familiesOf(desired).join(", ")}]); AKS rejects it since release 2026-09-04: dual-stack to single-stack is not supported.`,
              fix: `Keep networkProfile.ipFamilies [${familiesOf(current).join(", ")}] and the IPv6 entries of podCidrs and serviceCidrs; for an IPv4-only cluster create a new one (az aks create --ip-families ipv4) and move workloads.`,
              field: "networkProfile.ipFamilies",
            },
          ]
        : [],
  },
  {
    id: "cidr-ipv6-addition",
    severity: "warn",
    scope: "update",
    kind: "transition",
    title: "Adding IPv6 to an IPv4 cluster is an update the AKS docs describe only at create",
    source: Sources.ipv6AdditionCli,
    check: ({ current, desired }) => {
      if (current === undefined || !addsIpv6(current, desired)) return [];
      const overlay = desired.ipamMode === IpamMode.Overlay;
      return [
        {
          message: `This update adds IPv6 to ${clusterLabel(current)} (ipFamilies [${familiesOf(current).join(", ")}] → [${familiesOf(desired).join(", ")}])${overlay ? "" : `; the update path is reported for Azure CNI Overlay only, this cluster is ${ipamModeLabel[desired.ipamMode]}`}; az aks update has taken --ip-families since 2024-11, but the learn docs describe dual-stack only at create, and the change cannot be undone.`,
          fix: `Try it on a scratch cluster first, then ${overlay ? "" : "move to Azure CNI Overlay and "}run az aks update --ip-families ipv4,ipv6 (networkProfile.ipFamilies ["IPv4", "IPv6"] with the IPv6 podCidrs and serviceCidrs beside the IPv4 ones).`,
          field: "networkProfile.ipFamilies",
        },
      ];
    },
  },
];
