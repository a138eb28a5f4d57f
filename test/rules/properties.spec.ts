import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  evaluateProfile,
  evaluateTransition,
  InputError,
  networkKey,
  parseCluster,
  planMigration,
  resolveDesired,
  UnknownValueError,
  type ClusterNetwork,
} from "../../core";
import { azShow, POD_SUBNET_ID, SUBNET_ID, WINDOWS_POOL, type ClusterDesc, type PoolDesc } from "../support/clusters";

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const poolArb: fc.Arbitrary<PoolDesc[]> = fc.constantFrom<PoolDesc[]>(
  [{ name: "system", mode: "System", count: 3 }],
  [{ name: "system", mode: "System", count: 3, vnetSubnetId: SUBNET_ID }],
  [{ name: "system", mode: "System", count: 3, vnetSubnetId: SUBNET_ID, podSubnetId: POD_SUBNET_ID }],
  [{ name: "system", mode: "System", count: 3 }, WINDOWS_POOL],
  [{ name: "system", mode: "System", count: 2, maxCount: 300 }],
);

const descArb: fc.Arbitrary<ClusterDesc> = fc.record({
  version: fc.constantFrom("1.26.6", "1.29.9", "1.30.4", "1.31.2", "1.33.0"),
  plugin: opt(fc.constantFrom("azure", "kubenet", "none", "Azure")),
  mode: opt(fc.constantFrom("overlay", "Overlay")),
  dataplane: opt(fc.constantFrom("azure", "cilium")),
  policy: opt(fc.constantFrom("none", "azure", "calico", "cilium")),
  podCidr: opt(fc.constantFrom("10.244.0.0/16", "192.168.0.0/16", "192.168.0.0/17", "172.16.0.0/12", "10.240.0.0/16", "100.64.0.0/24")),
  serviceCidr: opt(fc.constantFrom("10.0.0.0/16", "10.1.0.0/16")),
  identity: opt(fc.constantFrom("SystemAssigned", "UserAssigned")),
  nap: opt(fc.boolean()),
  pools: poolArb,
});

const contextArb = fc.record({
  subnets: fc.constantFrom(undefined, [{ name: "nodes", addressPrefixes: ["10.240.0.0/22"] }]),
  vnetAddressSpaces: fc.constantFrom(undefined, ["10.240.0.0/16"]),
  ipMasqAgentConfigMaps: fc.constantFrom(undefined, [], ["azure-ip-masq-agent-config"]),
});

const model = (d: ClusterDesc): ClusterNetwork => parseCluster(azShow(d));
const isCilium = (c: ClusterNetwork) => c.networkDataplane === "cilium";

describe("core properties (fast-check)", () => {
  it("parsing arbitrary JSON returns a model or throws InputError / UnknownValueError, nothing else", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ networkProfile: fc.anything(), agentPoolProfiles: fc.anything(), resourceName: fc.anything() })), (input) => {
        try {
          parseCluster(input);
        } catch (error) {
          assert.ok(error instanceof InputError || error instanceof UnknownValueError, `unexpected ${String(error)}`);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("parsing valid clusters with one field replaced by junk never throws anything but InputError", () => {
    const junk = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()), fc.constant("10.0.0.0/33"), fc.constant("::/0"));
    fc.assert(
      fc.property(descArb, fc.constantFrom("networkPlugin", "networkPolicy", "podCidr", "serviceCidr", "dnsServiceIp", "ipFamilies", "podCidrs"), junk, (desc, key, value) => {
        const input = azShow(desc) as { networkProfile: Record<string, unknown> };
        input.networkProfile[key] = value;
        try {
          const m = parseCluster(input);
          evaluateProfile(m);
        } catch (error) {
          assert.ok(error instanceof InputError, `unexpected ${String(error)}`);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("evaluates any parsed cluster, as a create and as an update from any other, without throwing or failing a rule", () => {
    fc.assert(
      fc.property(descArb, descArb, contextArb, (a, b, context) => {
        const current = model(a);
        const desired = model(b);
        for (const verdict of [evaluateProfile(desired, context), evaluateTransition(current, desired, context)]) {
          assert.ok(verdict.verdict === "allow" || verdict.verdict === "block");
          const broken = verdict.findings.filter((f) => f.message.includes("could not run"));
          assert.deepEqual(broken.map((f) => f.message), []);
        }
      }),
      { numRuns: 700 },
    );
  });

  it("plans only steps that evaluateTransition allows, ending at the target's network fields", () => {
    fc.assert(
      fc.property(descArb, descArb, contextArb, (a, b, context) => {
        const current = model(a);
        const target = model({ ...b, pools: [] });
        const plan = planMigration(current, target, context);
        if (!plan.reachable) {
          assert.ok(plan.blockers.length > 0 && plan.blockers.every((f) => f.severity === "block"));
          return;
        }
        let from = current;
        for (const step of plan.steps) {
          const verdict = evaluateTransition(from, step.state, context);
          assert.equal(verdict.verdict, "allow", `${step.title}: ${verdict.findings.filter((f) => f.severity === "block").map((f) => f.rule)}`);
          from = step.state;
        }
        assert.equal(networkKey(from), networkKey(resolveDesired(current, target)));
      }),
      { numRuns: 400 },
    );
  });

  it("lets no sequence of allowed steps leave overlay or go from kubenet to Cilium in one step", () => {
    fc.assert(
      fc.property(descArb, fc.array(descArb, { minLength: 1, maxLength: 6 }), (start, walk) => {
        let state = model(start);
        for (const next of walk) {
          const desired = model({ ...next, pools: [] });
          if (evaluateTransition(state, desired).verdict === "block") continue;
          const after = resolveDesired(state, desired);
          if (state.ipamMode === "azure-cni-overlay") assert.equal(after.ipamMode, "azure-cni-overlay", "left overlay");
          if (state.ipamMode === "kubenet") assert.ok(!isCilium(after), "kubenet straight to Cilium");
          if (isCilium(state)) assert.ok(isCilium(after), "left Cilium");
          state = after;
        }
      }),
      { numRuns: 700 },
    );
  });
});
