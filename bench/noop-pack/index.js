// The floor for bench part 1: a pack with as many policies as aks-netguard's, each doing nothing, served the same way.
const { PolicyPack } = require("@pulumi/policy");

const resourcePolicies = Number(process.env.NOOP_RESOURCE_POLICIES ?? 65);
const stackPolicies = Number(process.env.NOOP_STACK_POLICIES ?? 2);
const policies = [];
for (let i = 0; i < resourcePolicies; i++)
  policies.push({
    name: `noop-${i}`,
    description: "Does nothing.",
    enforcementLevel: "advisory",
    validateResource: () => {},
  });
for (let i = 0; i < stackPolicies; i++)
  policies.push({
    name: `noop-stack-${i}`,
    description: "Does nothing.",
    enforcementLevel: "advisory",
    validateStack: () => {},
  });

new PolicyPack("noop", { policies });
