import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  evaluateProfile,
  evaluateTransition,
  InputError,
  parseCluster,
  planMigration,
  resolveDesired,
  RULES,
  rulesReading,
  UnknownValueError,
  type ClusterNetwork,
  type Evaluation,
  type EvaluationContext,
} from "../../core";
import {
  azShowCluster,
  DUAL_STACK,
  kubenet,
  model,
  nodeSubnet,
  overlay,
  POD_SUBNET_ID,
  render,
  separatePool,
  systemPool,
  userPool,
  vnetContext,
  windowsPool,
  type ClusterSpec,
  type PoolSpec,
  type Shape,
} from "../support/fixtures";
import { crashedRules } from "./evaluate-case";
import { assertPlanValid } from "./plan-checks";
import { defined } from "../support/defined";

const SEED = 20261123;
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const poolsArb: fc.Arbitrary<PoolSpec[]> = fc.constantFrom<PoolSpec[]>(
  [systemPool()],
  [systemPool({ vnetSubnetId: undefined })],
  [systemPool({ podSubnetId: POD_SUBNET_ID })],
  [systemPool(), userPool()],
  [systemPool(), windowsPool()],
  [systemPool(), windowsPool({ orchestratorVersion: "1.22.6", nodeImageVersion: undefined })],
  [systemPool({ count: 2, maxCount: 400 })],
);

const versionArb = fc.constantFrom("1.26.6", "1.29.9", "1.30.4", "1.31.2", "1.31.2", "1.33.0");

/** Clusters as AKS would hold them: one of the five IPAM modes with a policy and data plane that go with it. */
const realisticSpecArb: fc.Arbitrary<ClusterSpec> = fc
  .record({
    ipam: fc.constantFrom("kubenet", "node-subnet", "pod-subnet", "overlay", "overlay-by-default", "byo-cni"),
    cilium: fc.boolean(),
    policy: opt(fc.constantFrom("none", "azure", "calico")),
    version: versionArb,
    identity: fc.constantFrom("UserAssigned", "UserAssigned", "SystemAssigned"),
    podCidr: opt(fc.constantFrom("10.244.0.0/16", "192.168.0.0/16", "100.64.0.0/16")),
    windows: fc.constantFrom(false, false, true),
    nap: fc.constantFrom(undefined, undefined, false, true),
  })
  .map(({ ipam, cilium, policy, windows, ...rest }) => {
    const pools = windows && !cilium ? [systemPool(), windowsPool()] : [systemPool()];
    const network =
      cilium && ipam !== "kubenet" && ipam !== "byo-cni"
        ? { dataplane: "cilium", policy: "cilium" }
        : { policy: ipam === "byo-cni" ? undefined : policy };
    const common = { ...rest, ...network, pools };
    switch (ipam) {
      case "kubenet":
        return kubenet({
          ...common,
          policy: policy === "azure" ? "calico" : policy,
          pools: [systemPool()],
          podCidr: rest.podCidr ?? "10.244.0.0/16",
        });
      case "node-subnet":
        return nodeSubnet({ ...common, podCidr: undefined });
      case "pod-subnet":
        return nodeSubnet({
          ...common,
          podCidr: undefined,
          pools: pools.map((p) => ({ ...p, podSubnetId: POD_SUBNET_ID })),
        });
      case "overlay":
        return overlay({ ...common, podCidr: rest.podCidr ?? "192.168.0.0/16" });
      case "overlay-by-default":
        return overlay({ ...common, plugin: undefined, mode: undefined, version: "1.31.2" });
      default:
        return {
          ...nodeSubnet(common),
          plugin: "none",
          policy: undefined,
          dataplane: undefined,
          podCidr: rest.podCidr,
        };
    }
  });

