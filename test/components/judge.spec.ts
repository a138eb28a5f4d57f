import { strict as assert } from "node:assert";
import fc from "fast-check";
import { judgeComponent, refusalsWithoutCluster } from "../../components/judge";
import {
  componentInputsToClusterArgs,
  describeFinding,
  evaluateProfile,
  evaluateTransition,
  parseCluster,
  ruleById,
} from "../../core";
import {
  armCluster,
  byoCni,
  kubenet,
  nodeSubnet,
  overlay,
  POD_SUBNET_ID,
  systemPool,
  windowsPool,
} from "../support/fixtures";

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Plain component inputs: any combination of the network fields, some pool layouts. */
const componentInputsArb = fc
  .record({
    plugin: fc.constantFrom("azure", "kubenet", "none"),
    pluginMode: opt(fc.constant("overlay")),
    dataplane: opt(fc.constantFrom("azure", "cilium")),
    policy: opt(fc.constantFrom("none", "azure", "calico", "cilium")),
    podCidr: opt(
      fc.constantFrom("10.244.0.0/16", "192.168.0.0/16", "10.0.0.0/8", "172.30.0.0/16", "8.8.0.0/16", "100.64.0.0/24"),
    ),
    serviceCidr: opt(fc.constantFrom("10.0.0.0/16", "172.31.0.0/16", "10.0.0.0/8")),
    dnsServiceIp: opt(fc.constantFrom("10.0.0.10", "10.0.0.0")),
    kubernetesVersion: opt(fc.constantFrom("1.29", "1.31")),
    nodePools: fc.constantFrom<Record<string, unknown>[][]>(
      [{ name: "system", mode: "System", vmSize: "x", count: 3 }],
      [
        { name: "system", mode: "System", vmSize: "x", count: 3 },
        { name: "win1", osType: "Windows", vmSize: "x", count: 2 },
      ],
      [{ name: "system", mode: "System", vmSize: "x", count: 3, maxCount: 400 }],
      [{ name: "system", mode: "System", vmSize: "x", count: 3, podSubnetId: POD_SUBNET_ID }],
    ),
  })
  .map(({ kubernetesVersion, nodePools, ...network }) => ({
    clusterName: "aks1",
    resourceGroupName: "rg-aks",
    kubernetesVersion,
    network,
    nodePools,
    migration: "stepwise",
  }));

/** Live clusters as getManagedCluster could return them: every IPAM mode, policies, Cilium, Windows, NAP, CIDRs. */
const liveClusterArb = fc
  .record({
    mode: fc.constantFrom(kubenet, nodeSubnet, overlay, byoCni),
    dataplane: opt(fc.constant("cilium")),
    policy: opt(fc.constantFrom("none", "azure", "calico", "cilium")),
    podCidr: fc.constantFrom("10.244.0.0/16", "172.16.0.0/12", "172.30.0.0/16", "10.0.0.0/8"),
    serviceCidr: fc.constantFrom("10.0.0.0/16", "172.31.0.0/16", "10.0.0.0/8"),
    windows: fc.boolean(),
    nap: opt(fc.boolean()),
  })
  .map(({ mode, windows, serviceCidr, ...rest }) =>
    armCluster(
      mode({
        ...rest,
        serviceCidr,
        dnsServiceIp: serviceCidr.replace(/0\/\d+$/, "10"),
        pools: windows ? [systemPool(), windowsPool()] : [systemPool()],
      }),
    ),
  );

describe("refusals raised before the live cluster is read", () => {
  it("never refuse what the full judgment would allow: every one also refuses the create and every update from a live cluster", () => {
    let refusedEarly = 0;
    fc.assert(
      fc.property(componentInputsArb, liveClusterArb, (inputs, live) => {
        const early = refusalsWithoutCluster("aks1", inputs);
        if (early.length === 0) return;
        refusedEarly++;
        assert.notDeepEqual(judgeComponent("aks1", inputs, undefined).blocks, [], `as a create: ${early.join(" ")}`);
        assert.notDeepEqual(judgeComponent("aks1", inputs, live).blocks, [], `as an update: ${early.join(" ")}`);
      }),
      { numRuns: 3000, seed: 20261123 },
    );
    assert.ok(refusedEarly > 300, `the generator reaches early refusals (${refusedEarly})`);
  });

  it("are exactly the profile blocks of both scopes that refuse the create and also keeping the cluster as declared", () => {
    fc.assert(
      fc.property(componentInputsArb, (inputs) => {
        const desired = parseCluster(componentInputsToClusterArgs(inputs, "aks1"), "aks1");
        const kept = new Set(
          evaluateTransition(desired, desired)
            .findings.filter((f) => f.severity === "block")
            .map((f) => f.rule),
        );
        const expected = evaluateProfile(desired)
          .findings.filter((f) => {
            const rule = ruleById(f.rule);
            return f.severity === "block" && rule?.kind === "profile" && rule.scope === "both" && kept.has(f.rule);
          })
          .map(describeFinding);
        assert.deepEqual(refusalsWithoutCluster("aks1", inputs), expected);
      }),
      { numRuns: 2000, seed: 20261202 },
    );
  });

  it("say the rule id and the fix, and leave out what depends on the cluster existing", () => {
    const pools = [
      { name: "system", mode: "System", vmSize: "x", count: 3 },
      { name: "win1", osType: "Windows", vmSize: "x", count: 2 },
    ];
    const cilium = {
      plugin: "azure",
      pluginMode: "overlay",
      dataplane: "cilium",
      policy: "cilium",
      podCidr: "192.168.0.0/16",
    };
    assert.deepEqual(
      refusalsWithoutCluster("aks1", { network: cilium, nodePools: pools }).map(
        (r) => r.match(/^\[([\w-]+)\].* Fix: \S/s)?.[1],
      ),
      ["dp-cilium-no-windows"],
    );
    // A /8 service CIDR is refused for a create only (cidr-service-size); an existing cluster keeps the one it has.
    const wideServices = {
      network: { ...cilium, serviceCidr: "10.0.0.0/8", dnsServiceIp: "10.0.0.10" },
      nodePools: pools.slice(0, 1),
    };
    assert.deepEqual(refusalsWithoutCluster("aks1", wideServices), []);
    assert.match(judgeComponent("aks1", wideServices, undefined).blocks.join(), /\[cidr-service-size\]/);
  });
});
