import { strict as assert } from "node:assert";
import { evaluateProfile, evaluateTransition, parseAgentPool, parseCluster, planMigration } from "../../core";
import { microsoftFixture as fixture, thrownInputError as inputError } from "../support/microsoft-fixtures";

describe("real inputs: Microsoft's published ManagedCluster examples", () => {
  it('reads a create request\'s "kubernetesVersion": "" as unset, the way the RP takes "the default version"', () => {
    const desired = parseCluster(fixture("managed-cluster-create-request.json"), "desired");
    assert.equal(desired.kubernetesVersion, undefined);
    const create = evaluateProfile(desired);
    assert.equal(create.verdict, "allow", create.findings.map((f) => `${f.rule}: ${f.message}`).join("\n"));
    assert.ok(
      create.findings.some((f) => f.rule === "default-network-plugin"),
      "an unset plugin is still said",
    );
  });

  it("refuses the same empty version on a current cluster (ARM always reports one), naming the field", () => {
    const error = inputError(() =>
      parseCluster(fixture("managed-cluster-create-request.json"), "current", { role: "current" }),
    );
    assert.equal(error.field, "current.properties.kubernetesVersion");
    assert.match(
      error.message,
      /^current\.properties\.kubernetesVersion: "" is not valid; expected the version ARM reports/,
    );
  });

  it("refuses an empty network plugin on a current cluster, and reads it as unset on a desired one", () => {
    const response = fixture("managed-cluster-create-response.json");
    const props = response.properties as Record<string, unknown>;
    const emptied = {
      ...response,
      properties: { ...props, networkProfile: { ...(props.networkProfile as object), networkPlugin: "" } },
    };
    const error = inputError(() => parseCluster(emptied, "current", { role: "current" }));
    assert.equal(error.field, "current.properties.networkProfile.networkPlugin");
    assert.equal(parseCluster(emptied, "desired").networkPlugin, undefined);
  });

  it("reads the create response as the current cluster: the version and the plugin the RP filled in", () => {
    const current = parseCluster(fixture("managed-cluster-create-response.json"), "current", { role: "current" });
    assert.equal(current.kubernetesVersion, "1.29.8");
    assert.equal(current.ipamMode, "kubenet");
    const p = planMigration(current, parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }, "target"));
    assert.ok(p.reachable, p.blockers.map((b) => b.rule).join(", "));
    assert.ok(
      p.unverified.some((u) => u.rule === "ovl-custom-ip-masq-agent"),
      "kube-system was not inspected: said so",
    );
  });

  it("says an agent pool document given as a cluster belongs in context.agentPools, in every shape it comes in", () => {
    const documents: [string, unknown][] = [
      ["AgentPoolsCreate body", fixture("agent-pool-create-windows.json")],
      ["az aks nodepool add output", fixture("az-nodepool-add-windows.json")],
      [
        "azure-native AgentPool args",
        {
          agentPoolName: "npwin",
          resourceName: "aks1",
          resourceGroupName: "rg",
          osType: "Windows",
          vmSize: "Standard_D4s_v3",
        },
      ],
    ];
    for (const [what, document] of documents) {
      const error = inputError(() => parseCluster(document, "desired"));
      assert.equal(error.field, "desired", what);
      assert.match(error.message, /an agent pool document.*context\.agentPools/, what);
    }
    const pool = parseAgentPool(fixture("az-nodepool-add-windows.json"), "context.agentPools[0]");
    assert.equal(pool.osType, "Windows");
    assert.equal(pool.windowsOsBuild, "20348.2849");
    // The create body carries no name (it is in the request URL): named where it is used, it reads as the pool it is.
    const body = parseAgentPool({ name: "npwin", ...fixture("agent-pool-create-windows.json") }, "pool");
    assert.equal(body.osType, "Windows");
  });

  it("judges the agent pool where it belongs: a Windows pool added to an NPM cluster through context.agentPools", () => {
    const current = parseCluster(fixture("az-aks-show-kubenet.json"), "current", { role: "current" });
    const windows = parseAgentPool(fixture("az-nodepool-add-windows.json"), "context.agentPools[0]");
    const toNpm = parseCluster(
      { networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "azure" },
      "desired",
    );
    const verdict = evaluateTransition(current, toNpm, { agentPools: [windows], ipMasqAgentConfigMaps: [] });
    assert.ok(verdict.findings.some((f) => f.rule === "np-npm-windows-onboarding"));
  });
});
