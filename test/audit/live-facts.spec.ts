import { strict as assert } from "node:assert";
import fc from "fast-check";
import { RestError } from "@azure/core-rest-pipeline";
import { VnetFactsReader } from "../../arm/vnet-facts";
import { eachBounded } from "../../cli/audit/live-facts";
import { graphRow, subscriptionAt } from "../support/resource-graph-rows";

describe("audit --deep: live facts, bounded", () => {
  it("eachBounded runs every item once and never more than the limit at a time (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 10 }), async (count, limit) => {
        let inFlight = 0;
        let most = 0;
        const seen: number[] = [];
        let reported = 0;
        await eachBounded(
          Array.from({ length: count }, (_, i) => i),
          limit,
          async (item) => {
            inFlight++;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setImmediate(resolve));
            seen.push(item);
            inFlight--;
          },
          (done) => (reported = done),
        );
        return most <= limit && seen.length === count && new Set(seen).size === count && reported === count;
      }),
      { numRuns: 50 },
    );
  });

  it("a VNet the credential cannot read leaves the fact unavailable with ARM's code", async () => {
    const reader = new VnetFactsReader({
      getResource: async () => {
        throw new RestError("denied", { code: "AuthorizationFailed", statusCode: 403 });
      },
    });
    const context = await reader.read(graphRow("kubenet", subscriptionAt(1), 1));
    assert.deepEqual(context.unavailable, { vnet: "AuthorizationFailed" });
  });

  it("a cluster on the AKS-managed VNet (no vnetSubnetID) says so instead of passing the CIDR rules", async () => {
    const row = graphRow("kubenet", subscriptionAt(1), 1) as { properties: { agentPoolProfiles: object[] } };
    const pools = row.properties.agentPoolProfiles.map((p) => ({ ...p, vnetSubnetID: undefined }));
    const reader = new VnetFactsReader({
      getResource: async () => assert.fail("no VNet to read"),
    });
    const context = await reader.read({ ...row, properties: { ...row.properties, agentPoolProfiles: pools } });
    assert.match(context.unavailable?.vnet ?? "", /AKS-managed VNet/);
  });

  it("reads the VNet of the node subnet: address space and every subnet's prefixes", async () => {
    const asked: string[] = [];
    const reader = new VnetFactsReader({
      getResource: async (id) => {
        asked.push(id);
        return {
          properties: {
            addressSpace: { addressPrefixes: ["10.224.0.0/12"] },
            subnets: [
              { name: "a", properties: { addressPrefix: "10.224.0.0/16" } },
              { name: "b", properties: { addressPrefixes: ["10.225.0.0/16", "fd00::/64"] } },
              { name: "empty", properties: {} },
            ],
          },
        };
      },
    });
    const context = await reader.read(graphRow("kubenet", subscriptionAt(1), 1));
    assert.equal(asked.length, 1);
    assert.match(asked[0], /\/virtualNetworks\/vnet-rg-kubenet-1$/);
    assert.deepEqual(context, {
      vnetAddressSpaces: ["10.224.0.0/12"],
      subnets: [
        { name: "a", addressPrefixes: ["10.224.0.0/16"] },
        { name: "b", addressPrefixes: ["10.225.0.0/16", "fd00::/64"] },
      ],
    });
  });
});
