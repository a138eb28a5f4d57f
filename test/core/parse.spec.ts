import { strict as assert } from "node:assert";
import {
  detectShape,
  evaluateProfile,
  evaluateTransition,
  InputError,
  parseAgentPool,
  parseCluster,
  parseContext,
  UnknownValueError,
  type ClusterNetwork,
  type EvaluationContext,
} from "../../core";
import {
  agentPoolArgs,
  armCluster,
  azShowCluster,
  CLUSTER_SHAPES,
  DUAL_STACK,
  kubenet,
  model,
  networkProfileOnly,
  NODE_SUBNET_ID,
  nodeSubnet,
  overlay,
  overlayCilium,
  POD_SUBNET_ID,
  podSubnet,
  pulumiClusterArgs,
  render,
  systemPool,
  userPool,
  vnetContext,
  windowsPool,
  type ClusterSpec,
} from "../support/fixtures";
import { secret, UNKNOWN } from "../support/policy-server";

/** The model without the fields that legitimately differ by shape. */
function comparable(c: ClusterNetwork): Omit<ClusterNetwork, "shape" | "secretValues"> {
  const { shape: _shape, secretValues: _secrets, ...rest } = c;
  return rest;
}

/** Runs `read`, expecting an InputError whose field and message name `field` and show `shown`. */
function assertInputError(read: () => unknown, field: string | RegExp, shown: string): InputError {
  let caught: unknown;
  try {
    read();
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof InputError,
    `expected an InputError, got ${caught === undefined ? "no error" : String(caught)}`,
  );
  if (typeof field === "string") assert.equal(caught.field, field);
  else assert.match(caught.field, field);
  assert.ok(caught.message.startsWith(`${caught.field}: `), `the message starts with the field: ${caught.message}`);
  assert.ok(caught.message.includes(shown), `the message shows ${shown}: ${caught.message}`);
  assert.match(caught.message, /expected .+\.$/, "the message says what is accepted");
  return caught;
}

