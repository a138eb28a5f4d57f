import { strict as assert } from "node:assert";
import { replacementGuard } from "../../policies/replacement-guard";
import { armCluster, nodeSubnet, overlay, overlayCilium } from "../support/fixtures";
import { baselineConfig, byPolicy, clusterResource } from "./support/resources";
import { usePack } from "./support/in-process-pack";

describe("replacement-guard: a force-new network change on a raw cluster", function () {
  this.timeout(60_000);
  const pack = usePack();

  const toCilium = overlayCilium();

  it("blocks a force-new network change on a raw cluster, with the in-place way to do it", async () => {
    await pack.configure(baselineConfig({ aks1: armCluster(overlay({ policy: "azure" })) }));
    const [d] = byPolicy(await pack.analyze(clusterResource(toCilium), replacementGuard), "replacement-guard");
    assert.equal(d.enforcementLevel, "mandatory");
    assert.match(d.message, /This update would delete and recreate the cluster/);
    assert.match(d.message, /networkProfile\.networkDataplane azure → cilium/);
    assert.match(d.message, /ignoreChanges: \["networkProfile\.networkDataplane", "networkProfile\.networkPolicy"\]/);
    assert.match(d.message, /az aks update .*--network-dataplane cilium --network-policy cilium/);
    const unchanged = await pack.analyze(clusterResource(overlay({ policy: "azure" })), replacementGuard);
    assert.deepEqual(byPolicy(unchanged, "replacement-guard"), [], "restating the baseline replaces nothing");
  });

  it("lets the change through when ignoreChanges covers the fields, and ignores azure-native's default pod CIDR on Node Subnet", async () => {
    await pack.configure(baselineConfig({ aks1: armCluster(overlay({ policy: "azure" })) }));
    for (const ignoreChanges of [
      ["networkProfile.networkDataplane", "networkProfile.networkPolicy"],
      ["networkProfile"],
    ]) {
      assert.deepEqual(
        byPolicy(
          await pack.analyze(clusterResource(toCilium, { ignoreChanges }), replacementGuard),
          "replacement-guard",
        ),
        [],
        ignoreChanges.join(),
      );
    }
    await pack.configure(baselineConfig({ aks1: armCluster(nodeSubnet()) }));
    assert.deepEqual(
      byPolicy(
        await pack.analyze(clusterResource(nodeSubnet(), { sdkDefaults: true }), replacementGuard),
        "replacement-guard",
      ),
      [],
    );
  });
});
