import type { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAt } from "./lib/report";
import { InputError, parseAgentPool } from "aks-netguard/core";
import { rawProps } from "./lib/cluster-analysis";
import { exemptionsOnly } from "./lib/config";
import { APPLIES_TO_AGENT_POOLS, isAgentPool } from "./lib/resource-types";

/** What a separate AgentPool alone can show: values ARM would reject. Its fit with the cluster is the stack policy's job. */
export const agentPoolInput: ResourceValidationPolicy = {
  name: "agent-pool-input",
  description: "A separate AgentPool's network-relevant fields must be valid values.",
  enforcementLevel: "mandatory",
  configSchema: exemptionsOnly,
  validateResource: (args, report) => {
    if (!isAgentPool(args.type)) return args.notApplicable(APPLIES_TO_AGENT_POOLS);
    try {
      parseAgentPool(rawProps(args.props), args.name, { unknowns: "collect" });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      reportAt(report, undefined, `The agent pool cannot be checked: ${error.message} [agent-pool-input]`);
    }
  },
};
