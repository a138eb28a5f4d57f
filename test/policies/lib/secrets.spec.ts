import { strict as assert } from "node:assert";
import { secret } from "../../support/policy-server";
import { usePack } from "../support/in-process-pack";
import fc from "fast-check";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../../policies/all";
import { rawProps } from "../../../policies/lib/cluster-analysis";
import { resourceArb } from "../../fuzz/generators";
import { kubenet, overlay, overlayCilium } from "../../support/fixtures";
import { byPolicy, clusterResource, MANAGED_CLUSTER, mandatory, summary } from "../support/resources";

function pulumiOf(spec: Parameters<typeof clusterResource>[0]): Record<string, unknown> {
  return structuredClone(clusterResource(spec).props) as Record<string, unknown>;
}

describe("secrets: judged, never printed", function () {
  this.timeout(60_000);
  const pack = usePack();

  it("judges secret values but never prints them, in findings and in input errors", async () => {
    const props = pulumiOf(kubenet({ name: "aks-secret-7f3a", podCidr: "172.16.0.0/12" }));
    props.resourceName = secret("aks-secret-7f3a");
    (props.networkProfile as Record<string, unknown>).podCidr = secret("172.16.0.0/12");
    const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "s", props });
    assert.ok(
      mandatory(result).some((d) => d.policyName === "cidr-reserved-ranges"),
      summary(result),
    );
    for (const d of result.diagnostics) assert.ok(!/172\.16\.0\.0\/12|aks-secret-7f3a/.test(d.message), d.message);

    const bad = pulumiOf(overlay());
    (bad.networkProfile as Record<string, unknown>).serviceCidr = secret("10.96.0.0/33-hidden");
    const invalid = await pack.analyze({ type: MANAGED_CLUSTER, name: "t", props: bad });
    assert.match(byPolicy(invalid, "cluster-input")[0].message, /networkProfile\.serviceCidr/);
    for (const d of invalid.diagnostics) assert.ok(!d.message.includes("10.96.0.0/33-hidden"), d.message);
  });
});

/** A policy that records the props object under the server's proxy each time it runs. */
function recorder(name: string, seen: object[]): ResourceValidationPolicy {
  return {
    name,
    description: "records its props",
    enforcementLevel: "advisory",
    validateResource: (args) => void seen.push(rawProps(args.props)),
  };
}

describe("secrets: props decoded once per request, by the deserializer patch", function () {
  this.timeout(60_000);
  const pack = usePack();

  it("hands every policy of one Analyze the same decoded props, each behind its own unknown-checking proxy", async () => {
    const seen: object[] = [];
    const proxies: object[] = [];
    const proxyRecorder: ResourceValidationPolicy = {
      name: "proxy",
      description: "records the proxy",
      enforcementLevel: "advisory",
      validateResource: (args) => void proxies.push(args.props),
    };
    await pack.analyze(clusterResource(overlayCilium()), [
      recorder("a", seen),
      recorder("b", seen),
      proxyRecorder,
      proxyRecorder,
    ]);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
    assert.notEqual(proxies[0], proxies[1]);
    assert.equal((seen[0] as { resourceName?: unknown }).resourceName, "aks1");
  });

  it("is safe to share: no policy of the pack writes to the props it is handed (fast-check over hostile resources)", async () => {
    const resourcePolicies = allPolicies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
    await fc.assert(
      fc.asyncProperty(resourceArb({ secrets: true }), async (resource) => {
        let before: unknown;
        let shared: object | undefined;
        const snapshot: ResourceValidationPolicy = {
          name: "snapshot",
          description: "d",
          enforcementLevel: "advisory",
          validateResource: (args) => {
            shared = rawProps(args.props);
            before = structuredClone(shared);
          },
        };
        let after: unknown;
        const compare: ResourceValidationPolicy = {
          name: "compare",
          description: "d",
          enforcementLevel: "advisory",
          validateResource: (args) => {
            assert.equal(rawProps(args.props), shared, "every policy got the same decoded props");
            after = structuredClone(rawProps(args.props));
          },
        };
        await pack.analyze(resource, [snapshot, ...resourcePolicies, compare]);
        assert.deepEqual(after, before);
      }),
      { numRuns: 300 },
    );
  });

  it("decodes each request afresh: a second Analyze of the same resource gets its own props", async () => {
    const seen: object[] = [];
    await pack.analyze(clusterResource(overlayCilium()), recorder("a", seen));
    await pack.analyze(clusterResource(overlayCilium()), recorder("a", seen));
    assert.equal(seen.length, 2);
    assert.notEqual(seen[0], seen[1]);
  });

  it("still unwraps secrets for the policies and keeps their text out of every message", async () => {
    const seen: object[] = [];
    const resource = clusterResource(overlayCilium());
    const props = {
      ...resource.props,
      networkProfile: { ...(resource.props.networkProfile as object), podCidr: secret("10.10.0.0/8") },
    };
    await pack.analyze({ ...resource, props }, recorder("a", seen));
    assert.equal((seen[0] as { networkProfile: { podCidr: unknown } }).networkProfile.podCidr, "10.10.0.0/8");
    const result = await pack.analyze({ ...resource, props });
    assert.ok(result.diagnostics.length > 0, "a /8 pod CIDR over the service range is reported");
    for (const d of result.diagnostics) assert.ok(!d.message.includes("10.10.0.0/8"), d.message);
  });
});
