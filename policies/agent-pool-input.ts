import type { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAt } from "./lib/report";
import { InputError, parseAgentPool } from "aks-netguard/core";
import { rawProps } from "./lib/cluster-analysis";
import { configOf, exemptionsOnly } from "./lib/config";
import { isExempt } from "./lib/exemptions";
import { unknownBehind } from "./lib/unknown-input";
import { APPLIES_TO_AGENT_POOLS, isAgentPool } from "./lib/resource-types";
import { onlyFor } from "./lib/not-applicable";

/** What a separate AgentPool alone can show: values ARM would reject. Its fit with the cluster is the stack policy's job. */
export const agentPoolInput: ResourceValidationPolicy = {
  name: "agent-pool-input",
  description: "A separate AgentPool's network-relevant fields must be valid values.",
  enforcementLevel: "mandatory",
  configSchema: exemptionsOnly,
  validateResource: onlyFor(isAgentPool, APPLIES_TO_AGENT_POOLS, (args, report) => {
    const raw = rawProps(args.props);
    // azure-native names the pool after the resource when agentPoolName is not given.
    const props = { ...raw, name: raw.name ?? raw.agentPoolName ?? args.name };
    try {
      parseAgentPool(props, args.name, { unknowns: "collect" });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const unknown = unknownBehind(props, error.field, args.name);
      if (unknown !== undefined)
        reportAt(
          report,
          "advisory",
          `${unknown} is not known until apply; the agent pool is checked on pulumi up. [agent-pool-input]`,
        );
      else if (
        !isExempt("agent-pool-input", configOf(args).exemptions, [args.name, args.urn], args.stackTags, report)
      ) {
        reportAt(report, undefined, `The agent pool cannot be checked: ${error.message} [agent-pool-input]`);
      }
    }
  }),
};
