// `npm run docs`: rewrites the rules table in README.md from the catalog in code (a test fails when it is stale).
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { rulesMarkdown } = require("../dist/cli/commands/rules");

const path = join(__dirname, "..", "README.md");
const readme = readFileSync(path, "utf8");
const start = "<!-- rules:start -->";
const end = "<!-- rules:end -->";
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync(path, `${before}\n${rulesMarkdown()}\n${after}`);
console.log("README.md rules table updated.");
