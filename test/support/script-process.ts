import { spawn } from "node:child_process";
import { outputOf, REPO_ROOT } from "./cli";

/**
 * Runs a script in a Node process of its own, with ts-node, from the repository root, and parses what it writes to
 * stdout as JSON: for code that must start with its own environment (NODE_EXTRA_CA_CERTS trusting a test CA, the ARM
 * token and endpoint), as the provider plugin and the dynamic-provider host do.
 */
export async function runScript<T>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  const { stdout, stderr } = await outputOf(child);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`script process: ${stderr || stdout}`);
  }
}
