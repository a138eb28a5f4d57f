import { strict as assert } from "node:assert";
import { evaluateTransition, networkKey, parseCluster, planMigration, resolveDesired, type EvaluationContext } from "../../core";
import { azShow, clusters, WINDOWS_POOL, type ClusterDesc } from "../support/clusters";

const model = (d: ClusterDesc) => parseCluster(azShow(d));
const target = (profile: Record<string, unknown>) => parseCluster(profile);
const OVERLAY_CILIUM = { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" };

function assertEveryStepAllowed(current: ReturnType<typeof model>, steps: ReturnType<typeof planMigration>["steps"], context?: EvaluationContext) {
  let from = current;
  for (const step of steps) {
    const verdict = evaluateTransition(from, step.state, context);
    assert.equal(verdict.verdict, "allow", `step ${step.index}: ${verdict.findings.filter((f) => f.severity === "block").map((f) => f.rule)}`);
    from = step.state;
  }
}

describe("migration planner", () => {
  it("takes kubenet + Calico to Overlay + Cilium in the catalog's three steps", () => {
    const current = model(clusters.kubenet({ policy: "calico", identity: "UserAssigned" }));
    const plan = planMigration(current, target(OVERLAY_CILIUM));
    assert.equal(plan.reachable, true);
    assert.deepEqual(plan.steps.map((s) => s.kind), ["network-policy", "ipam", "dataplane"]);
    assert.deepEqual(plan.steps.map((s) => s.azCommand), [
      "az aks update --resource-group rg1 --name aks1 --network-policy none",
      "az aks update --resource-group rg1 --name aks1 --network-plugin azure --network-plugin-mode overlay",
      "az aks update --resource-group rg1 --name aks1 --network-dataplane cilium --network-policy cilium",
    ]);
    assert.ok(plan.steps[1].warnings.some((w) => w.rule === "ovl-irreversible-notice"));
    assert.ok(plan.steps[2].warnings.some((w) => w.rule === "dp-reimage-all-pools"));
    assertEveryStepAllowed(current, plan.steps);
    assert.equal(networkKey(plan.steps[2].state), networkKey(resolveDesired(current, target(OVERLAY_CILIUM))));
  });

  it("takes Node Subnet + NPM to Overlay + Cilium in two steps, Cilium first", () => {
    const current = model(clusters.nodeSubnet({ policy: "azure" }));
    const plan = planMigration(current, target({ ...OVERLAY_CILIUM, podCidr: "192.168.0.0/16" }));
    assert.deepEqual(plan.steps.map((s) => s.kind), ["dataplane", "ipam"]);
    assert.match(plan.steps[1].azCommand, /--network-plugin-mode overlay --pod-cidr 192\.168\.0\.0\/16$/);
    assert.ok(plan.steps[0].warnings.some((w) => w.rule === "dp-cilium-replaces-npm-calico"));
    assertEveryStepAllowed(current, plan.steps);
  });

  it("takes Overlay + NPM to Cilium in one step", () => {
    const plan = planMigration(model(clusters.overlay({ policy: "azure" })), target({ networkDataplane: "cilium", networkPolicy: "cilium" }));
    assert.deepEqual(plan.steps.map((s) => s.kind), ["dataplane"]);
  });

  it("expands an overlay pod CIDR in one step", () => {
    const plan = planMigration(model(clusters.overlay({ podCidr: "192.168.0.0/17" })), target({ podCidr: "192.168.0.0/16" }));
    assert.deepEqual(plan.steps.map((s) => s.azCommand), ["az aks update --resource-group rg1 --name aks1 --pod-cidr 192.168.0.0/16"]);
  });

  it("has nothing to do at the target", () => {
    const plan = planMigration(model(clusters.overlayCilium()), target(OVERLAY_CILIUM));
    assert.deepEqual(plan, { reachable: true, steps: [], blockers: [] });
  });

  const unreachable: [string, ClusterDesc, Record<string, unknown>, string, EvaluationContext?][] = [
    ["Pod Subnet → Overlay", clusters.podSubnet(), { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }, "ipam-podsubnet-no-overlay"],
    ["Overlay → Node Subnet", clusters.overlay(), { networkPlugin: "azure" }, "ipam-overlay-irreversible"],
    ["Cilium with an inline Windows pool", clusters.overlay({ pools: [{ name: "system", mode: "System", count: 3 }, WINDOWS_POOL] }), { networkDataplane: "cilium", networkPolicy: "cilium" }, "dp-cilium-no-windows"],
    [
      "Cilium with a Windows pool declared as a separate AgentPool",
      clusters.overlay(),
      { networkDataplane: "cilium", networkPolicy: "cilium" },
      "dp-cilium-no-windows",
      { agentPools: [{ name: "win1", osType: "Windows", separate: true, availabilitySet: false }] },
    ],
    ["kubenet + Calico on Kubernetes 1.29", clusters.kubenet({ policy: "calico", version: "1.29.9", identity: "UserAssigned" }), OVERLAY_CILIUM, "np-install-uninstall-k8s-floor"],
    ["a service CIDR change", clusters.overlay(), { serviceCidr: "10.1.0.0/16", dnsServiceIP: "10.1.0.10" }, "cidr-service-dns-immutable"],
  ];
  for (const [name, current, to, rule, context] of unreachable) {
    it(`refuses ${name} with ${rule}`, () => {
      const plan = planMigration(model(current), target(to), context);
      assert.equal(plan.reachable, false);
      assert.deepEqual(plan.steps, []);
      assert.ok(plan.blockers.some((b) => b.rule === rule), plan.blockers.map((b) => b.rule).join());
      assert.ok(plan.blockers.every((b) => b.severity === "block"));
    });
  }
});
