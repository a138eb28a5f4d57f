import { strict as assert } from "node:assert";
import { evaluateProfile, evaluateTransition, parseCluster, parseContext, resolveDesired, RULES } from "../../core";
import {
  agentPoolArgs,
  azShowCluster,
  DUAL_STACK,
  kubenet,
  model,
  nodeSubnet,
  overlay,
  overlayCilium,
  systemPool,
  userPool,
  vnetContext,
  windowsPool,
  OVERLAY_CILIUM_PROFILE,
} from "../support/fixtures";

describe("evaluation: an update names only what it changes", () => {
  const current = model(
    overlay({
      policy: "azure",
      nap: false,
      ...DUAL_STACK,
      outboundType: "userDefinedRouting",
      pools: [systemPool(), userPool()],
    }),
    "az",
  );

  it("keeps every field the update leaves unset", () => {
    const resolved = resolveDesired(current, parseCluster({ networkDataplane: "cilium", networkPolicy: "cilium" }));
    assert.equal(resolved.networkDataplane, "cilium");
    assert.equal(resolved.networkPolicy, "cilium");
    for (const key of [
      "name",
      "resourceGroup",
      "kubernetesVersion",
      "networkPlugin",
      "networkPluginMode",
      "dnsServiceIp",
      "outboundType",
      "identityType",
      "nodeAutoProvisioning",
      "ipamMode",
    ] as const) {
      assert.equal(resolved[key], current[key], key);
    }
    for (const key of ["podCidrs", "serviceCidrs", "ipFamilies", "nodePools"] as const)
      assert.deepEqual(resolved[key], current[key], key);
    assert.ok(Object.isFrozen(resolved));
  });

  it("reads a plugin named without a mode as no mode, and a mode alone as keeping the plugin", () => {
    assert.equal(resolveDesired(current, parseCluster({ networkPlugin: "azure" })).ipamMode, "azure-cni-node-subnet");
    const kubenetCluster = model(kubenet());
    const modeOnly = resolveDesired(kubenetCluster, parseCluster({ networkPluginMode: "overlay" }));
    assert.equal(modeOnly.networkPlugin, "kubenet");
    assert.equal(modeOnly.networkPluginMode, "overlay");
    assert.equal(resolveDesired(kubenetCluster, parseCluster({ networkPolicy: "none" })).networkPluginMode, undefined);
  });

  it("lets given pools replace the current ones and drops a pod CIDR that means nothing for the new mode", () => {
    const replaced = resolveDesired(current, model({ pools: [systemPool()] }, "pulumi"));
    assert.deepEqual(
      replaced.nodePools.map((p) => p.name),
      ["system"],
    );
    const toNodeSubnet = resolveDesired(model(kubenet()), parseCluster({ networkPlugin: "azure" }));
    assert.deepEqual(toNodeSubnet.podCidrs, []);
    assert.deepEqual(toNodeSubnet.ignoredPodCidrs, []);
    const kept = resolveDesired(
      model(kubenet()),
      parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }),
    );
    assert.deepEqual(kept.podCidrs, ["10.244.0.0/16"]);
  });

  it("is what the rules judge: an update restating the current cluster changes nothing and is allowed", () => {
    for (const spec of [
      kubenet({ policy: "calico" }),
      nodeSubnet({ policy: "azure" }),
      overlayCilium({ nap: true }),
      overlay({ pools: [systemPool(), windowsPool()] }),
    ]) {
      const c = model(spec, "az");
      const restated = evaluateTransition(c, model(spec, "pulumi"), { ipMasqAgentConfigMaps: [] });
      assert.equal(restated.verdict, "allow", `${c.ipamMode}: ${restated.findings.map((f) => f.rule).join(", ")}`);
      assert.ok(
        !restated.findings.some((f) => RULES.find((r) => r.id === f.rule)?.kind === "transition"),
        "no transition rule fires without a change",
      );
    }
  });
});