describe("model: the three input shapes", () => {
  const specs: Record<string, ClusterSpec> = {
    "kubenet + Calico": kubenet({ policy: "calico" }),
    "Node Subnet with a Windows pool and NAP": nodeSubnet({ nap: true, pools: [systemPool(), windowsPool()] }),
    "Pod Subnet": podSubnet(),
    "overlay + Cilium, dual-stack, autoscaled pool": overlayCilium({
      ...DUAL_STACK,
      pools: [systemPool(), userPool()],
    }),
    "BYO CNI with a system-assigned identity": {
      ...overlay(),
      plugin: "none",
      mode: undefined,
      podCidr: undefined,
      identity: "SystemAssigned",
    },
    "overlay + Calico, NAP off, with a Windows pool": overlay({
      policy: "calico",
      nap: false,
      pools: [systemPool(), windowsPool()],
    }),
  };

  for (const [label, spec] of Object.entries(specs)) {
    it(`reads the same model from ARM, az and azure-native: ${label}`, () => {
      const [arm, az, pulumi] = CLUSTER_SHAPES.map((shape) => model(spec, shape));
      assert.equal(arm.shape, "arm");
      assert.equal(az.shape, "az");
      assert.equal(pulumi.shape, "pulumi");
      assert.deepEqual(comparable(az), comparable(arm));
      assert.deepEqual(comparable(pulumi), comparable(arm));
    });
  }

  it("reads every field the rules need", () => {
    const m = model(
      overlayCilium({ ...DUAL_STACK, nap: true, pools: [systemPool(), userPool(), windowsPool()] }),
      "az",
    );
    assert.equal(m.name, "aks1");
    assert.equal(m.resourceGroup, "rg-aks");
    assert.equal(m.kubernetesVersion, "1.31.2");
    assert.equal(m.networkPlugin, "azure");
    assert.equal(m.networkPluginMode, "overlay");
    assert.equal(m.networkDataplane, "cilium");
    assert.equal(m.networkPolicy, "cilium");
    assert.deepEqual(m.podCidrs, DUAL_STACK.podCidrs);
    assert.deepEqual(m.serviceCidrs, DUAL_STACK.serviceCidrs);
    assert.equal(m.dnsServiceIp, "10.0.0.10");
    assert.deepEqual(m.ipFamilies, ["IPv4", "IPv6"]);
    assert.equal(m.outboundType, "loadBalancer");
    assert.equal(m.identityType, "UserAssigned");
    assert.equal(m.nodeAutoProvisioning, true);
    assert.equal(m.ipamMode, "azure-cni-overlay");
    assert.deepEqual(
      m.nodePools.map((p) => [p.name, p.mode, p.osType, p.maxNodes, p.separate]),
      [
        ["system", "System", "Linux", 3, false],
        ["apps", "User", "Linux", 10, false],
        ["win1", "User", "Windows", 2, false],
      ],
    );
    const win = m.nodePools[2];
    assert.equal(win.osSku, "Windows2022");
    assert.equal(win.vnetSubnetId, NODE_SUBNET_ID);
    assert.equal(win.windowsContainerRuntime, "containerd");
    assert.equal(win.windowsOsBuild, "20348.2527");
    assert.ok(
      Object.isFrozen(m) && Object.isFrozen(m.nodePools) && Object.isFrozen(m.podCidrs),
      "the model is immutable",
    );
  });

  it("reads NAP off, Calico and a Windows pool's build alike from every shape", () => {
    for (const shape of CLUSTER_SHAPES) {
      const m = model(overlay({ policy: "calico", nap: false, pools: [systemPool(), windowsPool()] }), shape);
      assert.equal(m.ipamMode, "azure-cni-overlay", shape);
      assert.equal(m.networkPolicy, "calico", shape);
      assert.equal(m.nodeAutoProvisioning, false, shape);
      assert.equal(m.identityType, "UserAssigned", shape);
      assert.equal(m.resourceGroup, "rg-aks", shape);
      assert.equal(m.nodePools[0].vnetSubnetId, NODE_SUBNET_ID, shape);
      assert.equal(m.nodePools[1].osType, "Windows", shape);
      assert.equal(m.nodePools[1].windowsOsBuild, "20348.2527", shape);
    }
  });

  it("derives the five IPAM modes", () => {
    assert.equal(model(kubenet()).ipamMode, "kubenet");
    assert.equal(model(nodeSubnet()).ipamMode, "azure-cni-node-subnet");
    assert.equal(model(podSubnet()).ipamMode, "azure-cni-pod-subnet");
    assert.equal(model(overlay()).ipamMode, "azure-cni-overlay");
    assert.equal(model(overlay({ plugin: "none", mode: undefined })).ipamMode, "byo-cni");
    // An unset plugin is what the RP picks: kubenet below 1.30, overlay from 1.30.
    assert.equal(model(kubenet({ plugin: undefined, version: "1.29.9" })).ipamMode, "kubenet");
    assert.equal(model(kubenet({ plugin: undefined, version: "1.30.0" })).ipamMode, "azure-cni-overlay");
    // One inline pool on a pod subnet is enough to make it Pod Subnet.
    assert.equal(
      model(nodeSubnet({ pools: [systemPool(), userPool({ podSubnetId: POD_SUBNET_ID })] })).ipamMode,
      "azure-cni-pod-subnet",
    );
  });

  it("detects each shape, and a bare networkProfile", () => {
    assert.equal(detectShape(armCluster(overlay())), "arm");
    assert.equal(detectShape(azShowCluster(overlay())), "az");
    assert.equal(detectShape(pulumiClusterArgs(overlay())), "pulumi");
    assert.equal(detectShape(networkProfileOnly(overlay())), "network-profile");
    const bare = model(overlay(), "network-profile");
    assert.equal(bare.shape, "network-profile");
    assert.equal(bare.ipamMode, "azure-cni-overlay");
    assert.deepEqual(bare.podCidrs, ["192.168.0.0/16"]);
    assert.deepEqual(bare.nodePools, []);
  });

  it("reads az's currentKubernetesVersion over kubernetesVersion and a v-prefixed version", () => {
    const az = { ...azShowCluster(overlay({ version: "1.31" })), currentKubernetesVersion: "1.31.7" };
    assert.equal(parseCluster(az).kubernetesVersion, "1.31.7");
    assert.equal(model(overlay({ version: "v1.30.2" })).kubernetesVersion, "1.30.2");
  });

  it("reads the resource group from an ARM id when nothing else names it", () => {
    const arm = armCluster(overlay({ resourceGroup: "rg-from-id" }));
    assert.equal(parseCluster(arm).resourceGroup, "rg-from-id");
  });

  it("reads separate AgentPools from azure-native args and from ARM", () => {
    const pool = parseAgentPool(agentPoolArgs(windowsPool({ maxCount: 5 })));
    assert.equal(pool.name, "win1");
    assert.equal(pool.osType, "Windows");
    assert.equal(pool.maxNodes, 5);
    assert.equal(pool.separate, true);
    assert.equal(
      parseAgentPool({ ...agentPoolArgs(windowsPool()), osType: "windows" }).osType,
      "Windows",
      "osType in any case",
    );
    const arm = parseAgentPool({
      name: "pool2",
      properties: { osType: "Linux", osSKU: "AzureLinux", count: 4, podSubnetID: POD_SUBNET_ID },
    });
    assert.equal(arm.name, "pool2");
    assert.equal(arm.osSku, "AzureLinux");
    assert.equal(arm.podSubnetId, POD_SUBNET_ID);
    assert.equal(arm.maxNodes, 4);
    // A Windows OS SKU without osType still makes a Windows pool.
    assert.equal(parseAgentPool({ name: "w", osSKU: "Windows2019" }).osType, "Windows");
  });
});

