import { strict as assert } from "node:assert";
import fc from "fast-check";
import { RULES } from "../../core";
import { agentPoolInput } from "../../policies/agent-pool-input";
import { clusterInput } from "../../policies/cluster-input";
import { armCluster, kubenet, overlay, overlayCilium, systemPool, windowsPool } from "../support/fixtures";
import { UNKNOWN } from "../support/policy-server";
import {
  agentPoolResource,
  baselineConfig,
  byPolicy,
  clusterResource,
  MANAGED_CLUSTER,
  mandatory,
  summary,
} from "./support/resources";
import { usePack } from "./support/in-process-pack";

function pulumiOf(spec: Parameters<typeof clusterResource>[0]): Record<string, unknown> {
  return structuredClone(clusterResource(spec).props) as Record<string, unknown>;
}

function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

function withUnknowns(props: Record<string, unknown>, paths: (string | number)[][]): Record<string, unknown> {
  const copy = structuredClone(props);
  for (const path of paths) {
    let target = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    target[path[path.length - 1]] = UNKNOWN;
  }
  return copy;
}

describe("cluster-input: a cluster's own inputs, before any rule runs", function () {
  this.timeout(60_000);
  const pack = usePack();

  it("blocks a value ARM would reject, naming the field and the value", async () => {
    const result = await pack.analyze(clusterResource(overlay({ podCidr: "10.244.0.0/33" })), clusterInput);
    assert.equal(result.diagnostics.length, 1, summary(result));
    const [d] = mandatory(result);
    assert.match(d.message, /aks1\.networkProfile\.podCidr: "10\.244\.0\.0\/33" is not valid/);
    assert.match(d.message, /10\.244\.0\.0\/33/);
    assert.match(d.message, /\[cluster-input\]$/);
  });

  it('takes kubernetesVersion: "" as unset on a declared cluster, as Microsoft\'s create examples send it', async () => {
    const props = pulumiOf(overlay({ version: undefined }));
    props.kubernetesVersion = "";
    const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
    assert.deepEqual(byPolicy(result, "cluster-input"), [], summary(result));
    assert.deepEqual(mandatory(result), [], summary(result));
  });

  it('refuses a baseline (a current cluster) with kubernetesVersion: "", naming the field', async () => {
    const current = armCluster(overlay());
    (current.properties as Record<string, unknown>).kubernetesVersion = "";
    await pack.configure(baselineConfig({ aks1: current }));
    try {
      const result = await pack.analyze(clusterResource(overlay()));
      const baseline = byPolicy(result, "transition-baseline");
      assert.equal(baseline.length, 1, summary(result));
      assert.match(baseline[0].message, /kubernetesVersion: "" is not valid; expected the version ARM reports/);
    } finally {
      await pack.configure({});
    }
  });

  it("answers an unknown network field with one advisory naming it, and no rule runs on a guess", async () => {
    const props = pulumiOf(kubenet({ dataplane: "cilium", policy: "cilium" }));
    (props.networkProfile as Record<string, unknown>).networkPlugin = UNKNOWN;
    const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
    assert.deepEqual(mandatory(result), [], summary(result));
    const input = byPolicy(result, "cluster-input");
    assert.deepEqual(
      input.map((d) => d.enforcementLevel),
      ["advisory"],
      summary(result),
    );
    assert.match(input[0].message, /aks1\.networkProfile\.networkPlugin is not known until apply/);
    const ruleIds = new Set(RULES.map((r) => r.id));
    assert.deepEqual(
      result.diagnostics.filter((d) => ruleIds.has(d.policyName)),
      [],
      "no rule reports anything on a guess",
    );

    const subnetUnknown = pulumiOf(overlayCilium({ pools: [systemPool({ vnetSubnetId: UNKNOWN }), windowsPool()] }));
    const stillChecked = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props: subnetUnknown });
    assert.equal(
      byPolicy(stillChecked, "dp-cilium-no-windows").length,
      1,
      "a pool's unknown subnet does not stop the rules that do not use it",
    );
  });

  it("reads a required value that is unknown (a pool name computed in this preview) as not known yet, not as missing", async () => {
    const props = pulumiOf(overlay({ pools: [systemPool(), systemPool({ name: "apps", mode: "User" })] }));
    (props.agentPoolProfiles as Record<string, unknown>[])[1].name = UNKNOWN;
    const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props });
    assert.deepEqual(mandatory(result), [], summary(result));
    assert.match(byPolicy(result, "cluster-input")[0].message, /agentPoolProfiles\[1\]\.name is not known until apply/);
    const pool = agentPoolResource(windowsPool());
    const unknownPool = await pack.analyze(
      { ...pool, props: { ...pool.props, agentPoolName: UNKNOWN } },
      agentPoolInput,
    );
    assert.deepEqual(mandatory(unknownPool), [], summary(unknownPool));
  });

  it("never blocks because of unknown values alone, wherever they are (fast-check over a compliant cluster's fields)", async () => {
    const props = pulumiOf(
      overlayCilium({ pools: [systemPool(), systemPool({ name: "apps", mode: "User", maxCount: 5 })] }),
    );
    const leaves = leafPaths(props);
    await fc.assert(
      fc.asyncProperty(fc.subarray(leaves, { minLength: 1 }), async (paths) => {
        const result = await pack.analyze({ type: MANAGED_CLUSTER, name: "aks1", props: withUnknowns(props, paths) });
        assert.deepEqual(mandatory(result), [], `${paths.join(", ")}:\n${summary(result)}`);
      }),
      { numRuns: 150 },
    );
  });
});