describe("evaluation: verdicts and findings", () => {
  it("evaluateProfile is evaluateTransition without a current cluster", () => {
    const desired = model(kubenet({ dataplane: "cilium", policy: "cilium" }));
    assert.deepEqual(evaluateProfile(desired), evaluateTransition(undefined, desired));
  });

  it("blocks exactly when a finding blocks; warnings alone allow", () => {
    const warned = evaluateProfile(model(kubenet()));
    assert.equal(warned.verdict, "allow");
    assert.ok(warned.findings.length > 0 && warned.findings.every((f) => f.severity === "warn"));
    const blocked = evaluateProfile(model(kubenet({ dataplane: "cilium", policy: "cilium" })));
    assert.equal(blocked.verdict, "block");
    assert.ok(blocked.findings.some((f) => f.severity === "block"));
    assert.deepEqual(evaluateProfile(model(overlayCilium({ version: "1.33.0" })), vnetContext()), {
      verdict: "allow",
      findings: [],
      unverified: [],
    });
  });

  it("reports findings in catalog order, each carrying its rule's source", () => {
    const findings = evaluateTransition(
      model(kubenet({ policy: "calico" })),
      parseCluster(OVERLAY_CILIUM_PROFILE),
    ).findings;
    const order = findings.map((f) => RULES.findIndex((r) => r.id === f.rule));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    for (const f of findings) assert.equal(f.source, RULES.find((r) => r.id === f.rule)?.source);
  });

  it("redacts the current cluster's secrets from findings too", () => {
    const az = azShowCluster(overlay({ podCidr: "172.16.0.0/12" }));
    const current = parseCluster({
      ...az,
      name: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "aks-secret-name" },
    });
    const result = evaluateTransition(current, parseCluster({ networkDataplane: "cilium" }));
    assert.ok(result.findings.length > 0);
    for (const f of result.findings) assert.ok(!`${f.message} ${f.fix}`.includes("aks-secret-name"), f.rule);
    assert.ok(result.findings.some((f) => `${f.message} ${f.fix}`.includes("[secret]")));
  });
});

describe("evaluation: the context", () => {
  it("reads a case file's context: VNet, subnets, separate pools in any shape, ConfigMaps, date", () => {
    const context = parseContext({
      vnetAddressSpaces: ["10.240.0.0/16"],
      subnets: [
        { name: "nodes", addressPrefixes: ["10.240.0.0/22"] },
        { name: "legacy", addressPrefix: "10.240.8.0/24" },
      ],
      agentPools: [agentPoolArgs(windowsPool()), { name: "arm", properties: { osType: "Linux", count: 2 } }],
      ipMasqAgentConfigMaps: ["azure-ip-masq-agent-config"],
      now: "2026-11-23",
    });
    assert.deepEqual(
      context.subnets?.map((s) => s.addressPrefixes),
      [["10.240.0.0/22"], ["10.240.8.0/24"]],
    );
    assert.deepEqual(
      context.agentPools?.map((p) => [p.name, p.osType, p.separate]),
      [
        ["win1", "Windows", true],
        ["arm", "Linux", true],
      ],
    );
    assert.equal(context.now?.toISOString(), "2026-11-23T00:00:00.000Z");
    assert.deepEqual(parseContext(undefined), {});
    assert.deepEqual(parseContext(null), {});
  });

  it("judges separate pools with the cluster's own, an inline pool winning over a separate one of the same name", () => {
    const cilium = model(overlayCilium());
    const withWindows = evaluateProfile(cilium, parseContext({ agentPools: [agentPoolArgs(windowsPool())] }));
    assert.ok(
      withWindows.findings.some((f) => f.rule === "dp-cilium-no-windows" && /separate AgentPool/.test(f.message)),
    );
    const shadowed = evaluateProfile(
      cilium,
      parseContext({ agentPools: [agentPoolArgs(windowsPool({ name: "SYSTEM" }))] }),
    );
    assert.ok(
      !shadowed.findings.some((f) => f.rule === "dp-cilium-no-windows"),
      "the inline Linux pool named system is the pool",
    );
  });
});

describe("evaluation: what only the running pools know", () => {
  const windowsOverlayTarget = (pool: Record<string, unknown>) =>
    parseCluster(
      { networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" }, agentPoolProfiles: [pool] },
      "desired",
    );
  const declaredWin1 = { name: "win1", osType: "Windows", vmSize: "Standard_D4ds_v5", count: 2 };
  const buildRule = (current: ReturnType<typeof model>, desired: ReturnType<typeof model>) =>
    evaluateTransition(current, desired).findings.filter((f) => f.rule === "ovl-windows-build");

  it("a declared Windows pool takes the running pool's node-image build: an old build warns by it, a current one passes", () => {
    const old = model(
      nodeSubnet({
        pools: [systemPool(), windowsPool({ nodeImageVersion: "AKSWindows-2022-containerd-20348.1607.230310" })],
      }),
    );
    const [finding] = buildRule(old, windowsOverlayTarget(declaredWin1));
    assert.match(finding?.message ?? "", /win1 \(build 20348\.1607\)/);
    const current = model(nodeSubnet({ pools: [systemPool(), windowsPool()] }));
    assert.deepEqual(buildRule(current, windowsOverlayTarget(declaredWin1)), []);
  });

  it("a declared pool with no running namesake keeps its build unknown, and a Linux namesake lends nothing", () => {
    const other = model(nodeSubnet({ pools: [systemPool(), windowsPool({ name: "win2" })] }));
    assert.match(buildRule(other, windowsOverlayTarget(declaredWin1))[0]?.message ?? "", /win1 \(build unknown\)/);
    const linux = model(nodeSubnet({ pools: [systemPool({ name: "win1", mode: "User" })] }));
    assert.match(buildRule(linux, windowsOverlayTarget(declaredWin1))[0]?.message ?? "", /win1 \(build unknown\)/);
  });
});
