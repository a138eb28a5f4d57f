import { strict as assert } from "node:assert";
import { credentialFrom } from "../../arm/credentials";
import { resourceGraphRowReader } from "../../arm/live-facts";
import { withFakeArm } from "../support/loopback-arm";
import { APP_SUB, CLUSTER_NAME, CLUSTER_RG, HUB_PEERING, seedEstate, VNET_ID } from "../support/live-estate";

const TOKEN = "audit-deep-token-5e4d";

describe("audit --deep: the row reader: a Resource Graph row judged in its live network (loopback HTTPS ARM)", function () {
  this.timeout(60_000);
  const loopback = withFakeArm(TOKEN, {
    checked: (arm) =>
      assert.ok(
        arm.requests.every((r) => r.method === "GET"),
        "--deep only reads",
      ),
  });

  const reader = () =>
    resourceGraphRowReader({
      credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: TOKEN }),
      endpoint: loopback.arm.endpoint,
      httpsAgent: loopback.agent,
      retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 100 },
    });
  const rowOf = () => ({
    ...loopback.arm.get(APP_SUB, CLUSTER_RG, CLUSTER_NAME),
    subscriptionId: APP_SUB,
    resourceGroup: CLUSTER_RG,
  });

  it("reads the VNet in another subscription, its peerings and route tables, and never the cluster again", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true, peerings: [HUB_PEERING] });
    const context = await reader()(rowOf());
    assert.ok(!loopback.arm.requests.some((r) => /managedClusters\/[^/]+$/i.test(r.path.split("?")[0])));
    assert.deepEqual(context.vnetAddressSpaces, ["10.240.0.0/16", "fd00:db8:deca::/48"]);
    assert.deepEqual(
      context.peerings?.map((p) => p.remoteAddressPrefixes),
      [["10.0.0.0/8"]],
    );
    assert.equal(context.routeTables?.length, 1);
    assert.equal(context.unavailable, undefined);
  });

  it("a VNet the credential cannot read leaves the VNet and peering facts unavailable with ARM's code", async () => {
    seedEstate(loopback.arm);
    loopback.arm.network.deny(VNET_ID);
    const context = await reader()(rowOf());
    assert.equal(context.unavailable?.vnet, "AuthorizationFailed");
    assert.equal(context.unavailable?.peerings, "AuthorizationFailed");
  });

  it("a row that names no cluster is reported unavailable without a request", async () => {
    const context = await reader()({ id: "x", properties: {} });
    assert.match(context.unavailable?.vnet ?? "", /names no subscription/);
    assert.equal(loopback.arm.requests.length, 0);
  });
});
