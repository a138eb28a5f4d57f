// Bench part 4, run in its own process: `node component-worker.js <component|raw> <count>` prints the milliseconds it took
// to construct `count` clusters under the mock runtime and have every registration answered.
import * as pulumi from "@pulumi/pulumi";
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";
import { AksCluster } from "../components";

async function main(kind: string, count: number): Promise<void> {
  const resources: pulumi.Resource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, name: args.name } }),
      call: () => {
        const details = `Code="ResourceNotFound" Message="not found"`;
        throw Object.assign(new Error(details), { code: 2, details });
      },
    },
    "bench",
    "dev",
    true,
  );
  const network = {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: "cilium",
    networkPolicy: "cilium",
    podCidr: "192.168.0.0/16",
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    if (kind === "component") {
      const aks = new AksCluster(`c${i}`, {
        resourceGroupName: "rg",
        kubernetesVersion: "1.31",
        network: {
          plugin: "azure",
          pluginMode: "overlay",
          dataplane: "cilium",
          policy: "cilium",
          podCidr: "192.168.0.0/16",
        },
        nodePools: [
          { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
          { name: "apps", vmSize: "Standard_D8ds_v5", count: 3 },
        ],
      });
      resources.push(aks.cluster, ...aks.agentPools);
    } else {
      const cluster = new ManagedCluster(
        `c${i}`,
        {
          resourceGroupName: "rg",
          resourceName: `c${i}`,
          dnsPrefix: `c${i}`,
          kubernetesVersion: "1.31",
          networkProfile: network,
          agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 }],
        },
        { protect: true },
      );
      const pool = new AgentPool(`c${i}-apps`, {
        resourceGroupName: "rg",
        resourceName: cluster.name,
        agentPoolName: "apps",
        vmSize: "Standard_D8ds_v5",
        count: 3,
      });
      resources.push(cluster, pool);
    }
  }
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  await Promise.all(resources.map((r) => new Promise((resolve) => (r as pulumi.CustomResource).id.apply(resolve))));
  process.stdout.write(`${Number(process.hrtime.bigint() - start) / 1e6}\n`);
}

main(process.argv[2], Number(process.argv[3])).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
