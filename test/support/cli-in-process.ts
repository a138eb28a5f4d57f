import { run } from "../../cli/run";
import type { CliResult } from "./cli";

/**
 * Runs the CLI's command table in this process (much cheaper than `runCli`'s process each): stdout and stderr as the
 * process would print them, a line each, colour off unless `env` turns it on.
 */
export async function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    out: (t) => (stdout += `${t}\n`),
    err: (t) => (stderr += `${t}\n`),
    env: { NO_COLOR: "1", ...env },
    isTTY: false,
  });
  return { code, stdout, stderr };
}
