import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import { AksCluster, FORCE_NEW_NETWORK_FIELDS, type AksClusterArgs } from "../../components";
import { OVERLAY_CILIUM_ARGS } from "./fixtures";
import { drain, mockEngine, settle } from "./mocks";
import { OVERLAY_CILIUM_PROFILE } from "../support/fixtures";

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
const COMPONENT = "aks-netguard:index:AksCluster";
const CLUSTER_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks-prod";

const { vnetSubnetId: _declaredSubnet, ...NETWORK } = OVERLAY_CILIUM_ARGS.network;
const ARGS: AksClusterArgs = {
  ...OVERLAY_CILIUM_ARGS,
  clusterName: "aks-prod",
  network: NETWORK,
  nodePools: OVERLAY_CILIUM_ARGS.nodePools.slice(0, 1),
};

/** The live cluster the adopted resource already is: the same profile the component declares. */
const LIVE = {
  name: "aks-prod",
  kubernetesVersion: "1.31",
  networkProfile: {
    ...OVERLAY_CILIUM_PROFILE,
    podCidr: "192.168.0.0/16",
  },
  agentPoolProfiles: [{ name: "system", mode: "System", osType: "Linux", count: 3, vmSize: "Standard_D4ds_v5" }],
};

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly importId: string;
  readonly aliases: { name: string; noParent: boolean; parentUrn: string }[];
  readonly inputs: Record<string, unknown>;
  readonly ignoreChanges: string[];
}

type RegisterRequest = {
  getType(): string;
  getName(): string;
  getImportid(): string;
  getIgnorechangesList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAliasesList(): { getSpec(): { getName(): string; getNoparent(): boolean; getParenturn(): string } | undefined }[];
};

/** Every RegisterResourceRequest the program sends the (mock) resource monitor, as the engine would receive it. */
function recordRegistrations(): Registration[] {
  const monitor = getMonitor() as unknown as { registerResource: (req: RegisterRequest, cb: unknown) => unknown };
  const original = monitor.registerResource.bind(monitor);
  const seen: Registration[] = [];
  monitor.registerResource = (req, cb) => {
    seen.push({
      type: req.getType(),
      name: req.getName(),
      importId: req.getImportid(),
      // azure-native adds aliases of its own for the type's older tokens (a type, no name); these carry a name.
      aliases: req.getAliasesList().flatMap((a) => {
        const spec = a.getSpec();
        return spec && spec.getName() !== ""
          ? [{ name: spec.getName(), noParent: spec.getNoparent(), parentUrn: spec.getParenturn() }]
          : [];
      }),
      inputs: req.getObject()?.toJavaScript() ?? {},
      ignoreChanges: req.getIgnorechangesList(),
    });
    return original(req, cb);
  };
  return seen;
}

async function register(args: AksClusterArgs) {
  const engine = await mockEngine({ live: LIVE });
  const registrations = recordRegistrations();
  try {
    const aks = new AksCluster("prod", args);
    await settle(aks.clusterId);
    await settle(aks.migrationPlan);
    await drain();
    const cluster = registrations.find((r) => r.type === MANAGED_CLUSTER);
    const component = registrations.find((r) => r.type === COMPONENT);
    assert.ok(cluster && component, registrations.map((r) => r.type).join(", "));
    return { cluster, component, warnings: engine.warnings };
  } finally {
    engine.restore();
  }
}

describe("AksCluster adoption: an existing cluster moves under the component, never replaced (engine mocks)", () => {
  it("adopt.fromResource gives the child ManagedCluster the raw resource's name as an alias, with no parent", async () => {
    const { cluster } = await register({ ...ARGS, adopt: { fromResource: { name: "legacy-aks" } } });
    assert.deepEqual(cluster.aliases, [{ name: "legacy-aks", noParent: true, parentUrn: "" }]);
    assert.equal(cluster.importId, "");
  });

  it("adopt.fromResource with a parent URN carries that parent in the alias", async () => {
    const parent = "urn:pulumi:dev::proj::my:platform:Cluster::old";
    const { cluster } = await register({ ...ARGS, adopt: { fromResource: { name: "legacy-aks", parent } } });
    assert.deepEqual(cluster.aliases, [{ name: "legacy-aks", noParent: false, parentUrn: parent }]);
  });

  it("adopt.importId registers the child with the cluster's ARM id to import", async () => {
    const { cluster } = await register({ ...ARGS, adopt: { importId: CLUSTER_ID } });
    assert.equal(cluster.importId, CLUSTER_ID);
    assert.deepEqual(cluster.aliases, []);
  });

  it("adoption changes no network field: the same networkProfile, ignoreChanges and plan as without it", async () => {
    const plain = await register(ARGS);
    for (const adopt of [{ fromResource: { name: "legacy-aks" } }, { importId: CLUSTER_ID }]) {
      const adopted = await register({ ...ARGS, adopt });
      assert.deepEqual(adopted.cluster.inputs, plain.cluster.inputs, JSON.stringify(adopt));
      assert.deepEqual(adopted.cluster.ignoreChanges, plain.cluster.ignoreChanges);
      assert.ok(!("adopt" in adopted.component.inputs), "adopt stays out of the component's registered inputs");
      assert.deepEqual(adopted.warnings, plain.warnings);
    }
    const profile = plain.cluster.inputs.networkProfile as Record<string, unknown>;
    assert.deepEqual(
      [profile.networkPlugin, profile.networkPluginMode, profile.networkDataplane, profile.networkPolicy],
      ["azure", "overlay", "cilium", "cilium"],
    );
    assert.deepEqual([...plain.cluster.ignoreChanges].sort(), [...FORCE_NEW_NETWORK_FIELDS].sort());
  });

  const refusals: [string, AksClusterArgs["adopt"], RegExp][] = [
    [
      "both ways at once",
      { fromResource: { name: "a" }, importId: CLUSTER_ID },
      /^adopt: .* expected one of fromResource/,
    ],
    ["neither", {}, /^adopt: .* expected fromResource: \{ name, parent\? \} or importId/],
    ["an empty resource name", { fromResource: { name: " " } }, /^adopt\.fromResource\.name: /],
    [
      "an id that is not a cluster's",
      { importId: "/subscriptions/s/resourceGroups/rg1" },
      /^adopt\.importId: .*az aks show --query id/,
    ],
    [
      "the id of another cluster",
      { importId: CLUSTER_ID.replace("aks-prod", "aks-other") },
      /^adopt\.importId: .*set clusterName to "aks-other"/,
    ],
  ];
  for (const [what, adopt, message] of refusals) {
    it(`refuses ${what} with one line naming the field`, async () => {
      const engine = await mockEngine({ live: LIVE });
      try {
        assert.throws(
          () => new AksCluster("prod", { ...ARGS, adopt }),
          (error: Error) => pulumi.ResourceError.isInstance(error) && message.test(error.message),
        );
      } finally {
        engine.restore();
      }
    });
  }
});
