import { join } from "node:path";
import { styleFor, widthFor } from "../cli/format";
import { packageRoot } from "../cli/package-root";
import {
  analyzeExample,
  baselinesStackConfig,
  listExamples,
  renderExample,
  runExampleProgram,
  type ExampleResult,
} from "./demo";
import { PolicyPackProcess } from "./policy-client";

/**
 * `npm start [-- <example>]`: what `pulumi preview --policy-pack ./policies` would show for the bundled examples, offline —
 * each program runs under the mock runtime with a recorded current state, and the real policy pack analyzes what it
 * registered over its gRPC server.
 */
async function main(args: string[]): Promise<number> {
  const root = packageRoot(__dirname);
  const style = styleFor(process.stdout.isTTY === true, process.env);
  const all = listExamples(root);
  const verbose = args.includes("--verbose") || args.includes("-v");
  args = args.filter((a) => a !== "--verbose" && a !== "-v");
  const wanted = args[0] === undefined ? all : all.filter((e) => e.id === args[0] || e.id.startsWith(`${args[0]}-`));
  if (wanted.length === 0) {
    console.error(`npm start: no example "${args[0]}"; examples: ${all.map((e) => e.id).join(", ")}`);
    return 2;
  }
  const pack = await PolicyPackProcess.start(join(root, "dist", "policies"), baselinesStackConfig(all));
  const results: ExampleResult[] = [];
  try {
    const runs = await Promise.all(wanted.map((example) => runExampleProgram(root, example)));
    for (const [i, example] of wanted.entries()) {
      const result = await analyzeExample(pack, example, runs[i]);
      results.push(result);
      const width = widthFor({ columns: process.stdout.isTTY ? process.stdout.columns : undefined, env: process.env });
      console.log(renderExample(result, style, width, verbose).join("\n"));
    }
  } finally {
    await pack.stop();
  }
  const count = (v: ExampleResult["verdict"]) => results.filter((r) => r.verdict === v).length;
  console.log(
    style.bold(
      `${results.length} example${results.length === 1 ? "" : "s"} previewed offline: ${count("clean")} pass, ${count("advisory")} pass with advisories, ${count("blocked")} blocked.`,
    ),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