describe("model: enum values in any case", () => {
  it("accepts ARM's enums in any case and reports them canonical", () => {
    const m = model({
      ...overlayCilium({
        nap: true,
        pools: [systemPool({ os: "LINUX", mode: "system" }), windowsPool({ os: "windows", mode: "USER" })],
      }),
      plugin: "Azure",
      mode: "OVERLAY",
      dataplane: "Cilium",
      policy: "CILIUM",
      outboundType: "LOADBALANCER",
      identity: "userassigned",
      ipFamilies: ["ipv4"],
    });
    assert.equal(m.networkPlugin, "azure");
    assert.equal(m.networkPluginMode, "overlay");
    assert.equal(m.networkDataplane, "cilium");
    assert.equal(m.networkPolicy, "cilium");
    assert.equal(m.outboundType, "loadBalancer");
    assert.equal(m.identityType, "UserAssigned");
    assert.deepEqual(m.ipFamilies, ["IPv4"]);
    assert.deepEqual(
      m.nodePools.map((p) => [p.osType, p.mode]),
      [
        ["Linux", "System"],
        ["Windows", "User"],
      ],
    );
    assert.equal(m.ipamMode, "azure-cni-overlay");
  });

  it("judges mixed-case input exactly like canonical input", () => {
    const canonical = evaluateTransition(
      model(kubenet({ policy: "calico" })),
      model({ plugin: "azure", mode: "overlay" }, "network-profile"),
    );
    const shouting = evaluateTransition(
      model(kubenet({ policy: "CALICO", plugin: "KubeNet" })),
      model({ plugin: "AZURE", mode: "Overlay" }, "network-profile"),
    );
    assert.deepEqual(
      shouting.findings.map((f) => f.rule),
      canonical.findings.map((f) => f.rule),
    );
    assert.ok(
      shouting.findings.every((f) => !/KubeNet|CALICO|AZURE/.test(f.message)),
      "messages use canonical values",
    );
  });

  it("reads keys in any case (az's dnsServiceIp, ARM's dnsServiceIP)", () => {
    const az = parseCluster({
      resourceGroup: "rg",
      networkProfile: { NetworkPlugin: "azure", DNSSERVICEIP: "10.0.0.10", serviceCIDR: "10.0.0.0/16" },
    });
    assert.equal(az.dnsServiceIp, "10.0.0.10");
    assert.deepEqual(az.serviceCidrs, ["10.0.0.0/16"]);
  });
});

