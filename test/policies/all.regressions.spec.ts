import { strict as assert } from "node:assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../policies/all";
import { redactSecrets, rememberSecretText } from "../../policies/lib/secrets";
import { MEGABYTE_STRING } from "../fuzz/generators";
import { overlay, pulumiClusterArgs } from "../support/fixtures";
import { runResourcePolicy } from "../support/policy-args";

const MC = "azure-native:containerservice:ManagedCluster";
const resourcePolicies = allPolicies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);

async function allReports(props: Record<string, unknown>, type = MC) {
  const out: { policy: string; level: string; message: string }[] = [];
  for (const policy of resourcePolicies) {
    // Built afresh per call, so no copy is needed (a structured clone of a 2,000-deep value overflows by itself).
    for (const r of await runResourcePolicy(policy, { type, name: "prod", props }, { alreadyCloned: true }))
      out.push({ policy: policy.name, level: r.level, message: r.message });
  }
  return out;
}

/** The hostile inputs the robustness issue names, kept as fixed cases beside the generated ones. */
describe("policy pack regressions: named hostile inputs", () => {
  const withProfile = (profile: Record<string, unknown>) => ({
    ...pulumiClusterArgs(overlay()),
    networkProfile: { ...(pulumiClusterArgs(overlay()).networkProfile as object), ...profile },
  });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "a /33 prefix",
      withProfile({ podCidr: "10.0.0.0/33" }),
      /networkProfile\.podCidr: "10\.0\.0\.0\/33" is not valid/,
    ],
    [
      "::/0 in the IPv4 pod CIDR",
      withProfile({ podCidr: "::/0" }),
      /podCidr: "::\/0" is not valid; expected an IPv4 CIDR/,
    ],
    ["an octet of 999", withProfile({ serviceCidr: "999.1.1.1/8" }), /serviceCidr: "999\.1\.1\.1\/8" is not valid/],
    [
      "a number where a string goes",
      withProfile({ networkPlugin: 42 }),
      /networkPlugin: 42 is not valid; expected a string/,
    ],
    [
      "an array where an object goes",
      { ...pulumiClusterArgs(overlay()), networkProfile: ["azure"] },
      /networkProfile: an array of 1 is not valid; expected an object/,
    ],
    [
      "duplicate pools",
      {
        ...pulumiClusterArgs(overlay()),
        agentPoolProfiles: [
          { name: "system", count: 1 },
          { name: "system", count: 2 },
        ],
      },
      /a pool name used only once/,
    ],
    ["a megabyte string", withProfile({ networkPolicy: MEGABYTE_STRING }), /networkPolicy: "x{77}\.\.\." is not valid/],
  ];
  for (const [name, props, message] of cases) {
    it(`names the field and the problem for ${name}`, async () => {
      const reports = await allReports(props);
      const input = reports.filter((r) => r.policy === "cluster-input");
      assert.equal(input.length, 1, JSON.stringify(reports));
      assert.match(input[0].message, message);
      assert.ok(input[0].message.length < 1000, "a long value is cut, not echoed");
    });
  }

  it("passes a missing or null networkProfile as a cluster with nothing set", async () => {
    for (const props of [
      { resourceGroupName: "rg", kubernetesVersion: "1.31" },
      { resourceGroupName: "rg", networkProfile: null },
    ]) {
      const reports = await allReports(props);
      assert.ok(
        reports.every((r) => r.level === "advisory"),
        JSON.stringify(reports),
      );
    }
  });

  it("treats unknown markers at any depth as unknown, never as a block", async () => {
    const props = pulumiClusterArgs(overlay());
    (props.agentPoolProfiles as Record<string, unknown>[])[0].osType = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
    props.identity = { type: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff" };
    const reports = await allReports(props);
    assert.ok(
      reports.some((r) => r.policy === "cluster-input" && /identity\.type is not known until apply/.test(r.message)),
    );
    assert.ok(reports.every((r) => r.level === "advisory"));
  });

  it("does not overflow on deeply nested values", async () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 2000; i++) deep = { deeper: deep };
    const reports = await allReports({
      ...pulumiClusterArgs(overlay()),
      tags: deep,
      networkProfile: { networkPlugin: deep },
    });
    assert.ok(
      reports.some((r) => r.policy === "cluster-input" && /networkPlugin: an object is not valid/.test(r.message)),
    );
  });
});

describe("policy pack regressions: found by the long gRPC fuzz", () => {
  it("keeps redacting new secrets after more than 10,000 were seen (npm run fuzz -- 100000 4242 echoed secrets from request 5,181 on)", () => {
    for (let i = 0; i < 12_000; i++) rememberSecretText(`SECRET-old-${i}`);
    rememberSecretText("SECRET-newest");
    assert.equal(redactSecrets("value SECRET-newest here"), "value [secret] here");
    assert.equal(redactSecrets("SECRET-old-11999"), "[secret]", "recent ones are still remembered");
  });
});
