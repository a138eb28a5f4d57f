import { strict as assert } from "node:assert";
import {
  parseCluster,
  planMigration,
  type ClusterNetwork,
  type EvaluationContext,
  type MigrationPlan,
} from "../../core";
import {
  CLUSTER_SHAPES,
  DUAL_STACK,
  kubenet,
  model,
  nodeSubnet,
  overlay,
  overlayCilium,
  podSubnet,
  render,
  separatePool,
  systemPool,
  userPool,
  vnetContext,
  windowsPool,
  type ClusterSpec,
} from "../support/fixtures";
import { assertPlanValid } from "./plan-checks";

const INSPECTED: EvaluationContext = { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config-reconciled"] };
const AZ = "az aks update --resource-group rg-aks --name aks1";
const OVERLAY_CILIUM_TARGET: ClusterSpec = { plugin: "azure", mode: "overlay", dataplane: "cilium", policy: "cilium" };

function plan(
  current: ClusterSpec,
  target: ClusterSpec,
  context: EvaluationContext = INSPECTED,
  shapes: { current: "arm" | "az" | "pulumi"; target: "arm" | "az" | "pulumi" | "network-profile" } = {
    current: "az",
    target: "network-profile",
  },
) {
  const from = model(current, shapes.current);
  const to = parseCluster(render(shapes.target, target), "target");
  return { from, to, plan: planMigration(from, to, context) };
}

function kindsAndCommands(p: MigrationPlan): [string, string][] {
  return p.steps.map((s) => [s.kind, s.azCommand]);
}

function warningRules(p: MigrationPlan, step: number): string[] {
  return p.steps[step - 1].warnings.map((w) => w.rule);
}

function assertUnreachable(p: MigrationPlan, ...rules: string[]): void {
  assert.equal(p.reachable, false, `reachable in ${p.steps.length} steps`);
  assert.deepEqual(p.steps, []);
  const ids = p.blockers.map((b) => b.rule);
  for (const rule of rules) assert.ok(ids.includes(rule), `expected blocker ${rule}, got ${ids.join(", ")}`);
  for (const b of p.blockers) {
    assert.equal(b.severity, "block", b.rule);
    assert.ok(b.message.length > 0 && b.fix.length > 0, b.rule);
  }
}

describe("planner: the catalog's migrations", () => {
  it("kubenet + Calico → overlay + Cilium: policy none, then overlay, then Cilium", () => {
    const { from, to, plan: p } = plan(kubenet({ policy: "calico" }), OVERLAY_CILIUM_TARGET);
    assert.deepEqual(kindsAndCommands(p), [
      ["network-policy", `${AZ} --network-policy none`],
      ["ipam", `${AZ} --network-plugin azure --network-plugin-mode overlay`],
      ["dataplane", `${AZ} --network-dataplane cilium --network-policy cilium`],
    ]);
    assert.deepEqual(p.steps[0].changes, [{ field: "networkProfile.networkPolicy", from: "calico", to: "none" }]);
    assert.deepEqual(p.steps[1].changes, [
      { field: "networkProfile.networkPlugin", from: "kubenet", to: "azure" },
      { field: "networkProfile.networkPluginMode", from: undefined, to: "overlay" },
    ]);
    assert.deepEqual(p.steps[2].changes, [
      { field: "networkProfile.networkDataplane", from: "azure", to: "cilium" },
      { field: "networkProfile.networkPolicy", from: "none", to: "cilium" },
    ]);
    assert.deepEqual(
      [p.steps[1].state.ipamMode, p.steps[1].state.podCidrs],
      ["azure-cni-overlay", ["10.244.0.0/16"]],
      "the kubenet pod CIDR is kept",
    );
    for (const rule of ["ovl-irreversible-notice", "dp-reimage-all-pools", "ovl-kubenet-route-table-side-effects"])
      assert.ok(warningRules(p, 2).includes(rule), rule);
    assert.ok(warningRules(p, 3).includes("dp-reimage-all-pools"));
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("gives the same plan whichever shapes the clusters come in", () => {
    const expected = kindsAndCommands(plan(kubenet({ policy: "calico" }), OVERLAY_CILIUM_TARGET).plan);
    for (const current of CLUSTER_SHAPES) {
      for (const target of CLUSTER_SHAPES) {
        const p = plan(kubenet({ policy: "calico" }), OVERLAY_CILIUM_TARGET, INSPECTED, { current, target }).plan;
        assert.deepEqual(kindsAndCommands(p), expected, `${current} → ${target}`);
      }
    }
  });

  it("kubenet → overlay with a new pod CIDR passes it in the overlay step", () => {
    const { from, to, plan: p } = plan(kubenet(), { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" });
    assert.deepEqual(kindsAndCommands(p), [
      ["ipam", `${AZ} --network-plugin azure --network-plugin-mode overlay --pod-cidr 192.168.0.0/16`],
    ]);
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("Node Subnet + Azure NPM → overlay + Cilium: two steps, Cilium first (it replaces NPM)", () => {
    const {
      from,
      to,
      plan: p,
    } = plan(nodeSubnet({ policy: "azure" }), {
      mode: "overlay",
      podCidr: "192.168.0.0/16",
      dataplane: "cilium",
      policy: "cilium",
    });
    assert.deepEqual(kindsAndCommands(p), [
      ["dataplane", `${AZ} --network-dataplane cilium --network-policy cilium`],
      ["ipam", `${AZ} --network-plugin-mode overlay --pod-cidr 192.168.0.0/16`],
    ]);
    assert.ok(warningRules(p, 1).includes("dp-cilium-replaces-npm-calico"));
    assert.ok(warningRules(p, 2).includes("ovl-irreversible-notice"));
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("overlay + Azure NPM → Cilium: one step", () => {
    const { from, to, plan: p } = plan(overlay({ policy: "azure" }), { dataplane: "cilium", policy: "cilium" });
    assert.deepEqual(kindsAndCommands(p), [["dataplane", `${AZ} --network-dataplane cilium --network-policy cilium`]]);
    assert.ok(warningRules(p, 1).includes("dp-cilium-replaces-npm-calico"));
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("Azure NPM → Calico goes through none", () => {
    const { from, to, plan: p } = plan(overlay({ policy: "azure" }), { policy: "calico" });
    assert.deepEqual(kindsAndCommands(p), [
      ["network-policy", `${AZ} --network-policy none`],
      ["network-policy", `${AZ} --network-policy calico`],
    ]);
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("an overlay pod CIDR grows in one step", () => {
    const { from, to, plan: p } = plan(overlay({ podCidr: "10.244.0.0/16" }), { podCidr: "10.244.0.0/15" });
    assert.deepEqual(kindsAndCommands(p), [["pod-cidr", `${AZ} --pod-cidr 10.244.0.0/15`]]);
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("plans from a cluster whose plugin was left unset on 1.30+ (overlay by default) to an explicit overlay target", () => {
    const byDefault = overlay({ plugin: undefined, mode: undefined });
    const {
      from,
      to,
      plan: p,
    } = plan(byDefault, OVERLAY_CILIUM_TARGET, INSPECTED, { current: "pulumi", target: "pulumi" });
    assert.equal(from.ipamMode, "azure-cni-overlay");
    assert.deepEqual(kindsAndCommands(p), [["dataplane", `${AZ} --network-dataplane cilium --network-policy cilium`]]);
    assertPlanValid(from, to, p, INSPECTED);
    const restated = plan(byDefault, { plugin: "azure", mode: "overlay" }, INSPECTED, {
      current: "pulumi",
      target: "network-profile",
    }).plan;
    assert.deepEqual([restated.reachable, restated.steps.length], [true, 0]);
  });

  it("lets a BYO CNI pod CIDR change in one step", () => {
    const byo = { ...nodeSubnet(), plugin: "none", podCidr: "10.244.0.0/16" };
    const { from, to, plan: p } = plan(byo, { podCidr: "10.100.0.0/16" });
    assert.deepEqual(kindsAndCommands(p), [["pod-cidr", `${AZ} --pod-cidr 10.100.0.0/16`]]);
    assertPlanValid(from, to, p, INSPECTED);
  });

  it("does nothing for a cluster already at the target", () => {
    for (const [current, target] of [
      [overlayCilium(), OVERLAY_CILIUM_TARGET],
      [overlayCilium(), overlayCilium()],
      [kubenet({ policy: "calico" }), { policy: "calico" }],
    ] as [ClusterSpec, ClusterSpec][]) {
      const p = plan(current, target, { ...INSPECTED, ...vnetContext() }).plan;
      assert.deepEqual(p, { reachable: true, steps: [], blockers: [], unverified: [] }, JSON.stringify(target));
    }
  });
});

describe("planner: unreachable targets say why", () => {
  it("Pod Subnet → overlay", () => {
    assertUnreachable(
      plan(podSubnet(), { mode: "overlay", podCidr: "192.168.0.0/16" }).plan,
      "ipam-podsubnet-no-overlay",
    );
  });

  it("overlay → Node Subnet, and overlay → kubenet", () => {
    assertUnreachable(plan(overlay(), { plugin: "azure" }).plan, "ipam-overlay-irreversible");
    assertUnreachable(plan(overlay(), { plugin: "kubenet" }).plan, "ipam-overlay-irreversible");
  });

  it("Cilium with a Windows pool, inline", () => {
    assertUnreachable(
      plan(overlay({ pools: [systemPool(), windowsPool()] }), { dataplane: "cilium", policy: "cilium" }).plan,
      "dp-cilium-no-windows",
    );
    assertUnreachable(
      plan(kubenet({ pools: [systemPool(), windowsPool()] }), OVERLAY_CILIUM_TARGET).plan,
      "dp-cilium-no-windows",
    );
  });

  it("Cilium with a Windows pool declared as a separate AgentPool", () => {
    const context = { ...INSPECTED, agentPools: [separatePool(userPool()), separatePool(windowsPool())] };
    assertUnreachable(plan(overlay(), { dataplane: "cilium", policy: "cilium" }, context).plan, "dp-cilium-no-windows");
    const linuxOnly = plan(
      overlay(),
      { dataplane: "cilium", policy: "cilium" },
      { ...INSPECTED, agentPools: [separatePool(userPool())] },
    );
    assert.equal(linuxOnly.plan.steps.length, 1);
  });

  it("kubenet + Calico on Kubernetes 1.29: the Kubernetes 1.30 upgrade uninstalling Calico needs comes first, as a prerequisite", () => {
    const p = plan(kubenet({ policy: "calico", version: "1.29.9" }), OVERLAY_CILIUM_TARGET).plan;
    assert.ok(p.reachable, p.blockers.map((b) => b.rule).join(", "));
    assert.deepEqual(
      p.steps.map((s) => [s.kind, s.prerequisite]),
      [
        ["kubernetes-upgrade", true],
        ["network-policy", false],
        ["ipam", false],
        ["dataplane", false],
      ],
    );
    assert.equal(p.steps[0].azCommand, "az aks upgrade --resource-group rg-aks --name aks1 --kubernetes-version 1.30");
    const onePointThirty = plan(kubenet({ policy: "calico", version: "1.30.0" }), OVERLAY_CILIUM_TARGET).plan;
    assert.equal(onePointThirty.steps.length, 3);
    assert.ok(onePointThirty.steps.every((s) => !s.prerequisite));
  });

  it("Node Subnet → overlay without a pod CIDR, or with a custom ip-masq-agent config", () => {
    assertUnreachable(plan(nodeSubnet(), { mode: "overlay" }).plan, "ovl-podcidr-from-nodesubnet");
    assertUnreachable(
      plan(
        nodeSubnet(),
        { mode: "overlay", podCidr: "192.168.0.0/16" },
        { ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config"] },
      ).plan,
      "ovl-custom-ip-masq-agent",
    );
  });

  it("Cilium → azure data plane, and BYO CNI → anything", () => {
    assertUnreachable(plan(overlayCilium(), { dataplane: "azure", policy: "none" }).plan, "dp-no-revert-from-cilium");
    assertUnreachable(
      plan({ ...nodeSubnet(), plugin: "none" }, { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" }).plan,
      "ipam-byocni-frozen",
    );
  });

  it("a service CIDR change", () => {
    assertUnreachable(
      plan(overlay(), { serviceCidr: "10.1.0.0/16", dnsServiceIp: "10.1.0.10" }).plan,
      "cidr-service-dns-immutable",
    );
  });

  it("a target that is not a valid cluster at all", () => {
    assertUnreachable(plan(overlay(), { podCidr: "10.0.0.0/8" }).plan, "cidr-pod-vs-service");
  });
});

describe("planner: current states parsed from each shape", () => {
  it("plans from a current cluster read from ARM, az or azure-native alike", () => {
    const states: ClusterNetwork[] = CLUSTER_SHAPES.map((shape) => model(nodeSubnet({ policy: "azure" }), shape));
    const plans = states.map((s) =>
      planMigration(
        s,
        parseCluster({
          networkPluginMode: "overlay",
          podCidr: "192.168.0.0/16",
          networkDataplane: "cilium",
          networkPolicy: "cilium",
        }),
        INSPECTED,
      ),
    );
    for (const p of plans) assert.deepEqual(kindsAndCommands(p), kindsAndCommands(plans[0]));
    assert.equal(plans[0].steps.length, 2);
  });
});

describe("planner: prerequisites outside the network profile", () => {
  it("Node Subnet on 1.26 → Overlay + Cilium: one Kubernetes upgrade to 1.27, then the network steps", () => {
    const p = plan(nodeSubnet({ version: "1.26.10" }), { ...OVERLAY_CILIUM_TARGET, podCidr: "192.168.0.0/16" }).plan;
    assert.ok(p.reachable, p.blockers.map((b) => `${b.rule}: ${b.message}`).join("\n"));
    assertPlanValid(
      model(nodeSubnet({ version: "1.26.10" }), "az"),
      parseCluster(render("network-profile", { ...OVERLAY_CILIUM_TARGET, podCidr: "192.168.0.0/16" }), "target"),
      p,
      INSPECTED,
    );
    assert.deepEqual(kindsAndCommands(p)[0], [
      "kubernetes-upgrade",
      "az aks upgrade --resource-group rg-aks --name aks1 --kubernetes-version 1.27",
    ]);
    assert.deepEqual(
      p.steps
        .filter((s) => !s.prerequisite)
        .map((s) => s.kind)
        .sort(),
      ["dataplane", "ipam"],
    );
    assert.deepEqual(p.steps[0].changes, [{ field: "kubernetesVersion", from: "1.26.10", to: "1.27" }]);
  });

  it("upgrades one minor version at a time, each its own prerequisite step", () => {
    const p = plan(kubenet({ policy: "calico", version: "1.27.3" }), OVERLAY_CILIUM_TARGET).plan;
    const upgrades = p.steps.filter((s) => s.kind === "kubernetes-upgrade").map((s) => s.state.kubernetesVersion);
    assert.deepEqual(upgrades, ["1.28", "1.29", "1.30"]);
    assert.ok(p.steps.slice(0, 3).every((s) => s.prerequisite));
  });

  it("kubenet → overlay on a BYO subnet with a system-assigned identity: a user-assigned identity first", () => {
    const p = plan(kubenet({ identity: "SystemAssigned" }), { plugin: "azure", mode: "overlay" }).plan;
    assert.ok(p.reachable, p.blockers.map((b) => b.rule).join(", "));
    assert.deepEqual(
      p.steps.map((s) => [s.kind, s.prerequisite]),
      [
        ["user-assigned-identity", true],
        ["ipam", false],
      ],
    );
    assert.match(
      p.steps[0].azCommand,
      /az aks update .* --enable-managed-identity --assign-identity <identity-resource-id>$/,
    );
  });

  it("keeps a system-assigned identity the target asks for, and then refuses: the identity is the user's choice", () => {
    const p = plan(
      kubenet({ identity: "SystemAssigned" }),
      kubenet({ plugin: "azure", mode: "overlay", identity: "SystemAssigned" }),
      INSPECTED,
      { current: "az", target: "pulumi" },
    ).plan;
    assertUnreachable(p, "ovl-kubenet-needs-uami");
  });

  it("overlay with node auto-provisioning → Cilium: NAP off, the Cilium update, NAP back on", () => {
    const p = plan(overlay({ nap: true }), { dataplane: "cilium", policy: "cilium" }).plan;
    assert.ok(p.reachable, p.blockers.map((b) => b.rule).join(", "));
    assert.deepEqual(kindsAndCommands(p), [
      ["node-provisioning", `${AZ} --node-provisioning-mode Manual`],
      ["dataplane", `${AZ} --network-dataplane cilium --network-policy cilium`],
      ["node-provisioning", `${AZ} --node-provisioning-mode Auto`],
    ]);
    assert.equal(p.steps[2].state.nodeAutoProvisioning, true);
  });

  it("leaves what cannot be automated a blocker with its reason: Windows pools before Cilium, Pod Subnet → Overlay", () => {
    assertUnreachable(
      plan(overlay({ pools: [systemPool(), windowsPool()] }), { dataplane: "cilium", policy: "cilium" }).plan,
      "dp-cilium-no-windows",
    );
    assertUnreachable(
      plan(podSubnet(), { mode: "overlay", podCidr: "192.168.0.0/16" }).plan,
      "ipam-podsubnet-no-overlay",
    );
  });

  it("never plans an upgrade when the version is unknown: the floor rule is then unverified, not cured", () => {
    const p = plan(nodeSubnet({ version: undefined }), { mode: "overlay", podCidr: "192.168.0.0/16" }).plan;
    assert.ok(p.steps.every((s) => !s.prerequisite));
  });
});

describe("planner: IPv6 (since AKS release 2026-09-04)", () => {
  const ADD_IPV6: ClusterSpec = { ...DUAL_STACK, serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"] };

  it("adds IPv6 to an IPv4 overlay cluster in one planned update, with its warning", () => {
    const { from, to, plan: p } = plan(overlayCilium(), ADD_IPV6, INSPECTED, { current: "az", target: "pulumi" });
    assertPlanValid(from, to, p, INSPECTED);
    assert.deepEqual(kindsAndCommands(p), [
      [
        "ip-families",
        `${AZ} --ip-families ipv4,ipv6 --pod-cidrs 192.168.0.0/16,fd12:3456:789a::/64 --service-cidrs 10.0.0.0/16,fd12:3456:789a:1::/108`,
      ],
    ]);
    assert.ok(warningRules(p, 1).includes("cidr-ipv6-addition"));
    assert.ok(!warningRules(p, 1).includes("cidr-overlay-podcidr-expand-only"));
  });

  it("refuses to remove IPv6 from a dual-stack cluster, naming the rule", () => {
    assertUnreachable(
      plan(overlayCilium(DUAL_STACK), { ipFamilies: ["IPv4"], podCidrs: ["192.168.0.0/16"] }, INSPECTED, {
        current: "az",
        target: "pulumi",
      }).plan,
      "cidr-ipv6-removal",
    );
  });
});
