import { strict as assert } from "node:assert";
import fc from "fast-check";
import { auditRow, deadlinesFor, fleetAuditor, parseCluster, summarize, type AuditedCluster } from "../../core";
import { estate, graphRow, ROW_KINDS, subscriptionAt, type RowKind } from "../support/resource-graph-rows";
import { OVERLAY_CILIUM_PROFILE } from "../support/fixtures";

const NOW = new Date("2026-12-01T09:30:00Z");
const TARGET = parseCluster(
  { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" },
  "target",
);
const SUB = subscriptionAt(7);
const audit = (kind: RowKind, target = TARGET) => auditRow(graphRow(kind, SUB, 3), 0, { target, now: NOW });

interface Expected {
  readonly ipamMode: string;
  readonly networkPolicy: string;
  readonly dataplane: string;
  readonly status: AuditedCluster["status"];
  readonly deadlines: readonly string[];
  readonly steps?: readonly string[];
  readonly prerequisites?: readonly boolean[];
  readonly blockers?: readonly string[];
}

// What the catalog says of each setup against Overlay + Cilium (update-azure-cni, use-network-policies, #4077).
const EXPECTED: Record<RowKind, Expected> = {
  kubenet: {
    ipamMode: "kubenet",
    networkPolicy: "none",
    dataplane: "azure",
    status: "migrate",
    deadlines: ["kubenet 2028-03-31 486"],
    steps: [
      "--network-plugin azure --network-plugin-mode overlay",
      "--network-dataplane cilium --network-policy cilium",
    ],
  },
  "kubenet-calico": {
    ipamMode: "kubenet",
    networkPolicy: "calico",
    dataplane: "azure",
    status: "migrate",
    deadlines: ["kubenet 2028-03-31 486"],
    steps: [
      "--network-policy none",
      "--network-plugin azure --network-plugin-mode overlay",
      "--network-dataplane cilium --network-policy cilium",
    ],
  },
  "nodesubnet-npm": {
    ipamMode: "azure-cni-node-subnet",
    networkPolicy: "azure",
    dataplane: "azure",
    status: "no-path",
    deadlines: ["Azure NPM (Linux) 2028-09-30 669"],
    blockers: ["ovl-podcidr-from-nodesubnet"],
  },
  podsubnet: {
    ipamMode: "azure-cni-pod-subnet",
    networkPolicy: "none",
    dataplane: "azure",
    status: "no-path",
    deadlines: [],
    blockers: ["ipam-podsubnet-no-overlay"],
  },
  overlay: {
    ipamMode: "azure-cni-overlay",
    networkPolicy: "none",
    dataplane: "azure",
    status: "migrate",
    deadlines: [],
    steps: ["--network-dataplane cilium --network-policy cilium"],
  },
  "overlay-cilium": {
    ipamMode: "azure-cni-overlay",
    networkPolicy: "cilium",
    dataplane: "cilium",
    status: "at-target",
    deadlines: [],
    steps: [],
  },
  "windows-npm": {
    ipamMode: "azure-cni-node-subnet",
    networkPolicy: "azure",
    dataplane: "azure",
    status: "no-path",
    deadlines: ["Azure NPM (Windows) 2026-09-30 -62", "Azure NPM (Linux) 2028-09-30 669"],
    blockers: ["dp-cilium-no-windows"],
  },
  "byo-cni": {
    ipamMode: "byo-cni",
    networkPolicy: "none",
    dataplane: "azure",
    status: "no-path",
    deadlines: [],
    blockers: ["ipam-byocni-frozen"],
  },
  nap: {
    ipamMode: "azure-cni-overlay",
    networkPolicy: "none",
    dataplane: "azure",
    status: "migrate",
    deadlines: [],
    // Node auto-provisioning off before the Cilium update and back on after: prerequisites, not blockers.
    steps: [
      "--node-provisioning-mode Manual",
      "--network-dataplane cilium --network-policy cilium",
      "--node-provisioning-mode Auto",
    ],
    prerequisites: [true, false, true],
  },
};

describe("fleet audit core: a Resource Graph row judged like az aks show output", () => {
  for (const kind of ROW_KINDS) {
    it(`${kind}: IPAM mode, engine, status, deadlines and plan as the catalog has them`, () => {
      const c = audit(kind);
      const want = EXPECTED[kind];
      assert.equal(c.ipamMode, want.ipamMode);
      assert.equal(c.networkPolicy, want.networkPolicy);
      assert.equal(c.dataplane, want.dataplane);
      assert.equal(c.status, want.status);
      assert.equal(c.subscriptionId, SUB);
      assert.equal(c.name, `aks-${kind}-3`);
      assert.equal(c.kubernetesVersion, "1.31.2");
      assert.deepEqual(
        c.deadlines.map((d) => `${d.what} ${d.date} ${d.daysLeft}`),
        want.deadlines,
      );
      assert.ok(c.plan);
      const steps = want.steps;
      if (steps !== undefined) {
        assert.equal(c.plan.reachable, true);
        assert.equal(c.plan.steps.length, steps.length, c.plan.steps.map((s) => s.title).join("; "));
        c.plan.steps.forEach((step, i) => {
          assert.ok(step.azCommand.includes(steps[i]), `${step.azCommand} should include ${steps[i]}`);
          assert.ok(step.azCommand.includes(`--resource-group rg-${kind}-3 --name aks-${kind}-3`), step.azCommand);
          assert.ok(step.azCommand.endsWith(`--subscription ${SUB}`), step.azCommand);
          assert.equal(step.prerequisite, want.prerequisites?.[i] ?? false, step.title);
        });
      }
      if (want.blockers !== undefined) {
        assert.equal(c.plan.reachable, false);
        for (const rule of want.blockers)
          assert.ok(
            c.plan.blockers.some((b) => b.rule === rule),
            `${rule} among ${c.plan.blockers.map((b) => b.rule).join(", ")}`,
          );
        assert.ok(c.plan.blockers.every((b) => b.fix.length > 0 && b.message.length > 0));
      }
    });
  }

  it("reports the catalog's findings on the cluster as it stands (kubenet and NPM retirements)", () => {
    assert.ok(audit("kubenet").findings.some((f) => f.rule === "kubenet-retirement" && f.severity === "warn"));
    assert.ok(audit("nodesubnet-npm").findings.some((f) => f.rule === "np-npm-retirement"));
    assert.deepEqual(audit("overlay-cilium").findings, []);
  });

  it("windows pools and node auto-provisioning are read from the row", () => {
    assert.deepEqual(audit("windows-npm").windowsPools, ["win22"]);
    assert.deepEqual(audit("kubenet").windowsPools, []);
    assert.equal(audit("nap").nodeAutoProvisioning, true);
    assert.equal(audit("overlay").nodeAutoProvisioning, false);
  });

  it("a Node Subnet cluster gets its plan once the target names a pod CIDR", () => {
    const target = parseCluster({ ...TARGET_ARGS, podCidr: "192.168.0.0/16" }, "target");
    const c = audit("nodesubnet-npm", target);
    assert.equal(c.status, "migrate");
    const commands = c.plan?.steps.map((s) => s.azCommand) ?? [];
    assert.ok(
      commands.some((cmd) => cmd.includes("--network-plugin-mode overlay --pod-cidr 192.168.0.0/16")),
      commands.join("; "),
    );
    assert.ok(
      commands.some((cmd) => cmd.includes("--network-dataplane cilium --network-policy cilium")),
      commands.join("; "),
    );
  });

  it("a row whose properties are null (a cluster being deleted) is reported unreadable, not a crash", () => {
    const row = { ...graphRow("overlay", SUB, 9), properties: null };
    const c = auditRow(row, 0, { target: TARGET, now: NOW });
    assert.equal(c.status, "unreadable");
    assert.equal(c.plan, null);
    assert.match(c.error ?? "", /no properties/);
    assert.equal(c.name, "aks-overlay-9");
  });

  it("a row with fields the parser has never seen is audited like any other", () => {
    const row = graphRow("kubenet", SUB, 4) as { properties: Record<string, unknown> };
    const properties = {
      ...row.properties,
      futureProfile: { enabled: true, knobs: [1, 2, 3] },
      networkProfile: {
        ...(row.properties.networkProfile as object),
        podLinkLocalAccess: "IMDS",
        kubeProxyConfig: { enabled: false },
      },
    };
    const c = auditRow({ ...row, properties, brandNewColumn: { x: 1 } }, 0, { target: TARGET, now: NOW });
    assert.equal(c.status, "migrate");
    assert.equal(c.ipamMode, "kubenet");
  });

  it("a row with a value the catalog does not know names the field and the value", () => {
    const row = graphRow("overlay", SUB, 5) as { properties: Record<string, unknown> };
    const properties = { ...row.properties, networkProfile: { networkPlugin: "azure-next" } };
    const c = auditRow({ ...row, properties }, 0, { target: TARGET, now: NOW });
    assert.equal(c.status, "unreadable");
    assert.match(c.error ?? "", /cluster\.properties\.networkProfile\.networkPlugin: "azure-next" is not valid/);
  });

  it("rows that are not objects are reported with their position", () => {
    for (const row of [null, 42, "x", []]) {
      const c = auditRow(row, 6, { target: TARGET, now: NOW });
      assert.equal(c.status, "unreadable");
      assert.equal(c.id, "(row 7 has no id)");
    }
  });

  it("days left count whole UTC days, and a deadline is passed from its own day on (property)", () => {
    const kubenet = parseCluster(graphRow("kubenet", SUB, 1));
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 0, max: 86_399_999 }), (days, ms) => {
        const now = new Date(Date.parse("2028-03-31T00:00:00Z") - days * 86_400_000 + ms);
        const [d] = deadlinesFor(kubenet, now);
        return d.daysLeft === days && d.passed === days <= 0;
      }),
    );
  });

  it("the summary counts every cluster once per status, IPAM mode and deadline (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ROW_KINDS), { maxLength: 40 }), (kinds) => {
        const clusters = kinds.map((k, i) => auditRow(graphRow(k, SUB, i), i, { target: TARGET, now: NOW }));
        const s = summarize(clusters, {
          generatedAt: NOW,
          target: {},
          subscriptions: 1,
          managementGroups: [],
          subscriptionLimitHit: false,
          notes: [],
        });
        const total = (o: Readonly<Record<string, number>>) => Object.values(o).reduce((a, b) => a + b, 0);
        const kubenets = kinds.filter((k) => k === "kubenet" || k === "kubenet-calico").length;
        const kubenetDeadline = s.deadlines.find((d) => d.what === "kubenet")?.clusters ?? 0;
        const blocked = clusters.filter((c) => c.status === "no-path").length;
        return (
          s.clusters === kinds.length &&
          total(s.byStatus) === kinds.length &&
          total(s.byIpamMode) === kinds.length &&
          kubenetDeadline === kubenets &&
          s.blockersByRule.every((b) => b.clusters <= blocked)
        );
      }),
      { numRuns: 40 },
    );
  });
});