/** Any combination of the network fields, valid or not. */
const anySpecArb: fc.Arbitrary<ClusterSpec> = fc
  .record({
    version: versionArb,
    plugin: opt(fc.constantFrom("azure", "kubenet", "none", "Azure", "KUBENET")),
    mode: opt(fc.constantFrom("overlay", "Overlay")),
    dataplane: opt(fc.constantFrom("azure", "cilium")),
    policy: opt(fc.constantFrom("none", "azure", "calico", "cilium")),
    podCidr: opt(
      fc.constantFrom(
        "10.244.0.0/16",
        "192.168.0.0/16",
        "10.244.0.0/15",
        "172.16.0.0/12",
        "10.240.0.0/16",
        "100.64.0.0/24",
      ),
    ),
    serviceCidr: fc.constantFrom("10.0.0.0/16", "10.1.0.0/16"),
    identity: fc.constantFrom("SystemAssigned", "UserAssigned"),
    nap: opt(fc.boolean()),
    dualStack: fc.boolean(),
    pools: poolsArb,
  })
  .map(({ dualStack, ...spec }) => {
    const base =
      spec.plugin?.toLowerCase() === "kubenet" ? kubenet(spec) : spec.mode ? overlay(spec) : nodeSubnet(spec);
    const full: ClusterSpec = { ...base, ...spec, dnsServiceIp: spec.serviceCidr.replace(/0\/16$/, "10") };
    return dualStack
      ? {
          ...full,
          ...DUAL_STACK,
          podCidr: undefined,
          serviceCidr: undefined,
          serviceCidrs: [full.serviceCidr as string, defined(DUAL_STACK.serviceCidrs, "DUAL_STACK.serviceCidrs")[1]],
        }
      : full;
  });

const clusterSpecArb: fc.Arbitrary<ClusterSpec> = fc.oneof(
  { arbitrary: realisticSpecArb, weight: 4 },
  { arbitrary: anySpecArb, weight: 1 },
);

/** What an update names: a few network fields, or a whole cluster. */
const changeArb: fc.Arbitrary<ClusterSpec> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<ClusterSpec>(
      { policy: "none" },
      { policy: "azure" },
      { policy: "calico" },
      { plugin: "azure", mode: "overlay" },
      { mode: "overlay", podCidr: "192.168.0.0/16" },
      { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16" },
      { plugin: "azure" },
      { plugin: "kubenet" },
      { plugin: "none" },
      { dataplane: "cilium", policy: "cilium" },
      { dataplane: "cilium" },
      { dataplane: "azure", policy: "none" },
      { plugin: "azure", mode: "overlay", dataplane: "cilium", policy: "cilium" },
      { mode: "overlay", podCidr: "192.168.0.0/16", dataplane: "cilium", policy: "cilium" },
      { podCidr: "10.244.0.0/15" },
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        plugin: opt(fc.constantFrom("azure", "kubenet", "none")),
        mode: opt(fc.constant("overlay")),
        dataplane: opt(fc.constantFrom("azure", "cilium")),
        policy: opt(fc.constantFrom("none", "azure", "calico", "cilium")),
        podCidr: opt(fc.constantFrom("10.244.0.0/16", "192.168.0.0/16", "10.244.0.0/15")),
      })
      .filter((c) => Object.values(c).some((v) => v !== undefined)),
  },
  { weight: 1, arbitrary: clusterSpecArb },
);

