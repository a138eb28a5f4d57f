// `--policy-pack ./policies` serves the compiled pack (dist/policies, what `npm run build` writes): served from the
// TypeScript sources, the engine's ts-node would type-check them on every preview (3 s and more, against 0.7 s).
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "policies", "index.js");
if (!existsSync(compiled)) {
  // A RunError: the engine prints its message alone, without a stack.
  const { RunError } = require("@pulumi/pulumi/errors");
  throw new RunError(
    `aks-netguard: the compiled policy pack ${compiled} is missing; run npm run build first (from an installed package, use --policy-pack node_modules/aks-netguard/dist/policies).`,
  );
}
require(compiled);
