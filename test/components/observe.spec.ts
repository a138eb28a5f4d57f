import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { applyEvenIfUnknown, isNotFound } from "../../components/observe";
import { engineInvokeError, GET_MANAGED_CLUSTER } from "./mocks";

const CLUSTER_ID = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1";
const invokeError = (status: number, code: string, message = "…") =>
  new Error(
    (engineInvokeError(GET_MANAGED_CLUSTER, CLUSTER_ID, { status, code, message }) as Error & { details: string })
      .details,
  );

describe("observe: isNotFound, the live lookup's answers", () => {
  const cases: [string, unknown, boolean][] = [
    [
      "ARM 404 ResourceNotFound, as the engine relays azure-native's azcore error",
      invokeError(404, "ResourceNotFound"),
      true,
    ],
    [
      "ARM 404 ResourceGroupNotFound (the group is created by this program)",
      invokeError(404, "ResourceGroupNotFound"),
      true,
    ],
    [
      "the same answer in the provider's older autorest spelling",
      new Error(
        `request failed ${CLUSTER_ID}: autorest/azure: Service returned an error. Status=404 Code="ResourceNotFound" Message="The Resource was not found."`,
      ),
      true,
    ],
    [
      "403 AuthorizationFailed",
      invokeError(
        403,
        "AuthorizationFailed",
        "The client does not have authorization; the resource was not found in the cache.",
      ),
      false,
    ],
    ["429 throttled", invokeError(429, "TooManyRequests"), false],
    [
      "404 SubscriptionNotFound (the provider is pointed at the wrong subscription)",
      invokeError(404, "SubscriptionNotFound"),
      false,
    ],
    [
      "a credential failure that says 'not found'",
      new Error("building auth config: Azure CLI not found on path; credentials could not be found"),
      false,
    ],
    ["a plain string", "ResourceNotFoundish", false],
  ];
  for (const [label, error, expected] of cases) {
    it(`${expected ? "is" : "is not"} a create: ${label}`, () => assert.equal(isNotFound(error), expected));
  }
});

/** An output the engine does not know yet, as a preview hands the component one. */
function unknownOutput(): pulumi.Output<string> {
  const construct = pulumi.Output as unknown as new (...args: unknown[]) => pulumi.Output<string>;
  const no = Promise.resolve(false);
  return new construct(new Set(), Promise.resolve(undefined), no, no, Promise.resolve(new Set()));
}

const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

// applyEvenIfUnknown leans on Output.apply's undeclared second argument; these fail on an SDK release that drops it.
describe("observe: applyEvenIfUnknown, the SDK's undeclared runWithUnknowns argument of Output.apply", () => {
  it("Output.apply still declares a second parameter", () => {
    assert.equal(unknownOutput().apply.length, 2);
  });

  it("a plain apply skips its callback on an unknown output (why the seam exists)", async () => {
    let ran = false;
    const applied = unknownOutput().apply(() => {
      ran = true;
      return "ran";
    });
    assert.equal(await (applied as unknown as { isKnown: Promise<boolean> }).isKnown, false);
    assert.equal(ran, false);
  });

  it("runs the callback on an unknown output with pulumi.unknown, and its answer is known", async () => {
    const seen: unknown[] = [];
    const applied = applyEvenIfUnknown(unknownOutput(), async (value) => {
      seen.push(value);
      return "read";
    });
    assert.equal(await (applied as unknown as { isKnown: Promise<boolean> }).isKnown, true);
    assert.equal(await valueOf(applied), "read");
    assert.deepEqual(seen, [pulumi.unknown]);
  });

  it("hands a known value through as it is", async () => {
    const applied = applyEvenIfUnknown(pulumi.output("rg-aks"), async (value) => `seen ${String(value)}`);
    assert.equal(await valueOf(applied), "seen rg-aks");
  });
});
