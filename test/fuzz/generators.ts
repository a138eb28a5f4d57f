import fc from "fast-check";

/** Hostile and unusual resource props, as a stack in any language could declare them. */
export const UNKNOWN_MARKERS = [
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

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
export function valueArb(options: { secrets: boolean }): fc.Arbitrary<unknown> {
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
        .map(([, hex]) => ({ [SIG_KEY]: SECRET_SIG, value: `SECRET-${hex}` })),
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