/** Plan targets: the catalog's destinations more often than not, any change otherwise. */
const targetArb: fc.Arbitrary<ClusterSpec> = fc.oneof(
  fc.constantFrom<ClusterSpec>(
    { plugin: "azure", mode: "overlay", dataplane: "cilium", policy: "cilium" },
    { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", dataplane: "cilium", policy: "cilium" },
    { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", policy: "none" },
    { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", policy: "calico" },
  ),
  changeArb,
);

const contextArb: fc.Arbitrary<EvaluationContext> = fc.record({
  vnetAddressSpaces: opt(fc.constantFrom(["10.240.0.0/16"], ["10.0.0.0/8"], ["10.240.0.0/16", "fd12:3456:789a::/48"])),
  subnets: opt(
    fc.constantFrom(defined(vnetContext().subnets, "vnetContext().subnets"), [
      { name: "v6", addressPrefixes: ["fd12:3456:789a:2::/64"] },
    ]),
  ),
  ipMasqAgentConfigMaps: opt(
    fc.constantFrom(
      [],
      ["azure-ip-masq-agent-config-reconciled"],
      ["azure-ip-masq-agent-config-reconciled"],
      ["azure-ip-masq-agent-config"],
    ),
  ),
  agentPools: opt(
    fc.constantFrom([separatePool(userPool())], [separatePool(userPool())], [separatePool(windowsPool())]),
  ),
  now: fc.constantFrom(new Date("2026-06-01T00:00:00Z"), new Date("2026-11-23T00:00:00Z")),
});

const shapeArb = fc.constantFrom<Shape>("arm", "az", "pulumi");
const isCilium = (c: ClusterNetwork) => c.networkDataplane === "cilium";

/** Valid models of every kind, to evaluate fuzzed input against. */
const REFERENCE_MODELS: ClusterNetwork[] = [
  kubenet({ policy: "calico" }),
  nodeSubnet({ policy: "azure" }),
  overlay({ dataplane: "cilium", policy: "cilium" }),
  { ...nodeSubnet(), plugin: "none" },
].map((spec) => model(spec, "az"));

function assertEvaluatesCleanly(m: ClusterNetwork, context?: EvaluationContext): void {
  assert.deepEqual(crashedRules(evaluateProfile(m, context).findings), [], "as a create");
  for (const other of REFERENCE_MODELS) {
    assert.deepEqual(
      crashedRules(evaluateTransition(other, m, context).findings),
      [],
      `as an update from ${other.ipamMode}`,
    );
    assert.deepEqual(
      crashedRules(evaluateTransition(m, other, context).findings),
      [],
      `as an update to ${other.ipamMode}`,
    );
    const p = planMigration(other, m, context);
    assert.ok(p.reachable ? p.blockers.length === 0 : p.steps.length === 0, "a plan has steps or blockers, not both");
  }
}

function parseOrRefuse(input: unknown, unknowns: "throw" | "collect" = "throw"): ClusterNetwork | undefined {
  try {
    return parseCluster(input, "cluster", { unknowns });
  } catch (error) {
    assert.ok(
      error instanceof InputError || error instanceof UnknownValueError,
      `unexpected ${error instanceof Error ? error.stack : String(error)}`,
    );
    assert.ok(!/\[object Object\]/.test(error.message), error.message);
    return undefined;
  }
}

// ---- mutations of valid clusters -------------------------------------------------------------------------------------
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
type Json = Record<string, unknown> | unknown[];
interface Mutation {
  readonly at: number;
  readonly op: "delete" | "replace" | "secret" | "unknown" | "upper" | "null" | "empty";
  readonly value: unknown;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Mutation["op"]>("delete", "replace", "secret", "unknown", "upper", "null", "empty"),
  value: fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.constantFrom("10.0.0.0/33", "fd00::/64", "192.168.0.0/16", "Overlay", "cilium", "Windows", -1, 1e308, ""),
  ),
});

function slots(root: Json): [Json, string | number][] {
  const out: [Json, string | number][] = [];
  const walk = (node: Json) => {
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node);
    for (const [key, value] of entries) {
      out.push([node, key]);
      if (typeof value === "object" && value !== null) walk(value as Json);
    }
  };
  walk(root);
  return out;
}

function mutate(root: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const copy = structuredClone(root);
  for (const m of mutations) {
    const all = slots(copy);
    if (all.length === 0) break;
    const [parent, key] = all[m.at % all.length];
    const target = parent as Record<string | number, unknown>;
    const current = target[key];
    switch (m.op) {
      case "delete":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete target[key];
        break;
      case "replace":
        target[key] = m.value;
        break;
      case "secret":
        target[key] = { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: current };
        break;
      case "unknown":
        target[key] = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        break;
      case "upper":
        target[key] = typeof current === "string" ? current.toUpperCase() : current;
        break;
      case "null":
        target[key] = null;
        break;
      case "empty":
        target[key] = Array.isArray(current) ? [] : typeof current === "object" ? {} : "";
        break;
    }
  }
  return copy;
}

