import { strict as assert } from "node:assert";
import { credentialFrom } from "../../arm/credentials";
import { gatherLiveFacts, type LiveFactsOptions } from "../../arm/live-facts";
import { evaluateTransition, parseCluster, parseContext } from "../../core";
import { withFakeArm } from "../support/loopback-arm";
import {
  AGIC_SUBNET,
  APP_SUB,
  APPS_SUBNET,
  CLUSTER_NAME,
  CLUSTER_RG,
  HUB_PEERING,
  ROUTE_TABLE,
  seedEstate,
  SYSTEM_SUBNET,
  VNET_ID,
} from "../support/live-estate";

const TOKEN = "live-facts-token-3c2b1a";
const TO_OVERLAY = parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }, "target");

describe("live Azure facts: the gatherer against a loopback ARM (HTTPS, hub/spoke, 403/404/429)", function () {
  this.timeout(60_000);
  const loopback = withFakeArm(TOKEN, {
    checked: (arm) => {
      assert.ok(
        arm.requests.every((r) => r.method === "GET"),
        "the gatherer only reads",
      );
      assert.ok(
        arm.requests.every((r) => r.authorized),
        "every request carries the bearer token",
      );
    },
  });

  const gather = (extra: Partial<LiveFactsOptions> = {}) =>
    gatherLiveFacts({
      cluster: { subscriptionId: APP_SUB, resourceGroup: CLUSTER_RG, name: CLUSTER_NAME },
      credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: TOKEN }),
      endpoint: loopback.arm.endpoint,
      httpsAgent: loopback.agent,
      retry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 2000 },
      ...extra,
    });

  it("reads the pools, the VNet in another subscription with all its subnets (IPv6 too), peerings and route tables in 4 GETs", async () => {
    seedEstate(loopback.arm, { plugin: "overlay", windows: true, sharedRouteTable: true, peerings: [HUB_PEERING] });
    const live = await gather();
    assert.equal(loopback.arm.requests.length, 4, loopback.arm.requests.map((r) => r.path).join("\n"));
    assert.deepEqual(live.context.vnetAddressSpaces, ["10.240.0.0/16", "fd00:db8:deca::/48"]);
    assert.deepEqual(
      live.context.subnets?.map((s) => [s.name, s.addressPrefixes]),
      [
        ["snet-system", ["10.240.0.0/22"]],
        ["snet-apps", ["10.240.4.0/22", "fd00:db8:deca:1::/64"]],
        ["ingress-appgateway-subnet", ["10.240.8.0/24"]],
      ],
    );
    assert.deepEqual(live.context.peerings, [
      {
        name: "spoke-to-hub",
        remoteAddressPrefixes: ["10.0.0.0/8"],
        remoteVirtualNetworkAddressPrefixes: ["10.0.0.0/8"],
        state: "Connected",
        remoteVirtualNetworkId: HUB_PEERING.remoteVnetId,
      },
    ]);
    assert.deepEqual(live.context.routeTables, [
      { id: ROUTE_TABLE, subnetIds: [SYSTEM_SUBNET, APPS_SUBNET, AGIC_SUBNET] },
    ]);
    assert.deepEqual(
      live.context.agentPools?.map((p) => [p.name, p.osType, p.windowsOsBuild, p.undrainableNodeBehavior]),
      [
        ["system", "Linux", undefined, undefined],
        ["apps", "Linux", undefined, "Cordon"],
        ["win1", "Windows", "20348.1607", undefined],
      ],
    );
    assert.equal(live.cluster.identityType, "UserAssigned");
    assert.equal(live.context.unavailable, undefined);
    assert.ok(live.facts.read.some((id) => id.toLowerCase() === VNET_ID.toLowerCase()));
    assert.deepEqual(live.facts.unread, []);
  });

  it("judges the kubenet → overlay step with the live facts: shared route table, peered 10.0.0.0/8, Cordon pool", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true, peerings: [HUB_PEERING] });
    const live = await gather();
    const evaluation = evaluateTransition(live.cluster, TO_OVERLAY, live.context);
    const rules = evaluation.findings.map((f) => f.rule);
    for (const rule of ["ovl-kubenet-route-table-shared", "cidr-pod-vs-peerings", "upgrade-undrainable-cordon"])
      assert.ok(rules.includes(rule), `${rule} in ${rules.join(", ")}`);
    const shared = evaluation.findings.find((f) => f.rule === "ovl-kubenet-route-table-shared");
    assert.match(shared?.message ?? "", /ingress-appgateway-subnet/);
    assert.match(shared?.fix ?? "", /--vnet-name vnet-spoke --name ingress-appgateway-subnet --route-table ""/);
    assert.equal(evaluation.verdict, "block");
    // Azure's facts leave nothing unverified; only what the cluster's insides tell (not read here) is.
    assert.deepEqual(
      evaluation.unverified.filter(
        (u) => !/read from the cluster/.test(u.needs) && u.rule !== "ovl-custom-ip-masq-agent",
      ),
      [],
    );
  });

  it("a 403 on the VNet: the pools' own subnets are read instead, and the VNet and peering rules come out unverified with AuthorizationFailed", async () => {
    seedEstate(loopback.arm, { plugin: "kubenet" });
    // The VNet itself is denied, its subnets are not (a role scoped to the subnets).
    loopback.arm.inject({
      method: "GET",
      path: new RegExp(`${VNET_ID}$`, "i"),
      status: 403,
      body: forbiddenBody(VNET_ID),
    });
    const live = await gather();
    assert.equal(live.context.unavailable?.vnet, "AuthorizationFailed");
    assert.equal(live.context.unavailable?.peerings, "AuthorizationFailed");
    assert.equal(live.context.peerings, undefined);
    assert.deepEqual(
      live.context.subnets?.map((s) => s.name),
      ["snet-system", "snet-apps"],
    );
    assert.deepEqual(live.context.routeTables, [{ id: ROUTE_TABLE, subnetIds: [SYSTEM_SUBNET, APPS_SUBNET] }]);
    assert.ok(live.facts.unread.some((u) => u.fact === "vnet" && u.code === "AuthorizationFailed"));
    const evaluation = evaluateTransition(live.cluster, TO_OVERLAY, live.context);
    const unverified = evaluation.unverified.map((u) => `${u.rule}:${u.reason}`);
    for (const rule of [
      "cidr-pod-vs-subnets",
      "cidr-pod-vs-vnet-space",
      "cidr-service-vs-subnets",
      "cidr-pod-vs-peerings",
    ])
      assert.ok(unverified.includes(`${rule}:AuthorizationFailed`), `${rule} in ${unverified.join(", ")}`);
  });

  it("a 403 on the VNet and its subnets: route tables are unknown too, and the shared-route-table rule is unverified", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true });
    loopback.arm.network.deny(VNET_ID);
    const live = await gather();
    assert.equal(live.context.unavailable?.routeTables, "AuthorizationFailed");
    assert.equal(live.context.routeTables, undefined);
    assert.equal(live.context.subnets, undefined);
    const evaluation = evaluateTransition(live.cluster, TO_OVERLAY, live.context);
    assert.ok(
      evaluation.unverified.some(
        (u) => u.rule === "ovl-kubenet-route-table-shared" && u.reason === "AuthorizationFailed",
      ),
    );
    assert.ok(!evaluation.findings.some((f) => f.rule === "ovl-kubenet-route-table-shared"), "never guessed");
  });

  it("a route table that is gone (404) is recorded with ResourceNotFound and its rule is unverified", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true });
    loopback.arm.inject({
      method: "GET",
      path: /routeTables\//i,
      status: 404,
      body: { error: { code: "ResourceNotFound", message: "gone" } },
    });
    const live = await gather();
    assert.equal(live.context.unavailable?.routeTables, "ResourceNotFound");
    assert.ok(live.facts.unread.some((u) => u.id === ROUTE_TABLE && u.code === "ResourceNotFound"));
    const evaluation = evaluateTransition(live.cluster, TO_OVERLAY, live.context);
    assert.ok(
      evaluation.unverified.some((u) => u.rule === "ovl-kubenet-route-table-shared" && u.reason === "ResourceNotFound"),
    );
  });

  it("429 with Retry-After is waited out by the SDK's retry policy and the read succeeds", async () => {
    seedEstate(loopback.arm, { peerings: [HUB_PEERING] });
    loopback.arm.inject({
      method: "GET",
      path: /virtualNetworks\/[^/]+$/i,
      status: 429,
      headers: { "Retry-After": "1" },
      body: { error: { code: "TooManyRequests", message: "Too many requests." } },
    });
    const live = await gather();
    assert.deepEqual(live.context.unavailable, undefined);
    assert.equal(live.context.peerings?.length, 1);
    const vnetReads = loopback.arm.requests.filter((r) => /virtualNetworks\/[^/]+$/i.test(r.path));
    assert.equal(vnetReads.length, 2, "one throttled, one retried");
  });

  it("throttled past the retries: the VNet facts are unavailable with the throttling code, never guessed", async () => {
    seedEstate(loopback.arm, { peerings: [HUB_PEERING] });
    loopback.arm.inject({
      method: "GET",
      path: /virtualNetworks\/[^/]+$/i,
      status: 429,
      headers: { "Retry-After": "0" },
      body: { error: { code: "TooManyRequests", message: "Too many requests." } },
      times: 10,
    });
    const live = await gather();
    assert.equal(live.context.unavailable?.vnet, "TooManyRequests");
    assert.equal(live.context.unavailable?.peerings, "TooManyRequests");
  });

  it("the context it returns survives JSON (a baseline's context) and reads back to the same verdict", async () => {
    seedEstate(loopback.arm, { sharedRouteTable: true, peerings: [HUB_PEERING] });
    loopback.arm.inject({ method: "GET", path: /routeTables\//i, status: 403, body: forbiddenBody(ROUTE_TABLE) });
    const live = await gather();
    const { contextToJson } = await import("../../core");
    const back = parseContext(JSON.parse(JSON.stringify(contextToJson(live.context))));
    const a = evaluateTransition(live.cluster, TO_OVERLAY, live.context);
    const b = evaluateTransition(live.cluster, TO_OVERLAY, back);
    assert.deepEqual(
      b.findings.map((f) => f.rule),
      a.findings.map((f) => f.rule),
    );
    assert.deepEqual(b.unverified, a.unverified);
    assert.ok(a.unverified.some((u) => u.rule === "ovl-kubenet-route-table-shared"));
  });

  it("a cluster that cannot be read at all is an error carrying ARM's code (nothing to judge)", async () => {
    await assert.rejects(gather(), (error: Error & { code?: string }) => error.code === "ResourceNotFound");
  });
});

function forbiddenBody(scope: string) {
  return {
    error: {
      code: "AuthorizationFailed",
      message: `The client 'x' does not have authorization to perform action 'Microsoft.Network/read' over scope '${scope}'.`,
    },
  };
}
