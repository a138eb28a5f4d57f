// `npm test`: the whole suite (build, type-check, mocha) on this machine's Node when it is one the package supports;
// on an older Node, under the oldest supported Node from the npm registry's `node` package instead.
const { spawnSync } = require("node:child_process");
const { engines } = require("../package.json");

const needed = Number(/(\d+)/.exec(engines.node)?.[1]);
const running = Number(process.versions.node.split(".")[0]);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const args =
  running >= needed ? ["run", "test:suite"] : ["exec", "--yes", `--package=node@${needed}`, "-c", "npm run test:suite"];
if (running < needed)
  console.log(
    `npm test: Node ${process.versions.node} is older than this package supports (${engines.node}); running the suite under node@${needed} from the npm registry.`,
  );
const result = spawnSync(npm, args, { stdio: "inherit" });
process.exitCode = result.status ?? 1;
