import { strict as assert } from "node:assert";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../support/cli";
import { compiledPluginDir, consumerFolder } from "../support/plugin-dir";
import { FakeEngine, FakeMonitor, PluginProcess } from "../../preview/plugin-client";

const NEW_TYPE = "aks-netguard:index:NetworkMigration";
const OLD_TYPE = "pulumi-nodejs:dynamic/aks-netguard:NetworkMigration";

describe("Construct of AksCluster in the plugin, against a ResourceMonitor (a program in another language)", function () {
  this.timeout(180_000);
  let pluginDir: string;
  let consumer: string;
  let engine: FakeEngine;
  let monitor: FakeMonitor;
  let plugin: PluginProcess;

  before(async () => {
    pluginDir = compiledPluginDir();
    consumer = consumerFolder();
    engine = await FakeEngine.start();
    monitor = await FakeMonitor.start("proj", "dev", (token) => {
      // What the engine relays when azure-native's lookup finds no cluster: a new cluster.
      throw new Error(
        `invocation of ${token} returned an error: request failed: ERROR CODE: ResourceNotFound: The Resource 'Microsoft.ContainerService/managedClusters/prod' was not found.`,
      );
    });
    plugin = await PluginProcess.start({ pluginDir, cwd: consumer, engineAddress: engine.address });
  });
  after(async () => {
    await plugin?.stop();
    await monitor?.stop();
    await engine?.stop();
    for (const dir of [pluginDir, consumer]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("registers the ManagedCluster, its AgentPool and a NetworkMigration of the package's own type, version and alias", async () => {
    const inputs = {
      resourceGroupName: "rg1",
      location: "westeurope",
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
        { name: "apps", vmSize: "Standard_D8ds_v5", count: 2 },
      ],
    };
    const result = await plugin.construct("aks-netguard:index:AksCluster", "prod", inputs, {
      project: "proj",
      stack: "dev",
      monitor: monitor.address,
      dryRun: true,
    });
    assert.equal(result.urn, "urn:pulumi:dev::proj::aks-netguard:index:AksCluster::prod");
    const types = monitor.registrations.map((r) => r.type);
    assert.deepEqual(types.slice().sort(), [
      "aks-netguard:index:AksCluster",
      NEW_TYPE,
      "azure-native:containerservice:AgentPool",
      "azure-native:containerservice:ManagedCluster",
    ]);
    assert.ok(!types.some((t) => t.startsWith("pulumi-nodejs")), "never a dynamic resource");
    const migration = monitor.registrations.find((r) => r.type === NEW_TYPE);
    assert.equal(migration?.custom, true);
    assert.equal(migration?.version, JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version);
    assert.deepEqual(migration?.aliasTypes, [OLD_TYPE]);
    assert.equal(migration?.parent, result.urn);
    assert.equal(migration?.inputs.migration, "single-step");
    assert.deepEqual(
      monitor.invokes.map((i) => i.token),
      ["azure-native:containerservice:getManagedCluster"],
    );
    assert.ok("networkProfile" in result.state && "migrationPlan" in result.state && "clusterId" in result.state);
  });

  it("a Construct without a required input fails with one line naming the inputs, and registers nothing", async () => {
    const before = monitor.registrations.length;
    await assert.rejects(
      plugin.construct(
        "aks-netguard:index:AksCluster",
        "partial",
        { resourceGroupName: "rg1" },
        { project: "proj", stack: "dev", monitor: monitor.address, dryRun: true },
      ),
      (error: Error) =>
        /AksCluster "partial": "network", "nodePools" are required and not given/.test(error.message) &&
        !/TypeError|\n\s+at /.test(error.message),
    );
    assert.equal(monitor.registrations.length, before);
  });
});