describe("model: unset is not a default (azure-native's pod CIDR)", () => {
  it("sets nothing the input did not say", () => {
    const m = parseCluster({
      resourceGroupName: "rg",
      resourceName: "aks1",
      networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay" },
    });
    assert.equal(m.networkDataplane, undefined);
    assert.equal(m.networkPolicy, undefined);
    assert.deepEqual(m.podCidrs, []);
    assert.deepEqual(m.serviceCidrs, []);
    assert.equal(m.dnsServiceIp, undefined);
    assert.deepEqual(m.ipFamilies, []);
    assert.equal(m.nodeAutoProvisioning, undefined);
    assert.equal(m.identityType, undefined);
  });

  it("ignores the SDK's 10.244.0.0/16 on a Node Subnet cluster and keeps it on overlay and kubenet", () => {
    const nodeSubnetArgs = parseCluster(
      pulumiClusterArgs(nodeSubnet({ serviceCidr: undefined, dnsServiceIp: undefined }), { sdkDefaults: true }),
    );
    assert.deepEqual(nodeSubnetArgs.podCidrs, []);
    assert.deepEqual(nodeSubnetArgs.ignoredPodCidrs, ["10.244.0.0/16"]);
    assert.deepEqual(nodeSubnetArgs.serviceCidrs, ["10.0.0.0/16"]);
    for (const spec of [overlay({ podCidr: undefined }), kubenet({ podCidr: undefined })]) {
      const m = parseCluster(pulumiClusterArgs(spec, { sdkDefaults: true }));
      assert.deepEqual(m.podCidrs, ["10.244.0.0/16"], m.ipamMode);
      assert.deepEqual(m.ignoredPodCidrs, []);
    }
    const podSubnetArgs = parseCluster(pulumiClusterArgs(podSubnet(), { sdkDefaults: true }));
    assert.deepEqual(podSubnetArgs.ignoredPodCidrs, ["10.244.0.0/16"]);
  });

  it("does not judge an ignored pod CIDR (it overlaps nothing, it is not reserved)", () => {
    const m = parseCluster(pulumiClusterArgs(nodeSubnet({ podCidr: "10.240.0.0/16" })));
    assert.deepEqual(m.ignoredPodCidrs, ["10.240.0.0/16"]);
    const rules = evaluateProfile(m, vnetContext()).findings.map((f) => f.rule);
    assert.ok(!rules.includes("cidr-pod-vs-subnets") && !rules.includes("cidr-pod-vs-vnet-space"), rules.join(", "));
  });

  it("blocks Node Subnet → overlay without an explicit pod CIDR, even when the current state carries the SDK default", () => {
    const current = parseCluster(pulumiClusterArgs(nodeSubnet(), { sdkDefaults: true }));
    for (const desired of [
      parseCluster({ networkPluginMode: "overlay" }),
      parseCluster(pulumiClusterArgs({ ...nodeSubnet(), mode: "overlay" })),
    ]) {
      const result = evaluateTransition(current, desired, { ipMasqAgentConfigMaps: [] });
      assert.equal(result.verdict, "block");
      const finding = result.findings.find((f) => f.rule === "ovl-podcidr-from-nodesubnet");
      assert.ok(finding, result.findings.map((f) => f.rule).join(", "));
      assert.match(finding.fix, /--pod-cidr/);
    }
    const withPodCidr = evaluateTransition(
      current,
      parseCluster({ networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }),
      { ipMasqAgentConfigMaps: [] },
    );
    assert.equal(withPodCidr.verdict, "allow", withPodCidr.findings.map((f) => f.message).join("\n"));
  });

  it("keeps a kubenet pod CIDR through the overlay migration when none is given", () => {
    const current = model(kubenet(), "az");
    assert.deepEqual(current.podCidrs, ["10.244.0.0/16"]);
    for (const context of [undefined, { ipMasqAgentConfigMaps: [] }]) {
      const result = evaluateTransition(
        current,
        model({ plugin: "azure", mode: "overlay" }, "network-profile"),
        context,
      );
      assert.equal(result.verdict, "allow", result.findings.map((f) => f.message).join("\n"));
    }
  });
});

