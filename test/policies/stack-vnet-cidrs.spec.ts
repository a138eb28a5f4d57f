import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  evaluateProfile,
  parseAgentPool,
  parseCluster,
  unverifiedText,
  type Evaluation,
  type EvaluationContext,
  type Finding,
} from "../../core";
import { rulesUnverified } from "../../policies/rules-unverified";
import { findingMessage } from "../../policies/lib/report";
import { redactSecrets } from "../../policies/lib/secrets";
import { stackAgentPools } from "../../policies/stack-agent-pools";
import { stackVnetCidrs } from "../../policies/stack-vnet-cidrs";
import {
  agentPoolArgs,
  DUAL_STACK,
  kubenet,
  nodeSubnet,
  overlay,
  overlayCilium,
  pulumiClusterArgs,
  userPool,
  windowsPool,
} from "../support/fixtures";
import { UNKNOWN, type EngineResource } from "../support/policy-server";
import { agentPoolResource, clusterResource, mandatory, SUBNET, summary, vnetResource } from "./support/resources";
import { defined } from "../support/defined";
import { usePack } from "./support/in-process-pack";

describe("stack-vnet-cidrs: the cluster's VNet declared in the stack", function () {
  this.timeout(60_000);
  const pack = usePack({}, before);

  const vnet = (subnets = [{ name: "snet-nodes", addressPrefixes: ["10.240.0.0/22"] }]) =>
    vnetResource({ addressSpaces: ["10.240.0.0/16"], subnets });

  it("blocks a pod CIDR over a subnet, warns on one over the unused address space, and passes one outside", async () => {
    const over = await pack.analyzeStack(
      [clusterResource(overlay({ podCidr: "10.240.0.0/16" })), vnet()],
      stackVnetCidrs,
    );
    assert.ok(
      mandatory(over).some((d) => /\[cidr-pod-vs-subnets\] \(stack-vnet-cidrs\)$/.test(d.message)),
      summary(over),
    );
    const unused = await pack.analyzeStack(
      [clusterResource(overlay({ podCidr: "10.240.128.0/17" })), vnet()],
      stackVnetCidrs,
    );
    assert.deepEqual(mandatory(unused), [], summary(unused));
    assert.ok(
      unused.diagnostics.some((d) => d.enforcementLevel === "advisory"),
      summary(unused),
    );
    assert.deepEqual((await pack.analyzeStack([clusterResource(overlay()), vnet()], stackVnetCidrs)).diagnostics, []);
  });

  it("reads subnets declared as Subnet resources, by VNet name or, when that is unknown, by dependency on the VNet", async () => {
    const bare = vnet([]);
    const byName: EngineResource = {
      type: SUBNET,
      name: "nodes",
      props: {
        resourceGroupName: "rg-net",
        virtualNetworkName: "vnet-aks",
        subnetName: "snet-nodes",
        addressPrefix: "10.240.0.0/22",
      },
    };
    const byDependency: EngineResource = {
      ...byName,
      props: { ...byName.props, virtualNetworkName: UNKNOWN },
      dependencies: [defined(bare.urn, "the cluster URN")],
    };
    for (const subnet of [byName, byDependency]) {
      const result = await pack.analyzeStack(
        [clusterResource(overlay({ podCidr: "10.240.0.0/20" })), bare, subnet],
        stackVnetCidrs,
      );
      assert.ok(
        mandatory(result).some((d) => /\[cidr-pod-vs-subnets\]/.test(d.message)),
        summary(result),
      );
    }
  });

  it("does not repeat what the separate pools alone add (that is stack-agent-pools' to report)", async () => {
    const result = await pack.analyzeStack([
      clusterResource(overlayCilium()),
      agentPoolResource(windowsPool(), "aks1", "rg-aks"),
      vnet(),
    ]);
    assert.deepEqual(
      mandatory(result).map((d) => d.policyName),
      ["stack-agent-pools"],
      summary(result),
    );
  });

  it("every stack policy reports what whole evaluations of the cluster say, in any order (fast-check over stacks)", async () => {
    const clusterArb = fc.record({
      make: fc.constantFrom(overlay, overlayCilium, kubenet, nodeSubnet),
      podCidr: fc.constantFrom(undefined, "10.240.0.0/16", "10.240.128.0/17", "10.244.0.0/16", "172.16.0.0/12"),
      serviceCidr: fc.constantFrom(undefined, "10.240.4.0/24", "10.0.0.0/16", "169.254.0.0/16"),
      dualStack: fc.boolean(),
    });
    const vnetArb = fc.record({
      addressSpaces: fc.constantFrom(
        [],
        ["10.240.0.0/16"],
        ["10.0.0.0/8"],
        ["172.30.0.0/16"],
        ["10.240.0.0/16", "fd12:3456:789a::/48"],
      ),
      subnets: fc.constantFrom<{ name: string; addressPrefixes: string[] }[]>(
        [],
        [{ name: "snet-nodes", addressPrefixes: ["10.240.0.0/22"] }],
        [{ name: "wide", addressPrefixes: ["10.0.0.0/8"] }],
        [
          { name: "empty", addressPrefixes: [] },
          { name: "v6", addressPrefixes: ["fd12:3456:789a:1::/108"] },
        ],
      ),
    });
    const poolArb = fc.constantFrom(undefined, userPool(), windowsPool());
    const policiesArb = fc.shuffledSubarray([stackAgentPools, stackVnetCidrs, rulesUnverified], { minLength: 1 });
    await fc.assert(
      fc.asyncProperty(clusterArb, vnetArb, poolArb, policiesArb, async (c, vnetSpec, pool, policies) => {
        const plain = c.make(
          c.serviceCidr !== undefined ? { serviceCidr: c.serviceCidr, dnsServiceIp: undefined } : {},
        );
        const pod = c.podCidr ?? plain.podCidr;
        const spec = c.dualStack
          ? {
              ...plain,
              ...DUAL_STACK,
              podCidr: undefined,
              podCidrs: pod === undefined ? undefined : [pod, "fd12:3456:789a::/64"],
              serviceCidr: undefined,
              serviceCidrs: [plain.serviceCidr ?? "10.0.0.0/16", "fd12:3456:789a:1::/108"],
            }
          : { ...plain, ...(pod !== undefined ? { podCidr: pod } : {}) };
        const resources = [
          clusterResource(spec),
          vnetResource(vnetSpec),
          ...(pool !== undefined ? [agentPoolResource(pool)] : []),
        ];
        const result = await pack.analyzeStack(resources, policies);
        // The oracle: whole evaluations of the cluster alone, with its pools, and with its pools and the VNet.
        const model = parseCluster(pulumiClusterArgs(spec), "aks1", { unknowns: "collect" });
        const props = pool === undefined ? undefined : agentPoolArgs(pool);
        const agentPools =
          props === undefined
            ? []
            : [parseAgentPool({ ...props, name: props.agentPoolName }, "pool", { unknowns: "collect" })];
        const declared: EvaluationContext = {
          vnetAddressSpaces: vnetSpec.addressSpaces,
          subnets: vnetSpec.subnets.filter((s) => s.addressPrefixes.length > 0),
        };
        const alone = evaluateProfile(model, {});
        const withPools = evaluateProfile(model, { agentPools });
        const withVnet = evaluateProfile(model, { agentPools, ...declared });
        const key = (f: Finding) => `${f.rule}\u0000${f.message}`;
        const gained = (from: Evaluation, to: Evaluation, policy: string) => {
          const known = new Set(from.findings.map(key));
          return to.findings
            .filter((f) => !known.has(key(f)))
            .map((f) => ({
              policy,
              message: `${findingMessage(f, "aks1")} (${policy})`,
              level: f.severity === "block" ? "mandatory" : "advisory",
            }));
        };
        const names = new Set(policies.map((p) => p.name));
        const unverified = [
          ...new Set(withVnet.unverified.map((u) => `aks1: rule ${u.rule} was not checked. Fix: ${unverifiedText(u)}`)),
        ];
        const expected = [
          ...(pool !== undefined ? gained(alone, withPools, "stack-agent-pools") : []),
          ...gained(withPools, withVnet, "stack-vnet-cidrs"),
          ...unverified.map((text) => ({
            policy: "rules-unverified",
            message: `${text} [rules-unverified]`,
            level: "advisory",
          })),
        ].filter((d) => names.has(d.policy));
        // As every message is: with the text of any secret an earlier request carried redacted.
        for (const d of expected) d.message = redactSecrets(d.message);
        const reported = result.diagnostics.map((d) => ({
          policy: d.policyName,
          message: d.message,
          level: d.enforcementLevel,
        }));
        const sorted = (xs: readonly { policy: string; message: string; level: string }[]) =>
          [...xs].sort((a, b) => `${a.policy} ${a.message}`.localeCompare(`${b.policy} ${b.message}`));
        assert.deepEqual(sorted(reported), sorted(expected), summary(result));
      }),
      { numRuns: 150 },
    );
  });
});
