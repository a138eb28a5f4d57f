import { strict as assert } from "node:assert";
import fc from "fast-check";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../policies/all";
import { resourceArb } from "../fuzz/generators";
import { runResourcePolicy, runStackPolicy } from "../support/policy-args";

const resourcePolicies = allPolicies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
const stackPolicies = allPolicies.filter((p): p is StackValidationPolicy => "validateStack" in p);
const RESOURCES = 5000;

describe("policy pack robustness (fast-check, unit layer)", function () {
  this.timeout(300_000);

  it(`answers ${RESOURCES} generated hostile resources from every policy without throwing`, async () => {
    let resources = 0;
    await fc.assert(
      fc.asyncProperty(resourceArb({ secrets: false }), async (resource) => {
        resources++;
        // The server deserializes props afresh per policy; one copy per resource is enough for the policies' reading.
        const copy = { ...resource, props: structuredClone(resource.props) };
        for (const policy of resourcePolicies) {
          const reports = await runResourcePolicy(policy, copy, { alreadyCloned: true });
          for (const r of reports) assert.ok(typeof r.message === "string" && r.message.length > 0, policy.name);
        }
      }),
      { numRuns: RESOURCES },
    );
    assert.equal(resources >= RESOURCES, true);
  });

  it("answers generated hostile stacks from every stack policy without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(resourceArb({ secrets: false }), { minLength: 1, maxLength: 8 }), async (resources) => {
        for (const policy of stackPolicies) {
          const reports = await runStackPolicy(policy, resources);
          for (const r of reports) assert.ok(r.message.length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
