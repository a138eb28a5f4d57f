import { strict as assert } from "node:assert";
import fc from "fast-check";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../policies/all";
import { rawProps } from "../../policies/lib/cluster-analysis";
import { neverThrows } from "../../policies/lib/guard";
import { notApplicable, onlyFor } from "../../policies/lib/not-applicable";
import { isManagedCluster } from "../../policies/lib/resource-types";
import { resourceArb } from "../fuzz/generators";
import { overlayCilium, systemPool } from "../support/fixtures";
import { secret } from "../support/policy-server";
import { InProcessPack } from "./support/in-process-pack";
import { agentPoolResource, clusterResource, MANAGED_CLUSTER } from "./support/resources";

/** A policy that records the props object under the server's proxy each time it runs. */
function recorder(name: string, seen: object[]): ResourceValidationPolicy {
  return {
    name,
    description: "records its props",
    enforcementLevel: "advisory",
    validateResource: (args) => void seen.push(rawProps(args.props)),
  };
}

describe("policies (unit): what the pack adds to @pulumi/policy's cost per request", function () {
  this.timeout(60_000);
  const pack = InProcessPack.get();

  beforeEach(async () => {
    await pack.configure({});
    await pack.configureStack({ stack: "dev", project: "proj" });
  });

  describe("props decoded once per request", () => {
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

  describe("not applicable, signalled once and without a stack trace", () => {
    it("reports every cluster-only policy not applicable to an AgentPool, with its reason, and no diagnostic", async () => {
      const result = await pack.analyze(agentPoolResource(systemPool()));
      const clusterOnly = allPolicies.filter(
        (p) => "validateResource" in p && p.name !== "agent-pool-input" && p.name !== "component-transition",
      );
      const reported = new Map(result.notApplicable.map((n) => [n.policyName, n.reason]));
      for (const policy of clusterOnly) assert.match(reported.get(policy.name) ?? "", /ManagedCluster/, policy.name);
      assert.equal(reported.has("agent-pool-input"), false);
      assert.deepEqual(result.diagnostics, []);
    });

    it("does not run a guarded validation on a resource type it is not for", async () => {
      let runs = 0;
      const policy = neverThrows<ResourceValidationPolicy>({
        name: "clusters-only",
        description: "d",
        enforcementLevel: "mandatory",
        validateResource: onlyFor(isManagedCluster, "clusters only", () => void runs++),
      });
      const onPool = await pack.analyze(agentPoolResource(systemPool()), policy);
      assert.deepEqual(onPool.notApplicable, [{ policyName: "clusters-only", reason: "clusters only" }]);
      assert.equal(runs, 0);
      const onCluster = await pack.analyze(clusterResource(overlayCilium()), policy);
      assert.deepEqual(onCluster.notApplicable, []);
      assert.equal(runs, 1);
    });

    it("captures no stack trace for the signal and leaves Error.stackTraceLimit as it found it", () => {
      const before = Error.stackTraceLimit;
      let thrown: unknown;
      try {
        notApplicable(
          {
            notApplicable: (reason?: string) => {
              throw new Error(reason);
            },
          },
          "not for this type",
        );
      } catch (error) {
        thrown = error;
      }
      assert.equal((thrown as Error).message, "not for this type");
      assert.equal((thrown as Error).stack?.includes("\n    at "), false);
      assert.equal(Error.stackTraceLimit, before);
      assert.ok(new Error("x").stack?.includes("\n    at "), "later errors still carry a trace");
    });
  });

  describe("neverThrows", () => {
    type Violation = { message: string; enforcementLevel?: string };
    const record = (into: Violation[]) =>
      ((violation: string | Violation) =>
        void into.push(typeof violation === "string" ? { message: violation } : violation)) as ReportViolation;
    const args = { type: MANAGED_CLUSTER } as ResourceValidationArgs;
    const guard = (validate: (a: ResourceValidationArgs, r: ReportViolation) => void | Promise<void>) => {
      const policy = neverThrows<ResourceValidationPolicy>({
        name: "p",
        description: "d",
        enforcementLevel: "mandatory",
        validateResource: validate,
      });
      return (
        policy.validateResource as ((a: ResourceValidationArgs, r: ReportViolation) => void | Promise<void>)[]
      )[0];
    };

    it("keeps a synchronous validation synchronous and passes its reports through", () => {
      const reports: Violation[] = [];
      const result = guard((_a, report) => report("found"))(args, record(reports));
      assert.equal(result, undefined);
      assert.deepEqual(reports, [{ message: "found" }]);
    });

    it("turns a synchronous throw into an advisory naming the policy and the error", () => {
      const reports: Violation[] = [];
      guard(() => {
        throw new TypeError("bad field");
      })(args, record(reports));
      assert.equal(reports.length, 1);
      assert.match(reports[0].message, /^p could not evaluate this input \(TypeError: bad field\)/);
      assert.equal(reports[0].enforcementLevel, "advisory");
    });

    it("turns an asynchronous rejection into the same advisory", async () => {
      const reports: Violation[] = [];
      await guard(async () => {
        throw new RangeError("late");
      })(args, record(reports));
      assert.match(reports[0]?.message ?? "", /\(RangeError: late\)/);
      assert.equal(reports[0]?.enforcementLevel, "advisory");
    });

    it("lets the server's not-applicable signal through, thrown or rejected", async () => {
      const signal = () => {
        throw new (class NotApplicableError extends Error {})("n/a");
      };
      assert.throws(() => guard(signal)(args, () => undefined), /n\/a/);
      await assert.rejects(async () => guard(async () => signal())(args, () => undefined), /n\/a/);
    });
  });
});