describe("core properties (fast-check)", function () {
  this.timeout(120_000);

  it("parsing arbitrary JSON returns a model or throws InputError / UnknownValueError, and any model evaluates", () => {
    const shaped = fc.record(
      {
        networkProfile: fc.anything(),
        agentPoolProfiles: fc.anything(),
        resourceName: fc.anything(),
        kubernetesVersion: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.json().map((t) => JSON.parse(t) as unknown),
          shaped,
          fc.record({ properties: shaped }),
        ),
        (input) => {
          const m = parseOrRefuse(input);
          if (m !== undefined) assertEvaluatesCleanly(m);
        },
      ),
      { numRuns: 600, seed: SEED },
    );
  });

  it("mutated valid clusters parse or are refused with InputError / UnknownValueError, and every parsed model evaluates", () => {
    fc.assert(
      fc.property(
        clusterSpecArb,
        shapeArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<"throw" | "collect">("throw", "collect"),
        (spec, shape, mutations, unknowns) => {
          const m = parseOrRefuse(mutate(render(shape, spec), mutations), unknowns);
          if (m !== undefined) assertEvaluatesCleanly(m);
        },
      ),
      { numRuns: 400, seed: SEED },
    );
  });

  it("valid clusters with one network field replaced by junk parse or are refused with InputError, nothing else", () => {
    const junk = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.constant("10.0.0.0/33"),
      fc.constant("::/0"),
    );
    const field = fc.constantFrom(
      "networkPlugin",
      "networkPolicy",
      "podCidr",
      "serviceCidr",
      "dnsServiceIp",
      "ipFamilies",
      "podCidrs",
    );
    fc.assert(
      fc.property(clusterSpecArb, field, junk, (spec, key, value) => {
        const input = azShowCluster(spec) as { networkProfile: Record<string, unknown> };
        input.networkProfile[key] = value;
        let m: ClusterNetwork;
        try {
          m = parseCluster(input);
        } catch (error) {
          assert.ok(error instanceof InputError, `unexpected ${error instanceof Error ? error.stack : String(error)}`);
          return;
        }
        assert.deepEqual(crashedRules(evaluateProfile(m).findings), []);
      }),
      { numRuns: 1500, seed: SEED },
    );
  });

  it("evaluates every generated cluster, as a create and as an update from any other, without a rule failing", () => {
    fc.assert(
      fc.property(clusterSpecArb, changeArb, contextArb, shapeArb, (currentSpec, desiredSpec, context, shape) => {
        const current = model(currentSpec, shape);
        const desired = model(desiredSpec, shape);
        assert.deepEqual(crashedRules(evaluateProfile(current, context).findings), []);
        const update = evaluateTransition(current, desired, context);
        assert.deepEqual(crashedRules(update.findings), []);
        assert.equal(update.verdict, update.findings.some((f) => f.severity === "block") ? "block" : "allow");
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it("evaluating only some rules gives exactly those rules' findings and unverified checks of the whole evaluation", () => {
    const ids = RULES.map((r) => r.id);
    fc.assert(
      fc.property(
        clusterSpecArb,
        changeArb,
        contextArb,
        fc.subarray(ids),
        fc.boolean(),
        (currentSpec, desiredSpec, context, some, isCreate) => {
          const current = isCreate ? undefined : model(currentSpec, "arm");
          const desired = model(desiredSpec, "arm");
          const rules = new Set(some);
          const now = new Date("2026-06-01T00:00:00Z");
          const whole = evaluateTransition(current, desired, { ...context, now });
          const part = evaluateTransition(current, desired, { ...context, now }, { rules });
          assert.deepEqual(
            part.findings,
            whole.findings.filter((f) => rules.has(f.rule)),
          );
          assert.deepEqual(
            part.unverified,
            whole.unverified.filter((u) => rules.has(u.rule)),
          );
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });

  it("only the rules that declare a need on the VNet find or leave unverified anything different once its address spaces and subnets are added", () => {
    const readers = rulesReading("vnet");
    const vnetArb = fc.record({
      vnetAddressSpaces: fc.constantFrom(
        ["10.240.0.0/16"],
        ["10.0.0.0/8"],
        ["10.244.0.0/16"],
        ["172.16.0.0/12"],
        ["192.168.0.0/16", "fd12:3456:789a::/48"],
        [],
      ),
      subnets: fc.constantFrom(
        defined(vnetContext().subnets, "vnetContext().subnets"),
        [{ name: "pods", addressPrefixes: ["10.244.0.0/24"] }],
        [{ name: "svc", addressPrefixes: ["10.0.0.0/24"] }],
        [{ name: "wide", addressPrefixes: ["172.16.0.0/12", "192.168.1.0/24"] }],
        [{ name: "v6", addressPrefixes: ["fd12:3456:789a:2::/64"] }],
        [],
      ),
    });
    fc.assert(
      fc.property(
        clusterSpecArb,
        changeArb,
        contextArb,
        vnetArb,
        fc.boolean(),
        (currentSpec, desiredSpec, context, vnet, isCreate) => {
          const current = isCreate ? undefined : model(currentSpec, "arm");
          const desired = model(desiredSpec, "arm");
          const base = { ...context, vnetAddressSpaces: undefined, subnets: undefined };
          const others = (e: Evaluation) => ({
            findings: e.findings.filter((f) => !readers.has(f.rule)),
            unverified: e.unverified.filter((u) => !readers.has(u.rule)),
          });
          assert.deepEqual(
            others(evaluateTransition(current, desired, { ...base, ...vnet })),
            others(evaluateTransition(current, desired, base)),
          );
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it("reads the same model from ARM, az and azure-native for any generated cluster", () => {
    fc.assert(
      fc.property(clusterSpecArb, (spec) => {
        const [arm, az, pulumi] = (["arm", "az", "pulumi"] as const).map((shape) => {
          const { shape: _shape, ...rest } = model(spec, shape);
          return rest;
        });
        assert.deepEqual(az, arm);
        assert.deepEqual(pulumi, arm);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it("every planned step is one allowed update, its az command asks for exactly that step, and the last reaches the target", () => {
    let reachable = 0;
    let multiStep = 0;
    fc.assert(
      fc.property(clusterSpecArb, targetArb, contextArb, (currentSpec, targetSpec, context) => {
        const current = model(currentSpec, "az");
        const target = model(targetSpec, "pulumi");
        const plan = planMigration(current, target, context);
        if (!plan.reachable) {
          assert.ok(plan.blockers.length > 0, "an unreachable target names its blockers");
          assert.ok(plan.blockers.every((b) => b.severity === "block"));
          assert.equal(
            evaluateTransition(current, target, context).verdict,
            "block",
            "a target one allowed update away is never reported unreachable",
          );
          return;
        }
        reachable++;
        if (plan.steps.length > 1) multiStep++;
        assertPlanValid(current, target, plan, context);
      }),
      { numRuns: 500, seed: SEED },
    );
    assert.ok(
      reachable > 80 && multiStep > 12,
      `the generators reach enough plans to matter (${reachable} reachable, ${multiStep} multi-step)`,
    );
  });

  it("no sequence of allowed updates leaves overlay, leaves Cilium, or goes kubenet → Cilium in one step", () => {
    let enteredOverlay = 0;
    let enteredCilium = 0;
    fc.assert(
      fc.property(
        clusterSpecArb,
        fc.array(changeArb, { minLength: 1, maxLength: 10 }),
        contextArb,
        (startSpec, changes, context) => {
          let state = model(startSpec, "az");
          for (const change of changes) {
            const desired = model(change, "pulumi");
            if (evaluateTransition(state, desired, context).verdict === "block") continue;
            const next = resolveDesired(state, desired);
            const step = `${state.ipamMode}/${state.networkDataplane ?? "azure"} → ${next.ipamMode}/${next.networkDataplane ?? "azure"}`;
            if (state.ipamMode === "azure-cni-overlay")
              assert.equal(next.ipamMode, "azure-cni-overlay", `left overlay: ${step}`);
            else if (next.ipamMode === "azure-cni-overlay") enteredOverlay++;
            if (isCilium(state)) assert.ok(isCilium(next), `left Cilium: ${step}`);
            else if (isCilium(next)) enteredCilium++;
            if (state.ipamMode === "kubenet") assert.ok(!isCilium(next), `kubenet → Cilium in one step: ${step}`);
            if (state.ipamMode !== next.ipamMode)
              assert.equal(isCilium(state), isCilium(next), `IPAM and data plane in one step: ${step}`);
            state = next;
          }
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    assert.ok(
      enteredOverlay > 10 && enteredCilium > 10,
      `the walks take the migrations the invariants are about (${enteredOverlay} into overlay, ${enteredCilium} into Cilium)`,
    );
  });
});
