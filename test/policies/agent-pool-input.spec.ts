import { strict as assert } from "node:assert";
import { agentPoolInput } from "../../policies/agent-pool-input";
import { windowsPool } from "../support/fixtures";
import { agentPoolResource, mandatory } from "./support/resources";
import { usePack } from "./support/in-process-pack";

describe("agent-pool-input: a separate AgentPool's own inputs", function () {
  this.timeout(60_000);
  const pack = usePack();

  it("blocks a separate pool with a value ARM rejects, naming field and value, and passes a valid one", async () => {
    const [d] = mandatory(await pack.analyze(agentPoolResource({ name: "win1", os: "Solaris" }), agentPoolInput));
    assert.match(d.message, /win1\.osType: "Solaris" is not valid; expected one of Linux, Windows/);
    assert.deepEqual((await pack.analyze(agentPoolResource(windowsPool()), agentPoolInput)).diagnostics, []);
  });
});
