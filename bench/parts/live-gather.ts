import { Agent } from "node:https";
import { ManagedClusterArm } from "../../arm/arm-client";
import { credentialFrom } from "../../arm/credentials";
import { gatherLiveFacts } from "../../arm/live-facts";
import { FakeArm, throwawayCertificate } from "../../test/support/arm-server";
import { APP_SUB, CLUSTER_NAME, CLUSTER_RG, HUB_PEERING, seedEstate } from "../../test/support/live-estate";
import { median, round, timeMs } from "../stats";

export interface LiveGatherResult {
  /** ARM requests one gather sends for a cluster with 3 pools on 2 subnets of one VNet. */
  readonly liveGatherCalls: number;
  /** Median wall time of one gather against the loopback ARM. */
  readonly liveGatherMs: number;
  /** The floor: one GET of the cluster alone, through the same pipeline. */
  readonly clusterGetMs: number;
  /** liveGatherMs over clusterGetMs: how many sequential round-trips a gather costs (4 reads, 3 of them in series). */
  readonly liveGatherOverClusterGet: number;
  readonly rounds: number;
}

/** The live-facts gatherer against the loopback HTTPS ARM: requests per cluster, and time against one GET's. */
export async function benchLiveGather(rounds = 40): Promise<LiveGatherResult> {
  const tls = await throwawayCertificate();
  const token = "bench-token";
  const arm = new FakeArm(token);
  await arm.start(tls);
  try {
    seedEstate(arm, { sharedRouteTable: true, peerings: [HUB_PEERING] });
    const options = {
      cluster: { subscriptionId: APP_SUB, resourceGroup: CLUSTER_RG, name: CLUSTER_NAME },
      credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: token }),
      endpoint: arm.endpoint,
      httpsAgent: new Agent({ ca: tls.cert, keepAlive: true }),
    };
    const before = arm.requests.length;
    await gatherLiveFacts(options);
    const liveGatherCalls = arm.requests.length - before;
    const cluster = new ManagedClusterArm(options);
    const gather: number[] = [];
    const get: number[] = [];
    // Interleaved, so both see the same machine.
    for (let i = 0; i < rounds; i++) {
      gather.push(await timeMs(() => gatherLiveFacts(options)));
      get.push(await timeMs(() => cluster.get(new AbortController().signal)));
    }
    const liveGatherMs = median(gather);
    const clusterGetMs = median(get);
    return {
      liveGatherCalls,
      liveGatherMs: round(liveGatherMs, 2),
      clusterGetMs: round(clusterGetMs, 2),
      liveGatherOverClusterGet: round(liveGatherMs / clusterGetMs, 2),
      rounds,
    };
  } finally {
    await arm.stop();
  }
}