describe("model: CIDR edges", () => {
  const rulesOf = (spec: ClusterSpec, context: EvaluationContext = vnetContext()) =>
    evaluateProfile(model(spec), context).findings.map((f) => f.rule);

  it("does not count adjacent ranges as overlapping", () => {
    // 10.240.0.0/16 is the VNet; 10.241.0.0/16 starts right after it, 10.239.0.0/16 ends right before it.
    for (const podCidr of ["10.241.0.0/16", "10.239.0.0/16"]) {
      const rules = rulesOf(overlay({ podCidr }));
      assert.ok(!rules.some((r) => r.startsWith("cidr-pod-vs")), `${podCidr}: ${rules.join(", ")}`);
    }
    // 10.241.0.0/16 starts right after a 10.240.0.0/16 subnet.
    assert.ok(
      !rulesOf(overlay({ podCidr: "10.241.0.0/16" }), {
        subnets: [{ name: "a", addressPrefixes: ["10.240.0.0/16"] }],
      }).includes("cidr-pod-vs-subnets"),
    );
    // 10.1.0.0/16 starts right after the 10.0.0.0/16 service range.
    assert.ok(!rulesOf(overlay({ podCidr: "10.1.0.0/16" })).includes("cidr-pod-vs-service"));
  });

  it("counts containment in a /8 as overlap, both ways round", () => {
    assert.ok(
      rulesOf(overlay({ podCidr: "10.0.0.0/8", serviceCidr: "192.168.0.0/16", dnsServiceIp: "192.168.0.10" })).includes(
        "cidr-pod-vs-subnets",
      ),
    );
    assert.ok(rulesOf(overlay({ podCidr: "10.0.0.0/8" })).includes("cidr-pod-vs-service"));
    const inside = rulesOf(overlay({ podCidr: "10.240.2.0/24" }), {
      ...vnetContext(),
      subnets: [{ name: "big", addressPrefixes: ["10.0.0.0/8"] }],
    });
    assert.ok(inside.includes("cidr-pod-vs-subnets"), inside.join(", "));
  });

  it("judges IPv6 ranges and keeps the families apart", () => {
    const v6Overlap = rulesOf(overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16", "fd12:3456:789a:1::/64"] }));
    assert.ok(v6Overlap.includes("cidr-pod-vs-service"), v6Overlap.join(", "));
    // The IPv4 pod range and the IPv6 service range share no family: no overlap whatever the numbers.
    const apart = rulesOf(overlayCilium(DUAL_STACK), {
      ...vnetContext(),
      subnets: [{ name: "v6", addressPrefixes: ["fd12:3456:789a:2::/64"] }],
    });
    assert.ok(!apart.some((r) => r.startsWith("cidr-pod-vs") || r === "cidr-service-vs-subnets"), apart.join(", "));
    const v6Subnet = rulesOf(overlayCilium(DUAL_STACK), {
      subnets: [{ name: "v6", addressPrefixes: ["fd12:3456:789a::/48"] }],
    });
    assert.ok(
      v6Subnet.includes("cidr-pod-vs-subnets") && v6Subnet.includes("cidr-service-vs-subnets"),
      v6Subnet.join(", "),
    );
  });

  it("reads dual-stack lists family by family, IPv4 first", () => {
    const m = model(
      overlayCilium({
        podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"],
        serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"],
      }),
    );
    assert.deepEqual(m.ipFamilies, ["IPv4", "IPv6"], "families follow the CIDRs when not declared");
    assert.deepEqual(m.podCidrs, ["192.168.0.0/16", "fd12:3456:789a::/64"]);
    // The single field and the list may both be present (the RP returns both) when they agree.
    const both = parseCluster({
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: "192.168.0.0/16",
        podCidrs: ["192.168.0.0/16", "fd00::/64"],
      },
      resourceGroupName: "rg",
    });
    assert.deepEqual(both.podCidrs, ["192.168.0.0/16", "fd00::/64"]);
  });

  it("keeps dual-stack CIDRs in the order given (IPv6 first is for the rules to block, not for the parser to fix)", () => {
    const m = model(overlay({ podCidr: undefined, podCidrs: ["fd12:3456:789a::/64", "192.168.0.0/16"] }));
    assert.deepEqual(m.podCidrs, ["fd12:3456:789a::/64", "192.168.0.0/16"]);
  });

  it("refuses host bits, in IPv4 and IPv6", () => {
    const e = assertInputError(
      () => model(overlay({ podCidr: "192.168.1.0/16" })),
      "arm.properties.networkProfile.podCidr",
      '"192.168.1.0/16"',
    );
    assert.match(e.message, /host bits zero/);
    assertInputError(
      () => model(overlayCilium({ ...DUAL_STACK, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::1/64"] })),
      "arm.properties.networkProfile.podCidrs[1]",
      '"fd12:3456:789a::1/64"',
    );
  });
});

describe("model: bad input names the field and the value", () => {
  it("refuses what is not an object", () => {
    for (const value of [null, undefined, 42, "cluster", true, [armCluster(overlay())]]) {
      assert.throws(
        () => parseCluster(value, "desired"),
        (e: unknown) =>
          e instanceof InputError && e.field === "desired" && /expected an ARM managedCluster/.test(e.message),
      );
    }
    assert.throws(
      () => parseCluster("kubenet"),
      (e: unknown) => e instanceof InputError && /^cluster: "kubenet" is not valid/.test(e.message),
    );
    assert.throws(
      () => parseCluster([1, 2]),
      (e: unknown) => e instanceof InputError && /^cluster: an array of 2 is not valid/.test(e.message),
    );
  });

  it("refuses an object of no known shape, listing the shapes", () => {
    const e = assertInputError(() => parseCluster({ hello: "world" }, "desired"), "desired", "an object");
    assert.match(e.message, /ARM managedCluster/);
    assert.match(e.message, /az aks show/);
    assert.match(e.message, /azure-native/);
  });

  it("refuses unknown enum values, listing the accepted ones", () => {
    const cases: [ClusterSpec, string, string, RegExp][] = [
      [
        overlay({ plugin: "calico" }),
        "arm.properties.networkProfile.networkPlugin",
        '"calico"',
        /azure, kubenet, none/,
      ],
      [overlay({ mode: "underlay" }), "arm.properties.networkProfile.networkPluginMode", '"underlay"', /overlay/],
      [overlay({ dataplane: "ebpf" }), "arm.properties.networkProfile.networkDataplane", '"ebpf"', /azure, cilium/],
      [
        overlay({ policy: "antrea" }),
        "arm.properties.networkProfile.networkPolicy",
        '"antrea"',
        /none, azure, calico, cilium/,
      ],
      [overlay({ ipFamilies: ["IPv5"] }), "arm.properties.networkProfile.ipFamilies[0]", '"IPv5"', /IPv4 or IPv6/],
      [overlay({ identity: "Managed" }), "arm.identity.type", '"Managed"', /SystemAssigned, UserAssigned, None/],
      [
        overlay({ pools: [systemPool({ os: "Plan9" })] }),
        "arm.properties.agentPoolProfiles[0].osType",
        '"Plan9"',
        /Linux, Windows/,
      ],
    ];
    for (const [spec, field, shown, accepted] of cases) {
      const e = assertInputError(() => model(spec), field, shown);
      assert.match(e.message, accepted);
    }
  });

  it("refuses malformed CIDRs and IPs", () => {
    const cases: [ClusterSpec, string, string][] = [
      [overlay({ podCidr: "10.0.0.0/33" }), "arm.properties.networkProfile.podCidr", '"10.0.0.0/33"'],
      [overlay({ podCidr: "999.1.1.1/8" }), "arm.properties.networkProfile.podCidr", '"999.1.1.1/8"'],
      [overlay({ podCidr: "10.244.0.0" }), "arm.properties.networkProfile.podCidr", '"10.244.0.0"'],
      [overlay({ serviceCidr: "10.0.0.0/16/8" }), "arm.properties.networkProfile.serviceCidr", '"10.0.0.0/16/8"'],
      [overlay({ serviceCidr: "999.1.1.1/8" }), "arm.properties.networkProfile.serviceCidr", '"999.1.1.1/8"'],
      [overlay({ dnsServiceIp: "10.0.0.300" }), "arm.properties.networkProfile.dnsServiceIP", '"10.0.0.300"'],
    ];
    for (const [spec, field, shown] of cases) assertInputError(() => model(spec), field, shown);
  });

  it("refuses an IPv6 CIDR in the IPv4-only podCidr field", () => {
    const e = assertInputError(
      () => model(overlay({ podCidr: "fd12:3456:789a::/64" })),
      "arm.properties.networkProfile.podCidr",
      '"fd12:3456:789a::/64"',
    );
    assert.match(e.message, /IPv4/);
    assert.match(e.message, /does not take IPv6/);
    assertInputError(
      () => model(overlay({ serviceCidr: "fd12:3456:789a:1::/108" }), "az"),
      "az.networkProfile.serviceCidr",
      '"fd12:3456:789a:1::/108"',
    );
  });

  it("refuses two CIDRs of one family in podCidrs", () => {
    const e = assertInputError(
      () => model(overlay({ podCidrs: ["192.168.0.0/16", "10.244.0.0/16"] })),
      "arm.properties.networkProfile.podCidrs",
      "an array of 2",
    );
    assert.match(e.message, /at most one CIDR per IP family/);
  });

  it("refuses a single field that contradicts its list", () => {
    assertInputError(
      () => model(overlay({ podCidr: "192.168.0.0/16", podCidrs: ["10.244.0.0/16"] })),
      "arm.properties.networkProfile.podCidr",
      '"192.168.0.0/16"',
    );
  });

  it("refuses wrong types, duplicate pools, nameless pools and bad versions", () => {
    assertInputError(
      () => parseCluster({ resourceGroupName: "rg", networkProfile: "azure" }),
      "cluster.networkProfile",
      '"azure"',
    );
    assertInputError(
      () => parseCluster({ resourceGroupName: "rg", agentPoolProfiles: { name: "x" } }),
      "cluster.agentPoolProfiles",
      "an object",
    );
    const notAString = assertInputError(
      () => parseCluster({ resourceGroupName: "rg", networkProfile: { networkPlugin: 7 } }),
      "cluster.networkProfile.networkPlugin",
      "7",
    );
    assert.match(notAString.message, /: 7 is not valid; expected a string/);
    const duplicate = assertInputError(
      () => model(overlay({ pools: [systemPool(), systemPool({ name: "SYSTEM" })] })),
      "arm.properties.agentPoolProfiles[1].name",
      '"SYSTEM"',
    );
    assert.match(duplicate.message, /used only once/);
    assertInputError(() => model(overlay({ pools: [{ name: "" }] })), "arm.properties.agentPoolProfiles[0].name", '""');
    assertInputError(
      () => model(overlay({ pools: [systemPool({ count: -1 })] })),
      "arm.properties.agentPoolProfiles[0].count",
      "-1",
    );
    assertInputError(() => model(overlay({ version: "latest" })), "arm.properties.kubernetesVersion", '"latest"');
  });

  it("refuses a bad context with the field and the value", () => {
    assertInputError(
      () => parseContext({ vnetAddressSpaces: ["10.0.0.0/33"] }),
      "context.vnetAddressSpaces[0]",
      '"10.0.0.0/33"',
    );
    assertInputError(
      () => parseContext({ subnets: [{ name: "a", addressPrefixes: ["nope"] }] }),
      "context.subnets[0].addressPrefixes[0]",
      '"nope"',
    );
    assertInputError(
      () => parseContext({ subnets: [{ name: "a" }] }),
      "context.subnets[0].addressPrefixes",
      "undefined",
    );
    assertInputError(() => parseContext({ now: "yesterday" }), "context.now", '"yesterday"');
    assertInputError(() => parseContext("ctx"), "context", '"ctx"');
  });

  it("cuts long values short in messages", () => {
    const long = "x".repeat(5000);
    const e = assertInputError(
      () => model(overlay({ plugin: long })),
      "arm.properties.networkProfile.networkPlugin",
      "xxx...",
    );
    assert.ok(e.message.length < 400, `message of ${e.message.length} characters`);
  });
});

describe("model: engine secrets and unknowns", () => {
  it("unwraps secrets, remembers their text and redacts it from findings", () => {
    const args = pulumiClusterArgs(overlay({ podCidr: undefined }));
    const m = parseCluster({
      ...args,
      networkProfile: { ...(args.networkProfile as object), podCidr: secret("172.16.0.0/12") },
    });
    assert.deepEqual(m.podCidrs, ["172.16.0.0/12"]);
    assert.deepEqual(m.secretValues, ["172.16.0.0/12"]);
    const finding = evaluateProfile(m).findings.find((f) => f.rule === "cidr-reserved-ranges");
    assert.ok(finding);
    assert.ok(!finding.message.includes("172.16.0.0/12") && finding.message.includes("[secret]"), finding.message);
    for (const f of evaluateProfile(m).findings)
      assert.ok(!`${f.message} ${f.fix}`.includes("172.16.0.0/12"), `${f.rule}: ${f.message} / ${f.fix}`);
  });

  it("never shows a secret in an input error", () => {
    const args = pulumiClusterArgs(overlay());
    const profile = args.networkProfile as Record<string, unknown>;
    const bad: [Record<string, unknown>, string][] = [
      [{ ...profile, podCidr: secret("hunter2-not-a-cidr") }, "hunter2-not-a-cidr"],
      [{ ...profile, networkPlugin: secret("hunter2-plugin") }, "hunter2-plugin"],
      [{ ...profile, dnsServiceIP: secret("hunter2.example") }, "hunter2.example"],
      [{ ...profile, ipFamilies: [secret("hunter2-family")] }, "hunter2-family"],
      [secret({ ...profile, podCidrs: ["10.1.0.0/16"], podCidr: "hunter2-bad" }), "hunter2-bad"],
    ];
    for (const [networkProfile, text] of bad) {
      assert.throws(
        () => parseCluster({ ...args, networkProfile }),
        (e: unknown) =>
          e instanceof InputError &&
          !e.message.includes(text) &&
          !JSON.stringify(e.value ?? null).includes(text) &&
          e.message.includes("[secret]"),
        text,
      );
    }
    assert.throws(
      () => parseAgentPool({ name: "p", osType: secret("hunter2-os") }),
      (e: unknown) => e instanceof InputError && !e.message.includes("hunter2-os"),
    );
  });

  it("reads deeply nested values without overflowing the stack (a case file may carry anything)", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let nestedSecret: unknown = "azure";
    for (let i = 0; i < 100_000; i++) nestedSecret = secret(nestedSecret);
    const base = pulumiClusterArgs(overlay());
    const profile = base.networkProfile as Record<string, unknown>;
    const inputs: unknown[] = [
      { ...base, networkProfile: secret({ ...profile, junk: deep }) },
      { ...base, identity: secret(deep) },
      { ...base, networkProfile: { ...profile, podCidrs: secret([deep]) } },
      { ...base, networkProfile: { ...profile, networkPlugin: nestedSecret } },
    ];
    for (const input of inputs) {
      try {
        const m = parseCluster(input);
        assert.ok(evaluateProfile(m).findings.length >= 0);
      } catch (error) {
        assert.ok(error instanceof InputError, `unexpected ${String(error)}`);
      }
    }
    assert.equal(parseCluster(inputs[3]).networkPlugin, "azure");
  });

  it("throws UnknownValueError on the engine's unknown marker, or collects it when asked", () => {
    const args = pulumiClusterArgs(overlay());
    const withUnknown = { ...args, networkProfile: { ...(args.networkProfile as object), podCidr: UNKNOWN } };
    assert.throws(
      () => parseCluster(withUnknown),
      (e: unknown) => e instanceof UnknownValueError && e.field === "cluster.networkProfile.podCidr",
    );
    const collected = parseCluster(withUnknown, "cluster", { unknowns: "collect" });
    assert.deepEqual(collected.unknownFields, ["cluster.networkProfile.podCidr"]);
    assert.deepEqual(collected.podCidrs, []);
  });
});

describe("model: every fixture shape renders what the shape really carries", () => {
  it("az output carries nulls and flattened fields; ARM nests under properties; azure-native names the resource", () => {
    const az = azShowCluster(nodeSubnet());
    assert.equal((az.networkProfile as Record<string, unknown>).networkPluginMode, null);
    assert.equal(az.resourceGroup, "rg-aks");
    assert.ok("dnsServiceIp" in (az.networkProfile as object));
    assert.ok("vnetSubnetId" in (az.agentPoolProfiles as object[])[0]);
    const arm = armCluster(nodeSubnet());
    assert.ok("dnsServiceIP" in ((arm.properties as Record<string, unknown>).networkProfile as object));
    const args = pulumiClusterArgs(nodeSubnet());
    assert.equal(args.resourceName, "aks1");
    assert.equal(args.resourceGroupName, "rg-aks");
    assert.ok("osSKU" in (args.agentPoolProfiles as object[])[0]);
    assert.deepEqual(Object.keys(render("network-profile", { plugin: "azure" })), ["networkPlugin"]);
  });
});

/** An azure-native program whose second pool's name comes from another resource's output (unknown in preview). */
function clusterWithUnknownPoolName(): Record<string, unknown> {
  const args = pulumiClusterArgs(overlayCilium({ pools: [systemPool(), windowsPool()] }));
  const pools = args.agentPoolProfiles as Record<string, unknown>[];
  return { ...args, agentPoolProfiles: [pools[0], { ...pools[1], name: UNKNOWN }] };
}

describe("model: a pool whose name is unknown until apply", () => {
  it("is judged under a placeholder while unknowns are collected, and the field is listed", () => {
    const parsed = parseCluster(clusterWithUnknownPoolName(), "aks1", { unknowns: "collect" });
    assert.equal(parsed.nodePools.length, 2);
    assert.equal(parsed.nodePools[1].name, "aks1.agentPoolProfiles[1] (name unknown until apply)");
    assert.equal(parsed.nodePools[1].osType, "Windows");
    assert.ok(parsed.unknownFields?.includes("aks1.agentPoolProfiles[1].name"), String(parsed.unknownFields));
    const rules = evaluateProfile(parsed).findings.map((f) => f.rule);
    assert.ok(rules.includes("dp-cilium-no-windows"), "the Windows pool still meets the Cilium rule in preview");
  });

  it("is an UnknownValueError naming the field when unknowns are not collected", () => {
    assert.throws(
      () => parseCluster(clusterWithUnknownPoolName(), "aks1"),
      (e: unknown) => e instanceof UnknownValueError && e.field === "aks1.agentPoolProfiles[1].name",
    );
  });

  it("gives a separate AgentPool with an unknown agentPoolName the same placeholder", () => {
    const pool = parseAgentPool(
      { resourceGroupName: "rg", resourceName: "aks1", agentPoolName: UNKNOWN, osType: "Windows" },
      "win",
      { unknowns: "collect" },
    );
    assert.equal(pool.name, "win (name unknown until apply)");
    assert.equal(pool.osType, "Windows");
  });

  it("still refuses a pool with no name at all, naming the field", () => {
    const args = pulumiClusterArgs(overlayCilium({ pools: [systemPool(), windowsPool()] }));
    const pools = args.agentPoolProfiles as Record<string, unknown>[];
    const nameless = { ...args, agentPoolProfiles: [pools[0], { ...pools[1], name: undefined }] };
    assert.throws(
      () => parseCluster(nameless, "aks1", { unknowns: "collect" }),
      (e: unknown) => e instanceof InputError && e.field === "aks1.agentPoolProfiles[1].name",
    );
  });
});