const TARGET_ARGS = OVERLAY_CILIUM_PROFILE;

/** A cluster of an estate as the property draws it: a network setup, and names that may repeat, clash or run long. */
interface ClusterSpec {
  readonly kind: RowKind;
  readonly subscription: number;
  readonly name: string;
  readonly resourceGroup: string;
  readonly vnetGroup: string;
  readonly vnet: string;
  readonly subnet: string;
  readonly podSubnet: string;
  readonly byoSubnet: boolean;
  readonly version: string;
  readonly identity: "UserAssigned" | "SystemAssigned";
}

// Names of every kind the memo must keep apart: equal but for case, over Overlay's 63 characters, exactly 63, short,
// and text that looks like the memo's own placeholders.
const NAME = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.()-]{0,24}$/),
  fc.constantFrom("aks-prod", "AKS-Prod", "a", "x".repeat(64), "y".repeat(63), "Qz0Zq", "qz1zq", "rg-(shared).v2_"),
);

function clusterSpec(names: readonly string[]): fc.Arbitrary<ClusterSpec> {
  const name = fc.constantFrom(...names);
  return fc.record({
    kind: fc.constantFrom(...ROW_KINDS),
    subscription: fc.integer({ min: 0, max: 2 }),
    name,
    resourceGroup: name,
    vnetGroup: name,
    vnet: name,
    subnet: name,
    podSubnet: name,
    byoSubnet: fc.boolean(),
    version: fc.constantFrom("1.28.5", "1.30.4", "1.31.2", "1.33.1"),
    identity: fc.constantFrom("UserAssigned" as const, "SystemAssigned" as const),
  });
}

