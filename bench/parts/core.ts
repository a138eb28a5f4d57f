import { evaluateTransition, parseCluster, planMigration } from "../../core";
import { median, round } from "../stats";

/** The worst case the planner meets today: kubenet + Calico → Overlay + Cilium, three steps. */
const current = {
  name: "bench",
  resourceGroup: "rg",
  provisioningState: "Succeeded",
  kubernetesVersion: "1.31.2",
  identity: { type: "UserAssigned" },
  networkProfile: {
    networkPlugin: "kubenet",
    networkPolicy: "calico",
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.0.0.0/16",
    dnsServiceIp: "10.0.0.10",
  },
  agentPoolProfiles: [
    { name: "system", mode: "System", osType: "Linux", count: 3, maxCount: 6, enableAutoScaling: true },
    { name: "apps", mode: "User", osType: "Linux", count: 4, maxCount: 20, enableAutoScaling: true },
  ],
};
const target = {
  networkPlugin: "azure",
  networkPluginMode: "overlay",
  networkDataplane: "cilium",
  networkPolicy: "cilium",
  podCidr: "10.244.0.0/16",
};
const context = {
  vnetAddressSpaces: ["10.240.0.0/16"],
  subnets: [{ name: "nodes", addressPrefixes: ["10.240.0.0/22"] }],
};

export interface CoreResult {
  readonly transitionMicros: number;
  readonly planMicros: number;
  /** The same input through JSON round-trips, as a machine-speed yardstick for the figures above. */
  readonly jsonRoundTripMicros: number;
  readonly transitionOverJson: number;
  readonly planSteps: number;
}

function microsPerCall(fn: () => unknown, calls: number, rounds: number): number {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e3 / calls);
  }
  return median(samples);
}

export function benchCore(): CoreResult {
  const from = parseCluster(current);
  const to = parseCluster(target);
  const planSteps = planMigration(from, to, context).steps.length;
  const warm = () => {
    for (let i = 0; i < 200; i++) {
      evaluateTransition(from, to, context);
      planMigration(from, to, context);
    }
  };
  warm();
  const transitionMicros = microsPerCall(() => evaluateTransition(from, to, context), 500, 9);
  const planMicros = microsPerCall(() => planMigration(from, to, context), 100, 9);
  const jsonRoundTripMicros = microsPerCall(() => JSON.parse(JSON.stringify({ current, target, context })), 500, 9);
  return {
    transitionMicros: round(transitionMicros, 1),
    planMicros: round(planMicros, 1),
    jsonRoundTripMicros: round(jsonRoundTripMicros, 2),
    transitionOverJson: round(transitionMicros / jsonRoundTripMicros, 1),
    planSteps,
  };
}
