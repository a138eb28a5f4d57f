import { strict as assert } from "node:assert";
import fc from "fast-check";
import { evaluateTransition, InputError, parseAcceptFlags, parseContext, planMigration, RULES } from "../../core";
import { selects } from "../../core/kubernetes";
import { networkPolicyFact, nonMasqueradeCidrsIn } from "../../kube/facts";
import { model, overlay } from "../support/fixtures";
import * as k from "../support/kube-fixtures";
import { evaluateCase } from "./evaluate-case";
import { KUBE_VARIANTS } from "./rule-table-kube";

const CALICO_FACTS = {
  ...k.CLEAN_FACTS,
  calicoPolicies: k.facts({ calico: [k.GLOBAL_NETWORK_POLICY] }).calicoPolicies,
};
const calicoToNone = (accepted?: Record<string, string>) =>
  evaluateTransition(model(overlay({ policy: "calico" })), model({ policy: "none" }, "network-profile"), {
    kubernetes: CALICO_FACTS,
    ...(accepted ? { accepted } : {}),
  });

describe("in-cluster facts and acceptance (core)", () => {
  it("an accepted block passes with its reason on the finding; unaccepted, the same finding blocks", () => {
    const blocked = calicoToNone();
    assert.equal(blocked.verdict, "block");
    const accepted = calicoToNone({ "netpol-calico-unenforced": "Cilium equivalents in place" });
    assert.equal(accepted.verdict, "allow");
    const finding = accepted.findings.find((f) => f.rule === "netpol-calico-unenforced");
    assert.equal(finding?.accepted, "Cilium equivalents in place");
    assert.equal(finding?.severity, "block", "the severity stays what the rule says");
  });

  it("existing ids fire from what the cluster showed: ovl-windows-build names the nodes, ovl-custom-ip-masq-agent the ConfigMap and its ranges", () => {
    const windows = evaluateCase(KUBE_VARIANTS["ovl-windows-build"].violating[0]).findings.find(
      (f) => f.rule === "ovl-windows-build",
    );
    assert.deepEqual(
      windows?.objects?.map((o) => `${o.kind} ${o.name}`),
      ["Node akswin1000000", "Node akswin2000000"],
      "17763 and 20348.1607 are below the floor; 20348.2340 and the Linux node are not named",
    );
    const ipMasq = evaluateCase(KUBE_VARIANTS["ovl-custom-ip-masq-agent"].violating[0]).findings.find(
      (f) => f.rule === "ovl-custom-ip-masq-agent",
    );
    assert.deepEqual(ipMasq?.objects, [
      { kind: "ConfigMap", namespace: "kube-system", name: "azure-ip-masq-agent-config" },
    ]);
    assert.match(ipMasq?.message ?? "", /10\.0\.0\.0\/8.*172\.16\.0\.0\/12/);
  });

  it("a plan through an accepted block shows it among the step's warnings, with the reason", () => {
    const plan = planMigration(model(overlay({ policy: "calico" })), model({ policy: "none" }, "network-profile"), {
      kubernetes: CALICO_FACTS,
      accepted: { "netpol-calico-unenforced": "reviewed" },
    });
    assert.equal(plan.reachable, true);
    assert.equal(plan.steps[0].warnings.find((w) => w.rule === "netpol-calico-unenforced")?.accepted, "reviewed");
  });

  it("refuses to accept a rule AKS enforces itself, or an unknown rule, naming the rule", () => {
    assert.throws(() => parseAcceptFlags(["kube-pdb-unsatisfiable=fine"]), /AKS itself enforces this one/);
    assert.throws(() => parseAcceptFlags(["no-such-rule=x"]), /no rule has this id/);
    assert.throws(() => parseAcceptFlags(["netpol-cilium-endport="]), InputError);
    assert.deepEqual(parseAcceptFlags(["netpol-cilium-endport=a=b"]), { "netpol-cilium-endport": "a=b" });
    assert.throws(() => calicoToNone({ "ovl-k8s-floor": "x" }), /accepted ovl-k8s-floor: "ovl-k8s-floor" is not valid/);
  });

  it("marks only risks a cluster owner can judge as acceptable", () => {
    const acceptable = RULES.filter((r) => r.acceptable).map((r) => r.id);
    assert.ok(acceptable.includes("netpol-calico-unenforced"));
    assert.ok(!acceptable.includes("kube-pdb-unsatisfiable") && !acceptable.includes("ovl-custom-ip-masq-agent"));
    for (const id of acceptable)
      assert.ok(RULES.find((r) => r.id === id)?.needs?.length, `${id} declares what it reads`);
  });

  it("reads context.kubernetes, accepted and unavailable from a case file, one clear line on bad input", () => {
    const context = parseContext({
      kubernetes: { networkPolicies: [{ namespace: "a", name: "p", podSelector: {}, ingress: [{ ports: [{}] }] }] },
      accepted: { "netpol-cilium-endport": "tested" },
      unavailable: { pods: "Forbidden: pods is forbidden" },
    });
    assert.equal(context.kubernetes?.networkPolicies?.[0].ingress[0].ports?.[0].port, undefined);
    assert.equal(context.unavailable?.pods, "Forbidden: pods is forbidden");
    assert.throws(
      () => parseContext({ kubernetes: { nodes: [{ labels: {} }] } }),
      /context\.kubernetes\.nodes\[0\]\.name: undefined is not valid; expected a non-empty string/,
    );
    assert.throws(
      () => parseContext({ unavailable: { gpus: "x" } }),
      /context\.unavailable\.gpus: .*one of kubernetesVersion/,
    );
    assert.throws(
      () => parseContext({ kubernetes: { networkPolicies: [{ namespace: "a", name: "p", policyTypes: ["Both"] }] } }),
      /policyTypes\[0\]: "Both" is not valid; expected Ingress or Egress/,
    );
  });

  it("without any in-cluster facts, the in-cluster rules come out unverified, never passed", () => {
    const e = evaluateTransition(
      model(overlay({ policy: "azure" })),
      model({ dataplane: "cilium", policy: "cilium" }, "network-profile"),
    );
    const ids = e.unverified.map((u) => u.rule);
    for (const id of ["netpol-cilium-endport", "netpol-cilium-ipblock-cluster-ips", "kube-pdb-blocks-drain"])
      assert.ok(ids.includes(id), id);
    assert.ok(!e.findings.some((f) => f.rule.startsWith("netpol-")));
  });

  it("tolerates port entries without a port, peers without selectors and odd types, as the API can return them", () => {
    const fact = networkPolicyFact({
      metadata: { name: "odd", namespace: "x" },
      spec: {
        podSelector: null,
        ingress: [{ from: [{}], ports: [{}, { protocol: "UDP" }, { port: "dns" }] }],
        egress: "nonsense",
      },
    });
    assert.deepEqual(fact.podSelector, {});
    assert.equal(fact.ingress[0].ports?.length, 3);
    assert.deepEqual(fact.egress, []);
  });

  it("reads nonMasqueradeCIDRs from YAML lists, flow lists and JSON", () => {
    assert.deepEqual(
      nonMasqueradeCidrsIn("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n  - '172.16.0.0/12' # x\nmasqLinkLocal: true"),
      ["10.0.0.0/8", "172.16.0.0/12"],
    );
    assert.deepEqual(nonMasqueradeCidrsIn("nonMasqueradeCIDRs: [10.0.0.0/8, 192.168.0.0/16]"), [
      "10.0.0.0/8",
      "192.168.0.0/16",
    ]);
    assert.deepEqual(nonMasqueradeCidrsIn('{"nonMasqueradeCIDRs":["100.64.0.0/10"]}'), ["100.64.0.0/10"]);
    assert.deepEqual(nonMasqueradeCidrsIn("nonMasqueradeCIDRs:\nmasqLinkLocal: false"), []);
  });

  it("label selectors: matchLabels and every matchExpressions operator, as Kubernetes evaluates them", () => {
    const label = fc.constantFrom("a", "b", "c");
    const value = fc.constantFrom("1", "2", "3");
    fc.assert(
      fc.property(
        fc.dictionary(label, value),
        label,
        fc.array(value, { minLength: 1, maxLength: 3 }),
        (labels, key, values) => {
          const has = key in labels;
          assert.equal(
            selects({ matchExpressions: [{ key, operator: "In", values }] }, labels),
            has && values.includes(labels[key]),
          );
          assert.equal(
            selects({ matchExpressions: [{ key, operator: "NotIn", values }] }, labels),
            !has || !values.includes(labels[key]),
          );
          assert.equal(selects({ matchExpressions: [{ key, operator: "Exists" }] }, labels), has);
          assert.equal(selects({ matchExpressions: [{ key, operator: "DoesNotExist" }] }, labels), !has);
          assert.equal(selects({}, labels), true, "an empty selector selects everything");
          assert.equal(selects({ matchLabels: labels }, labels), true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
