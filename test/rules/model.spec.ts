import { strict as assert } from "node:assert";
import { detectShape, evaluateTransition, InputError, parseAgentPool, parseCluster, parseContext, UnknownValueError } from "../../core";
import { armJson, azShow, clusters, POD_SUBNET_ID, pulumiArgs, SUBNET_ID, WINDOWS_POOL } from "../support/clusters";

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SECRET_KEY]: SECRET_SIG, value });

function networkOf(m: ReturnType<typeof parseCluster>) {
  const { shape: _shape, ...rest } = m;
  return rest;
}

describe("cluster model", () => {
  describe("input shapes", () => {
    const desc = clusters.overlay({ policy: "calico", identity: "UserAssigned", nap: false, pools: [{ name: "system", mode: "System", count: 3, vnetSubnetId: SUBNET_ID }, WINDOWS_POOL] });

    it("detects ARM JSON, az aks show output, azure-native args and a bare network profile", () => {
      assert.equal(detectShape(armJson(desc)), "arm");
      assert.equal(detectShape(azShow(desc)), "az");
      assert.equal(detectShape(pulumiArgs(desc)), "pulumi");
      assert.equal(detectShape({ networkPlugin: "azure", networkPluginMode: "overlay" }), "network-profile");
    });

    it("builds the same model from all three shapes", () => {
      const fromArm = networkOf(parseCluster(armJson(desc)));
      assert.deepEqual(networkOf(parseCluster(azShow(desc))), fromArm);
      assert.deepEqual(networkOf(parseCluster(pulumiArgs(desc))), fromArm);
      assert.equal(fromArm.ipamMode, "azure-cni-overlay");
      assert.equal(fromArm.networkPolicy, "calico");
      assert.equal(fromArm.nodePools[1].osType, "Windows");
      assert.equal(fromArm.nodePools[1].windowsOsBuild, "20348.2227");
      assert.equal(fromArm.nodePools[0].vnetSubnetId, SUBNET_ID);
      assert.equal(fromArm.identityType, "UserAssigned");
      assert.equal(fromArm.nodeAutoProvisioning, false);
      assert.equal(fromArm.resourceGroup, "rg1");
    });

    it("derives the five IPAM modes", () => {
      assert.equal(parseCluster(azShow(clusters.kubenet())).ipamMode, "kubenet");
      assert.equal(parseCluster(azShow(clusters.nodeSubnet())).ipamMode, "azure-cni-node-subnet");
      assert.equal(parseCluster(azShow(clusters.podSubnet())).ipamMode, "azure-cni-pod-subnet");
      assert.equal(parseCluster(azShow(clusters.overlay())).ipamMode, "azure-cni-overlay");
      assert.equal(parseCluster(azShow(clusters.byoCni())).ipamMode, "byo-cni");
    });

    it("derives an unset plugin by Kubernetes version, as the RP does on create", () => {
      assert.equal(parseCluster({ kubernetesVersion: "1.29.4", networkProfile: {} }).ipamMode, "kubenet");
      assert.equal(parseCluster({ kubernetesVersion: "1.30.0", networkProfile: {} }).ipamMode, "azure-cni-overlay");
    });

    it("reads separate agent pools in azure-native and ARM form", () => {
      const args = parseAgentPool({ agentPoolName: "win2", resourceName: "aks1", resourceGroupName: "rg1", osType: "windows", podSubnetID: POD_SUBNET_ID });
      assert.equal(args.name, "win2");
      assert.equal(args.osType, "Windows");
      assert.equal(args.separate, true);
      const arm = parseAgentPool({ name: "lin2", properties: { osType: "Linux", osSKU: "AzureLinux", count: 3 } });
      assert.equal(arm.osSku, "AzureLinux");
      assert.equal(arm.maxNodes, 3);
    });
  });

  describe("enum values", () => {
    it("match case-insensitively and are reported in their canonical form", () => {
      const m = parseCluster({ networkProfile: { networkPlugin: "Azure", networkPluginMode: "OVERLAY", networkDataplane: "Cilium", networkPolicy: "CILIUM", outboundType: "LOADBALANCER" }, resourceName: "x" });
      assert.equal(m.networkPlugin, "azure");
      assert.equal(m.networkPluginMode, "overlay");
      assert.equal(m.networkDataplane, "cilium");
      assert.equal(m.networkPolicy, "cilium");
      assert.equal(m.outboundType, "loadBalancer");
    });

    it("reject unknown values with the field, the value and what is accepted", () => {
      assert.throws(
        () => parseCluster({ networkProfile: { networkPlugin: "calico-cni" }, resourceName: "x" }),
        (e: unknown) => e instanceof InputError && e.field === "cluster.networkProfile.networkPlugin" && /"calico-cni"/.test(e.message) && /azure, kubenet, none/.test(e.message),
      );
    });
  });

  describe("the azure-native default pod CIDR", () => {
    it("means nothing on a Node Subnet cluster and is not read as an overlay pod CIDR", () => {
      const nodeSubnetArgs = parseCluster(pulumiArgs(clusters.nodeSubnet({ podCidr: "10.244.0.0/16" })));
      assert.deepEqual(nodeSubnetArgs.podCidrs, []);
      assert.deepEqual(nodeSubnetArgs.ignoredPodCidrs, ["10.244.0.0/16"]);
      const toOverlay = evaluateTransition(nodeSubnetArgs, parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }));
      assert.ok(toOverlay.findings.some((f) => f.rule === "ovl-podcidr-from-nodesubnet" && f.severity === "block"));
    });

    it("is the pod CIDR on kubenet and is kept by the overlay migration", () => {
      const kubenet = parseCluster(azShow(clusters.kubenet({ identity: "UserAssigned" })));
      assert.deepEqual(kubenet.podCidrs, ["10.244.0.0/16"]);
      const move = evaluateTransition(kubenet, parseCluster({ networkPlugin: "azure", networkPluginMode: "overlay" }));
      assert.equal(move.verdict, "allow", move.findings.map((f) => f.rule).join());
    });
  });

  describe("CIDRs", () => {
    const withPod = (podCidr: string, context = {}) => evaluateTransition(undefined, parseCluster(azShow(clusters.overlay({ podCidr }))), context).findings.map((f) => f.rule);

    it("treats adjacent ranges as disjoint and containment in a /8 as overlap", () => {
      assert.ok(!withPod("10.241.0.0/16", { subnets: [{ name: "a", addressPrefixes: ["10.240.0.0/16"] }] }).includes("cidr-pod-vs-subnets"));
      assert.ok(withPod("10.241.0.0/16", { subnets: [{ name: "a", addressPrefixes: ["10.0.0.0/8"] }] }).includes("cidr-pod-vs-subnets"));
    });

    it("compares IPv4 and IPv6 family by family in dual-stack", () => {
      const dual = clusters.overlayCilium({ podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a::/108"], ipFamilies: ["IPv4", "IPv6"] });
      const rules = evaluateTransition(undefined, parseCluster(azShow(dual))).findings.map((f) => f.rule);
      assert.ok(rules.includes("cidr-pod-vs-service"), "the IPv6 pod and service ranges overlap");
      const m = parseCluster(azShow(dual));
      assert.deepEqual(m.podCidrs, ["192.168.0.0/16", "fd12:3456:789a::/64"]);
    });

    it("keeps the dual-stack order as given, and blocks IPv6 before IPv4 as AKS does", () => {
      const m = parseCluster({ networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["fd00::/64", "192.168.0.0/16"] }, resourceName: "x" });
      assert.deepEqual(m.podCidrs, ["fd00::/64", "192.168.0.0/16"]);
      assert.ok(evaluateTransition(undefined, m).findings.some((f) => f.rule === "cidr-dualstack-shape" && f.severity === "block"));
    });
  });

  describe("bad input", () => {
    const cases: [string, unknown, RegExp][] = [
      ["not an object", "kubenet", /^cluster: "kubenet" is not valid/],
      ["an array", [1, 2], /^cluster: an array of 2 is not valid/],
      ["an object of no known shape", { hello: "world" }, /ARM managedCluster/],
      ["a prefix over 32", { networkProfile: { podCidr: "10.0.0.0/33" }, resourceName: "x" }, /networkProfile\.podCidr: "10\.0\.0\.0\/33"/],
      ["an octet over 255", { networkProfile: { serviceCidr: "999.1.1.1/8" }, resourceName: "x" }, /networkProfile\.serviceCidr: "999\.1\.1\.1\/8"/],
      ["IPv6 in the IPv4 podCidr", { networkProfile: { podCidr: "fd00::/64" }, resourceName: "x" }, /does not take IPv6/],
      ["two IPv4 pod CIDRs", { networkProfile: { podCidrs: ["10.1.0.0/16", "10.2.0.0/16"] }, resourceName: "x" }, /at most one CIDR per IP family/],
      ["host bits set", { networkProfile: { podCidr: "10.244.0.1/16" }, resourceName: "x" }, /host bits zero/],
      ["a number where a string goes", { networkProfile: { networkPlugin: 7 }, resourceName: "x" }, /networkProfile\.networkPlugin: 7 is not valid; expected a string/],
      ["a malformed version", { kubernetesVersion: "latest", networkProfile: {} }, /kubernetesVersion: "latest"/],
      ["duplicate pool names", { agentPoolProfiles: [{ name: "a" }, { name: "A" }], resourceName: "x" }, /used only once/],
      ["a bad DNS IP", { networkProfile: { dnsServiceIP: "10.0.0.300" }, resourceName: "x" }, /dnsServiceIP: "10\.0\.0\.300"/],
    ];
    for (const [name, input, message] of cases) {
      it(`names the field and the value for ${name}`, () => {
        assert.throws(() => parseCluster(input), (e: unknown) => e instanceof InputError && message.test(e.message));
      });
    }

    it("rejects a bad context field by name", () => {
      assert.throws(() => parseContext({ subnets: [{ name: "a", addressPrefixes: ["10.0.0.0/40"] }] }), (e: unknown) => e instanceof InputError && /context\.subnets\[0\]\.addressPrefixes\[0\]/.test(e.message));
    });

    it("reports the engine's unknown marker as not known yet, naming the field", () => {
      assert.throws(
        () => parseCluster({ networkProfile: { podCidr: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, resourceName: "x" }),
        (e: unknown) => e instanceof UnknownValueError && e.field === "cluster.networkProfile.podCidr",
      );
    });
  });

  describe("secrets", () => {
    it("unwraps secret values for evaluation and never shows their text in findings", () => {
      const m = parseCluster({ resourceName: "x", networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: secret("172.16.0.0/12") } });
      assert.deepEqual(m.podCidrs, ["172.16.0.0/12"]);
      const findings = evaluateTransition(undefined, m).findings;
      assert.ok(findings.some((f) => f.rule === "cidr-reserved-ranges"));
      for (const f of findings) assert.ok(!`${f.message} ${f.fix}`.includes("172.16.0.0/12"), f.message);
    });
  });
});
