import { strict as assert } from "node:assert";
import { evaluateTransition, parseCluster, parseContext } from "../../core";
import { microsoftFixture as fixture, thrownInputError as inputError } from "../support/microsoft-fixtures";

describe("real inputs: ipMasqAgentConfigMaps in every form kubectl prints", () => {
  const names = (value: unknown) => parseContext({ ipMasqAgentConfigMaps: value }).ipMasqAgentConfigMaps;

  it("reads names, configmap/…, configmaps/…, kube-system/… and `-o name` text as the bare ConfigMap name", () => {
    for (const form of [
      "azure-ip-masq-agent-config",
      "configmap/azure-ip-masq-agent-config",
      "configmaps/azure-ip-masq-agent-config",
      "kube-system/azure-ip-masq-agent-config",
    ])
      assert.deepEqual(names([form]), ["azure-ip-masq-agent-config"], form);
    assert.deepEqual(names("configmap/coredns\nconfigmap/azure-ip-masq-agent-config\n"), [
      "coredns",
      "azure-ip-masq-agent-config",
    ]);
  });

  it("reads a `kubectl -n kube-system get configmap -o json` list", () => {
    assert.deepEqual(names(fixture("kubectl-configmaps.json")), [
      "azure-ip-masq-agent-config",
      "azure-ip-masq-agent-config-reconciled",
      "coredns",
    ]);
  });

  it("refuses what it cannot read as a kube-system ConfigMap, naming the field and the value — never misreads it", () => {
    for (const [value, field] of [
      [["secret/azure-ip-masq-agent-config"], "context.ipMasqAgentConfigMaps[0]"],
      [["default/azure-ip-masq-agent-config"], "context.ipMasqAgentConfigMaps[0]"],
      [["a/b/c"], "context.ipMasqAgentConfigMaps[0]"],
      [
        { kind: "List", items: [{ metadata: { name: "x", namespace: "default" } }] },
        "context.ipMasqAgentConfigMaps[0].metadata.namespace",
      ],
      [{ kind: "ConfigMap" }, "context.ipMasqAgentConfigMaps"],
    ] as [unknown, string][]) {
      const error = inputError(() => parseContext({ ipMasqAgentConfigMaps: value }));
      assert.equal(error.field, field, JSON.stringify(value));
    }
  });

  it("blocks kubenet → overlay on every form of the custom ConfigMap's name (no silent ALLOWED)", () => {
    const current = parseCluster(fixture("az-aks-show-kubenet.json"), "current", { role: "current" });
    const target = parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }, "desired");
    for (const form of ["configmap/azure-ip-masq-agent-config", "kube-system/azure-ip-masq-agent-config"]) {
      const verdict = evaluateTransition(current, target, parseContext({ ipMasqAgentConfigMaps: [form] }));
      assert.equal(verdict.verdict, "block", form);
      assert.ok(
        verdict.findings.some((f) => f.rule === "ovl-custom-ip-masq-agent"),
        form,
      );
    }
  });
});
