import { InputError, parseAgentPool } from "aks-netguard/core";
import { rawProps } from "./lib/cluster-analysis";
import { resourcePolicy } from "./lib/define";
import { AGENT_POOLS } from "./lib/resource-types";
import { unknownBehind } from "./lib/unknown-input";

/** What a separate AgentPool alone can show: values ARM would reject. Its fit with the cluster is the stack policy's job. */
export const agentPoolInput = resourcePolicy({
  name: "agent-pool-input",
  description: "A separate AgentPool's network-relevant fields must be valid values.",
  enforcementLevel: "mandatory",
  remediationSteps: "Correct the agent pool field the message names; ARM rejects the same value.",
  appliesTo: AGENT_POOLS,
  check: (args, report) => {
    const raw = rawProps(args.props);
    // azure-native names the pool after the resource when agentPoolName is not given.
    const props = { ...raw, name: raw.name ?? raw.agentPoolName ?? args.name };
    try {
      parseAgentPool(props, args.name, { unknowns: "collect" });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const unknown = unknownBehind(props, error.field, args.name);
      if (unknown !== undefined)
        report.advisory(`${unknown} is not known until apply; the agent pool is checked on pulumi up.`);
      else if (!report.exempt([args.name, args.urn]))
        report.violation(`The agent pool cannot be checked: ${error.message}`);
    }
  },
});
