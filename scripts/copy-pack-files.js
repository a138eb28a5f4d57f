// Makes dist/policies a runnable policy pack: its compiled code plus the pack's manifest and package.json (whose entry
// point there is the compiled index.js; in policies/ it is compiled.js, which loads dist/policies).
const { copyFileSync, mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const source = join(root, "policies");
const target = join(root, "dist", "policies");
mkdirSync(target, { recursive: true });
copyFileSync(join(source, "PulumiPolicy.yaml"), join(target, "PulumiPolicy.yaml"));
const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
writeFileSync(join(target, "package.json"), `${JSON.stringify({ ...manifest, main: "index.js" }, null, 2)}\n`);
