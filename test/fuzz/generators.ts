import fc from "fast-check";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import * as policyProxy from "@pulumi/policy/proxy";

/** The typed sentinels @pulumi/policy deserializes an unknown to (proxy.js exports them; its typings declare none). */
export const UNKNOWN_SENTINELS = [
  "unknownBooleanValue",
  "unknownNumberValue",
  "unknownStringValue",
  "unknownArrayValue",
  "unknownAssetValue",
  "unknownArchiveValue",
  "unknownObjectValue",
] as const;
export const proxy = policyProxy as unknown as Record<(typeof UNKNOWN_SENTINELS)[number], string>;

/** Hostile and unusual resource props, as a stack in any language could declare them. */
const UNKNOWN_MARKERS = [
  unknownValue,
  ...UNKNOWN_SENTINELS.filter((k) => !/Asset|Archive/.test(k)).map((k) => proxy[k]),
];

export const MEGABYTE_STRING = "x".repeat(1 << 20);

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { deeper: value } : [value];
  return value;
}

const hostileCidr = fc.constantFrom(
  "10.0.0.0/33",
  "::/0",
  "999.1.1.1/8",
  "fd00::/64",
  "10.0.0.1/16",
  "",
  " ",
  "10.0.0.0/-1",
  "a.b.c.d/8",
  "10.0.0.0/8/8",
  "172.16.0.0/12",
  "0.0.0.0/0",
  "192.168.0.0/16",
  "10.244.0.0/16",
  "fd12:3456:789a::/64",
);
const enumish = fc.constantFrom(
  "azure",
  "kubenet",
  "none",
  "overlay",
  "cilium",
  "calico",
  "Azure",
  "OVERLAY",
  "",
  "bogus",
  "Windows",
  "Linux",
  "System",
  "UserAssigned",
  "Auto",
  "1.31",
  "1.29.9",
  "v1.33.0",
);
const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
const unknownMarker = fc.constantFrom(...UNKNOWN_MARKERS);
const deep = fc.integer({ min: 10, max: 80 }).map((d) => nested(d, "leaf"));

/** Any value a field might hold; `secrets` wraps some in the engine's secret encoding. */
function valueArb(options: { secrets: boolean }): fc.Arbitrary<unknown> {
  const plain = fc.oneof(
    { weight: 400, arbitrary: junk },
    { weight: 400, arbitrary: hostileCidr },
    { weight: 500, arbitrary: enumish },
    { weight: 60, arbitrary: unknownMarker },
    { weight: 30, arbitrary: deep },
    { weight: 1, arbitrary: fc.constant(MEGABYTE_STRING) },
  );
  if (!options.secrets) return plain;
  return fc.oneof(
    { weight: 6, arbitrary: plain },
    {
      weight: 1,
      arbitrary: fc
        .tuple(plain, fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 8, maxLength: 8 }))
        .map(([, hex]) => ({ [specialSigKey]: specialSecretSig, value: `SECRET-${hex}` })),
    },
  );
}

function profileArb(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const keys = [
    "networkPlugin",
    "networkPluginMode",
    "networkDataplane",
    "networkPolicy",
    "podCidr",
    "podCidrs",
    "serviceCidr",
    "serviceCidrs",
    "dnsServiceIP",
    "ipFamilies",
    "outboundType",
  ];
  return fc.oneof(
    { weight: 5, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }) },
    { weight: 1, arbitrary: value },
  );
}

function poolArb(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const record = fc.record(
    {
      name: fc.oneof(fc.constantFrom("system", "win1", "SYSTEM"), value),
      osType: value,
      osSKU: value,
      mode: value,
      count: value,
      maxCount: value,
      enableAutoScaling: value,
      vnetSubnetID: value,
      podSubnetID: value,
      type: value,
      vmSize: value,
      nodeImageVersion: value,
    },
    { requiredKeys: [] },
  );
  return fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: value });
}

export interface FuzzResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

export function resourceArb(options: { secrets: boolean }): fc.Arbitrary<FuzzResource> {
  const value = valueArb(options);
  const cluster = fc.record(
    {
      resourceGroupName: value,
      resourceName: value,
      kubernetesVersion: value,
      networkProfile: profileArb(value),
      agentPoolProfiles: fc.oneof(fc.array(poolArb(value), { maxLength: 4 }), value),
      identity: value,
      nodeProvisioningProfile: value,
      tags: value,
    },
    { requiredKeys: [] },
  );
  const pool = fc.record(
    {
      resourceGroupName: value,
      resourceName: value,
      agentPoolName: value,
      osType: value,
      podSubnetID: value,
      count: value,
    },
    { requiredKeys: [] },
  );
  const vnet = fc.record(
    {
      resourceGroupName: value,
      virtualNetworkName: value,
      addressSpace: fc.oneof(
        fc.record({ addressPrefixes: fc.oneof(fc.array(hostileCidr, { maxLength: 3 }), value) }),
        value,
      ),
      subnets: fc.oneof(
        fc.array(fc.record({ name: value, addressPrefix: fc.oneof(hostileCidr, value) }), { maxLength: 3 }),
        value,
      ),
    },
    { requiredKeys: [] },
  );
  const component = fc.record(
    {
      resourceGroupName: value,
      kubernetesVersion: value,
      network: fc.oneof(
        fc.record(
          { plugin: value, pluginMode: value, dataplane: value, policy: value, podCidr: value },
          { requiredKeys: [] },
        ),
        value,
      ),
      nodePools: fc.oneof(
        fc.array(fc.record({ name: value, osType: value }, { requiredKeys: [] }), { maxLength: 3 }),
        value,
      ),
      observedNetworkProfile: fc.oneof(cluster, value),
      migration: value,
    },
    { requiredKeys: [] },
  );
  return fc
    .oneof(
      {
        weight: 5,
        arbitrary: fc.tuple(
          fc.constantFrom(
            "azure-native:containerservice:ManagedCluster",
            "azure-native:containerservice/v20250901:ManagedCluster",
            "azure-native:containerservice/v20240102preview:ManagedCluster",
          ),
          cluster,
        ),
      },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom("azure-native:containerservice:AgentPool"), pool) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom("azure-native:network:VirtualNetwork"), vnet) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom("aks-netguard:index:AksCluster"), component) },
    )
    .chain(([type, props]) =>
      fc.constantFrom("a", "b", "prod", "x-1").map((name) => ({ type, name, props: props as Record<string, unknown> })),
    );
}

/** Every `SECRET-xxxxxxxx` payload a value carries. */
export function secretPayloads(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") {
    for (const m of value.matchAll(/SECRET-[0-9a-f]{8}/g)) out.add(m[0]);
  } else if (Array.isArray(value)) value.forEach((v) => secretPayloads(v, out));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => secretPayloads(v, out));
  return out;
}