function rowOf(spec: ClusterSpec, index: number): Record<string, unknown> {
  const sub = subscriptionAt(spec.subscription);
  const base = graphRow(spec.kind, sub, index) as Record<string, unknown> & { properties: Record<string, unknown> };
  const subnetId = (subnet: string) =>
    `/subscriptions/${sub}/resourceGroups/${spec.vnetGroup}/providers/Microsoft.Network/virtualNetworks/${spec.vnet}/subnets/${subnet}`;
  const pools = (base.properties.agentPoolProfiles as Record<string, unknown>[]).map((pool) => {
    const { vnetSubnetID: _node, podSubnetID: pod, ...rest } = pool;
    return {
      ...rest,
      ...(spec.byoSubnet ? { vnetSubnetID: subnetId(spec.subnet) } : {}),
      ...(pod !== undefined ? { podSubnetID: subnetId(spec.podSubnet) } : {}),
    };
  });
  return {
    ...base,
    id: `/subscriptions/${sub}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${spec.name}`,
    name: spec.name,
    resourceGroup: spec.resourceGroup.toLowerCase(),
    identity:
      spec.identity === "UserAssigned"
        ? base.identity
        : { type: "SystemAssigned", principalId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", tenantId: SUB },
    properties: {
      ...base.properties,
      kubernetesVersion: spec.version,
      currentKubernetesVersion: spec.version,
      agentPoolProfiles: pools,
    },
  };
}

describe("fleet audit core: each distinct cluster shape judged once", () => {
  it("an estate audited with the memo gives every cluster exactly what auditRow gives it (property)", () => {
    const targets = [TARGET, parseCluster({ ...TARGET_ARGS, podCidr: "192.168.0.0/16" }, "target")];
    const estates = fc.uniqueArray(NAME, { minLength: 1, maxLength: 4 }).chain((names) =>
      fc.record({
        specs: fc.array(clusterSpec(names), { minLength: 1, maxLength: 24 }),
        target: fc.constantFrom(...targets),
      }),
    );
    fc.assert(
      fc.property(estates, ({ specs, target }) => {
        const auditor = fleetAuditor({ target, now: NOW });
        specs.forEach((spec, i) => {
          const row = rowOf(spec, i);
          assert.deepStrictEqual(auditor.audit(row, i), auditRow(row, i, { target, now: NOW }), JSON.stringify(spec));
        });
      }),
      { numRuns: 60 },
    );
  });

  it("an estate of 900 clusters in nine setups is planned a handful of times, with the same result", () => {
    const rows = estate(900, 10);
    const auditor = fleetAuditor({ target: TARGET, now: NOW });
    const memoised = rows.map((row, i) => auditor.audit(row, i));
    assert.deepStrictEqual(
      memoised,
      rows.map((row, i) => auditRow(row, i, { target: TARGET, now: NOW })),
    );
    // Nine setups; names of 1 to 3 digits give each setup the same shape.
    assert.ok(auditor.judged <= 9, `${auditor.judged} judgements for 900 clusters`);
    assert.ok(memoised.every((c) => c.plan?.steps.every((s) => s.azCommand.includes(`--name ${c.name} `)) ?? true));
  });

  it("a cluster name over 63 characters is judged with its own name: the Overlay limit names it", () => {
    const long = `rg-${"l".repeat(70)}`;
    const spec: ClusterSpec = {
      kind: "overlay",
      subscription: 0,
      name: "aks-long",
      resourceGroup: "rg-long",
      vnetGroup: long,
      vnet: "vnet-a",
      subnet: "snet-a",
      podSubnet: "snet-b",
      byoSubnet: true,
      version: "1.31.2",
      identity: "UserAssigned",
    };
    const auditor = fleetAuditor({ target: TARGET, now: NOW });
    const [first, second] = [rowOf(spec, 0), rowOf({ ...spec, name: "aks-other" }, 1)].map((row, i) =>
      auditor.audit(row, i),
    );
    for (const c of [first, second])
      assert.ok(
        c.plan?.blockers.some((b) => b.rule === "ovl-platform-limits" && b.message.includes(long.slice(0, 20))),
        JSON.stringify(c.plan),
      );
    assert.equal(auditor.judged, 1);
  });
});
