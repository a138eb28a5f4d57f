// Makes dist/policies a runnable policy pack: its compiled code plus the pack's manifest and package.json.
const { copyFileSync, existsSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const target = join(root, "dist", "policies");
mkdirSync(target, { recursive: true });
for (const file of ["PulumiPolicy.yaml", "package.json"]) {
  const source = join(root, "policies", file);
  if (existsSync(source)) copyFileSync(source, join(target, file));
}
