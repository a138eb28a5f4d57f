import { strict as assert } from "node:assert";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { neverThrows } from "../../../policies/lib/guard";
import { MANAGED_CLUSTER } from "../support/resources";

describe("guard: neverThrows", function () {
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
    return (policy.validateResource as ((a: ResourceValidationArgs, r: ReportViolation) => void | Promise<void>)[])[0];
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
